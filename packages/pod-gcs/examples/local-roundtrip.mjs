// A round trip through GcsPod against the repository's local GCS server, no
// Google account needed. From the repository root:
//   pnpm --filter @lakota/pod-gcs... build && node packages/pod-gcs/examples/local-roundtrip.mjs
import { startGcsServer } from '@lakota/testing-gcs-server';
import { GcsPod } from '../dist/index.js';

const server = await startGcsServer({ buckets: ['demo'] });
try {
  const pod = GcsPod.fromUri(`gs://demo/repo?endpoint=${server.url}`);
  await pod.write('aa/bb/hello', new TextEncoder().encode('world'));
  console.log(await pod.ls('aa')); // [ 'bb' ]
  console.log(await pod.write('aa/bb/hello', new TextEncoder().encode('again'))); // 0: write-once
  console.log(new TextDecoder().decode(await pod.read('aa/bb/hello'))); // world
  await pod.mv('aa/bb/hello', 'cc/hello');
  for await (const path of pod.walk()) console.log(path); // cc/hello
  await pod.rm('', { recursive: true });
} finally {
  await server.close();
}
