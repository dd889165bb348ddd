import { bitShuffle, bitUnshuffle } from './bitshuffle.js';
import { byteShuffle, byteUnshuffle } from './byteshuffle.js';
import { CodecError } from './codec-error.js';
import { type ZstdBackend, zstdBackend } from './zstd.js';

/**
 * The Blosc-1 container as c-blosc 1.21 writes it with the zstd compressor
 * (FORMAT.md 6.1). The encoder follows c-blosc's single-threaded path step by
 * step (block size, per-block shuffle, bounded output, fallback to a plain
 * copy), because any difference changes the bytes and so the digests Python
 * Lakota computes for the same data.
 */

const HEADER = 16;
const VERSION_FORMAT = 2;
const ZSTD_VERSION_FORMAT = 1;
const FLAG_SHUFFLE = 0x01;
const FLAG_MEMCPYED = 0x02;
const FLAG_BITSHUFFLE = 0x04;
const FLAG_FUTURE = 0x08;
const FLAG_DONT_SPLIT = 0x10;
const ZSTD_FORMAT = 4;
const MIN_BUFFERSIZE = 128;
const MAX_SPLITS = 16;
const MAX_TYPESIZE = 255;
const MAX_BUFFERSIZE = 0x7fffffff - HEADER;
const L1 = 32 * 1024;
const COMPRESSORS = ['blosclz', 'lz4', 'snappy', 'zlib', 'zstd'];

export type BloscShuffle = 'none' | 'byte' | 'bit';

export interface BloscOptions {
  /** Compression level 0–9 (0 stores a plain copy). Lakota and numcodecs' Blosc default: 5. */
  clevel?: number;
  /** Shuffle filter; Lakota writes `bit`. */
  shuffle?: BloscShuffle;
}

/** The 16-byte header of a Blosc-1 buffer. */
export interface BloscHeader {
  version: number;
  versionlz: number;
  flags: number;
  typesize: number;
  /** Size of the decoded data. */
  nbytes: number;
  blocksize: number;
  /** Size of the whole encoded buffer, header included. */
  cbytes: number;
  shuffle: BloscShuffle;
  memcpyed: boolean;
  dontSplit: boolean;
  compressor: string;
}

/** c-blosc's compute_blocksize for an HCR codec (zstd) and no forced size. */
function computeBlocksize(clevel: number, typesize: number, nbytes: number): number {
  if (nbytes < typesize) return 1;
  let blocksize = nbytes;
  if (nbytes >= L1) {
    // zstd counts as a high-compression-ratio codec: twice L1, then scaled by level.
    blocksize = L1 * 2;
    const factor = [0.25, 0.5, 1, 2, 4, 4, 8, 8, 8, 16][clevel] as number;
    blocksize *= factor;
  }
  // zstd blocks are never split, so no split-size adjustment applies.
  if (blocksize > nbytes) blocksize = nbytes;
  if (blocksize > typesize) blocksize = Math.floor(blocksize / typesize) * typesize;
  return blocksize;
}

/** numcodecs' zstd level for a blosc clevel (c-blosc's zstd_wrap_compress). */
function zstdLevel(clevel: number): number {
  return clevel < 9 ? clevel * 2 - 1 : 22;
}

/**
 * Encodes `bytes` (elements of `typesize` bytes) into a Blosc-1 buffer with
 * the zstd compressor, byte-identical to numcodecs 0.11 `Blosc(cname='zstd',
 * clevel=5, shuffle=BITSHUFFLE)` on c-blosc 1.21 with default options.
 * Needs `await codecsReady()`.
 */
export function bloscEncode(
  bytes: Uint8Array,
  typesize: number,
  options: BloscOptions = {},
): Uint8Array {
  const clevel = options.clevel ?? 5;
  const shuffle = options.shuffle ?? 'bit';
  if (!Number.isInteger(clevel) || clevel < 0 || clevel > 9) {
    throw new CodecError(`Blosc clevel must be an integer from 0 to 9, got ${clevel}`);
  }
  if (!Number.isInteger(typesize) || typesize < 1) {
    throw new CodecError(`Blosc typesize must be a positive integer, got ${typesize}`);
  }
  const zstd = zstdBackend();
  const nbytes = bytes.length;
  if (nbytes > MAX_BUFFERSIZE) {
    throw new CodecError(
      `Blosc cannot hold ${nbytes} bytes (at most ${MAX_BUFFERSIZE}): split the array`,
    );
  }
  // c-blosc treats oversized types as a plain byte stream.
  const ts = typesize > MAX_TYPESIZE ? 1 : typesize;
  const blocksize = computeBlocksize(clevel, ts, nbytes);
  let flags = FLAG_DONT_SPLIT | (ZSTD_FORMAT << 5);
  if (shuffle === 'byte') flags |= FLAG_SHUFFLE;
  if (shuffle === 'bit') flags |= FLAG_BITSHUFFLE;

  if (clevel > 0 && nbytes >= MIN_BUFFERSIZE) {
    const packed = compressBlocks(bytes, ts, blocksize, flags, zstdLevel(clevel), zstd);
    if (packed !== undefined) return packed;
  }
  // Tiny or incompressible data: the header, then the bytes as they are.
  const out = new Uint8Array(nbytes + HEADER);
  writeHeader(new DataView(out.buffer), flags | FLAG_MEMCPYED, ts, nbytes, blocksize, out.length);
  out.set(bytes, HEADER);
  return out;
}

