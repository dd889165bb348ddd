import { describePodConformance } from '@lakota/pod-conformance';
import { MemoryPod } from '../src/index.js';

describePodConformance({ name: 'memory', create: () => new MemoryPod() });

// A bound far above the suite's data: the pod declares `evicts`, yet keeps everything.
describePodConformance({
  name: 'memory with lruSize',
  create: () => new MemoryPod({ lruSize: 512 * 1024 * 1024 }),
  large: false,
});
