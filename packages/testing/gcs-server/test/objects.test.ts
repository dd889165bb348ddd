import { type File, Storage } from '@google-cloud/storage';
import { describe, expect, it } from 'vitest';
import { bytes, statusOf, useGcsServer } from './harness.js';

describe('objects through the SDK', () => {
  const t = useGcsServer({ rewriteBytesPerCall: 1024 * 1024 });
  const bucket = () => t.storage.bucket('bkt');
  const put = (name: string, data: string | Buffer = name) =>
    bucket().file(name).save(Buffer.from(data), { resumable: false });

  it('round-trips names that need percent-encoding', async () => {
    const names = [
      'a/b/c.txt',
      'spaces and %25 and + and ?x=1#frag',
      'ünïcødé/日本/😀',
      'q\'uote"s',
    ];
    for (const name of names) await put(name, `content of ${name}`);
    for (const name of names) {
      const [data] = await bucket().file(name).download();
      expect(data.toString()).toBe(`content of ${name}`);
    }
    // Slashes travel as %2F inside one path segment, as GCS requires.
    expect(t.server.requests.some((r) => r.path.endsWith('/o/a%2Fb%2Fc.txt'))).toBe(true);
  });

  it('downloads ranges, open-ended ranges and suffixes', async () => {
    const data = bytes(1000);
    await put('r', data);
    const file = bucket().file('r');
    expect((await file.download({ start: 10, end: 19 }))[0].equals(data.subarray(10, 20))).toBe(
      true,
    );
    expect((await file.download({ start: 990 }))[0].equals(data.subarray(990))).toBe(true);
    expect((await file.download({ end: -5 }))[0].equals(data.subarray(995))).toBe(true);
    const ranged = t.server.requests.filter((r) => r.headers.range !== undefined);
    expect(ranged.map((r) => [r.headers.range, r.status])).toEqual([
      ['bytes=10-19', 206],
      ['bytes=990-', 206],
      ['bytes=-5', 206],
    ]);
  });

  it('answers 416 for a range past the end', async () => {
    await put('short', 'abc');
    const res = await fetch(`${t.server.url}/storage/v1/b/bkt/o/short?alt=media`, {
      headers: { Range: 'bytes=10-20' },
    });
    expect(res.status).toBe(416);
  });

  it('sends checksums the SDK validates: corrupted bytes fail the download', async () => {
    await put('valid', 'the original bytes');
    t.server.store.get('bkt', 'valid').data = Buffer.from('tampered with bytes');
    const err = await bucket()
      .file('valid')
      .download()
      .catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('CONTENT_DOWNLOAD_MISMATCH');
  });

  it('lists with prefix and delimiter: files as items, folders as prefixes', async () => {
    for (const n of ['top.txt', 'd/a', 'd/b', 'd/sub/c', 'd/sub/deeper/e', 'e/x']) await put(n);
    const [files, , response] = await bucket().getFiles({
      prefix: 'd/',
      delimiter: '/',
      autoPaginate: false,
    });
    expect(files.map((f) => f.name)).toEqual(['d/a', 'd/b']);
    expect((response as { prefixes?: string[] }).prefixes).toEqual(['d/sub/']);
    const [all] = await bucket().getFiles({ prefix: 'd/' });
    expect(all.map((f) => f.name)).toEqual(['d/a', 'd/b', 'd/sub/c', 'd/sub/deeper/e']);
  });

  it('pages with maxResults and pageToken, counting items and prefixes together', async () => {
    const names = Array.from({ length: 23 }, (_, i) => `p/f${String(i).padStart(2, '0')}`);
    for (const n of [...names, 'p/z/1', 'p/z/2', 'p/y/1']) await put(n);
    const seen: string[] = [];
    const prefixes: string[] = [];
    let query: object | null = { prefix: 'p/', delimiter: '/', maxResults: 5, autoPaginate: false };
    let pages = 0;
    while (query) {
      const [files, next, response]: [File[], object | null, unknown] =
        await bucket().getFiles(query);
      const pagePrefixes = (response as { prefixes?: string[] }).prefixes ?? [];
      expect(files.length + pagePrefixes.length).toBeLessThanOrEqual(5);
      seen.push(...files.map((f) => f.name));
      prefixes.push(...pagePrefixes);
      query = next;
      pages++;
    }
    expect(pages).toBe(5);
    expect(seen).toEqual(names);
    expect(prefixes).toEqual(['p/y/', 'p/z/']);
    // autoPaginate follows nextPageToken to the end.
    const [auto] = await bucket().getFiles({ prefix: 'p/f', maxResults: 1000 });
    expect(auto).toHaveLength(23);
  });

  it('lists in UTF-8 byte order', async () => {
    const names = ['b', 'a', 'B', 'é', '😀', '\uffff', 'a0'];
    for (const n of names) await put(n);
    const [files] = await bucket().getFiles();
    expect(files.map((f) => f.name)).toEqual(
      [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))),
    );
  });

  it('deletes, and answers 404 for what does not exist', async () => {
    await put('gone');
    await bucket().file('gone').delete();
    expect((await bucket().file('gone').exists())[0]).toBe(false);
    expect(await statusOf(bucket().file('gone').delete())).toBe(404);
    expect(await statusOf(bucket().file('gone').download())).toBe(404);
    expect(await statusOf(bucket().file('gone').getMetadata())).toBe(404);
  });

  it('deletes only when ifGenerationMatch holds', async () => {
    await put('kept');
    const [meta] = await bucket().file('kept').getMetadata();
    const file = bucket().file('kept');
    expect(await statusOf(file.delete({ ifGenerationMatch: Number(meta.generation) + 1 }))).toBe(
      412,
    );
    await file.delete({ ifGenerationMatch: Number(meta.generation) });
    expect((await file.exists())[0]).toBe(false);
  });

  it('copies with rewrite, across several calls for a large object, to another bucket too', async () => {
    await t.storage.createBucket('other');
    const data = bytes(2_500_000);
    await bucket().file('src').save(data, { resumable: false, contentType: 'application/x-src' });
    await bucket().file('src').copy(t.storage.bucket('other').file('dst/copy'));
    const [copied] = await t.storage.bucket('other').file('dst/copy').download();
    expect(copied.equals(data)).toBe(true);
    const rewrites = t.server.requests.filter((r) => r.path.includes('/rewriteTo/'));
    expect(rewrites).toHaveLength(3);
    expect(rewrites[0]?.path).toBe('/storage/v1/b/bkt/o/src/rewriteTo/b/other/o/dst%2Fcopy');
    const [meta] = await t.storage.bucket('other').file('dst/copy').getMetadata();
    expect(meta.contentType).toBe('application/x-src');
  });

  it('moves with copy + delete, and atomically with objects.move', async () => {
    await put('m1', 'moving');
    await bucket().file('m1').move('m2');
    await bucket().file('m2').moveFileAtomic('m3');
    expect(t.server.requests.some((r) => r.path.endsWith('/o/m2/moveTo/o/m3'))).toBe(true);
    expect((await bucket().file('m1').exists())[0]).toBe(false);
    expect((await bucket().file('m2').exists())[0]).toBe(false);
    expect((await bucket().file('m3').download())[0].toString()).toBe('moving');
    expect(await statusOf(bucket().file('m1').copy('m4'))).toBe(404);
  });

  it('refuses a copy onto an existing object under ifGenerationMatch=0', async () => {
    await put('from', 'new');
    await put('to', 'old');
    const copy = bucket()
      .file('from')
      .copy('to', { preconditionOpts: { ifGenerationMatch: 0 } });
    expect(await statusOf(copy)).toBe(412);
    expect((await bucket().file('to').download())[0].toString()).toBe('old');
  });

  it('composes objects', async () => {
    await put('c1', 'abc');
    await put('c2', 'def');
    await bucket().combine(['c1', 'c2'], 'c3');
    expect((await bucket().file('c3').download())[0].toString()).toBe('abcdef');
    const [meta] = await bucket().file('c3').getMetadata();
    expect(meta.componentCount).toBe(2);
  });

  it('patches metadata and bumps the metageneration', async () => {
    await put('meta');
    const file = bucket().file('meta');
    await file.setMetadata({ contentType: 'text/plain', metadata: { k: 'v' } });
    const [meta] = await file.getMetadata();
    expect(meta).toMatchObject({
      contentType: 'text/plain',
      metadata: { k: 'v' },
      metageneration: '2',
    });
  });

  it('creates, gets and deletes buckets', async () => {
    await t.storage.createBucket('made-here');
    expect((await t.storage.bucket('made-here').exists())[0]).toBe(true);
    expect(await statusOf(t.storage.createBucket('made-here'))).toBe(409);
    await t.storage.bucket('made-here').delete();
    expect((await t.storage.bucket('made-here').exists())[0]).toBe(false);
    expect(await statusOf(t.storage.createBucket('Bad_Name!'))).toBe(400);
  });
});

