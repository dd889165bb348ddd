export type { AutoMergeMode, AutoMergeOptions } from './auto-merge.js';
export { AutoMerge, isVisible, mergeHeads } from './auto-merge.js';
export type { PodEntry } from './base-pod.js';
export { BasePod } from './base-pod.js';
export type { Before } from './changelog.js';
export { Changelog, toHextime } from './changelog.js';
export type { Closed, ClosedInput } from './closed.js';
export type { ArrayCodec, BytesCodec, Dtype, ValuesCodec, ZstdBackend } from './codecs/index.js';
export {
  arrayDigest,
  CodecError,
  codecsReady,
  decodeArray,
  decodeObjectArray,
  defaultCodecs,
  encodeArray,
  encodeObjectArray,
  getCodec,
  registerCodec,
  setZstdBackend,
  sha1Hex,
  zstdBackend,
} from './codecs/index.js';
export type { Batch, CommitOptions, MergeOptions, PullOptions } from './collection.js';
export { Collection } from './collection.js';
export type { ColumnArray, Scalar } from './column-array.js';
export { parseIsoToMs } from './column-array.js';
export type { ClippedRow, CommitInfo, CommitOperation, CommitRow } from './commit.js';
export { Commit } from './commit.js';
export { mapLimit } from './concurrency.js';
export {
  CollectionExistsError,
  CollectionNotFoundError,
  IntegrityError,
  InvalidInputError,
  InvalidLabelError,
  SchemaError,
  SchemaMismatchError,
  UnknownRevisionError,
} from './engine-errors.js';
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
export type { ExcerptOptions } from './excerpt.js';
export { EXCERPT_CHARS, quoteExcerpt } from './excerpt.js';
export type { FaultKind, FaultyPodOptions } from './faulty-pod.js';
export { FaultyPod } from './faulty-pod.js';
export type { ArrowTableLike, FrameInput, RecordOptions } from './frame.js';
export { Frame, formatDatetime } from './frame.js';
export { EMPTY_DIGEST, hashedPath, REGISTRY_PATH } from './hashed-path.js';
export { hextime } from './hextime.js';
export type { RangeChange, SeriesDiff, Snapshot, Tag } from './history.js';
export { History } from './history.js';
export * from './io/index.js';
export { formatIsoDatetime, parseIsoDatetime } from './iso-datetime.js';
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
  SweepOptions,
  WalkOptions,
  WriteOptions,
} from './pod.js';
export { POD_METHODS } from './pod.js';
export { formatCell, formatFloat, sortedJson } from './python-format.js';
export type { Bound, QueryOptions } from './query.js';
export type { CollectionMeta, GcResult, RepoOptions, SchemaInput } from './repo.js';
export { Repo } from './repo.js';
export type { RetryingPodOptions } from './retrying-pod.js';
export { RetryingPod } from './retrying-pod.js';
export { PHI, Revision } from './revision.js';
export type { ColumnDefinition, ColumnKind, SchemaJSON } from './schema.js';
export { Schema, SchemaColumn } from './schema.js';
export type { LocatedSegment, WriteOptions as SeriesWriteOptions } from './series.js';
export { Series } from './series.js';
export { SubPod } from './sub-pod.js';
export * from './uri/index.js';
export type { VerifyReport } from './verify.js';
export { verifyRepo } from './verify.js';
