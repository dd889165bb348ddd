import { BlobServiceClient } from '@azure/storage-blob';
import type { TestProject } from 'vitest/node';
import { startAzurite } from './azurite-server.js';
import { liveAzureSettings } from './live.js';

declare module 'vitest' {
  export interface ProvidedContext {
    azuriteConnectionString: string;
    azuriteUrl: string;
    azuriteContainer: string;
  }
}

/** One Azurite blob service for the whole run, on 127.0.0.1 with a port chosen by the OS. */
export default async function setup(project: TestProject) {
  const azurite = await startAzurite();
  const container = 'lakota-test';
  try {
    await BlobServiceClient.fromConnectionString(azurite.connectionString)
      .getContainerClient(container)
      .create();
  } catch (err) {
    await azurite.stop();
    throw err;
  }
  project.provide('azuriteConnectionString', azurite.connectionString);
  project.provide('azuriteUrl', azurite.url);
  project.provide('azuriteContainer', container);
  const live = liveAzureSettings();
  console.info(
    live
      ? `pod-azure: live tests also run on container '${live.container}' under ${live.prefix}/`
      : 'pod-azure: LAKOTA_TEST_AZURE_CONNECTION_STRING / LAKOTA_TEST_AZURE_CONTAINER are not set, so only Azurite is used (live tests skipped).',
  );
  return () => azurite.stop();
}
