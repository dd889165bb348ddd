import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describePodConformance } from '@lakota/pod-conformance';
import { FsPod } from '@lakota/pod-fs';
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

// A local memory cache in front of a folder on disk, as `['memory://', './repo']`.
const folders = new WeakMap<CachePod, string>();
describePodConformance({
  name: 'cache (memory over folder)',
  create: async () => {
    const root = await mkdtemp(join(tmpdir(), 'lakota-cache-'));
    const pod = new CachePod(new MemoryPod(), new FsPod(root));
    folders.set(pod, root);
    return pod;
  },
  destroy: async (pod) => {
    const root = folders.get(pod);
    if (root) await rm(root, { recursive: true, force: true });
  },
  reopen: (pod) => new CachePod(new MemoryPod(), new FsPod(folders.get(pod) as string)),
});
