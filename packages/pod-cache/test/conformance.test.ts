import { describePodConformance } from '@lakota/pod-conformance';
import { MemoryPod } from '@lakota/pod-memory';
import { CachePod } from '../src/index.js';

describePodConformance({
  name: 'cache (memory over memory)',
  create: () => new CachePod(new MemoryPod(), new MemoryPod()),
});

describePodConformance({
  name: 'cache (three memory layers)',
  create: () => new CachePod([new MemoryPod(), new MemoryPod(), new MemoryPod()]),
  large: false,
});