/**
 * c-blosc's serial compression loop, or undefined when the result would not
 * fit in the nbytes + 16 bytes numcodecs allocates for it.
 */
function compressBlocks(
  bytes: Uint8Array,
  typesize: number,
  blocksize: number,
  flags: number,
  level: number,
  zstd: ZstdBackend,
): Uint8Array | undefined {
  const nbytes = bytes.length;
  const maxbytes = nbytes + HEADER;
  const nblocks = Math.ceil(nbytes / blocksize);
  const leftover = nbytes % blocksize;
  const out = new Uint8Array(maxbytes);
  const view = new DataView(out.buffer);
  const scratch = new Uint8Array(blocksize);
  let ntbytes = HEADER + 4 * nblocks;
  for (let j = 0; j < nblocks; j++) {
    view.setInt32(HEADER + 4 * j, ntbytes, true);
    const bsize = j === nblocks - 1 && leftover > 0 ? leftover : blocksize;
    const block = bytes.subarray(j * blocksize, j * blocksize + bsize);
    const filtered = shuffleBlock(block, scratch.subarray(0, bsize), typesize, flags);
    // One stream per block (zstd blocks are never split): its size, then its bytes.
    ntbytes += 4;
    const maxout = Math.min(bsize, maxbytes - ntbytes);
    if (maxout <= 0) return undefined;
    const packed = zstd.compress(filtered, level, maxout);
    let csize: number;
    if (packed === undefined || packed.length === bsize) {
      // Stored as is, when it still fits.
      if (ntbytes + bsize > maxbytes) return undefined;
      out.set(filtered, ntbytes);
      csize = bsize;
    } else {
      out.set(packed, ntbytes);
      csize = packed.length;
    }
    view.setInt32(ntbytes - 4, csize, true);
    ntbytes += csize;
  }
  writeHeader(view, flags, typesize, nbytes, blocksize, ntbytes);
  return out.slice(0, ntbytes);
}

function writeHeader(
  view: DataView,
  flags: number,
  typesize: number,
  nbytes: number,
  blocksize: number,
  cbytes: number,
): void {
  view.setUint8(0, VERSION_FORMAT);
  view.setUint8(1, ZSTD_VERSION_FORMAT);
  view.setUint8(2, flags);
  view.setUint8(3, typesize);
  view.setInt32(4, nbytes, true);
  view.setInt32(8, blocksize, true);
  view.setInt32(12, cbytes, true);
}

/** Applies the block's shuffle filter into `scratch`, or returns the block as is. */
function shuffleBlock(
  block: Uint8Array,
  scratch: Uint8Array,
  typesize: number,
  flags: number,
): Uint8Array {
  const bsize = block.length;
  const n = Math.floor(bsize / typesize);
  const done = n * typesize;
  if (flags & FLAG_SHUFFLE && typesize > 1) {
    byteShuffle(block, scratch, n, typesize);
  } else if (flags & FLAG_BITSHUFFLE && bsize >= typesize) {
    // c-blosc 1.x leaves a block whose element count is not a multiple of 8
    // unshuffled (Blosc2 would shuffle its leading part).
    if (n % 8 !== 0) return block;
    bitShuffle(block, scratch, n, typesize);
  } else {
    return block;
  }
  if (done < bsize) scratch.set(block.subarray(done), done);
  return scratch;
}

/** Reverses {@link shuffleBlock} from `src` into `dst`. */
function unshuffleBlock(src: Uint8Array, dst: Uint8Array, typesize: number, flags: number): void {
  const bsize = dst.length;
  const n = Math.floor(bsize / typesize);
  const done = n * typesize;
  if (flags & FLAG_SHUFFLE && typesize > 1) {
    byteUnshuffle(src, dst, n, typesize);
  } else if (flags & FLAG_BITSHUFFLE && bsize >= typesize && n % 8 === 0) {
    bitUnshuffle(src, dst, n, typesize);
  } else {
    dst.set(src.subarray(0, bsize));
    return;
  }
  if (done < bsize) dst.set(src.subarray(done, bsize), done);
}

