import { NotFoundError, PermissionError, PodOperationError, TransientError } from '@lakota/core';
import { describe, expect, it } from 'vitest';
import { GcsPod } from '../src/index.js';
import { text, useOwnServer, utf8 } from './helpers.js';

describe('GcsPod on the wire', () => {
  const t = useOwnServer();
  const uploads = () => t.server.requests.filter((r) => r.path.startsWith('/upload/'));

  it('writes small files in one multipart request guarded by ifGenerationMatch=0', async () => {
    const pod = t.pod({ prefix: 'root' });
    expect(await pod.write('a/b.bin', utf8('hello'))).toBe(5);
    expect(uploads().map((r) => [r.method, r.query.uploadType, r.query.ifGenerationMatch])).toEqual(
      [['POST', 'multipart', '0']],
    );
    const stored = t.server.store.get('bkt', 'root/a/b.bin');
    expect(stored.data.toString()).toBe('hello');
    expect(stored.meta.contentType).toBe('application/octet-stream');
  });

  it('writes files above the threshold with a resumable upload', async () => {
    const pod = t.pod({ resumableThreshold: 1000 });
    const data = new Uint8Array(5000).map((_, i) => i % 251);
    expect(await pod.write('big', data)).toBe(5000);
    expect(uploads().map((r) => [r.method, r.query.uploadType])).toEqual([
      ['POST', 'resumable'],
      ['PUT', 'resumable'],
    ]);
    expect(new Uint8Array(t.server.store.get('bkt', 'big').data)).toEqual(data);
  });

  it('skips an existing file (412) without error, and forces without a precondition', async () => {
    const pod = t.pod();
    await pod.write('f', utf8('first'));
    expect(await pod.write('f', utf8('second'))).toBe(0);
    expect(t.server.requests.at(-1)?.status).toBe(412);
    expect(await pod.write('f', utf8('third'), { force: true })).toBe(5);
    expect(uploads().at(-1)?.query.ifGenerationMatch).toBeUndefined();
    expect(text(await pod.read('f'))).toBe('third');
  });

  it('stays inside its prefix: other objects of the bucket are invisible', async () => {
    t.server.store.put('bkt', 'outside', Buffer.from('x'), {}, {});
    t.server.store.put('bkt', 'rootless/file', Buffer.from('x'), {}, {});
    const pod = t.pod({ prefix: 'root' });
    await pod.write('in', utf8('in'));
    expect(await pod.ls()).toEqual(['in']);
    await pod.rm('', { recursive: true });
    expect([...t.server.store.buckets.get('bkt')!.objects.keys()].sort()).toEqual([
      'outside',
      'rootless/file',
    ]);
    expect(await t.pod().ls()).toEqual(['outside', 'rootless']);
  });

  it('ignores folder placeholders and names with empty segments when listing', async () => {
    for (const name of ['d/', 'd/real', 'd//odd', 'd/sub/']) {
      t.server.store.put('bkt', name, Buffer.alloc(0), {}, {});
    }
    expect(await t.pod().ls('d')).toEqual(['real', 'sub']);
  });

  it('reads and lists through STORAGE_EMULATOR_HOST when no endpoint is given', async () => {
    const saved = process.env.STORAGE_EMULATOR_HOST;
    process.env.STORAGE_EMULATOR_HOST = t.server.url;
    try {
      const pod = new GcsPod({ bucket: 'bkt', prefix: 'env' });
      await pod.write('x/y', utf8('via env'));
      expect(await pod.ls('x')).toEqual(['y']);
      expect(text(await pod.read('x/y'))).toBe('via env');
    } finally {
      if (saved === undefined) delete process.env.STORAGE_EMULATOR_HOST;
      else process.env.STORAGE_EMULATOR_HOST = saved;
    }
  });

  it('moves with copy + delete, or with one objects.move request', async () => {
    const copying = t.pod();
    await copying.write('a', utf8('A'));
    await copying.mv('a', 'b');
    expect(t.server.requests.some((r) => r.path.includes('/rewriteTo/'))).toBe(true);
    const moving = t.pod({ atomicMove: true });
    await moving.mv('b', 'c');
    expect(t.server.requests.filter((r) => r.path.includes('/moveTo/'))).toHaveLength(1);
    expect(await moving.ls()).toEqual(['c']);
    expect(text(await moving.read('c'))).toBe('A');
  });
});

