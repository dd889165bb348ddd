import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryPod } from '@lakota/pod-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LakotaError, type Pod } from '../../src/index.js';
import {
  AdapterError,
  InvalidUriError,
  knownSchemes,
  MissingAdapterError,
  openPod,
  registerScheme,
  UnsupportedSchemeError,
} from '../../src/uri/index.js';

// Packages the core's vitest config does not alias are loaded from their
// sources through `importModule`, as an application would pass its own import.
const sources: Record<string, string> = {
  '@lakota/pod-cache': '../../../pod-cache/src/index.ts',
  '@lakota/pod-http': '../../../pod-http/src/index.ts',
  '@lakota/pod-s3': '../../../pod-s3/src/index.ts',
};
const importModule = (name: string) => {
  const src = sources[name];
  return src === undefined ? import(name) : import(new URL(src, import.meta.url).href);
};

/** An error shaped like the one Node throws when a package cannot be found. */
const notFound = (name: string, from = '/app/index.js') =>
  Object.assign(new Error(`Cannot find package '${name}' imported from ${from}`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });

const rootOf = (pod: Pod) => (pod as unknown as { root: string }).root;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lakota-uri-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openPod: memory', () => {
  it('opens a new empty memory pod for memory:// and :memory:', async () => {
    const a = await openPod('memory://');
    const b = await openPod(':memory:');
    expect(a).toBeInstanceOf(MemoryPod);
    expect(b).toBeInstanceOf(MemoryPod);
    await a.write('f', Uint8Array.of(1));
    expect(await (await openPod('memory://')).ls()).toEqual([]);
  });

  it('bounds it with lru_size, 0 meaning no bound as in Python Lakota', async () => {
    const bounded = (await openPod('memory://?lru_size=100')) as MemoryPod;
    expect(bounded.lruSize).toBe(100);
    expect(bounded.capabilities.evicts).toBe(true);
    expect(((await openPod('memory://?lru_size=0')) as MemoryPod).lruSize).toBeUndefined();
  });

  it('refuses bad or unknown parameters', async () => {
    await expect(openPod('memory://?lru_size=lots')).rejects.toBeInstanceOf(InvalidUriError);
    await expect(openPod('memory://?lru=1')).rejects.toThrow(/unknown parameter 'lru'/);
  });

  it('passes adapter options to the pod', async () => {
    const pod = (await openPod('memory://', { adapters: { memory: { lruSize: 7 } } })) as MemoryPod;
    expect(pod.lruSize).toBe(7);
  });
});

describe('openPod: local folders', () => {
  it('resolves bare relative and absolute paths', async () => {
    expect(rootOf(await openPod('repo', { cwd: dir }))).toBe(join(dir, 'repo'));
    expect(rootOf(await openPod('./a/../b', { cwd: dir }))).toBe(join(dir, 'b'));
    expect(rootOf(await openPod(join(dir, 'abs')))).toBe(join(dir, 'abs'));
    expect(rootOf(await openPod('~/lakota-repo'))).toBe(join(homedir(), 'lakota-repo'));
  });

  it('reads file:///abs as an absolute path, unlike Python Lakota', async () => {
    expect(rootOf(await openPod(`file://${dir}/x`))).toBe(join(dir, 'x'));
    // Python Lakota's workaround for its quirk still names the same folder.
    expect(rootOf(await openPod(`file:///${dir}/x`))).toBe(join(dir, 'x'));
    expect(rootOf(await openPod('file://rel/repo', { cwd: dir }))).toBe(join(dir, 'rel/repo'));
    expect(rootOf(await openPod('file://~/r'))).toBe(join(homedir(), 'r'));
  });

  it('percent-decodes file URIs but not bare paths', async () => {
    expect(rootOf(await openPod(`file://${dir}/my%20repo`))).toBe(join(dir, 'my repo'));
    expect(rootOf(await openPod('my%20repo', { cwd: dir }))).toBe(join(dir, 'my%20repo'));
    await expect(openPod('file:///x/%E0%A4%A')).rejects.toBeInstanceOf(InvalidUriError);
    await expect(openPod('file:///x?fsync=1')).rejects.toBeInstanceOf(InvalidUriError);
    await expect(openPod('file://')).rejects.toBeInstanceOf(InvalidUriError);
  });

  it('gives a working folder pod', async () => {
    const pod = await openPod(`file://${dir}/work`);
    await pod.write('aa/bb/file', new TextEncoder().encode('on disk'));
    expect(await readFile(join(dir, 'work/aa/bb/file'), 'utf8')).toBe('on disk');
  });
});

