import { describePodConformance } from '@lakota/pod-conformance';
import { FsPod } from '../src/index.js';
import { removeRoot, tempRoot } from './temp-root.js';

describePodConformance({
  name: 'fs',
  create: async () => new FsPod(await tempRoot('conformance')),
  destroy: (pod) => removeRoot(pod.root),
  reopen: (pod) => new FsPod(pod.root),
});

// A root that does not exist yet: the first write creates it.
describePodConformance({
  name: 'fs (root created on first write)',
  create: async () => new FsPod({ root: `${await tempRoot('lazy')}/not/yet/there` }),
  destroy: (pod) => removeRoot(pod.root.slice(0, pod.root.indexOf('/not/yet/there'))),
  reopen: (pod) => new FsPod(pod.root),
  large: false,
});
