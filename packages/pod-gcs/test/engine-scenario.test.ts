import { describeEngineScenario } from '@lakota/testing-engine-scenario';
import { sharedPod } from './helpers.js';

describeEngineScenario({
  name: 'GcsPod on the local GCS server',
  create: () => sharedPod(),
  destroy: (pod) => pod.rm('', { recursive: true }),
});