/** Reads and checks the header of a Blosc-1 buffer. */
export function readBloscHeader(bytes: Uint8Array): BloscHeader {
  if (bytes.length < HEADER) {
    throw new CodecError(
      `Truncated blosc buffer: ${bytes.length} bytes, shorter than its 16-byte header`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = bytes[2] as number;
  const header: BloscHeader = {
    version: bytes[0] as number,
    versionlz: bytes[1] as number,
    flags,
    typesize: bytes[3] as number,
    nbytes: view.getInt32(4, true),
    blocksize: view.getInt32(8, true),
    cbytes: view.getInt32(12, true),
    shuffle: flags & FLAG_SHUFFLE ? 'byte' : flags & FLAG_BITSHUFFLE ? 'bit' : 'none',
    memcpyed: (flags & FLAG_MEMCPYED) !== 0,
    dontSplit: (flags & FLAG_DONT_SPLIT) !== 0,
    compressor: COMPRESSORS[flags >> 5] ?? `unknown (${flags >> 5})`,
  };
  const bad = (why: string) =>
    new CodecError(`Malformed blosc buffer (${bytes.length} bytes): ${why}`);
  if (header.version !== VERSION_FORMAT) throw bad(`format version ${header.version}, expected 2`);
  if (flags & FLAG_FUTURE) throw bad(`unknown flag bits 0x${flags.toString(16)}`);
  if (header.typesize === 0) throw bad('typesize 0');
  if (header.nbytes < 0 || header.cbytes < HEADER) throw bad('negative sizes');
  if (header.cbytes !== bytes.length) {
    throw bad(`the header records ${header.cbytes} bytes (truncated or padded)`);
  }
  if (header.nbytes > 0 && (header.blocksize <= 0 || header.blocksize > header.nbytes)) {
    throw bad(`block size ${header.blocksize} for ${header.nbytes} bytes of data`);
  }
  if (header.memcpyed && header.cbytes !== header.nbytes + HEADER) {
    throw bad(`a plain copy of ${header.nbytes} bytes must take ${header.nbytes + HEADER}`);
  }
  return header;
}

/**
 * Decodes a Blosc-1 buffer: plain copies, and zstd-compressed blocks with
 * bit-shuffle, byte-shuffle or no shuffle, split or not. Malformed input
 * throws CodecError. Needs `await codecsReady()`.
 */
export function bloscDecode(bytes: Uint8Array): Uint8Array {
  const zstd = zstdBackend();
  const h = readBloscHeader(bytes);
  if (h.nbytes === 0) return new Uint8Array(0);
  if (h.memcpyed) return bytes.slice(HEADER, HEADER + h.nbytes);
  if (h.compressor !== 'zstd') {
    throw new CodecError(
      `Blosc buffer compressed with ${h.compressor}: only zstd (what Lakota writes) is supported`,
    );
  }
  if (h.versionlz !== ZSTD_VERSION_FORMAT) {
    throw new CodecError(`Blosc zstd format version ${h.versionlz} is unknown (expected 1)`);
  }
  const { nbytes, blocksize, typesize, cbytes, flags } = h;
  const nblocks = Math.ceil(nbytes / blocksize);
  const leftover = nbytes % blocksize;
  if (HEADER + 4 * nblocks > cbytes) {
    throw new CodecError(
      `Truncated blosc buffer: ${nblocks} block offsets do not fit in ${cbytes} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint8Array(nbytes);
  const needsUnshuffle = (flags & (FLAG_SHUFFLE | FLAG_BITSHUFFLE)) !== 0;
  const scratch = needsUnshuffle ? new Uint8Array(blocksize) : undefined;
  for (let j = 0; j < nblocks; j++) {
    const isLeftover = j === nblocks - 1 && leftover > 0;
    const bsize = isLeftover ? leftover : blocksize;
    const dst = out.subarray(j * blocksize, j * blocksize + bsize);
    const raw = scratch ? scratch.subarray(0, bsize) : dst;
    const splitBlock =
      !h.dontSplit && typesize <= MAX_SPLITS && bsize / typesize >= MIN_BUFFERSIZE && !isLeftover;
    const nsplits = splitBlock ? typesize : 1;
    const neblock = Math.floor(bsize / nsplits);
    let offset = view.getInt32(HEADER + 4 * j, true);
    for (let k = 0; k < nsplits; k++) {
      if (offset < HEADER + 4 * nblocks || offset > cbytes - 4) {
        throw new CodecError(
          `Malformed blosc buffer: block ${j} starts at ${offset}, outside the buffer`,
        );
      }
      const csize = view.getInt32(offset, true);
      offset += 4;
      if (csize < 0 || csize > cbytes - offset) {
        throw new CodecError(
          `Malformed blosc buffer: block ${j} claims ${csize} bytes past offset ${offset}`,
        );
      }
      const stream = bytes.subarray(offset, offset + csize);
      const target = raw.subarray(k * neblock, (k + 1) * neblock);
      if (csize === neblock) target.set(stream);
      else if (zstd.decompressInto) zstd.decompressInto(stream, target);
      else target.set(zstd.decompress(stream, neblock));
      offset += csize;
    }
    if (scratch) unshuffleBlock(raw, dst, typesize, flags);
  }
  return out;
}
