export { crc32c, crc32cBase64 } from './crc32c.js';
export type { Fault, GcsServer, GcsServerOptions, RecordedRequest } from './gcs-server.js';
export { startGcsServer } from './gcs-server.js';
export { allowOnlyLoopback } from './loopback-only.js';
export type { StoredBucket, StoredObject, WritableMetadata } from './object-store.js';
export { ObjectStore } from './object-store.js';
