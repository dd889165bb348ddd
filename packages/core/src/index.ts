export type { PodEntry } from './base-pod.js';
export { BasePod } from './base-pod.js';
export { mapLimit } from './concurrency.js';
export type { LakotaErrorOptions } from './errors.js';
export {
  AbortError,
  InvalidPathError,
  LakotaError,
  NotFoundError,
  PermissionError,
  PodOperationError,
  StorageFullError,
  TransientError,
  throwIfAborted,
} from './errors.js';
export type {
  MeteredPodOptions,
  OperationKind,
  OperationRecord,
  OperationStats,
} from './metered-pod.js';
export { MeteredPod, PodMetrics } from './metered-pod.js';
export { checkPath, compareCodePoints, joinPath, splitPath } from './path.js';
export type {
  ListOptions,
  MoveOptions,
  Pod,
  PodCapabilities,
  ReadManyOptions,
  ReadOptions,
  RemoveOptions,
  WalkOptions,
  WriteOptions,
} from './pod.js';
export { SubPod } from './sub-pod.js';
