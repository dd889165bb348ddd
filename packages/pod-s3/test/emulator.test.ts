import { afterAll, beforeAll, expect, it } from 'vitest';
import { S3Pod } from '../src/index.js';
import { type LocalS3Server, startLocalS3 } from './fauxqs-server.js';
import { EMULATOR_CREDENTIALS } from './helpers.js';

// Why the shared test server adds If-None-Match handling to fauxqs, and why
// S3Pod leaves conditional writes off on custom endpoints by default: a
// server that ignores the header lets every racing writer "win".
let plain: LocalS3Server;
beforeAll(async () => {
  plain = await startLocalS3({ conditionalWrites: false });
  await plain.createBucket('plain');
});
afterAll(() => plain.stop());

it('plain fauxqs 1.9.2 ignores If-None-Match: * on PutObject', async () => {
  const pod = new S3Pod({
    bucket: 'plain',
    endpoint: plain.endpoint,
    clientConfig: { credentials: EMULATOR_CREDENTIALS },
    conditionalWrite: true,
  });
  expect(await pod.write('x', new Uint8Array([1]))).toBe(1);
  expect(await pod.write('x', new Uint8Array([2]))).toBe(1);
  expect(await pod.read('x')).toEqual(new Uint8Array([2]));
  pod.destroy();
});
