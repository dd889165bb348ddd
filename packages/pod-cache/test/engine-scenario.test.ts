import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsPod } from '@lakota/pod-fs';
import { MemoryPod } from '@lakota/pod-memory';
import { describeEngineScenario } from '@lakota/testing-engine-scenario';
import { CachePod } from '../src/index.js';

const folders = new WeakMap<object, string>();
describeEngineScenario({
  name: 'a memory cache over the folder pod',
  create: async () => {
    const root = await mkdtemp(join(tmpdir(), 'lakota-cache-engine-'));
    const pod = new CachePod(new MemoryPod(), new FsPod(root));
    folders.set(pod, root);
    return pod;
  },
  destroy: async (pod) => {
    const root = folders.get(pod);
    if (root) await rm(root, { recursive: true, force: true });
  },
});
