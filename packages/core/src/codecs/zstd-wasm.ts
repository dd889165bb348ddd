import { CodecError } from './codec-error.js';
import type { ZstdBackend } from './zstd.js';

// The part of the WebAssembly API used here: the project's TypeScript libs
// (ES2023 + Node 20 types, no DOM) do not declare it.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
};

/** The C functions of zstd-wasm/zstd-glue.c, as the module exports them. */
interface ZstdExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  lk_malloc(size: number): number;
  lk_free(ptr: number): void;
  lk_version(): number;
  lk_compress_bound(size: number): number;
  lk_is_error(code: number): number;
  lk_error_name(code: number): number;
  lk_content_size(src: number, size: number): number;
  lk_content_size_lo(): number;
  lk_content_size_hi(): number;
  lk_compress(dst: number, cap: number, src: number, size: number, level: number): number;
  lk_decompress(dst: number, cap: number, src: number, size: number): number;
}

// ZSTD_error_dstSize_tooSmall in zstd_errors.h.
const DST_SIZE_TOO_SMALL = 70;
// Typed arrays and the wasm32 address space both stop short of 2 GiB.
const MAX_CONTENT_SIZE = 0x7fff0000;

function base64Bytes(text: string): Uint8Array {
  const NodeBuffer = (globalThis as { Buffer?: { from(s: string, e: string): Uint8Array } }).Buffer;
  if (NodeBuffer) return NodeBuffer.from(text, 'base64');
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * libzstd 1.5.4 compiled to WebAssembly (see zstd-wasm/README.md): the same
 * library, version and match-finder choices as the c-blosc and numcodecs that
 * Python Lakota uses, so its frames are byte-identical to theirs.
 */
export class WasmZstd implements ZstdBackend {
  readonly name = 'libzstd (WebAssembly build)';
  readonly version: string;
  // Input and output areas inside the module's memory, grown on demand and
  // reused, so a call costs two copies and no allocation in the common case.
  private inPtr = 0;
  private inCap = 0;
  private outPtr = 0;
  private outCap = 0;

  private constructor(private readonly wasm: ZstdExports) {
    const v = wasm.lk_version();
    this.version = `${Math.floor(v / 10000)}.${Math.floor(v / 100) % 100}.${v % 100}`;
  }

  /** Compiles and instantiates the embedded module. */
  static async load(): Promise<WasmZstd> {
    const { ZSTD_WASM_BASE64 } = await import('./zstd-wasm-binary.js');
    const { instance } = await WebAssembly.instantiate(base64Bytes(ZSTD_WASM_BASE64), {});
    return new WasmZstd(instance.exports as unknown as ZstdExports);
  }

  compress(src: Uint8Array, level: number, capacity?: number): Uint8Array | undefined {
    const { wasm } = this;
    const cap = capacity ?? wasm.lk_compress_bound(src.length);
    this.reserve(src.length, cap);
    new Uint8Array(wasm.memory.buffer, this.inPtr, src.length).set(src);
    const code = wasm.lk_compress(this.outPtr, cap, this.inPtr, src.length, level);
    if (wasm.lk_is_error(code)) {
      if (capacity !== undefined && -code === DST_SIZE_TOO_SMALL) return undefined;
      throw new CodecError(
        `zstd could not compress ${src.length} bytes at level ${level}: ${this.errorName(code)}`,
      );
    }
    return new Uint8Array(wasm.memory.buffer, this.outPtr, code >>> 0).slice();
  }

  decompress(src: Uint8Array, expectedSize?: number): Uint8Array {
    const { wasm } = this;
    this.reserve(src.length, 0);
    new Uint8Array(wasm.memory.buffer, this.inPtr, src.length).set(src);
    const status = wasm.lk_content_size(this.inPtr, src.length);
    if (status === -1) {
      throw new CodecError(`Not a zstd frame (${src.length} bytes, starting ${hexStart(src)})`);
    }
    if (status === -2) {
      throw new CodecError(
        'The zstd frame does not record its content size; numcodecs and Lakota always write it, so this data comes from elsewhere',
      );
    }
    const size = wasm.lk_content_size_hi() * 2 ** 32 + (wasm.lk_content_size_lo() >>> 0);
    if (size > MAX_CONTENT_SIZE || (expectedSize !== undefined && size !== expectedSize)) {
      throw new CodecError(
        `The zstd frame claims ${size} bytes of content` +
          (expectedSize === undefined
            ? ', more than one array can hold'
            : `, expected ${expectedSize}`),
      );
    }
    this.reserve(src.length, size);
    const code = wasm.lk_decompress(this.outPtr, size, this.inPtr, src.length);
    if (wasm.lk_is_error(code)) {
      throw new CodecError(`Corrupt zstd frame (${src.length} bytes): ${this.errorName(code)}`);
    }
    if (code >>> 0 !== size) {
      throw new CodecError(
        `The zstd frame gave ${code >>> 0} bytes instead of the ${size} it records`,
      );
    }
    return new Uint8Array(wasm.memory.buffer, this.outPtr, size).slice();
  }

  private reserve(inSize: number, outSize: number): void {
    const { wasm } = this;
    if (inSize > this.inCap) {
      if (this.inPtr) wasm.lk_free(this.inPtr);
      this.inCap = Math.max(inSize, 1 << 16, this.inCap * 2);
      this.inPtr = this.malloc(this.inCap);
    }
    if (outSize > this.outCap) {
      if (this.outPtr) wasm.lk_free(this.outPtr);
      this.outCap = Math.max(outSize, 1 << 16, this.outCap * 2);
      this.outPtr = this.malloc(this.outCap);
    }
  }

  private malloc(size: number): number {
    const ptr = this.wasm.lk_malloc(size);
    if (ptr === 0)
      throw new CodecError(`zstd ran out of WebAssembly memory allocating ${size} bytes`);
    return ptr;
  }

  private errorName(code: number): string {
    const { wasm } = this;
    const ptr = wasm.lk_error_name(code);
    const memory = new Uint8Array(wasm.memory.buffer);
    let end = ptr;
    while (end < memory.length && memory[end] !== 0) end++;
    return new TextDecoder().decode(memory.subarray(ptr, end));
  }
}

function hexStart(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}
