import { NotFoundError, PermissionError, PodOperationError, TransientError } from '@lakota/core';
import { afterEach, describe, expect, it } from 'vitest';
import { S3Pod } from '../src/index.js';
import { type ErrorServer, startErrorServer } from './error-server.js';
import { EMULATOR_CREDENTIALS } from './helpers.js';

let server: ErrorServer | undefined;
let pod: S3Pod | undefined;
afterEach(async () => {
  pod?.destroy();
  await server?.stop();
  server = undefined;
  pod = undefined;
});

async function podAnswering(status: number, code: string, maxAttempts = 2): Promise<S3Pod> {
  server = await startErrorServer(status, code);
  pod = new S3Pod({
    bucket: 'bucket',
    prefix: 'root',
    endpoint: server.endpoint,
    clientConfig: { credentials: EMULATOR_CREDENTIALS, maxAttempts },
  });
  return pod;
}

describe('S3 errors become typed Lakota errors', () => {
  it('AccessDenied (403) is a PermissionError, not retried, with the SDK error as cause', async () => {
    const p = await podAnswering(403, 'AccessDenied', 3);
    const err = await p.read('a/b').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionError);
    expect(err).toMatchObject({ path: 'a/b', retryable: false, code: 'PERMISSION_DENIED' });
    expect((err as Error).cause).toMatchObject({ name: 'AccessDenied' });
    expect(server?.requests).toBe(1);
  });

  it('a 403 on HEAD (no body) is a PermissionError too', async () => {
    const p = await podAnswering(403, 'AccessDenied');
    await expect(p.isFile('a')).rejects.toBeInstanceOf(PermissionError);
  });

  it('SlowDown (503) is retried, then becomes a retryable TransientError', async () => {
    const p = await podAnswering(503, 'SlowDown', 3);
    const err = await p.write('a', new Uint8Array([1]), { force: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect(err).toMatchObject({ retryable: true, code: 'TRANSIENT' });
    expect((err as Error).message).toContain("'a'");
    expect((err as Error).cause).toMatchObject({ name: 'SlowDown' });
    expect(server?.requests).toBe(3);
  });

  it('InternalError (500) while listing is a TransientError', async () => {
    const p = await podAnswering(500, 'InternalError');
    await expect(p.ls('x')).rejects.toBeInstanceOf(TransientError);
    expect(server?.requests).toBe(2);
  });

  it('a refused connection is a TransientError', async () => {
    const closed = await startErrorServer(500, 'Unused');
    const endpoint = closed.endpoint;
    await closed.stop();
    pod = new S3Pod({
      bucket: 'bucket',
      endpoint,
      clientConfig: { credentials: EMULATOR_CREDENTIALS, maxAttempts: 2 },
    });
    const err = await pod.read('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as Error).cause).toBeDefined();
  });

  it('NoSuchKey is a NotFoundError and other client errors an operation error', async () => {
    const p = await podAnswering(404, 'NoSuchKey');
    await expect(p.read('gone')).rejects.toBeInstanceOf(NotFoundError);
    pod?.destroy();
    await server?.stop();
    const q = await podAnswering(400, 'InvalidArgument');
    const err = await q.read('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PodOperationError);
    expect(err).toMatchObject({ retryable: false });
  });
});