describe('GcsPod with atomicMove', () => {
  const t = useOwnServer();

  it('declares atomicMove and replaces the destination without a moment where it is missing', async () => {
    const pod = t.pod({ atomicMove: true });
    expect(pod.capabilities.atomicMove).toBe(true);
    await pod.write('dst', utf8('old'));
    await pod.write('src', utf8('new'));
    let done = false;
    const seen: string[] = [];
    const moving = pod.mv('src', 'dst').finally(() => {
      done = true;
    });
    while (!done) {
      seen.push(await pod.read('dst').then(text, () => 'missing'));
    }
    await moving;
    expect(seen.filter((s) => s !== 'old' && s !== 'new')).toEqual([]);
    expect(text(await pod.read('dst'))).toBe('new');
    expect(await pod.isFile('src')).toBe(false);
  });

  it('reports a missing source as NotFoundError and leaves the destination', async () => {
    const pod = t.pod({ atomicMove: true });
    await pod.write('dst', utf8('kept'));
    const err = await pod.mv('nope', 'dst').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).path).toBe('nope');
    expect(text(await pod.read('dst'))).toBe('kept');
  });
});

describe('GcsPod failures', () => {
  const t = useOwnServer();

  it('retries transient failures of reads and writes, then succeeds', async () => {
    const pod = t.pod();
    await pod.write('f', utf8('data'));
    t.server.injectFault({ status: 503, method: 'GET', match: 'alt=media', times: 2 });
    expect(text(await pod.read('f'))).toBe('data');
    t.server.injectFault({ status: 429, method: 'POST', match: '/upload/' });
    expect(await pod.write('g', utf8('ok'))).toBe(2);
    t.server.injectFault({ status: 500, reset: true, match: '/o' });
    expect(await pod.ls()).toEqual(['f', 'g']);
  });

  it('gives up after its retries with a retryable TransientError keeping the cause', async () => {
    const pod = t.pod({ retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    await pod.write('f', utf8('data'));
    const before = t.server.requests.length;
    t.server.injectFault({ status: 503, times: 10 });
    const err = await pod.read('f').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as TransientError).retryable).toBe(true);
    expect((err as Error).message).toContain('gs://bkt/f');
    expect((err as Error).message).toContain('503');
    expect((err as Error).cause).toBeDefined();
    expect(t.server.requests.length - before).toBe(3);
  });

  it('maps 403 to PermissionError and does not retry it', async () => {
    const pod = t.pod();
    t.server.injectFault({ status: 403, times: 5, message: 'caller lacks storage.objects.create' });
    const err = await pod.write('f', utf8('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionError);
    expect((err as PermissionError).path).toBe('f');
    expect((err as Error).message).toContain('storage.objects.create');
    expect((err as PermissionError).retryable).toBe(false);
    expect(t.server.requests).toHaveLength(1);
  });

  it('names a missing bucket instead of calling every path missing', async () => {
    const pod = new GcsPod({ bucket: 'no-such-bucket', apiEndpoint: t.server.url });
    for (const call of [() => pod.read('f'), () => pod.ls(), () => pod.write('f', utf8('x'))]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PodOperationError);
      expect((err as Error).message).toContain("Bucket 'no-such-bucket' does not exist");
    }
  });

  it('reports a missing file as NotFoundError whose cause is the SDK error', async () => {
    const err = await t
      .pod({ prefix: 'p' })
      .read('nope')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).path).toBe('nope');
    expect(((err as Error).cause as { code?: unknown }).code).toBe(404);
  });

  it('treats a corrupted download as transient and reads again', async () => {
    const pod = t.pod({ retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    await pod.write('f', utf8('the real bytes'));
    const stored = t.server.store.get('bkt', 'f');
    const good = stored.data;
    stored.data = Buffer.from('damaged bytes!');
    const err = await pod.read('f').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    stored.data = good;
    expect(text(await pod.read('f'))).toBe('the real bytes');
  });
});
