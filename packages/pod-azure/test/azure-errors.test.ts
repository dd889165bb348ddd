import { NotFoundError, PermissionError, PodOperationError, TransientError } from '@lakota/core';
import { afterEach, describe, expect, it } from 'vitest';
import { AzurePod } from '../src/index.js';
import { AZURITE_KEY } from './azurite-server.js';
import { type ErrorServer, startErrorServer } from './error-server.js';

let server: ErrorServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function podAnswering(status: number, code: string, maxTries = 2): Promise<AzurePod> {
  server = await startErrorServer(status, code);
  return new AzurePod({
    container: 'c',
    prefix: 'root',
    url: server.url,
    accountName: 'testaccount',
    accountKey: AZURITE_KEY,
    retryOptions: { maxTries, retryDelayInMs: 10, maxRetryDelayInMs: 20 },
  });
}

describe('Azure errors become typed Lakota errors', () => {
  it('AuthorizationFailure (403) is a PermissionError, not retried, with the SDK error as cause', async () => {
    const pod = await podAnswering(403, 'AuthorizationFailure', 3);
    const err = await pod.read('a/b').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionError);
    expect(err).toMatchObject({ path: 'a/b', retryable: false });
    expect((err as Error).cause).toMatchObject({ statusCode: 403 });
    expect(server?.requests).toBe(1);
  });

  it('a 403 on an existence check (HEAD) is a PermissionError too', async () => {
    const pod = await podAnswering(403, 'AuthenticationFailed');
    await expect(pod.isFile('a')).rejects.toBeInstanceOf(PermissionError);
  });

  it('ServerBusy (503) is retried, then becomes a retryable TransientError', async () => {
    const pod = await podAnswering(503, 'ServerBusy', 3);
    const err = await pod.write('a', new Uint8Array([1]), { force: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect(err).toMatchObject({ retryable: true });
    expect((err as Error).message).toContain("'a'");
    expect((err as Error).cause).toMatchObject({ statusCode: 503 });
    expect(server?.requests).toBe(3);
  });

  it('InternalError (500) while listing is a TransientError', async () => {
    const pod = await podAnswering(500, 'InternalError');
    await expect(pod.ls('x')).rejects.toBeInstanceOf(TransientError);
    expect(server?.requests).toBe(2);
  });

  it('a refused connection is a TransientError', async () => {
    const closed = await startErrorServer(500, 'Unused');
    const url = closed.url;
    await closed.stop();
    const pod = new AzurePod({
      container: 'c',
      url,
      accountName: 'testaccount',
      accountKey: AZURITE_KEY,
      retryOptions: { maxTries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 20 },
    });
    const err = await pod.read('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as Error).cause).toBeDefined();
  });

  it('BlobNotFound is a NotFoundError and other client errors an operation error', async () => {
    const pod = await podAnswering(404, 'BlobNotFound');
    await expect(pod.read('gone')).rejects.toBeInstanceOf(NotFoundError);
    await server?.stop();
    const other = await podAnswering(400, 'InvalidHeaderValue');
    const err = await other.read('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PodOperationError);
    expect(err).toMatchObject({ retryable: false });
  });

  it('falls back to deleting blob by blob when the service refuses batches', async () => {
    server = await startErrorServer(500, 'Unused', (method, url) =>
      method === 'POST' && url.includes('comp=batch')
        ? { status: 403, code: 'AuthorizationPermissionMismatch' }
        : method === 'DELETE'
          ? { status: 202 }
          : undefined,
    );
    const pod = new AzurePod({
      container: 'c',
      url: server.url,
      accountName: 'testaccount',
      accountKey: AZURITE_KEY,
      retryOptions: { maxTries: 1 },
    });
    await pod.rmMany(['a', 'b', 'c']);
    await pod.rmMany(['d', 'e']);
    expect(server.log.filter((l) => l.startsWith('POST'))).toHaveLength(1);
    expect(server.log.filter((l) => l.startsWith('DELETE'))).toHaveLength(5);
  });
});
