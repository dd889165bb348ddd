import { readdir, readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { sha1Hex } from '@lakota/core';
import { FsPod } from '@lakota/pod-fs';
import { createServer, type LakotaServer } from '@lakota/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summary, tempFolder } from './children.js';

// Hostile requests to the HTTP server of packages/server (on 127.0.0.1, a
// port chosen by the OS): without or with a wrong token, oversized bodies,
// path traversal in every form, malformed bodies and URLs. Each must get a
// clear 4xx answer, change nothing on disk (inside the served folder or
// around it), and leave the server answering.

const TOKEN = 'correct-horse-battery-staple';
const MAX_BODY = 4096;

interface Req {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  token?: string | null;
  body?: Uint8Array | string;
  headers?: Record<string, string>;
  /** Expected status. */
  status: number;
}

const auth = (token: string | null | undefined) =>
  token === null ? {} : { authorization: `Bearer ${token ?? TOKEN}` };

const REQUESTS: Req[] = [
  { name: 'no token', method: 'GET', path: '/repo/ls', token: null, status: 401 },
  { name: 'a wrong token', method: 'GET', path: '/repo/ls', token: 'guess', status: 401 },
  {
    name: 'a token one character short',
    method: 'GET',
    path: '/repo/ls',
    token: TOKEN.slice(0, -1),
    status: 401,
  },
  {
    name: 'a write without a token',
    method: 'POST',
    path: '/repo/write?path=x',
    token: null,
    body: 'x',
    status: 401,
  },
  {
    name: 'a body over the limit',
    method: 'POST',
    path: '/repo/write?path=big',
    body: new Uint8Array(MAX_BODY + 1),
    status: 413,
  },
  {
    name: 'a declared length over the limit',
    method: 'POST',
    path: '/repo/write?path=big2',
    body: 'x',
    headers: { 'content-length': String(10 ** 9) },
    status: 413,
  },
  {
    name: 'a list of paths over the limit',
    method: 'POST',
    path: '/repo/read-many',
    body: JSON.stringify(Array.from({ length: 1000 }, (_, i) => `p${i}`)),
    status: 413,
  },
  { name: "path '../'", method: 'GET', path: '/repo/read?path=../outside.txt', status: 400 },
  {
    name: "path '../../..' percent-encoded",
    method: 'GET',
    path: '/repo/read?path=%2e%2e%2f%2e%2e%2foutside.txt',
    status: 400,
  },
  { name: 'an absolute path', method: 'GET', path: '/repo/read?path=/etc/passwd', status: 400 },
  {
    name: 'a backslash path',
    method: 'GET',
    path: '/repo/read?path=..%5C..%5Coutside.txt',
    status: 400,
  },
  { name: 'a NUL in a path', method: 'GET', path: '/repo/read?path=a%00b', status: 400 },
  {
    name: 'traversal on write',
    method: 'POST',
    path: '/repo/write?path=../../pwned',
    body: 'x',
    status: 400,
  },
  {
    name: 'traversal as a move target',
    method: 'POST',
    path: '/repo/mv?from=a.txt&to=../moved',
    status: 400,
  },
  {
    name: 'traversal in a list of paths',
    method: 'POST',
    path: '/repo/rm-many',
    body: JSON.stringify(['a.txt', '../outside.txt']),
    status: 400,
  },
  // URL parsing resolves dot segments (plain or %2e) before routing: '/../repo' is '/repo', never above it.
  { name: 'dot segments before the mount name', method: 'GET', path: '/../repo/ls', status: 200 },
  {
    name: 'encoded dot segments before the mount name',
    method: 'GET',
    path: '/%2e%2e/repo/ls',
    status: 200,
  },
  {
    name: 'encoded slashes and dots in the mount name',
    method: 'GET',
    path: '/repo%2F..%2F..%2Fetc/ls',
    status: 404,
  },
  { name: 'an encoded slash in the mount name', method: 'GET', path: '/re%2Fpo/ls', status: 404 },
  {
    name: 'removing the root of a mount without recursive',
    method: 'POST',
    path: '/repo/rm?path=',
    status: 400,
  },
  { name: 'an unknown mount', method: 'GET', path: '/nope/ls', status: 404 },
  { name: 'an unknown action', method: 'GET', path: '/repo/eval?code=1', status: 404 },
  { name: 'a write with GET', method: 'GET', path: '/repo/write?path=x', status: 405 },
  { name: 'a read with DELETE', method: 'DELETE', path: '/repo/read?path=a.txt', status: 405 },
  {
    name: 'a write on a read-only mount',
    method: 'POST',
    path: '/ro/write?path=x',
    body: 'x',
    status: 403,
  },
  {
    name: 'a removal on a read-only mount',
    method: 'POST',
    path: '/ro/rm?path=a.txt',
    status: 403,
  },
  {
    name: 'malformed JSON',
    method: 'POST',
    path: '/repo/read-many',
    body: '["a.txt", ',
    status: 400,
  },
  {
    name: 'JSON that is not a list of strings',
    method: 'POST',
    path: '/repo/read-many',
    body: '{"path": 1}',
    status: 400,
  },
  {
    name: 'bad percent-encoding in the URL',
    method: 'GET',
    path: '/repo/%E0%A4%A/ls',
    status: 400,
  },
  { name: 'a missing path parameter', method: 'GET', path: '/repo/read', status: 400 },
  { name: 'a negative max_depth', method: 'GET', path: '/repo/walk?max_depth=-1', status: 400 },
  // Node refuses a request line this long itself (431, no JSON body).
  {
    name: 'a 60 KB path',
    method: 'GET',
    path: `/repo/read?path=${'a/'.repeat(30_000)}x`,
    status: 431,
  },
  {
    name: 'a 4 KB path',
    method: 'GET',
    path: `/repo/read?path=${'a/'.repeat(2000)}x`,
    status: 404,
  },
];

function send(base: URL, r: Req): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = typeof r.body === 'string' ? new TextEncoder().encode(r.body) : r.body;
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method: r.method,
        path: r.path,
        headers: {
          ...auth(r.token),
          ...(body ? { 'content-length': String(body.byteLength) } : {}),
          ...r.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    // The server may answer and close before reading an oversized body.
    req.on('error', (err) => reject(err));
    if (body) req.end(body);
    else req.end();
  });
}

