import {
  AbortError,
  InvalidPathError,
  NotFoundError,
  PermissionError,
  type Pod,
  PodOperationError,
  TransientError,
} from '@lakota/core';
import { MemoryPod } from '@lakota/pod-memory';
import { createServer, type LakotaServer, type ServerOptions } from '@lakota/server';
import { afterEach, describe, expect, it } from 'vitest';
import { fromUri, HttpPod, type HttpPodOptions } from '../src/index.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) =>
  b === undefined ? undefined : new TextDecoder().decode(b);
const running: LakotaServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function serve(
  options: Partial<ServerOptions> = {},
  client: Partial<HttpPodOptions> = {},
): Promise<{ pod: MemoryPod; http: HttpPod; url: string; requests: string[] }> {
  const pod = new MemoryPod();
  const server = createServer({ mounts: { repo: pod }, ...options });
  running.push(server);
  const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
  const requests: string[] = [];
  const http = new HttpPod({
    url: `${url}/repo`,
    fetch: (input, init) => {
      requests.push(String(input));
      return fetch(input, init);
    },
    ...client,
  });
  return { pod, http, url, requests };
}

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const p of it) out.push(p);
  return out;
}

describe('HttpPod', () => {
  it('reads, writes, lists, moves and removes through the server', async () => {
    const { pod, http } = await serve();
    expect(await http.write('aa/bb/one', bytes('1'))).toBe(1);
    expect(await http.write('aa/bb/one', bytes('other'))).toBe(0);
    expect(await http.write('aa/two', bytes('22'), { force: true })).toBe(2);
    expect(text(await pod.read('aa/bb/one'))).toBe('1');
    expect(await http.ls()).toEqual(['aa']);
    expect(await http.ls('aa')).toEqual(['bb', 'two']);
    expect(text(await http.read('aa/two'))).toBe('22');
    expect(await http.isFile('aa/two')).toBe(true);
    expect(await http.isFile('aa/bb')).toBe(false);
    expect(await collect(http.walk())).toEqual(['aa/bb/one', 'aa/two']);
    await http.mv('aa/two', 'cc');
    expect(await collect(http.walk())).toEqual(['aa/bb/one', 'cc']);
    await http.rmMany(['cc', 'never-there']);
    await http.rm('aa', { recursive: true });
    expect(await http.ls()).toEqual([]);
  });

  it('gives the core typed errors back', async () => {
    const { http } = await serve();
    await http.write('dir/file', bytes('x'));
    await expect(http.read('nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(http.read('nope')).rejects.toMatchObject({ path: 'nope' });
    await expect(http.ls('nope')).rejects.toBeInstanceOf(NotFoundError);
    expect(await http.ls('nope', { missingOk: true })).toEqual([]);
    await expect(http.rm('dir')).rejects.toBeInstanceOf(PodOperationError);
    await expect(http.rm('nope')).rejects.toBeInstanceOf(NotFoundError);
    await http.rm('nope', { missingOk: true });
    await expect(http.mv('nope', 'x')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('rejects invalid paths before sending any request', async () => {
    const { http, requests } = await serve();
    for (const bad of ['../x', '/abs', 'a//b', 'a\\b', 'a\0b', '.']) {
      await expect(http.read(bad)).rejects.toBeInstanceOf(InvalidPathError);
      await expect(http.write(bad, bytes('x'))).rejects.toBeInstanceOf(InvalidPathError);
      await expect(http.readMany(['ok', bad])).rejects.toBeInstanceOf(InvalidPathError);
      await expect(http.mv('ok', bad)).rejects.toBeInstanceOf(InvalidPathError);
      expect(() => http.cd(bad)).toThrow(InvalidPathError);
    }
    await expect(http.read('')).rejects.toBeInstanceOf(InvalidPathError);
    await expect(http.rm('')).rejects.toBeInstanceOf(InvalidPathError);
    expect(requests).toEqual([]);
  });

  it('reads many files in batches, in order, with missing ones reported', async () => {
    const { http, requests } = await serve({}, { batchSize: 2 });
    for (const name of ['a', 'b', 'd', 'e']) await http.write(name, bytes(name.repeat(3)));
    requests.length = 0;
    const got = await http.readMany(['a', 'b', 'c', 'd', 'e'], { missingOk: true });
    expect(got.map(text)).toEqual(['aaa', 'bbb', undefined, 'ddd', 'eee']);
    expect(requests.filter((r) => r.endsWith('/read-many'))).toHaveLength(3);
    await expect(http.readMany(['a', 'c'])).rejects.toMatchObject({
      constructor: NotFoundError,
      path: 'c',
    });
    expect(await http.readMany([])).toEqual([]);
  });

  it('streams a long walk', async () => {
    const { pod, http } = await serve();
    const names = Array.from(
      { length: 2500 },
      (_, i) => `d${i % 7}/file-${String(i).padStart(5, '0')}`,
    );
    for (const n of names) await pod.write(n, bytes('x'));
    const walked = await collect(http.walk());
    expect(walked).toHaveLength(names.length);
    expect(walked).toEqual([...walked].sort());
    expect(await collect(http.walk('d3', { maxDepth: 1 }))).toHaveLength(357);
  });

  it('works below a folder with cd, with errors relative to it', async () => {
    const { pod, http } = await serve();
    const sub = http.cd('repo/x');
    await sub.write('f', bytes('1'));
    expect(await pod.isFile('repo/x/f')).toBe(true);
    expect(await collect(sub.walk())).toEqual(['f']);
    await expect(sub.read('g')).rejects.toMatchObject({ path: 'g' });
  });

  describe('security', () => {
    it('gets 401 without a valid token, as a PermissionError, and changes nothing', async () => {
      for (const token of [undefined, 'wrong']) {
        const { pod, http } = await serve({ token: 'right' }, token ? { token } : {});
        await expect(http.write('f', bytes('x'))).rejects.toBeInstanceOf(PermissionError);
        await expect(http.ls()).rejects.toBeInstanceOf(PermissionError);
        await expect(http.rm('', { recursive: true })).rejects.toBeInstanceOf(PermissionError);
        expect(await pod.ls()).toEqual([]);
      }
      const { pod, http } = await serve({ token: 'right' }, { token: 'right' });
      await http.write('f', bytes('x'));
      expect(await pod.ls()).toEqual(['f']);
    });

    it('gets 403 from a read-only server on every change, and changes nothing', async () => {
      const { pod, http } = await serve({ readOnly: true });
      await pod.write('keep', bytes('x'));
      const changes: (() => Promise<unknown>)[] = [
        () => http.write('new', bytes('y')),
        () => http.write('keep', bytes('y'), { force: true }),
        () => http.rm('keep'),
        () => http.rm('', { recursive: true }),
        () => http.rmMany(['keep']),
        () => http.mv('keep', 'moved'),
      ];
      for (const change of changes) {
        const err = await change().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(PermissionError);
        expect((err as Error).message).toContain('read-only');
      }
      expect(await pod.ls()).toEqual(['keep']);
      expect(text(await pod.read('keep'))).toBe('x');
      expect(text(await http.read('keep'))).toBe('x');
    });

    it('gets 413 for an oversized body, as a non-retryable error, and stores nothing', async () => {
      const { pod, http } = await serve({ maxBodyBytes: 1024 });
      const err = await http.write('big', new Uint8Array(4096)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PodOperationError);
      expect((err as PodOperationError).retryable).toBe(false);
      expect((err as Error).message).toContain('1024 bytes');
      expect(await pod.ls()).toEqual([]);
      expect(await http.write('small', new Uint8Array(1024))).toBe(1024);
    });
  });

  it('reports a wrong URL as such, never as an empty repository', async () => {
    const { url } = await serve();
    const wrong = new HttpPod({ url: `${url}/no-such-repo` });
    const err = await wrong.ls('', { missingOk: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PodOperationError);
    expect((err as Error).message).toContain('no-such-repo');
  });

  it('turns 5xx answers and network failures into retryable TransientErrors', async () => {
    const unavailable = new HttpPod({
      url: 'http://127.0.0.1:9/repo',
      fetch: async () => new Response('upstream down', { status: 502 }),
    });
    const err = await unavailable.read('f').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as TransientError).retryable).toBe(true);

    const { http, url } = await serve();
    await running.pop()?.close();
    const gone = await http.read('f').catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(TransientError);
    expect((gone as TransientError).retryable).toBe(true);
    expect((gone as Error).message).toContain(url);
    expect((gone as Error).cause).toBeDefined();
  });

  it('treats a cut walk or read-many response as transient', async () => {
    const cutWalk = new HttpPod({
      url: 'http://127.0.0.1:9/repo',
      fetch: async () => new Response('"a"\n"b"\n', { status: 200 }),
    });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const p of cutWalk.walk()) seen.push(p);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['a', 'b']);
    expect(err).toBeInstanceOf(TransientError);

    const cutFrames = new HttpPod({
      url: 'http://127.0.0.1:9/repo',
      fetch: async () =>
        new Response(Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 9, 65), { status: 200 }),
    });
    await expect(cutFrames.readMany(['a'])).rejects.toBeInstanceOf(TransientError);
  });

  it('stops with AbortError when its signal fires', async () => {
    const { http } = await serve();
    const controller = new AbortController();
    controller.abort();
    await expect(http.ls('', { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    const hanging = new HttpPod({
      url: 'http://127.0.0.1:9/repo',
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          );
        }),
    });
    const late = new AbortController();
    const pending = hanging.read('f', { signal: late.signal });
    late.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('connect() takes the served pod capabilities from the server', async () => {
    const { url } = await serve();
    const plain = new HttpPod({ url: `${url}/repo` });
    expect(plain.capabilities.conditionalWrite).toBe(false);
    const connected = await HttpPod.connect({ url: `${url}/repo` });
    expect(connected.capabilities).toEqual(new MemoryPod().capabilities);
    const info = await connected.info();
    expect(info).toMatchObject({ lakota: 1, protocol: 'memory', readOnly: false });
  });

  it('fromUri reads the URL and header- parameters', async () => {
    const { pod, url } = await serve({ token: 'tok' });
    const http: Pod = fromUri(`${url}/repo?header-Authorization=Bearer%20tok`);
    await http.write('f', bytes('x'));
    expect(await pod.ls()).toEqual(['f']);
    expect(fromUri(`${url}/repo/`, { token: 'tok' }).url).toBe(`${url}/repo/`);
    expect(() => fromUri(`${url}/repo?lru_size=3`)).toThrow(TypeError);
    expect(() => new HttpPod({ url: 'ftp://host/x' })).toThrow(TypeError);
  });
});
