import { CodecError } from './codec-error.js';
import type { ZstdBackend } from './zstd.js';
import { readZstdFrameHeader } from './zstd-frame.js';

/**
 * The Emscripten module inside @foxglove/wasm-zstd. Its C functions wrap
 * `ZSTD_compress` and `ZSTD_decompress` and return -1 on any error.
 */
interface ZstdModule {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _compressBound(size: number): number;
  _compress(dst: number, dstSize: number, src: number, srcSize: number, level: number): number;
  _decompress(dst: number, dstSize: number, src: number, srcSize: number): number;
  ready?: Promise<unknown>;
}

// The module allocates each output whole inside WebAssembly memory; a size
// beyond this is corrupt data, not a Lakota array, and would abort the module.
const MAX_CONTENT_SIZE = 1 << 30;

/**
 * zstd from the @foxglove/wasm-zstd package: libzstd 1.5.4 compiled to
 * WebAssembly, the version Python Lakota's numcodecs and c-blosc link. Its
 * frames equal theirs at level 1 (str and object columns, hence their
 * digests) on every input tested, and at level 9 (inside blosc) except for
 * inputs of 16–128 KiB, where a build without SSE2/NEON picks another match
 * finder; those blocks differ in bytes, never in decoded values or in numeric
 * digests (see the codecs README).
 *
 * The package's module factory is used directly, not its `compress()`,
 * because c-blosc compresses into a buffer of bounded size and zstd's output
 * depends on that bound (it needs slack at the end of the buffer): the same
 * bound gives the same decision between a compressed and a stored block.
 */
export class WasmZstd implements ZstdBackend {
  readonly name = '@foxglove/wasm-zstd';
  readonly version = '1.5.4';
  // Input and output areas in the module's memory, grown on demand and reused.
  private inPtr = 0;
  private inCap = 0;
  private outPtr = 0;
  private outCap = 0;

  private constructor(private readonly mod: ZstdModule) {}

  /** Instantiates the package's WebAssembly module. */
  static async load(): Promise<WasmZstd> {
    const { default: factory } = await import('@foxglove/wasm-zstd/dist/wasm-zstd.js');
    const mod = (await factory()) as ZstdModule;
    await mod.ready;
    return new WasmZstd(mod);
  }

  compress(src: Uint8Array, level: number, capacity?: number): Uint8Array | undefined {
    const { mod } = this;
    const cap = capacity ?? mod._compressBound(src.length);
    this.reserve(src.length, cap);
    mod.HEAPU8.set(src, this.inPtr);
    const size = mod._compress(this.outPtr, cap, this.inPtr, src.length, level);
    if (size < 0) {
      // With a bound, failing to fit is the expected answer (c-blosc then
      // stores the block as is); without one, it is a real failure.
      if (capacity !== undefined) return undefined;
      throw new CodecError(`zstd could not compress ${src.length} bytes at level ${level}`);
    }
    return mod.HEAPU8.slice(this.outPtr, this.outPtr + size);
  }

  decompress(src: Uint8Array, expectedSize?: number): Uint8Array {
    const size = this.decompressInHeap(src, expectedSize);
    return this.mod.HEAPU8.slice(this.outPtr, this.outPtr + size);
  }

  decompressInto(src: Uint8Array, dst: Uint8Array): void {
    const size = this.decompressInHeap(src, dst.length);
    dst.set(this.mod.HEAPU8.subarray(this.outPtr, this.outPtr + size));
  }

  /** Decompresses into the module's output area (at outPtr) and returns the content's size. */
  private decompressInHeap(src: Uint8Array, expectedSize?: number): number {
    const { contentSize } = readZstdFrameHeader(src);
    if (contentSize === undefined) {
      throw new CodecError(
        'The zstd frame does not record its content size; numcodecs and Lakota always write it, so this data comes from elsewhere',
      );
    }
    if (
      contentSize > MAX_CONTENT_SIZE ||
      (expectedSize !== undefined && contentSize !== expectedSize)
    ) {
      throw new CodecError(
        `The zstd frame claims ${contentSize} bytes of content` +
          (expectedSize === undefined
            ? ', more than one array can hold'
            : `, expected ${expectedSize}`),
      );
    }
    const { mod } = this;
    this.reserve(src.length, contentSize);
    mod.HEAPU8.set(src, this.inPtr);
    const size = mod._decompress(this.outPtr, contentSize, this.inPtr, src.length);
    if (size < 0) throw new CodecError(`Corrupt zstd frame (${src.length} bytes)`);
    if (size !== contentSize) {
      throw new CodecError(
        `The zstd frame gave ${size} bytes instead of the ${contentSize} it records`,
      );
    }
    return size;
  }

  private reserve(inSize: number, outSize: number): void {
    const { mod } = this;
    if (inSize > this.inCap) {
      if (this.inPtr) mod._free(this.inPtr);
      this.inCap = Math.max(inSize, 1 << 16);
      this.inPtr = this.malloc(this.inCap);
    }
    if (outSize > this.outCap) {
      if (this.outPtr) mod._free(this.outPtr);
      this.outCap = Math.max(outSize, 1 << 16);
      this.outPtr = this.malloc(this.outCap);
    }
  }

  private malloc(size: number): number {
    const ptr = this.mod._malloc(size);
    if (!ptr) throw new CodecError(`zstd ran out of WebAssembly memory allocating ${size} bytes`);
    return ptr;
  }
}
