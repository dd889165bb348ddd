import type { TestProject } from 'vitest/node';
import { startLocalS3 } from './fauxqs-server.js';

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
  return () => server.stop();
}
