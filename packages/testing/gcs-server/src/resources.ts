import type { StoredBucket, StoredObject } from './object-store.js';

/**
 * The JSON resources GCS answers with. Numbers that are int64 on the wire
 * (generation, size, …) are strings, as on GCS.
 */
export function objectResource(obj: StoredObject, origin: string): Record<string, unknown> {
  const path = `b/${encodeURIComponent(obj.bucket)}/o/${encodeURIComponent(obj.name)}`;
  const generation = String(obj.generation);
  const resource: Record<string, unknown> = {
    kind: 'storage#object',
    id: `${obj.bucket}/${obj.name}/${generation}`,
    selfLink: `${origin}/storage/v1/${path}`,
    mediaLink: `${origin}/download/storage/v1/${path}?generation=${generation}&alt=media`,
    name: obj.name,
    bucket: obj.bucket,
    generation,
    metageneration: String(obj.metageneration),
    contentType: obj.meta.contentType,
    storageClass: obj.meta.storageClass ?? 'STANDARD',
    size: String(obj.data.byteLength),
    crc32c: obj.crc32c,
    etag: etagOf(obj),
    timeCreated: obj.timeCreated,
    updated: obj.updated,
    timeStorageClassUpdated: obj.timeCreated,
  };
  if (obj.md5Hash !== undefined) resource.md5Hash = obj.md5Hash;
  if (obj.componentCount !== undefined) resource.componentCount = obj.componentCount;
  for (const key of [
    'contentEncoding',
    'contentDisposition',
    'contentLanguage',
    'cacheControl',
    'customTime',
  ] as const) {
    if (obj.meta[key] !== undefined) resource[key] = obj.meta[key];
  }
  if (obj.meta.metadata && Object.keys(obj.meta.metadata).length > 0) {
    resource.metadata = obj.meta.metadata;
  }
  return resource;
}

/** An etag that changes with every generation and metageneration, like GCS's. */
export function etagOf(obj: StoredObject): string {
  const buf = Buffer.alloc(12);
  buf.writeBigUInt64BE(BigInt(obj.generation));
  buf.writeUInt32BE(obj.metageneration, 8);
  return buf.toString('base64');
}

export function bucketResource(bucket: StoredBucket, origin: string): Record<string, unknown> {
  return {
    kind: 'storage#bucket',
    id: bucket.name,
    selfLink: `${origin}/storage/v1/b/${encodeURIComponent(bucket.name)}`,
    name: bucket.name,
    projectNumber: '0',
    metageneration: String(bucket.metageneration),
    location: 'US',
    locationType: 'multi-region',
    storageClass: 'STANDARD',
    etag: 'CAE=',
    timeCreated: bucket.timeCreated,
    updated: bucket.timeCreated,
    iamConfiguration: {
      uniformBucketLevelAccess: { enabled: true },
      publicAccessPrevention: 'inherited',
    },
  };
}
