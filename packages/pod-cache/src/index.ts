export type { CachePodOptions } from './cache-pod.js';
export { CachePod } from './cache-pod.js';
