import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { bytes, sdkCrc32c, statusOf, useGcsServer } from './harness.js';

const KiB = 1024;

describe('uploads through the SDK', () => {
  const t = useGcsServer();

  it('saves with a multipart upload when resumable is off', async () => {
    const data = bytes(5000);
    const file = t.storage.bucket('bkt').file('dir/small.bin');
    await file.save(data, { resumable: false, contentType: 'application/x-test' });

    const upload = t.server.requests.find((r) => r.path.startsWith('/upload/'));
    expect(upload?.query.uploadType).toBe('multipart');
    const [meta] = await file.getMetadata();
    expect(meta).toMatchObject({
      name: 'dir/small.bin',
      bucket: 'bkt',
      size: '5000',
      contentType: 'application/x-test',
      metageneration: '1',
      md5Hash: createHash('md5').update(data).digest('base64'),
      crc32c: sdkCrc32c(data),
    });
    expect(Number(meta.generation)).toBeGreaterThan(0);
    const [back] = await file.download();
    expect(back.equals(data)).toBe(true);
  });

  it('saves a small resumable upload as one PUT with Content-Range bytes 0-*/*', async () => {
    const data = bytes(3000);
    const file = t.storage.bucket('bkt').file('resumable.bin');
    await file.save(data, { resumable: true });

    const put = t.server.requests.filter((r) => r.method === 'PUT');
    expect(put.map((r) => r.headers['content-range'])).toEqual(['bytes 0-*/*']);
    const [back] = await file.download();
    expect(back.equals(data)).toBe(true);
  });

  it('uploads in chunks answered by 308 Resume Incomplete', async () => {
    const data = bytes(700 * KiB, 9);
    const file = t.storage.bucket('bkt').file('chunked.bin');
    await pipeline(
      async function* () {
        for (let i = 0; i < data.length; i += 100 * KiB) yield data.subarray(i, i + 100 * KiB);
      },
      file.createWriteStream({ resumable: true, chunkSize: 256 * KiB }),
    );

    const puts = t.server.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => [r.headers['content-range'], r.status])).toEqual([
      ['bytes 0-262143/*', 308],
      ['bytes 262144-524287/*', 308],
      [`bytes 524288-${data.length - 1}/${data.length}`, 200],
    ]);
    const [back] = await file.download();
    expect(back.equals(data)).toBe(true);
  });

  it('honours ifGenerationMatch=0 on both upload kinds: a second write gets 412', async () => {
    for (const resumable of [false, true]) {
      const file = t.storage.bucket('bkt').file(`once-${resumable}`);
      const opts = { resumable, preconditionOpts: { ifGenerationMatch: 0 } };
      await file.save(Buffer.from('first'), opts);
      expect(await statusOf(file.save(Buffer.from('second'), opts))).toBe(412);
      const [back] = await file.download();
      expect(back.toString()).toBe('first');
    }
  });

  it('lets exactly one of many racing conditional writers win', async () => {
    const file = () => t.storage.bucket('bkt').file('race');
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        file().save(Buffer.from(`writer ${i}`), {
          resumable: false,
          preconditionOpts: { ifGenerationMatch: 0 },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [r.reason.code] : []));
    expect(codes).toEqual(Array(7).fill(412));
  });

  it('overwrites when the generation matches and bumps it', async () => {
    const file = t.storage.bucket('bkt').file('gen');
    await file.save(Buffer.from('v1'), { resumable: false });
    const [m1] = await file.getMetadata();
    await file.save(Buffer.from('v2'), {
      resumable: false,
      preconditionOpts: { ifGenerationMatch: Number(m1.generation) },
    });
    const [m2] = await file.getMetadata();
    expect(BigInt(m2.generation!)).toBeGreaterThan(BigInt(m1.generation!));
    expect(
      await statusOf(
        file.save(Buffer.from('v3'), {
          resumable: false,
          preconditionOpts: { ifGenerationMatch: Number(m1.generation) },
        }),
      ),
    ).toBe(412);
  });

  it('stores an empty object', async () => {
    for (const resumable of [false, true]) {
      const file = t.storage.bucket('bkt').file(`empty-${resumable}`);
      await file.save(Buffer.alloc(0), { resumable });
      const [back] = await file.download();
      expect(back.byteLength).toBe(0);
    }
  });

  it('answers 404 when uploading into a missing bucket', async () => {
    const file = t.storage.bucket('nope').file('x');
    expect(await statusOf(file.save(Buffer.from('x'), { resumable: false }))).toBe(404);
  });
});

