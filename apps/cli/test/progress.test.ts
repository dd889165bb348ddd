import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OutputStream } from '../src/output/output-stream.js';
import { Progress } from '../src/progress.js';

/** A stream that records what is written, posing as a terminal or not. */
function sink(isTTY: boolean): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  Object.assign(stream, { isTTY, columns: 80 });
  return { stream, text: () => text };
}

describe('progress bars', () => {
  it('draw on a terminal', () => {
    const tty = sink(true);
    const progress = new Progress(new OutputStream(tty.stream), 'pull');
    progress.update(1, 4);
    progress.update(3, 4);
    progress.stop();
    expect(tty.text()).toContain('pull [');
    expect(tty.text()).toContain('3/4');
  });

  it('count operations when the total is unknown', () => {
    const tty = sink(true);
    const progress = new Progress(new OutputStream(tty.stream), 'gc');
    progress.update(12);
    progress.stop();
    expect(tty.text()).toContain('gc 12 storage operations');
  });

  it('stay silent when stderr is not a terminal', () => {
    const pipe = sink(false);
    const progress = new Progress(new OutputStream(pipe.stream), 'push');
    progress.update(1, 2);
    progress.update(2, 2);
    progress.stop();
    expect(pipe.text()).toBe('');
  });
});
