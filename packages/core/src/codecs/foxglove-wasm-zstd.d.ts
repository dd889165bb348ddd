// The Emscripten module factory inside @foxglove/wasm-zstd, which the package
// itself does not declare (see zstd-wasm.ts for why it is used directly).
declare module '@foxglove/wasm-zstd/dist/wasm-zstd.js' {
  const factory: () => Promise<unknown>;
  export default factory;
}
