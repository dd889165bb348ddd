import { randomUUID } from 'node:crypto';
import { describePodConformance } from '@lakota/pod-conformance';
import { describe, it } from 'vitest';
import { AzurePod } from '../src/index.js';
import { azuriteContainer, azuriteContainerClient } from './helpers.js';
import { liveAzureSettings } from './live.js';

// Every pod gets its own prefix in Azurite's container and removes it afterwards.
const containerClient = azuriteContainerClient();

describePodConformance<AzurePod>({
  name: 'AzurePod on Azurite',
  create: () =>
    new AzurePod({
      container: azuriteContainer(),
      prefix: `conformance/${randomUUID()}`,
      containerClient,
    }),
  destroy: (pod) => pod.rm('', { recursive: true }),
  reopen: (pod) => new AzurePod({ prefix: pod.prefix, containerClient }),
  concurrency: 64,
  timeout: 120_000,
});

const live = liveAzureSettings();
if (live) {
  const run = `${live.prefix}/${new Date().toISOString().slice(0, 10)}-${randomUUID()}`;
  describePodConformance<AzurePod>({
    name: `AzurePod on container '${live.container}' under ${run}`,
    create: () =>
      new AzurePod({
        container: live.container,
        prefix: `${run}/${randomUUID()}`,
        connectionString: live.connectionString,
      }),
    destroy: (pod) => pod.rm('', { recursive: true }),
    concurrency: 32,
    timeout: 300_000,
  });
} else {
  describe.skip('AzurePod on real Azure: set LAKOTA_TEST_AZURE_CONNECTION_STRING and LAKOTA_TEST_AZURE_CONTAINER to run', () => {
    it('runs the conformance suite under a random prefix of that container', () => {});
  });
}
