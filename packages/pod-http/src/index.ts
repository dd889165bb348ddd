export type { HttpPodUriOptions } from './from-uri.js';
export { fromUri } from './from-uri.js';
export type { HttpPodOptions, ServerInfo } from './http-pod.js';
export { HttpPod } from './http-pod.js';
