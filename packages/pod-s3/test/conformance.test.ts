import { randomUUID } from 'node:crypto';
import { describePodConformance } from '@lakota/pod-conformance';
import { afterAll, describe, it } from 'vitest';
import { S3Pod } from '../src/index.js';
import { emulatorBucket, emulatorClient } from './helpers.js';
import { liveS3Settings } from './live.js';

// Every pod gets its own prefix in the emulator's bucket and removes it afterwards.
const client = emulatorClient();
afterAll(() => client.destroy());

describePodConformance<S3Pod>({
  name: 'S3Pod on fauxqs (conditional writes)',
  create: () =>
    new S3Pod({
      bucket: emulatorBucket(),
      prefix: `conformance/${randomUUID()}`,
      client,
      conditionalWrite: true,
    }),
  destroy: (pod) => pod.rm('', { recursive: true }),
  reopen: (pod) => new S3Pod({ bucket: pod.bucket, prefix: pod.prefix, client }),
  concurrency: 64,
  timeout: 120_000,
});

describePodConformance<S3Pod>({
  name: 'S3Pod on fauxqs (HEAD before PUT)',
  create: () =>
    new S3Pod({
      bucket: emulatorBucket(),
      prefix: `conformance/${randomUUID()}`,
      client,
      conditionalWrite: false,
    }),
  destroy: (pod) => pod.rm('', { recursive: true }),
  reopen: (pod) => new S3Pod({ bucket: pod.bucket, prefix: pod.prefix, client }),
  concurrency: 64,
  large: false,
  timeout: 120_000,
});

const live = liveS3Settings();
if (live) {
  const run = `${live.prefix}/${new Date().toISOString().slice(0, 10)}-${randomUUID()}`;
  describePodConformance<S3Pod>({
    name: `S3Pod on s3://${live.bucket}/${run}`,
    create: () =>
      new S3Pod({
        bucket: live.bucket,
        prefix: `${run}/${randomUUID()}`,
        endpoint: live.endpoint,
        conditionalWrite: live.conditionalWrite,
      }),
    destroy: async (pod) => {
      await pod.rm('', { recursive: true });
      pod.destroy();
    },
    concurrency: 32,
    timeout: 300_000,
  });
} else {
  describe.skip('S3Pod on real S3: set LAKOTA_TEST_S3_BUCKET (and AWS credentials) to run', () => {
    it('runs the conformance suite under a random prefix of that bucket', () => {});
  });
}