describe('errors, emulator host and faults', () => {
  const t = useGcsServer();

  it('answers errors in the JSON API shape', async () => {
    const res = await fetch(`${t.server.url}/storage/v1/b/bkt/o/missing%2Fthing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        code: 404,
        message: 'No such object: bkt/missing/thing',
        errors: [
          { domain: 'global', reason: 'notFound', message: 'No such object: bkt/missing/thing' },
        ],
      },
    });
    const noBucket = await fetch(`${t.server.url}/storage/v1/b/nope/o`);
    expect(noBucket.status).toBe(404);
    expect(((await noBucket.json()) as { error: { message: string } }).error.message).toBe(
      'The specified bucket does not exist.',
    );
    const unencoded = await fetch(`${t.server.url}/storage/v1/b/bkt/o/a/b`);
    expect(unencoded.status).toBe(404);
    expect(await unencoded.text()).toContain('%2F');
  });

  it('serves the SDK configured through STORAGE_EMULATOR_HOST alone', async () => {
    const saved = process.env.STORAGE_EMULATOR_HOST;
    process.env.STORAGE_EMULATOR_HOST = t.server.url;
    try {
      const storage = new Storage({ projectId: 'test' });
      const file = storage.bucket('bkt').file('via/env');
      await file.save(Buffer.from('env'), { resumable: false });
      expect((await file.download())[0].toString()).toBe('env');
      const [files] = await storage.bucket('bkt').getFiles({ prefix: 'via/' });
      expect(files.map((f) => f.name)).toEqual(['via/env']);
      // With the variable the SDK leaves out /storage/v1 on metadata calls.
      expect(t.server.requests.some((r) => r.path === '/b/bkt/o')).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.STORAGE_EMULATOR_HOST;
      else process.env.STORAGE_EMULATOR_HOST = saved;
    }
  });

  it('fails the requests an injected fault matches, then recovers', async () => {
    await t.storage.bucket('bkt').file('f').save(Buffer.from('x'), { resumable: false });
    t.server.injectFault({ status: 503, method: 'GET', match: '/o/f' });
    // A fresh client: SDK 7 turns autoRetry off for good on the instance after
    // a save() without preconditions, as the one above.
    const fresh = new Storage({ apiEndpoint: t.server.url, projectId: 'test' });
    // It retries a 503 of a metadata call by itself (after about a second).
    const [meta] = await fresh.bucket('bkt').file('f').getMetadata();
    expect(meta.size).toBe('1');
    const statuses = t.server.requests.filter((r) => r.method === 'GET').map((r) => r.status);
    expect(statuses).toEqual([503, 200]);

    t.server.injectFault({ status: 429, times: 1 });
    const noRetry = new Storage({
      apiEndpoint: t.server.url,
      projectId: 'test',
      retryOptions: { autoRetry: false },
    });
    expect(await statusOf(noRetry.bucket('bkt').file('f').getMetadata())).toBe(429);
    expect((await noRetry.bucket('bkt').file('f').getMetadata())[0].name).toBe('f');
  });
});
