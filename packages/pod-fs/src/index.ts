export { toPodError } from './fs-errors.js';
export type { FsPodOptions } from './fs-pod.js';
export { FsPod } from './fs-pod.js';
export { TEMP_PREFIX } from './temp-name.js';
