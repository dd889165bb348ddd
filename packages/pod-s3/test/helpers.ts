import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import { S3Pod, type S3PodOptions } from '../src/index.js';

/** Static credentials for the emulator, which checks none. */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'lakota', secretAccessKey: 'lakota-secret' };

export function emulatorEndpoint(): string {
  return inject('s3Endpoint');
}

export function emulatorBucket(): string {
  return inject('s3Bucket');
}

/** A client for the emulator, shared by the pods of one test file. */
export function emulatorClient(): S3Client {
  return new S3Client({
    endpoint: emulatorEndpoint(),
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: EMULATOR_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** A fresh, empty pod: a unique prefix in the emulator's bucket. */
export function emulatorPod(options: Partial<S3PodOptions> = {}): S3Pod {
  return new S3Pod({
    bucket: emulatorBucket(),
    prefix: `t-${randomUUID()}`,
    endpoint: emulatorEndpoint(),
    clientConfig: { credentials: EMULATOR_CREDENTIALS },
    conditionalWrite: true,
    ...options,
  });
}
