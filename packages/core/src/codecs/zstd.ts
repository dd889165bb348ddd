import { CodecError } from './codec-error.js';
import { WasmZstd } from './zstd-wasm.js';

/**
 * A zstd implementation. The default is the @foxglove/wasm-zstd package
 * (libzstd 1.5.4 in WebAssembly); a native binding may replace it with
 * {@link setZstdBackend}. Frames should equal libzstd 1.5.4's, the version
 * Python Lakota uses, or digests of str and object columns will differ from
 * Python's.
 */
export interface ZstdBackend {
  /** Shown in messages and benchmarks. */
  readonly name: string;
  /** The libzstd version, e.g. `1.5.4`. */
  readonly version: string;
  /**
   * One standard frame as `ZSTD_compress` writes it (content size recorded, no
   * checksum). With `capacity`, returns undefined when the frame would not fit
   * in that many bytes, as c-blosc's bounded output buffer does.
   */
  compress(src: Uint8Array, level: number, capacity?: number): Uint8Array | undefined;
  /**
   * Decompresses one frame that records its content size; with
   * `expectedSize`, any other content size is an error. Throws CodecError on
   * malformed input.
   */
  decompress(src: Uint8Array, expectedSize?: number): Uint8Array;
  /**
   * Optional: decompresses one frame straight into `dst`, whose length must
   * be the frame's content size (saves an allocation and a copy per block).
   */
  decompressInto?(src: Uint8Array, dst: Uint8Array): void;
}

let active: ZstdBackend | undefined;
let loading: Promise<void> | undefined;

/**
 * Prepares the codecs: loads the zstd WebAssembly module once (later calls
 * return at once). Every encode and decode function is synchronous and needs
 * this to have completed, because browsers only compile WebAssembly
 * asynchronously.
 */
export function codecsReady(): Promise<void> {
  if (active) return Promise.resolve();
  loading ??= WasmZstd.load().then(
    (backend) => {
      active ??= backend;
    },
    (error: unknown) => {
      loading = undefined;
      throw new CodecError(
        'Could not load the zstd WebAssembly module: this runtime must support WebAssembly (Node 20+, current browsers)',
        { cause: error },
      );
    },
  );
  return loading;
}

/** Replaces the zstd implementation (e.g. with a native binding). */
export function setZstdBackend(backend: ZstdBackend): void {
  active = backend;
}

/** The zstd implementation in use; throws CodecError before `codecsReady()` has completed. */
export function zstdBackend(): ZstdBackend {
  if (active === undefined) {
    throw new CodecError(
      'The Lakota codecs are not ready: call `await codecsReady()` once (it loads the zstd WebAssembly module) before encoding or decoding arrays',
    );
  }
  return active;
}

/** Compresses `bytes` into one zstd frame at `level` (numcodecs' Zstd default is 1). */
export function zstdCompress(bytes: Uint8Array, level = 1): Uint8Array {
  return zstdBackend().compress(bytes, level) as Uint8Array;
}

/** Decompresses one zstd frame that records its content size. */
export function zstdDecompress(bytes: Uint8Array): Uint8Array {
  return zstdBackend().decompress(bytes);
}
