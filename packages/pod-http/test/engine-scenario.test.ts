import { MemoryPod } from '@lakota/pod-memory';
import { createServer, type LakotaServer } from '@lakota/server';
import { describeEngineScenario } from '@lakota/testing-engine-scenario';
import { HttpPod } from '../src/index.js';

const servers = new WeakMap<object, LakotaServer>();
describeEngineScenario({
  name: 'the HTTP pod, against a server over memory',
  create: async () => {
    const server = createServer({ mounts: { repo: new MemoryPod() }, token: 'secret' });
    const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
    const pod = await HttpPod.connect({ url: `${url}/repo`, token: 'secret' });
    servers.set(pod, server);
    return pod;
  },
  destroy: async (pod) => {
    await servers.get(pod)?.close();
  },
});