async function tree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const p = join(entry.parentPath, entry.name);
    out.set(p, sha1Hex(await readFile(p)));
  }
  return out;
}

describe(`hostile requests to the HTTP server (${REQUESTS.length} requests)`, () => {
  let sandbox: Awaited<ReturnType<typeof tempFolder>>;
  let server: LakotaServer;
  let base: URL;
  const results: { r: Req; status: number; body: string; changed: string[] }[] = [];
  let stillServes = false;

  beforeAll(async () => {
    sandbox = await tempFolder('hostile-server');
    const pod = new FsPod(join(sandbox.path, 'repo'));
    await pod.write('a.txt', new TextEncoder().encode('a'));
    const outside = new FsPod(sandbox.path);
    await outside.write('outside.txt', new TextEncoder().encode('secret'));
    server = createServer({
      mounts: { repo: pod, ro: { pod, readOnly: true } },
      token: TOKEN,
      maxBodyBytes: MAX_BODY,
    });
    base = new URL((await server.listen({ host: '127.0.0.1', port: 0 })).url);
    for (const r of REQUESTS) {
      const before = await tree(sandbox.path);
      const got = await send(base, r).catch((err: Error) => ({ status: -1, body: String(err) }));
      const after = await tree(sandbox.path);
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
        (p) => before.get(p) !== after.get(p),
      );
      results.push({ r, ...got, changed });
    }
    const ok = await send(base, {
      name: 'a good read',
      method: 'GET',
      path: '/repo/read?path=a.txt',
      status: 200,
    });
    stillServes = ok.status === 200 && ok.body === 'a';
    summary('hostile input (HTTP server)', {
      requestsTried: results.length,
      answeredAsExpected: results.filter((x) => x.status === x.r.status).length,
      accepted: results.filter((x) => x.status < 400).length,
      changedSomething: results.filter((x) => x.changed.length).length,
      serverStillServes: stillServes,
    });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await sandbox?.remove();
  });

  it('answers each with the expected status and a JSON error that says what is wrong', () => {
    expect(
      results
        .filter((x) => x.status !== x.r.status)
        .map((x) => `${x.r.name}: ${x.status} ${x.body.slice(0, 200)}`),
    ).toEqual([]);
    for (const x of results) {
      if (x.status === 431 || x.status === 200) continue;
      const body = JSON.parse(x.body) as { error?: { code?: string; message?: string } };
      expect(body.error?.code, x.r.name).toMatch(/^[A-Z_]+$/);
      expect(body.error?.message?.length, x.r.name).toBeGreaterThan(10);
    }
  });

  it('changes nothing, inside the served folder or around it, and keeps serving', () => {
    expect(
      results.filter((x) => x.changed.length).map((x) => `${x.r.name}: ${x.changed.join(', ')}`),
    ).toEqual([]);
    expect(stillServes).toBe(true);
  });
});
