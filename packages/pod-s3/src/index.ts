export type { S3ClientSettings } from './s3-client.js';
export { createS3Client, DEFAULT_MAX_ATTEMPTS } from './s3-client.js';
export type { S3PodOptions } from './s3-pod.js';
export { S3Pod } from './s3-pod.js';
export type { S3Location } from './s3-uri.js';
export { parseS3Uri } from './s3-uri.js';
