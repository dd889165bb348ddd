import { randomBytes } from 'node:crypto';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { AbortError, InvalidPathError, NotFoundError, PodOperationError } from '@lakota/core';
import { afterAll, describe, expect, it } from 'vitest';
import { S3Pod } from '../src/index.js';
import {
  EMULATOR_CREDENTIALS,
  emulatorBucket,
  emulatorClient,
  emulatorEndpoint,
  emulatorPod,
} from './helpers.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

const pods: S3Pod[] = [];
function fresh(options: Parameters<typeof emulatorPod>[0] = {}): S3Pod {
  const pod = emulatorPod(options);
  pods.push(pod);
  return pod;
}
afterAll(() => {
  for (const pod of pods) pod.destroy();
});

describe('S3Pod on the fauxqs emulator', () => {
  it('writes, reads and lists the two-level layout of a Lakota repository', async () => {
    const pod = fresh();
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

  it('keeps objects under its prefix only', async () => {
    const pod = fresh();
    await pod.write('a/b', bytes('x'));
    const client = emulatorClient();
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: emulatorBucket(), Prefix: `${pod.prefix}/` }),
    );
    client.destroy();
    expect(listed.Contents?.map((o) => o.Key)).toEqual([`${pod.prefix}/a/b`]);
  });

  it('is write-once unless forced, with and without conditional writes', async () => {
    for (const conditionalWrite of [true, false]) {
      const pod = fresh({ conditionalWrite });
      expect(await pod.write('f', bytes('first'))).toBe(5);
      expect(await pod.write('f', bytes('second'))).toBe(0);
      expect(text(await pod.read('f'))).toBe('first');
      expect(await pod.write('f', bytes('forced'), { force: true })).toBe(6);
      expect(text(await pod.read('f'))).toBe('forced');
    }
  });

  it('lets exactly one of many racing writers land when conditional writes are on', async () => {
    const pod = fresh({ conditionalWrite: true });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => pod.write('race', bytes(`writer-${i}`))),
    );
    expect(results.filter((n) => n > 0)).toHaveLength(1);
    const winner = results.findIndex((n) => n > 0);
    expect(text(await pod.read('race'))).toBe(`writer-${winner}`);
  });

  it('throws NotFoundError for missing files and folders, naming the path', async () => {
    const pod = fresh();
    await expect(pod.read('nope/file')).rejects.toBeInstanceOf(NotFoundError);
    await expect(pod.read('nope/file')).rejects.toMatchObject({ path: 'nope/file' });
    await expect(pod.ls('nope')).rejects.toBeInstanceOf(NotFoundError);
    expect(await pod.ls('nope', { missingOk: true })).toEqual([]);
    expect(await pod.ls()).toEqual([]);
    await expect(pod.rm('nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(pod.mv('nope', 'there')).rejects.toBeInstanceOf(NotFoundError);
    expect(await pod.isFile('nope')).toBe(false);
  });

  it('keeps the SDK error as the cause', async () => {
    const pod = fresh();
    const err = await pod.read('missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).cause).toMatchObject({ name: 'NoSuchKey' });
  });

  it('rejects invalid paths before any request', async () => {
    const pod = fresh();
    for (const bad of ['../x', '/abs', 'a//b', 'a\\b', 'a/./b']) {
      await expect(pod.write(bad, bytes('x'))).rejects.toBeInstanceOf(InvalidPathError);
    }
  });

  it('removes files, refuses folders without recursive, and removes folders with it', async () => {
    const pod = fresh();
    await pod.write('d/one', bytes('1'));
    await pod.write('d/sub/two', bytes('2'));
    await pod.write('keep', bytes('k'));
    await expect(pod.rm('d')).rejects.toBeInstanceOf(PodOperationError);
    await pod.rm('d/one');
    expect(await pod.ls('d')).toEqual(['sub']);
    await pod.rm('d', { recursive: true });
    expect(await pod.ls()).toEqual(['keep']);
    await pod.rm('d', { recursive: true, missingOk: true });
    await expect(pod.rm('d', { recursive: true })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('pages through folders with continuation tokens', async () => {
    const pod = fresh({ listPageSize: 50 });
    const names = Array.from({ length: 120 }, (_, i) => `f${String(i).padStart(4, '0')}`);
    await Promise.all(names.map((n) => pod.write(`big/${n}`, bytes(n))));
    await pod.write('big/sub/x', bytes('x'));
    expect(await pod.ls('big')).toEqual([...names, 'sub']);
    await pod.rm('big', { recursive: true });
    expect(await pod.ls('big', { missingOk: true })).toEqual([]);
  });

  it('removes more than 1,000 paths with rmMany, ignoring missing ones', async () => {
    const pod = fresh();
    const real = Array.from({ length: 30 }, (_, i) => `d/${i}`);
    await Promise.all(real.map((p) => pod.write(p, bytes(p))));
    await pod.write('keep', bytes('k'));
    const absent = Array.from({ length: 1000 }, (_, i) => `absent/${i}`);
    await pod.rmMany([...absent.slice(0, 600), ...real, ...absent.slice(600)]);
    expect(await pod.ls()).toEqual(['keep']);
  });

  it('removes a folder with more than 1,000 files in one call', async () => {
    const pod = fresh({ parallelism: 32 });
    const client = emulatorClient();
    // Uploaded straight through the SDK to keep this test about removal.
    const keys = Array.from({ length: 1100 }, (_, i) => `${pod.prefix}/many/${i}`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(
        keys
          .slice(i, i + 50)
          .map((Key) =>
            client.send(new PutObjectCommand({ Bucket: emulatorBucket(), Key, Body: 'x' })),
          ),
      );
    }
    client.destroy();
    await pod.write('other', bytes('o'));
    await pod.rm('many', { recursive: true });
    expect(await pod.ls()).toEqual(['other']);
  });

  it('moves a file by copy and delete', async () => {
    const pod = fresh();
    await pod.write('from/x', bytes('moved'));
    await pod.write('to/y', bytes('old'));
    await pod.mv('from/x', 'to/y');
    expect(text(await pod.read('to/y'))).toBe('moved');
    expect(await pod.ls('from', { missingOk: true })).toEqual([]);
    expect(pod.capabilities.atomicMove).toBe(false);
  });

  it('moves names that need URL encoding', async () => {
    const pod = fresh();
    const name = 'dir with space/é+%?#&=';
    await pod.write(name, bytes('odd'));
    await pod.mv(name, 'plain');
    expect(text(await pod.read('plain'))).toBe('odd');
    expect(await pod.isFile(name)).toBe(false);
  });

  it('uploads large files in parts and reads them back intact', async () => {
    const pod = fresh({ partSize: 5 * 1024 * 1024, multipartThreshold: 5 * 1024 * 1024 });
    const data = randomBytes(12 * 1024 * 1024 + 17);
    expect(await pod.write('big/file', data)).toBe(data.byteLength);
    expect(Buffer.from(await pod.read('big/file')).equals(data)).toBe(true);
    // A multipart upload is write-once too (If-None-Match on completion).
    expect(await pod.write('big/file', randomBytes(6 * 1024 * 1024))).toBe(0);
    expect(Buffer.from(await pod.read('big/file')).equals(data)).toBe(true);
  });

  it('reads many files at once, with missing ones when asked', async () => {
    const pod = fresh();
    await pod.write('a', bytes('A'));
    await pod.write('b', bytes('B'));
    const got = await pod.readMany(['a', 'missing', 'b'], { missingOk: true });
    expect(got.map((b) => (b ? text(b) : undefined))).toEqual(['A', undefined, 'B']);
    await expect(pod.readMany(['a', 'missing'])).rejects.toBeInstanceOf(NotFoundError);
  });

  it('gives sub-pods confined to a folder', async () => {
    const pod = fresh();
    const sub = pod.cd('x/y');
    await sub.write('f', bytes('in sub'));
    expect(text(await pod.read('x/y/f'))).toBe('in sub');
    expect(await sub.ls()).toEqual(['f']);
    await expect(sub.read('g')).rejects.toMatchObject({ path: 'g' });
  });

  it('stops when the signal is aborted', async () => {
    const pod = fresh();
    const controller = new AbortController();
    controller.abort();
    await expect(pod.write('f', bytes('x'), { signal: controller.signal })).rejects.toBeInstanceOf(
      AbortError,
    );
    const pending = pod.readMany(
      Array.from({ length: 50 }, (_, i) => `f${i}`),
      { missingOk: true, signal: AbortSignal.abort() },
    );
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('reports a missing bucket as an operation error naming the bucket', async () => {
    const pod = new S3Pod({
      bucket: 'no-such-bucket',
      endpoint: emulatorEndpoint(),
      clientConfig: { credentials: EMULATOR_CREDENTIALS },
    });
    pods.push(pod);
    const err = await pod.read('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PodOperationError);
    expect((err as Error).message).toContain('no-such-bucket');
  });

  it('declares conditional writes off by default on a custom endpoint', () => {
    const custom = new S3Pod({ bucket: 'b', endpoint: emulatorEndpoint() });
    const aws = new S3Pod({ bucket: 'b', clientConfig: { region: 'eu-west-1' } });
    const shared = new S3Pod({ bucket: 'b', client: emulatorClient() });
    expect(custom.capabilities.conditionalWrite).toBe(false);
    expect(aws.capabilities.conditionalWrite).toBe(true);
    expect(shared.capabilities.conditionalWrite).toBe(false);
    for (const p of [custom, aws, shared]) p.client.destroy();
  });
});
