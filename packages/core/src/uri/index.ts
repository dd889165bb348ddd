export type { ImportModule } from './load-adapter.js';
export type { OpenPodOptions } from './open-pod.js';
export { openPod } from './open-pod.js';
export type { AdapterPackage, PodFactory, SchemeAdapter } from './scheme-registry.js';
export { knownSchemes, registerScheme } from './scheme-registry.js';
export {
  AdapterError,
  InvalidUriError,
  MissingAdapterError,
  UnsupportedSchemeError,
} from './uri-errors.js';
