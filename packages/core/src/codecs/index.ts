// numcodecs-compatible column codecs: what turns column arrays into the bytes
// of segment files and commit payloads, identical to Python Lakota's.

export {
  arrayDigest,
  decodeArray,
  decodeObjectArray,
  defaultCodecs,
  EMPTY_DIGEST,
  encodeArray,
  encodeObjectArray,
  sha1Hex,
} from './array-codec.js';
export { bitShuffle, bitUnshuffle } from './bitshuffle.js';
export type { BloscHeader, BloscOptions, BloscShuffle } from './blosc.js';
export { bloscDecode, bloscEncode, readBloscHeader } from './blosc.js';
export { byteShuffle, byteUnshuffle } from './byteshuffle.js';
export { CodecError } from './codec-error.js';
export { castColumn, numericBytes, numericFromBytes } from './column-cast.js';
export type {
  ColumnArray,
  DatetimeUnit,
  Dtype,
  DtypeKind,
  NumericColumn,
  NumericColumnConstructor,
} from './dtype.js';
export {
  arrayTypeFor,
  dtypeItemsize,
  dtypeKind,
  emptyColumn,
  isFixedSize,
  parseDtype,
} from './dtype.js';
export type { MsgpackDecodeOptions } from './msgpack.js';
export {
  MsgpackCustom,
  MsgpackReader,
  MsgpackWriter,
  msgpackDecode,
  msgpackEncode,
} from './msgpack.js';
export type { Msgpack2Array } from './msgpack2.js';
export { decodeMsgpack2, encodeMsgpack2, unicodeWidth } from './msgpack2.js';
export type { ArrayCodec, BytesCodec, ValuesCodec } from './registry.js';
export { getCodec, registerCodec, registeredCodecs } from './registry.js';
export type { ZstdBackend } from './zstd.js';
export { codecsReady, setZstdBackend, zstdBackend, zstdCompress, zstdDecompress } from './zstd.js';
