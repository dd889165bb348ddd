import { randomUUID } from 'node:crypto';
import { describePodConformance } from '@lakota/pod-conformance';
import { describe, inject, it } from 'vitest';
import { GcsPod } from '../src/index.js';
import { sharedPod } from './helpers.js';
import { liveGcsSettings } from './live.js';

// Every pod gets its own prefix in the local server's bucket and removes it afterwards.
const reopen = (pod: GcsPod) =>
  new GcsPod({ bucket: pod.bucketName, prefix: pod.prefix, apiEndpoint: inject('gcsUrl') });

describePodConformance<GcsPod>({
  name: 'GcsPod on the local GCS server',
  create: () => sharedPod(),
  destroy: (pod) => pod.rm('', { recursive: true }),
  reopen,
  concurrency: 64,
});

// The objects.move mode (atomicMove: true) has focused tests in gcs-pod.test.ts:
// a second run of the whole suite would double the time of this package's tests.

const live = liveGcsSettings();
if (live) {
  const run = `${live.prefix}/${new Date().toISOString().slice(0, 10)}-${randomUUID()}`;
  describePodConformance<GcsPod>({
    name: `GcsPod on gs://${live.bucket}/${run}`,
    create: () => new GcsPod({ bucket: live.bucket, prefix: `${run}/${randomUUID()}` }),
    destroy: (pod) => pod.rm('', { recursive: true }),
    concurrency: 32,
    timeout: 300_000,
  });
} else {
  describe.skip('GcsPod on real GCS: set LAKOTA_TEST_GCS_BUCKET (and Application Default Credentials) to run', () => {
    it('runs the conformance suite under a random prefix of that bucket, removed afterwards', () => {});
  });
}
