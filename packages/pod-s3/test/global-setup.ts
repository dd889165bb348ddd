import type { TestProject } from 'vitest/node';
import { startLocalS3 } from './fauxqs-server.js';
import { liveS3Settings } from './live.js';

declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
    s3Bucket: string;
  }
}

/** One S3 emulator for the whole run, on 127.0.0.1 with a port chosen by the OS. */
export default async function setup(project: TestProject) {
  const server = await startLocalS3({ conditionalWrites: true });
  const bucket = 'lakota-test';
  await server.createBucket(bucket);
  project.provide('s3Endpoint', server.endpoint);
  project.provide('s3Bucket', bucket);
  const live = liveS3Settings();
  console.info(
    live
      ? `pod-s3: live tests also run on s3://${live.bucket}/${live.prefix}/`
      : 'pod-s3: LAKOTA_TEST_S3_BUCKET is not set, so only the local S3 emulator is used (live tests skipped).',
  );
  return () => server.stop();
}
