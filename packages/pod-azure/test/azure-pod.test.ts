import { randomBytes } from 'node:crypto';
import { ContainerClient, ContainerSASPermissions } from '@azure/storage-blob';
import { AbortError, InvalidPathError, NotFoundError, PodOperationError } from '@lakota/core';
import { describe, expect, it } from 'vitest';
import { AzurePod } from '../src/index.js';
import { AZURITE_ACCOUNT, AZURITE_KEY } from './azurite-server.js';
import {
  azuriteConnectionString,
  azuriteContainer,
  azuriteContainerClient,
  azuritePod,
  azuriteUrl,
} from './helpers.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('AzurePod on Azurite', () => {
  it('writes, reads and lists the two-level layout of a Lakota repository', async () => {
    const pod = azuritePod();
    await pod.write('ab/cd/0123abcd', bytes('segment'));
    await pod.write('ab/ef/4567', bytes('other'));
    await pod.write('top', bytes('t'));
    expect(await pod.ls()).toEqual(['ab', 'top']);
    expect(await pod.ls('ab')).toEqual(['cd', 'ef']);
    expect(await pod.ls('ab/cd')).toEqual(['0123abcd']);
    expect(text(await pod.read('ab/cd/0123abcd'))).toBe('segment');
    const walked: string[] = [];
    for await (const p of pod.walk()) walked.push(p);
    expect(walked).toEqual(['ab/cd/0123abcd', 'ab/ef/4567', 'top']);
  });

  it('keeps blobs under its prefix only', async () => {
    const pod = azuritePod();
    await pod.write('a/b', bytes('x'));
    const names: string[] = [];
    for await (const b of azuriteContainerClient().listBlobsFlat({ prefix: `${pod.prefix}/` })) {
      names.push(b.name);
    }
    expect(names).toEqual([`${pod.prefix}/a/b`]);
  });

  it('is write-once unless forced', async () => {
    const pod = azuritePod();
    expect(await pod.write('f', bytes('first'))).toBe(5);
    expect(await pod.write('f', bytes('second'))).toBe(0);
    expect(text(await pod.read('f'))).toBe('first');
    expect(await pod.write('f', bytes('forced'), { force: true })).toBe(6);
    expect(text(await pod.read('f'))).toBe('forced');
  });

  it('lets exactly one of many racing writers land', async () => {
    const pod = azuritePod();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => pod.write('race', bytes(`writer-${i}`))),
    );
    expect(results.filter((n) => n > 0)).toHaveLength(1);
    const winner = results.findIndex((n) => n > 0);
    expect(text(await pod.read('race'))).toBe(`writer-${winner}`);
  });

  it('throws NotFoundError for missing files and folders, naming the path, with the cause', async () => {
    const pod = azuritePod();
    const err = await pod.read('nope/file').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ path: 'nope/file' });
    expect((err as Error).cause).toMatchObject({ statusCode: 404 });
    await expect(pod.ls('nope')).rejects.toBeInstanceOf(NotFoundError);
    expect(await pod.ls('nope', { missingOk: true })).toEqual([]);
    expect(await pod.ls()).toEqual([]);
    await expect(pod.rm('nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(pod.mv('nope', 'there')).rejects.toBeInstanceOf(NotFoundError);
    expect(await pod.isFile('nope')).toBe(false);
  });

  it('rejects invalid paths before any request', async () => {
    const pod = azuritePod();
    for (const bad of ['../x', '/abs', 'a//b', 'a\\b', 'a/./b']) {
      await expect(pod.write(bad, bytes('x'))).rejects.toBeInstanceOf(InvalidPathError);
    }
  });

  it('removes files, refuses folders without recursive, and removes folders with it', async () => {
    const pod = azuritePod();
    await pod.write('d/one', bytes('1'));
    await pod.write('d/sub/two', bytes('2'));
    await pod.write('keep', bytes('k'));
    await expect(pod.rm('d')).rejects.toBeInstanceOf(PodOperationError);
    await pod.rm('d/one');
    expect(await pod.ls('d')).toEqual(['sub']);
    await pod.rm('d', { recursive: true });
    expect(await pod.ls()).toEqual(['keep']);
    await expect(pod.rm('d', { recursive: true })).rejects.toBeInstanceOf(NotFoundError);
    await pod.rmMany(['keep', 'absent']);
    expect(await pod.ls()).toEqual([]);
  });

  it('pages through folders with continuation tokens', async () => {
    const pod = azuritePod({ listPageSize: 50 });
    const names = Array.from({ length: 120 }, (_, i) => `f${String(i).padStart(4, '0')}`);
    await Promise.all(names.map((n) => pod.write(`big/${n}`, bytes(n))));
    await pod.write('big/sub/x', bytes('x'));
    expect(await pod.ls('big')).toEqual([...names, 'sub']);
    await pod.rm('big', { recursive: true });
    expect(await pod.ls('big', { missingOk: true })).toEqual([]);
  });

  it('removes more than one batch of paths with rmMany, ignoring missing ones', async () => {
    const pod = azuritePod();
    const real = Array.from({ length: 40 }, (_, i) => `d/${i}`);
    await Promise.all(real.map((p) => pod.write(p, bytes(p))));
    await pod.write('keep', bytes('k'));
    const absent = Array.from({ length: 300 }, (_, i) => `absent/${i}`);
    await pod.rmMany([...absent.slice(0, 200), ...real, ...absent.slice(200)]);
    expect(await pod.ls()).toEqual(['keep']);
  });

  it('works with a container SAS, deleting in batches or blob by blob', async () => {
    const sasUrl = await azuriteContainerClient().generateSasUrl({
      permissions: ContainerSASPermissions.parse('racwdl'),
      expiresOn: new Date(Date.now() + 3_600_000),
    });
    const [url, sasToken] = sasUrl.split('?');
    const pod = new AzurePod({
      containerClient: new ContainerClient(`${url}?${sasToken}`),
      prefix: `sas-${Date.now()}`,
    });
    const paths = Array.from({ length: 20 }, (_, i) => `s/${i}`);
    await Promise.all(paths.map((p) => pod.write(p, bytes(p))));
    expect(await pod.ls('s')).toHaveLength(20);
    await pod.rmMany(paths.slice(0, 10));
    expect(await pod.ls('s')).toHaveLength(10);
    await pod.rm('s', { recursive: true });
    expect(await pod.ls()).toEqual([]);
  });

  it('moves a file by server-side copy and delete', async () => {
    const pod = azuritePod();
    await pod.write('from/x', bytes('moved'));
    await pod.write('to/y', bytes('old'));
    await pod.mv('from/x', 'to/y');
    expect(text(await pod.read('to/y'))).toBe('moved');
    expect(await pod.ls('from', { missingOk: true })).toEqual([]);
    expect(pod.capabilities.atomicMove).toBe(false);
  });

  it('uploads large files in blocks, write-once, and reads them back intact', async () => {
    const pod = azuritePod({ singleShotLimit: 4 * 1024 * 1024, blockSize: 4 * 1024 * 1024 });
    const data = randomBytes(10 * 1024 * 1024 + 17);
    expect(await pod.write('big/file', data)).toBe(data.byteLength);
    expect(Buffer.from(await pod.read('big/file')).equals(data)).toBe(true);
    expect(await pod.write('big/file', randomBytes(5 * 1024 * 1024))).toBe(0);
    expect(Buffer.from(await pod.read('big/file')).equals(data)).toBe(true);
  });

  it('stops when the signal is aborted', async () => {
    const pod = azuritePod();
    await expect(
      pod.write('f', bytes('x'), { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(AbortError);
    const pending = pod.readMany(
      Array.from({ length: 50 }, (_, i) => `f${i}`),
      { missingOk: true, signal: AbortSignal.abort() },
    );
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('connects with an account name, key and URL as well as a connection string', async () => {
    const pod = new AzurePod({
      container: azuriteContainer(),
      prefix: 'by-key',
      accountName: AZURITE_ACCOUNT,
      accountKey: AZURITE_KEY,
      url: azuriteUrl(),
    });
    await pod.write('f', bytes('k'), { force: true });
    expect(text(await pod.read('f'))).toBe('k');
    await pod.rm('', { recursive: true });
  });

  it('reports a missing container as an operation error naming it', async () => {
    const pod = new AzurePod({
      container: 'no-such-container',
      connectionString: azuriteConnectionString(),
    });
    for (const call of [() => pod.read('x'), () => pod.rmMany(['a', 'b', 'c'])]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PodOperationError);
      expect((err as Error).message).toContain('no-such-container');
    }
  });

  it('asks for credentials when it has none', () => {
    expect(() => new AzurePod({ container: 'c' })).toThrow(/no credentials/);
  });
});
