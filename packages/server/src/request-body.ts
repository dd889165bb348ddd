import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/**
 * Reads a request body, refusing it with 413 as soon as it passes `limit`
 * bytes: a declared Content-Length over the limit is refused before reading
 * anything, and a streamed body when the limit is crossed. The refusal closes
 * the connection, so the rest of an oversized upload is never read.
 */
export function readRequestBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        cleanup();
        // Paused rather than destroyed: the socket must stay up to send the 413.
        req.pause();
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      const body = Buffer.concat(chunks, size);
      resolve(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onAborted = () =>
      onError(new Error('The client closed the connection during the upload'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    'BODY_TOO_LARGE',
    `The request body is larger than this server accepts (${limit} bytes): raise the server's maxBodyBytes or write smaller files`,
    { connection: 'close' },
  );
}
