import { CodecError } from './codec-error.js';

/** What the header of a zstd frame says about it (RFC 8878, 3.1.1). */
export interface ZstdFrameHeader {
  /** Decompressed size, when the frame records it (Lakota's and numcodecs' frames always do). */
  contentSize?: number;
  hasChecksum: boolean;
  dictionaryId: number;
}

const MAGIC = 0xfd2fb528;

/** Reads a zstd frame header; anything that is not one is a CodecError. */
export function readZstdFrameHeader(bytes: Uint8Array): ZstdFrameHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
  if (bytes.length < 5 || view.getUint32(0, true) !== MAGIC) {
    throw new CodecError(`Not a zstd frame (${bytes.length} bytes, starting ${start || 'empty'})`);
  }
  const fhd = bytes[4] as number;
  if (fhd & 0x08)
    throw new CodecError(`Malformed zstd frame header (reserved bit set in 0x${fhd.toString(16)})`);
  const singleSegment = (fhd & 0x20) !== 0;
  const dictionaryIdSize = [0, 1, 2, 4][fhd & 0x03] as number;
  const fcsFlag = fhd >> 6;
  const contentSizeSize =
    fcsFlag === 0 ? (singleSegment ? 1 : 0) : ([0, 2, 4, 8][fcsFlag] as number);
  let p = 5 + (singleSegment ? 0 : 1);
  if (bytes.length < p + dictionaryIdSize + contentSizeSize) {
    throw new CodecError(`Truncated zstd frame header (${bytes.length} bytes)`);
  }
  let dictionaryId = 0;
  if (dictionaryIdSize === 1) dictionaryId = view.getUint8(p);
  else if (dictionaryIdSize === 2) dictionaryId = view.getUint16(p, true);
  else if (dictionaryIdSize === 4) dictionaryId = view.getUint32(p, true);
  p += dictionaryIdSize;
  const header: ZstdFrameHeader = { hasChecksum: (fhd & 0x04) !== 0, dictionaryId };
  if (contentSizeSize === 1) header.contentSize = view.getUint8(p);
  else if (contentSizeSize === 2) header.contentSize = view.getUint16(p, true) + 256;
  else if (contentSizeSize === 4) header.contentSize = view.getUint32(p, true);
  else if (contentSizeSize === 8) header.contentSize = Number(view.getBigUint64(p, true));
  return header;
}
