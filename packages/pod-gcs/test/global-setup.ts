import { startGcsServer } from '@lakota/testing-gcs-server';
import type { TestProject } from 'vitest/node';
import { liveGcsSettings } from './live.js';

declare module 'vitest' {
  export interface ProvidedContext {
    gcsUrl: string;
    gcsBucket: string;
  }
}

/** One local GCS server for the whole run, on 127.0.0.1 with a port chosen by the OS. */
export default async function setup(project: TestProject) {
  const bucket = 'lakota-test';
  const server = await startGcsServer({ buckets: [bucket] });
  project.provide('gcsUrl', server.url);
  project.provide('gcsBucket', bucket);
  const live = liveGcsSettings();
  console.info(
    live
      ? `pod-gcs: live tests also run on gs://${live.bucket}/${live.prefix}/`
      : 'pod-gcs: LAKOTA_TEST_GCS_BUCKET is not set, so only the local GCS server is used (live tests skipped).',
  );
  return () => server.close();
}
