export type { MemoryPodOptions } from './memory-pod.js';
export { MemoryPod } from './memory-pod.js';
