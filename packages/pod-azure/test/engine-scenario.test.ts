import { randomUUID } from 'node:crypto';
import { describeEngineScenario } from '@lakota/testing-engine-scenario';
import { AzurePod } from '../src/index.js';
import { azuriteContainer, azuriteContainerClient } from './helpers.js';

const containerClient = azuriteContainerClient();

describeEngineScenario({
  name: 'AzurePod on Azurite',
  create: () =>
    new AzurePod({
      container: azuriteContainer(),
      prefix: `engine/${randomUUID()}`,
      containerClient,
    }),
  destroy: (pod) => pod.rm('', { recursive: true }),
});