describe('the upload protocol on the wire', () => {
  const t = useGcsServer();
  const uploadUrl = (query: string) => `${t.server.url}/upload/storage/v1/b/bkt/o?${query}`;

  async function openSession(name: string, headers: Record<string, string> = {}) {
    const res = await fetch(uploadUrl(`uploadType=resumable&name=${encodeURIComponent(name)}`), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: '{}',
    });
    expect(res.status).toBe(200);
    return res.headers.get('location')!;
  }

  const put = (url: string, range: string | undefined, body: Uint8Array = new Uint8Array(0)) =>
    fetch(url, {
      method: 'PUT',
      headers: range === undefined ? {} : { 'Content-Range': range },
      body,
    });

  it('accepts a media upload', async () => {
    const res = await fetch(uploadUrl('uploadType=media&name=a%2Fb.txt'), {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'hello',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      name: 'a/b.txt',
      size: '5',
      contentType: 'text/plain',
    });
    expect(t.server.store.get('bkt', 'a/b.txt').data.toString()).toBe('hello');
  });

  it('rejects an upload whose declared checksum does not match', async () => {
    const res = await fetch(uploadUrl('uploadType=media&name=x'), {
      method: 'POST',
      headers: { 'X-Goog-Hash': `crc32c=${sdkCrc32c(Buffer.from('other'))}` },
      body: 'hello',
    });
    expect(res.status).toBe(400);
    expect(t.server.store.peek('bkt', 'x')).toBeUndefined();
  });

  it('keeps whole 256 KiB units of an unaligned chunk and reports them in Range', async () => {
    const data = bytes(300 * KiB);
    const session = await openSession('big');
    let res = await put(session, `bytes 0-${100 * KiB - 1}/*`, data.subarray(0, 100 * KiB));
    expect(res.status).toBe(308);
    expect(res.headers.get('range')).toBeNull();

    res = await put(session, `bytes 0-${300 * KiB - 1}/*`, data);
    expect(res.status).toBe(308);
    expect(res.headers.get('range')).toBe(`bytes=0-${256 * KiB - 1}`);

    res = await put(session, 'bytes */*');
    expect([res.status, res.headers.get('range')]).toEqual([308, `bytes=0-${256 * KiB - 1}`]);

    res = await put(session, `bytes ${256 * KiB}-*/${data.length}`, data.subarray(256 * KiB));
    expect(res.status).toBe(200);
    expect(t.server.store.get('bkt', 'big').data.equals(data)).toBe(true);

    // A finished session answers with the object again.
    res = await put(session, 'bytes */*');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'big', size: String(data.length) });
  });

  it('finishes with bytes */N once all N bytes arrived, and takes a PUT without Content-Range whole', async () => {
    const s1 = await openSession('exact');
    expect((await put(s1, `bytes 0-${256 * KiB - 1}/*`, bytes(256 * KiB))).status).toBe(308);
    expect((await put(s1, `bytes */${256 * KiB}`)).status).toBe(200);
    expect(t.server.store.get('bkt', 'exact').data.byteLength).toBe(256 * KiB);

    const s2 = await openSession('whole');
    expect((await put(s2, undefined, Buffer.from('all of it'))).status).toBe(200);
    expect(t.server.store.get('bkt', 'whole').data.toString()).toBe('all of it');

    const s3 = await openSession('zero');
    expect((await put(s3, 'bytes */0')).status).toBe(200);
    expect(t.server.store.get('bkt', 'zero').data.byteLength).toBe(0);
  });

  it('rejects gaps, length mismatches and a size other than X-Upload-Content-Length', async () => {
    const session = await openSession('bad', { 'X-Upload-Content-Length': '10' });
    expect((await put(session, 'bytes 5-9/10', Buffer.from('12345'))).status).toBe(400);
    expect((await put(session, 'bytes 0-9/10', Buffer.from('12345'))).status).toBe(400);
    expect((await put(session, 'bytes 0-4/5', Buffer.from('12345'))).status).toBe(400);
    expect((await put(await openSession('c'), 'bytes 0-x/*', Buffer.from('1'))).status).toBe(400);
  });

  it('checks preconditions when the session opens and when it completes', async () => {
    t.server.store.put('bkt', 'taken', Buffer.from('x'), {}, {});
    const early = await fetch(uploadUrl('uploadType=resumable&name=taken&ifGenerationMatch=0'), {
      method: 'POST',
    });
    expect(early.status).toBe(412);

    const late = await fetch(uploadUrl('uploadType=resumable&name=later&ifGenerationMatch=0'), {
      method: 'POST',
    });
    const session = late.headers.get('location')!;
    t.server.store.put('bkt', 'later', Buffer.from('first'), {}, {});
    const res = await put(session, 'bytes 0-*/*', Buffer.from('second'));
    expect(res.status).toBe(412);
    expect(await res.json()).toMatchObject({
      error: { code: 412, errors: [{ reason: 'conditionNotMet' }] },
    });
    expect(t.server.store.get('bkt', 'later').data.toString()).toBe('first');
  });

  it('cancels a session with DELETE (499), after which it is gone', async () => {
    const session = await openSession('cancelled');
    expect((await fetch(session, { method: 'DELETE' })).status).toBe(499);
    expect((await put(session, 'bytes */*')).status).toBe(404);
  });
});
