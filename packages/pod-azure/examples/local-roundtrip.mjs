// A round trip through AzurePod against Azurite, Microsoft's local Azure
// Storage emulator (a devDependency of this package), so it needs no Azure
// account. Run from a clone after
// `pnpm install && pnpm --filter @lakota/pod-azure... build`:
//   node packages/pod-azure/examples/local-roundtrip.mjs
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AzurePod } from '@lakota/pod-azure';

// Azurite's published development account.
const ACCOUNT = 'devstoreaccount1';
const KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const azuriteMain = join(
  dirname(createRequire(import.meta.url).resolve('azurite/package.json')),
  'dist/src/blob/main.js',
);
const azurite = spawn(
  process.execPath,
  [
    azuriteMain,
    ...['--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence'],
    ...['--skipApiVersionCheck', '--disableTelemetry', '--silent'],
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const base = await new Promise((resolve, reject) => {
  let out = '';
  azurite.stdout.on('data', (chunk) => {
    out += chunk;
    const m = /successfully listens on (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  azurite.once('exit', (code) => reject(new Error(`Azurite exited (${code}):\n${out}`)));
});

try {
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=${base}/${ACCOUNT};`;
  const pod = new AzurePod({ container: 'demo', prefix: 'lakota', connectionString });
  await pod.containerClient.createIfNotExists();

  const hello = new TextEncoder().encode('world');
  console.log('written:', await pod.write('aa/bb/hello', hello)); // 5
  console.log('again:', await pod.write('aa/bb/hello', hello)); // 0: write-once
  console.log('ls aa:', await pod.ls('aa')); // [ 'bb' ]
  console.log('read:', new TextDecoder().decode(await pod.read('aa/bb/hello'))); // world
  for await (const path of pod.walk()) console.log('walk:', path);
  await pod.rm('aa', { recursive: true });
  console.log('after rm:', await pod.ls()); // []
} finally {
  azurite.kill('SIGTERM');
}
