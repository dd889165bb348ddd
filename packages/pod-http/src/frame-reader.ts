import { TransientError } from '@lakota/core';
import { errorFromWire, type WireError } from './response-error.js';

const MISSING = 0;
const DATA = 1;
const ERROR = 2;

/**
 * Splits a `read-many` response into one entry per requested path (see the
 * protocol in @lakota/server's README). Entries are views into `body`, which
 * belongs to this call only. A short or malformed body means the connection
 * was cut: that is a transient failure.
 */
export function readFrames(
  body: Uint8Array,
  paths: readonly string[],
  url: string,
): (Uint8Array | undefined)[] {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const out: (Uint8Array | undefined)[] = [];
  let at = 0;
  const cut = () =>
    new TransientError(
      `The read-many response from ${url} ended after ${out.length} of ${paths.length} files`,
    );
  while (out.length < paths.length) {
    if (at + 1 > body.byteLength) throw cut();
    const kind = view.getUint8(at);
    at += 1;
    if (kind === MISSING) {
      out.push(undefined);
    } else if (kind === DATA) {
      if (at + 8 > body.byteLength) throw cut();
      const length = Number(view.getBigUint64(at));
      at += 8;
      if (at + length > body.byteLength) throw cut();
      out.push(body.subarray(at, at + length));
      at += length;
    } else if (kind === ERROR) {
      if (at + 4 > body.byteLength) throw cut();
      const length = view.getUint32(at);
      at += 4;
      if (at + length > body.byteLength) throw cut();
      let wire: WireError | undefined;
      try {
        const json = new TextDecoder().decode(body.subarray(at, at + length));
        wire = (JSON.parse(json) as { error?: WireError }).error;
      } catch {
        throw cut();
      }
      throw errorFromWire(wire, 500, paths[out.length] ?? '', url);
    } else {
      throw new TransientError(
        `Unexpected frame kind ${kind} in the read-many response from ${url}`,
      );
    }
  }
  return out;
}
