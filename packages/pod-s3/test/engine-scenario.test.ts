import { randomUUID } from 'node:crypto';
import { describeEngineScenario } from '@lakota/testing-engine-scenario';
import { afterAll } from 'vitest';
import { S3Pod } from '../src/index.js';
import { emulatorBucket, emulatorClient } from './helpers.js';

const client = emulatorClient();
afterAll(() => client.destroy());

describeEngineScenario({
  name: 'S3Pod on fauxqs',
  create: () => new S3Pod({ bucket: emulatorBucket(), prefix: `engine/${randomUUID()}`, client }),
  destroy: (pod) => pod.rm('', { recursive: true }),
});