describe('openPod: schemes and adapters', () => {
  it('refuses empty and unknown URIs with typed errors', async () => {
    await expect(openPod('')).rejects.toBeInstanceOf(InvalidUriError);
    await expect(openPod([])).rejects.toBeInstanceOf(InvalidUriError);
    const err = await openPod('ftp://host/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedSchemeError);
    expect(err).toBeInstanceOf(LakotaError);
    expect((err as UnsupportedSchemeError).code).toBe('UNSUPPORTED_SCHEME');
    expect((err as Error).message).toContain('s3');
  });

  it('names the package to install when an adapter is missing', async () => {
    const off = registerScheme('absentproto', { package: '@lakota/pod-certainly-not-installed' });
    try {
      const err = await openPod('absentproto://bucket/x').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MissingAdapterError);
      expect((err as MissingAdapterError).code).toBe('MISSING_ADAPTER');
      expect((err as MissingAdapterError).packageName).toBe('@lakota/pod-certainly-not-installed');
      expect((err as Error).message).toContain('npm install @lakota/pod-certainly-not-installed');
      expect((err as Error).cause).toBeDefined();
    } finally {
      off();
    }
  });

  it('maps each cloud scheme to its package', async () => {
    const cases: [string, string][] = [
      ['s3:///bucket/prefix', '@lakota/pod-s3'],
      ['gs://bucket/prefix', '@lakota/pod-gcs'],
      ['gcs://bucket/prefix', '@lakota/pod-gcs'],
      ['az://container/prefix', '@lakota/pod-azure'],
      ['https://example.invalid/repo', '@lakota/pod-http'],
    ];
    for (const [uri, name] of cases) {
      const err = await openPod(uri, {
        importModule: async (s) => Promise.reject(notFound(s)),
      }).catch((e: unknown) => e);
      expect(err, uri).toBeInstanceOf(MissingAdapterError);
      expect((err as Error).message).toContain(`npm install ${name}`);
    }
    const layers = await openPod(['memory://', 'memory://'], {
      importModule: async (s) =>
        s === '@lakota/pod-cache' ? Promise.reject(notFound(s)) : import(s),
    }).catch((e: unknown) => e);
    expect((layers as Error).message).toContain('npm install @lakota/pod-cache');
  });

  it('tells a broken adapter (a dependency of it missing) from a missing one', async () => {
    const err = await openPod('s3:///bucket', {
      importModule: async () =>
        Promise.reject(
          notFound('@aws-sdk/client-s3', '/app/node_modules/@lakota/pod-s3/dist/s3-pod.js'),
        ),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterError);
    expect(err).not.toBeInstanceOf(MissingAdapterError);
    expect((err as Error).message).toContain('@aws-sdk/client-s3');
  });

  it('opens s3 URIs through the adapter’s S3Pod.fromUri', async () => {
    const pod = (await openPod('s3:///bucket/some/prefix', { importModule })) as Pod & {
      bucket: string;
      prefix: string;
      destroy(): void;
    };
    expect(pod.protocol).toBe('s3');
    expect(pod.bucket).toBe('bucket');
    expect(pod.prefix).toBe('some/prefix');
    pod.destroy();
  });

  it('opens http URIs through @lakota/pod-http’s fromUri, with its adapter options', async () => {
    const pod = (await openPod('http://127.0.0.1:8080/repo', {
      importModule,
      adapters: { http: { token: 't' } },
    })) as Pod & { url: string };
    expect(pod.protocol).toBe('http');
    expect(pod.url).toBe('http://127.0.0.1:8080/repo/');
  });

  it('opens a list as cache layers, first one closest', async () => {
    const pod = (await openPod(['memory://', 'memory://?lru_size=0', `file://${dir}/remote`], {
      importModule,
    })) as Pod & { layers: Pod[] };
    expect(pod.protocol).toBe('cache');
    expect(pod.layers.map((l) => l.protocol)).toEqual(['memory', 'memory', 'file']);
    await pod.write('seg', Uint8Array.of(42));
    expect(await readFile(join(dir, 'remote/seg'))).toEqual(Buffer.of(42));
    const single = await openPod(['memory://']);
    expect(single).toBeInstanceOf(MemoryPod);
  });
});

describe('registerScheme', () => {
  it('opens a registered scheme with its options, until unregistered', async () => {
    const seen: unknown[] = [];
    const off = registerScheme('myproto', async (uri, options) => {
      seen.push([uri, options]);
      return new MemoryPod();
    });
    expect(knownSchemes()).toContain('myproto');
    const pod = await openPod('MyProto://x/y', { adapters: { myproto: { a: 1 } } });
    expect(pod).toBeInstanceOf(MemoryPod);
    expect(seen).toEqual([['MyProto://x/y', { a: 1 }]]);
    off();
    await expect(openPod('myproto://x')).rejects.toBeInstanceOf(UnsupportedSchemeError);
    expect(knownSchemes()).not.toContain('myproto');
  });

  it('wins over a built-in scheme while registered', async () => {
    const mine = new MemoryPod();
    const off = registerScheme('memory', () => mine);
    expect(await openPod('memory://')).toBe(mine);
    off();
    expect(await openPod('memory://')).not.toBe(mine);
  });

  it('loads a registered package and calls its fromUri, or a class’s static fromUri', async () => {
    const made = new MemoryPod();
    class ThingPod {
      static fromUri(uri: string) {
        return uri === 'thing://a' ? made : undefined;
      }
    }
    const modules: Record<string, unknown> = {
      'pkg-fn': { fromUri: () => made },
      'pkg-class': { Helper: class {}, ThingPod },
      'pkg-none': { something: 1 },
      'pkg-bad': { fromUri: () => ({ not: 'a pod' }) },
    };
    const load = async (name: string) => modules[name];
    const offs = [
      registerScheme('fn', { package: 'pkg-fn' }),
      registerScheme('thing', { package: 'pkg-class' }),
      registerScheme('none', { package: 'pkg-none' }),
      registerScheme('bad', { package: 'pkg-bad' }),
    ];
    try {
      expect(await openPod('fn://x', { importModule: load })).toBe(made);
      expect(await openPod('thing://a', { importModule: load })).toBe(made);
      await expect(openPod('none://x', { importModule: load })).rejects.toBeInstanceOf(
        AdapterError,
      );
      await expect(openPod('bad://x', { importModule: load })).rejects.toBeInstanceOf(AdapterError);
    } finally {
      for (const off of offs) off();
    }
  });

  it('refuses malformed scheme names and adapters', () => {
    expect(() => registerScheme('1abc', () => new MemoryPod())).toThrow(TypeError);
    expect(() => registerScheme('a b', () => new MemoryPod())).toThrow(TypeError);
    expect(() => registerScheme('ok', {} as never)).toThrow(TypeError);
  });
});
