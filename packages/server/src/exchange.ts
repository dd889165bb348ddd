import type { IncomingMessage, ServerResponse } from 'node:http';
import { AbortError, checkPath } from '@lakota/core';
import { HttpError } from './http-error.js';
import { readRequestBody } from './request-body.js';

/**
 * One request and its response: typed access to the query and body, and
 * response writers that count bytes for the access log and respect
 * backpressure when streaming.
 */
export class Exchange {
  bytesIn = 0;
  bytesOut = 0;
  /** Fires when the client goes away before the response is complete. */
  readonly signal: AbortSignal;
  readonly url: URL;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    private readonly maxBodyBytes: number,
  ) {
    const controller = new AbortController();
    this.signal = controller.signal;
    res.on('close', () => {
      if (!res.writableFinished) controller.abort(new Error('The client closed the connection'));
    });
    // Only the path and query matter; the host is never trusted.
    this.url = new URL(req.url ?? '/', 'http://server.invalid');
  }

  /** A required path parameter, checked before any pod sees it. */
  path(name: string, { allowRoot = false } = {}): string {
    const value = this.url.searchParams.get(name);
    if (value === null) {
      if (allowRoot) return '';
      throw new HttpError(400, 'BAD_REQUEST', `The query parameter '${name}' is required`);
    }
    return checkPath(value, { allowRoot });
  }

  /** A boolean parameter: `1`/`true` or `0`/`false`, absent meaning false. */
  flag(name: string): boolean {
    const value = this.url.searchParams.get(name);
    if (value === null || value === '0' || value === 'false' || value === '') return false;
    if (value === '1' || value === 'true') return true;
    throw new HttpError(
      400,
      'BAD_REQUEST',
      `The query parameter '${name}' must be 1 or 0, got '${value}'`,
    );
  }

  /** An optional non-negative integer parameter. */
  integer(name: string): number | undefined {
    const value = this.url.searchParams.get(name);
    if (value === null) return undefined;
    if (!/^\d{1,9}$/.test(value)) {
      throw new HttpError(
        400,
        'BAD_REQUEST',
        `The query parameter '${name}' must be a whole number, got '${value}'`,
      );
    }
    return Number(value);
  }

  async body(): Promise<Uint8Array> {
    const body = await readRequestBody(this.req, this.maxBodyBytes);
    this.bytesIn += body.byteLength;
    return body;
  }

  async json(): Promise<unknown> {
    const raw = await this.body();
    try {
      return JSON.parse(new TextDecoder().decode(raw));
    } catch (err) {
      throw new HttpError(400, 'BAD_REQUEST', `The request body is not valid JSON: ${String(err)}`);
    }
  }

  /** A JSON body holding `{ paths: string[] }`, every path checked. */
  async pathList(): Promise<string[]> {
    const raw = await this.json();
    const paths = (raw as { paths?: unknown } | null)?.paths;
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) {
      throw new HttpError(400, 'BAD_REQUEST', 'The request body must be {"paths": [string, …]}');
    }
    for (const p of paths) checkPath(p, { allowRoot: false });
    return paths;
  }

  sendJson(value: unknown, status = 200, headers: Record<string, string> = {}): void {
    const data = Buffer.from(JSON.stringify(value), 'utf8');
    this.res.writeHead(status, {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(data.byteLength),
    });
    this.bytesOut += data.byteLength;
    this.res.end(data);
  }

  sendBytes(data: Uint8Array): void {
    this.res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(data.byteLength),
    });
    this.bytesOut += data.byteLength;
    this.res.end(data);
  }

  sendEmpty(): void {
    this.res.writeHead(204);
    this.res.end();
  }

  /** Starts a streamed 200 response of unknown length. */
  startStream(contentType: string): void {
    this.res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
  }

  /** Writes a chunk of a streamed response, waiting when the client reads slower than we produce. */
  async write(chunk: Uint8Array | string): Promise<void> {
    if (this.signal.aborted || this.res.destroyed) {
      throw new AbortError(undefined, { cause: this.signal.reason });
    }
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.bytesOut += data.byteLength;
    if (this.res.write(data)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
    if (this.signal.aborted) throw new AbortError(undefined, { cause: this.signal.reason });
  }

  end(): void {
    this.res.end();
  }
}
