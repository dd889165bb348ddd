import type { ErrorBody } from './error-response.js';
import { FrameKind } from './protocol.js';

/** Header of a `read-many` frame carrying a file (the bytes follow it). */
export function dataFrameHeader(length: number): Uint8Array {
  const header = new Uint8Array(9);
  const view = new DataView(header.buffer);
  view.setUint8(0, FrameKind.data);
  view.setBigUint64(1, BigInt(length));
  return header;
}

/** A `read-many` frame saying the path does not exist. */
export function missingFrame(): Uint8Array {
  return Uint8Array.of(FrameKind.missing);
}

/** The last `read-many` frame when reading failed half-way, after the 200 was sent. */
export function errorFrame(body: ErrorBody): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify({ error: body }));
  const frame = new Uint8Array(5 + json.byteLength);
  const view = new DataView(frame.buffer);
  view.setUint8(0, FrameKind.error);
  view.setUint32(1, json.byteLength);
  frame.set(json, 5);
  return frame;
}
