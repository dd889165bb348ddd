import {
  InvalidInputError,
  MeteredPod,
  type Pod,
  StorageFullError,
  TransientError,
} from '@lakota/core';
import { MemoryPod } from '@lakota/pod-memory';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AccessLogEntry,
  checkBearerToken,
  createServer,
  FRAMES_CONTENT_TYPE,
  formatAccessLog,
  type LakotaServer,
  type ServerOptions,
} from '../src/index.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const running: LakotaServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function serve(options: Partial<ServerOptions> & { pod?: Pod } = {}) {
  const pod = options.pod ?? new MemoryPod();
  const server = createServer({ mounts: { repo: pod }, ...options });
  running.push(server);
  const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
  return { pod, server, base: `${url}/repo` };
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; path?: string } }).error;
}

describe('@lakota/server', () => {
  it('serves ls, read, is-file, write, rm and mv', async () => {
    const { pod, base } = await serve();
    let res = await fetch(`${base}/write?path=a/b`, { method: 'POST', body: bytes('hello') });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ written: 5 });
    res = await fetch(`${base}/write?path=a/b`, { method: 'POST', body: bytes('again') });
    expect(await res.json()).toEqual({ written: 0 });
    expect(new TextDecoder().decode(await pod.read('a/b'))).toBe('hello');

    res = await fetch(`${base}/ls?path=a`);
    expect(await res.json()).toEqual({ names: ['b'] });
    res = await fetch(`${base}/read?path=a/b`);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(new TextDecoder().decode(await res.arrayBuffer())).toBe('hello');
    res = await fetch(`${base}/is-file?path=a/b`);
    expect(await res.json()).toEqual({ isFile: true });

    res = await fetch(`${base}/mv?from=a/b&to=c`, { method: 'POST' });
    expect(res.status).toBe(204);
    expect(await pod.ls()).toEqual(['c']);
    res = await fetch(`${base}/rm?path=c`, { method: 'POST' });
    expect(res.status).toBe(204);
    expect(await pod.ls()).toEqual([]);
  });

  it('maps pod errors to statuses with a JSON body naming the path', async () => {
    const { pod, base } = await serve();
    await pod.write('dir/file', bytes('x'));
    let res = await fetch(`${base}/read?path=nope`);
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toMatchObject({ code: 'NOT_FOUND', path: 'nope' });
    res = await fetch(`${base}/ls?path=nope`);
    expect(res.status).toBe(404);
    res = await fetch(`${base}/ls?path=nope&missing_ok=1`);
    expect(await res.json()).toEqual({ names: [] });
    res = await fetch(`${base}/rm?path=dir`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('POD_OPERATION');
  });

  it('maps transient and full-storage failures to 503 and 507', async () => {
    const failing = (error: Error) =>
      new Proxy(new MemoryPod(), {
        get(target, prop) {
          if (prop === 'read') return async () => Promise.reject(error);
          const v = Reflect.get(target, prop);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
    let { base } = await serve({ pod: failing(new TransientError('throttled')) });
    let res = await fetch(`${base}/read?path=x`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await errorOf(res)).toMatchObject({ code: 'TRANSIENT', retryable: true });

    ({ base } = await serve({ pod: failing(new StorageFullError('x')) }));
    res = await fetch(`${base}/read?path=x`);
    expect(res.status).toBe(507);

    ({ base } = await serve({ pod: failing(new Error('secret internals at /srv/data')) }));
    res = await fetch(`${base}/read?path=x`);
    expect(res.status).toBe(500);
    const body = await errorOf(res);
    expect(body.code).toBe('INTERNAL');
    expect(body.message).not.toContain('/srv/data');
  });

  it('refuses invalid paths with 400 before the pod sees them', async () => {
    const metered = new MeteredPod(new MemoryPod());
    const { base } = await serve({ pod: metered });
    for (const bad of ['../etc/passwd', '/abs', 'a//b', 'a/./b', 'a\\b', 'a%00b']) {
      const res = await fetch(`${base}/read?path=${encodeURIComponent(decodeURIComponent(bad))}`);
      expect(res.status, bad).toBe(400);
      expect((await errorOf(res)).code).toBe('INVALID_PATH');
    }
    const res = await fetch(`${base}/read`);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('BAD_REQUEST');
    const many = await fetch(`${base}/read-many`, {
      method: 'POST',
      body: JSON.stringify({ paths: ['ok', '../x'] }),
    });
    expect(many.status).toBe(400);
    expect(metered.metrics.snapshot()).toEqual({});
  });

  it('routes by mount name, nested names included, and refuses unknown routes and methods', async () => {
    const a = new MemoryPod();
    const b = new MemoryPod();
    await a.write('f', bytes('A'));
    await b.write('f', bytes('B'));
    const server = createServer({ mounts: { one: a, '/team/two/': { pod: b } } });
    running.push(server);
    const { url } = await server.listen({ port: 0 });
    expect(await (await fetch(`${url}/one/read?path=f`)).text()).toBe('A');
    expect(await (await fetch(`${url}/team/two/read?path=f`)).text()).toBe('B');
    let res = await fetch(`${url}/three/read?path=f`);
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('NO_SUCH_MOUNT');
    res = await fetch(`${url}/one/explode?path=f`);
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('NO_SUCH_ACTION');
    res = await fetch(`${url}/one/write?path=f`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(() => createServer({ mounts: {} })).toThrow(RangeError);
    expect(() => createServer({ mounts: { '../x': a } })).toThrow();
  });

  describe('bearer token', () => {
    it('answers 401 without a valid token and changes nothing', async () => {
      const { pod, base } = await serve({ token: 's3cret' });
      for (const authorization of [undefined, 'Bearer wrong', 'Bearer s3cre', 'Basic s3cret']) {
        const headers: Record<string, string> = authorization ? { authorization } : {};
        const res = await fetch(`${base}/write?path=f`, {
          method: 'POST',
          body: bytes('x'),
          headers,
        });
        expect(res.status, String(authorization)).toBe(401);
        expect(res.headers.get('www-authenticate')).toContain('Bearer');
        expect((await errorOf(res)).code).toBe('UNAUTHORIZED');
        const read = await fetch(`${base}/ls`, { headers });
        expect(read.status).toBe(401);
      }
      expect(await pod.ls()).toEqual([]);
      const ok = await fetch(`${base}/write?path=f`, {
        method: 'POST',
        body: bytes('x'),
        headers: { authorization: 'Bearer s3cret' },
      });
      expect(ok.status).toBe(200);
      expect(await pod.ls()).toEqual(['f']);
    });

    it('closes the connection instead of reading a refused upload', async () => {
      const { base } = await serve({ token: 't' });
      const upload = await fetch(`${base}/write?path=f`, {
        method: 'POST',
        body: new Uint8Array(1024 * 1024),
      });
      expect(upload.status).toBe(401);
      expect(upload.headers.get('connection')).toBe('close');
      const read = await fetch(`${base}/ls`, { headers: { authorization: 'Bearer t' } });
      expect(read.headers.get('connection')).toBe('keep-alive');
    });

    it('hides which mounts exist from unauthenticated clients', async () => {
      const { server } = await serve({ token: 't' });
      const res = await fetch(`${server.address?.url}/no-such-mount/ls`);
      expect(res.status).toBe(401);
    });
  });

  it('answers writes with 403 in read-only mode and changes nothing', async () => {
    const pod = new MemoryPod();
    await pod.write('keep', bytes('x'));
    const { base } = await serve({ pod, readOnly: true });
    const attempts: [string, RequestInit][] = [
      ['write?path=new', { method: 'POST', body: bytes('y') }],
      ['write?path=keep&force=1', { method: 'POST', body: bytes('y') }],
      ['rm?path=keep', { method: 'POST' }],
      ['rm-many', { method: 'POST', body: JSON.stringify({ paths: ['keep'] }) }],
      ['mv?from=keep&to=moved', { method: 'POST' }],
    ];
    for (const [action, init] of attempts) {
      const res = await fetch(`${base}/${action}`, init);
      expect(res.status, action).toBe(403);
      expect((await errorOf(res)).code).toBe('READ_ONLY');
    }
    expect(await pod.ls()).toEqual(['keep']);
    expect(new TextDecoder().decode(await pod.read('keep'))).toBe('x');
    expect((await fetch(`${base}/read?path=keep`)).status).toBe(200);
  });

  it('makes a single mount read-only', async () => {
    const open = new MemoryPod();
    const locked = new MemoryPod();
    const server = createServer({ mounts: { open, locked: { pod: locked, readOnly: true } } });
    running.push(server);
    const { url } = await server.listen({ port: 0 });
    const write = (name: string) =>
      fetch(`${url}/${name}/write?path=f`, { method: 'POST', body: bytes('x') });
    expect((await write('open')).status).toBe(200);
    expect((await write('locked')).status).toBe(403);
    expect(await locked.ls()).toEqual([]);
  });

  describe('body limit', () => {
    it('answers 413 to a declared oversized body and stores nothing', async () => {
      const { pod, base } = await serve({ maxBodyBytes: 1000 });
      const res = await fetch(`${base}/write?path=big`, {
        method: 'POST',
        body: new Uint8Array(1001),
      });
      expect(res.status).toBe(413);
      expect((await errorOf(res)).code).toBe('BODY_TOO_LARGE');
      expect(await pod.ls()).toEqual([]);
      const fits = await fetch(`${base}/write?path=ok`, {
        method: 'POST',
        body: new Uint8Array(1000),
      });
      expect(fits.status).toBe(200);
    });

    it('answers 413 to a streamed body once it passes the limit', async () => {
      const { pod, base } = await serve({ maxBodyBytes: 64 * 1024 });
      let sent = 0;
      const chunk = new Uint8Array(16 * 1024);
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          // Stops on its own far beyond the limit, so the test cannot hang.
          if (sent > 4 * 1024 * 1024) return controller.close();
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      const res = await fetch(`${base}/write?path=big`, {
        method: 'POST',
        body,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
      expect(await pod.ls()).toEqual([]);
    });

    it('applies the limit to JSON bodies too', async () => {
      const { base } = await serve({ maxBodyBytes: 100 });
      const paths = Array.from({ length: 50 }, (_, i) => `file-${i}`);
      const res = await fetch(`${base}/read-many`, {
        method: 'POST',
        body: JSON.stringify({ paths }),
      });
      expect(res.status).toBe(413);
    });
  });

  it('streams read-many as frames in request order', async () => {
    const { pod, base } = await serve();
    await pod.write('a', bytes('AA'));
    await pod.write('c', bytes(''));
    const res = await fetch(`${base}/read-many`, {
      method: 'POST',
      body: JSON.stringify({ paths: ['a', 'b', 'c'] }),
    });
    expect(res.headers.get('content-type')).toBe(FRAMES_CONTENT_TYPE);
    const body = new Uint8Array(await res.arrayBuffer());
    // a: kind 1, length 2, "AA"; b: kind 0; c: kind 1, length 0.
    expect([...body]).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 2, 65, 65, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('streams walk as JSON lines ending with an end marker', async () => {
    const { pod, base } = await serve();
    await pod.write('x/1', bytes('1'));
    await pod.write('x/y/2', bytes('2'));
    await pod.write('z', bytes('3'));
    let res = await fetch(`${base}/walk`);
    expect(await res.text()).toBe('"x/1"\n"x/y/2"\n"z"\n{"end":true}\n');
    res = await fetch(`${base}/walk?path=x&max_depth=1`);
    expect(await res.text()).toBe('"x/1"\n{"end":true}\n');
  });

  it('describes a mount with info', async () => {
    const { base } = await serve({ readOnly: true, maxBodyBytes: 123 });
    const info = await (await fetch(`${base}/info`)).json();
    expect(info).toMatchObject({
      lakota: 1,
      protocol: 'memory',
      readOnly: true,
      maxBodyBytes: 123,
      capabilities: { conditionalWrite: true, persistent: false },
    });
  });

  it('reports every request to the access log, never with the token', async () => {
    const entries: AccessLogEntry[] = [];
    const { base } = await serve({ token: 'Zq9-secret', log: (e) => entries.push(e) });
    const auth = { authorization: 'Bearer Zq9-secret' };
    await (
      await fetch(`${base}/write?path=f`, { method: 'POST', body: bytes('abc'), headers: auth })
    ).text();
    await (await fetch(`${base}/read?path=f`, { headers: auth })).text();
    await (await fetch(`${base}/read?path=missing`, { headers: auth })).text();
    await (await fetch(`${base}/read?path=f`)).text();
    // The log is written when the response closes, which may follow the client's read.
    await expect.poll(() => entries.length).toBe(4);
    expect(
      entries.map((e) => [e.method, e.action, e.status, e.bytesIn, e.bytesOut, e.authenticated]),
    ).toEqual([
      ['POST', 'write', 200, 3, 13, true],
      ['GET', 'read', 200, 0, 3, true],
      ['GET', 'read', 404, 0, entries[2]?.bytesOut, true],
      ['GET', undefined, 401, 0, entries[3]?.bytesOut, false],
    ]);
    expect(entries[2]?.error).toBeDefined();
    const line = formatAccessLog(entries[1] as AccessLogEntry);
    expect(line).toMatch(/^127\.0\.0\.1 token \[.*\] "GET \/repo\/read\?path=f" 200 0 3 /);
    expect(entries.map(formatAccessLog).join('\n')).not.toContain('Zq9');
  });

  it('closes with requests answered and can be closed twice', async () => {
    const { server, base } = await serve();
    expect((await fetch(`${base}/ls`)).status).toBe(200);
    await server.close();
    await server.close();
    await expect(fetch(`${base}/ls`)).rejects.toThrow();
  });

  it('refuses negative limits', () => {
    const mounts = { repo: new MemoryPod() };
    expect(() => createServer({ mounts, maxBodyBytes: -1 })).toThrow(RangeError);
  });

  describe('a token no Authorization header can carry', () => {
    const mounts = { repo: new MemoryPod() };
    const refusal = (token: unknown) => {
      try {
        createServer({ mounts, token: token as string });
      } catch (err) {
        return err as InvalidInputError;
      }
      throw new Error(`token ${JSON.stringify(token)} was accepted`);
    };

    it('is refused when the server is created, saying which character and what is allowed', () => {
      const err = refusal('my secret token');
      expect(err).toBeInstanceOf(InvalidInputError);
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.message).toContain('has a space at character 3');
      expect(err.message).toContain('letters A-Z and a-z, digits, and - . _ ~ + /');
      expect(err.message).toContain('= signs');
      // The secret itself is never repeated.
      expect(err.message).not.toContain('secret');
      const cases: [string, RegExp][] = [
        ['tab\there', /a tab at character 4/],
        ['line\nbreak', /a line break at character 5/],
        ['nul\u0000', /a control character \(U\+0000\) at character 4/],
        ['caf\u00e9', /the non-ASCII character "\u00e9" at character 4/],
        ['a"b', /the character "\\"" at character 2/],
        ['a,b', /the character "," at character 2/],
        ['ab=cd', /an '=' that does not end the token at character 3/],
        ['==', /an '=' that does not end the token at character 1/],
        [' ', /a space at character 1/],
      ];
      for (const [token, message] of cases) {
        const e = refusal(token);
        expect(e, token).toBeInstanceOf(InvalidInputError);
        expect(e.message, token).toMatch(message);
      }
    });

    it('is refused when empty or not a string', () => {
      expect(refusal('').message).toMatch(/token is empty.*give no token to serve without/);
      expect(refusal(42)).toBeInstanceOf(InvalidInputError);
      expect(refusal(null).message).toMatch(/must be a string, got null/);
      expect(() => checkBearerToken('')).toThrow(InvalidInputError);
    });

    it('is accepted, and authenticates, when it is a token68', async () => {
      for (const token of ['s3cret', 'A-Z.a_z~0+9/', 'dG9rZW4=', 'dG9r==']) {
        expect(checkBearerToken(token)).toBe(token);
      }
      const token = 'Ab9-._~+/x==';
      const { base } = await serve({ token });
      const ok = await fetch(`${base}/ls`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      const refused = await fetch(`${base}/ls`, { headers: { authorization: 'Bearer Ab9' } });
      expect(refused.status).toBe(401);
    });
  });
});
