import { describePodConformance } from '@lakota/pod-conformance';
import { MemoryPod } from '@lakota/pod-memory';
import { createServer, type LakotaServer } from '@lakota/server';
import { HttpPod } from '../src/index.js';

// Each test gets its own server on a free 127.0.0.1 port, over an empty pod.
const servers = new WeakMap<HttpPod, LakotaServer>();

describePodConformance({
  name: 'http (server over memory)',
  create: async () => {
    const server = createServer({ mounts: { repo: new MemoryPod() } });
    const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
    const pod = await HttpPod.connect({ url: `${url}/repo` });
    servers.set(pod, server);
    return pod;
  },
  destroy: async (pod) => {
    await servers.get(pod)?.close();
  },
});
