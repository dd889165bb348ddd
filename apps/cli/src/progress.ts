import cliProgress from 'cli-progress';
import type { OutputStream } from './output/output-stream.js';

/**
 * A progress bar on stderr for long operations (push, pull, gc, defrag,
 * import, export). It only draws on a terminal: piped or redirected stderr
 * stays silent, so scripts and logs see nothing of it.
 */
export class Progress {
  private bar: cliProgress.SingleBar | undefined;
  private total = -1;

  constructor(
    private readonly err: OutputStream,
    private readonly label: string,
  ) {}

  /** `done` of `total` steps; a total of 0 or less shows a plain counter. */
  update(done: number, total = 0): void {
    if (!this.err.isTTY) return;
    if (!this.bar || total > 0 !== this.total > 0) {
      this.bar?.stop();
      this.bar = new cliProgress.SingleBar(
        {
          stream: this.err.stream as NodeJS.WriteStream,
          format:
            total > 0
              ? `${this.label} [{bar}] {percentage}% | {value}/{total}`
              : `${this.label} {value} storage operations`,
          hideCursor: true,
          clearOnComplete: true,
          fps: 10,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(Math.max(total, 1), done);
    }
    if (total > 0 && total !== this.total) this.bar.setTotal(total);
    this.total = total;
    this.bar.update(done);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
