import type { Writable } from 'node:stream';

/**
 * Raised when the reader of our output went away (`lakota read … | head`):
 * the command stops quietly, as Python Lakota does on a broken pipe.
 */
export class OutputClosed extends Error {
  constructor() {
    super('The output was closed by its reader');
  }
}

/**
 * Text output with back-pressure: `write` waits while the stream's buffer is
 * full, so a large `read` never piles up in memory ahead of a slow reader.
 */
export class OutputStream {
  private closed = false;
  private failure: Error | undefined;

  constructor(readonly stream: Writable) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') this.closed = true;
      else this.failure = err;
    });
  }

  /** True when it is a terminal (tables are then worth aligning, progress worth drawing). */
  get isTTY(): boolean {
    return Boolean((this.stream as { isTTY?: boolean }).isTTY);
  }

  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.closed) throw new OutputClosed();
    if (text === '') return;
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.stream.off('drain', done);
          this.stream.off('close', done);
          this.stream.off('error', done);
          resolve();
        };
        this.stream.on('drain', done);
        this.stream.on('close', done);
        this.stream.on('error', done);
      });
      if (this.failure) throw this.failure;
      if (this.closed) throw new OutputClosed();
    }
  }

  async line(text = ''): Promise<void> {
    await this.write(`${text}\n`);
  }
}
