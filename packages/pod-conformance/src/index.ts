export { describePodConformance } from './describe-pod-conformance.js';
export type { PodConformanceOptions } from './options.js';
