// A round trip through S3Pod against fauxqs, a local S3 emulator (a
// devDependency of this package), so it needs no AWS account. Run from a
// clone after `pnpm install && pnpm --filter @lakota/pod-s3... build`:
//   node packages/pod-s3/examples/local-roundtrip.mjs
import { S3Pod } from '@lakota/pod-s3';
import { buildApp } from 'fauxqs';

const server = buildApp({ logger: false });
const endpoint = await server.listen({ port: 0, host: '127.0.0.1' });
await server.inject({ method: 'PUT', url: '/demo-bucket' });

// Python Lakota's form for a local server: s3://host:port/bucket/prefix
const pod = S3Pod.fromUri(`s3://${new URL(endpoint).host}/demo-bucket/lakota?key=demo&secret=demo`);
try {
  const hello = new TextEncoder().encode('world');
  console.log('written:', await pod.write('aa/bb/hello', hello)); // 5
  console.log('again:', await pod.write('aa/bb/hello', hello)); // 0: write-once
  console.log('ls aa:', await pod.ls('aa')); // [ 'bb' ]
  console.log('read:', new TextDecoder().decode(await pod.read('aa/bb/hello'))); // world
  for await (const path of pod.walk()) console.log('walk:', path);
  await pod.rm('aa', { recursive: true });
  console.log('after rm:', await pod.ls()); // []
} finally {
  pod.destroy();
  await server.close();
}
