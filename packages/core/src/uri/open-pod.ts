import type { Pod } from '../pod.js';
import { checkPod, type ImportModule, loadAdapter, podFromModule } from './load-adapter.js';
import { localPath } from './local-path.js';
import {
  BUILT_IN_SCHEMES,
  CACHE_PACKAGE,
  knownSchemes,
  registeredAdapter,
} from './scheme-registry.js';
import { splitQuery, splitUri } from './split-uri.js';
import { AdapterError, InvalidUriError, UnsupportedSchemeError } from './uri-errors.js';

export interface OpenPodOptions {
  /**
   * Options for each adapter, by adapter name: `memory`, `file`, `s3`, `gcs`,
   * `azure`, `http`, `cache`, or a registered scheme. They go to the
   * adapter's factory along with the URI, e.g.
   * `{ adapters: { http: { token }, s3: { client } } }`.
   */
  adapters?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * Loads adapter packages; `import()` from @lakota/core by default. Pass
   * `(name) => import(name)` from your application when its package manager
   * or bundler does not let the core see packages it does not depend on.
   */
  importModule?: ImportModule;
  /** Folder that relative paths start from (default: the process's working folder). */
  cwd?: string;
}

/**
 * Opens the pod a URI names, loading its adapter package on demand:
 *
 * - `memory://` (`?lru_size=N` bounds it to N bytes), also `:memory:`
 * - a folder: `path/to/repo`, `/abs/repo`, `~/repo`, `file:///abs/repo`, `file://rel/repo`
 * - `s3://…`, `gs://…` / `gcs://…`, `az://…`: the cloud adapters' URIs
 * - `http://host:port/mount`, `https://…`: a repository served by `lakota serve`
 * - a list, `['memory://', 's3:///bucket']`: cache layers, first one closest
 *
 * A missing adapter package is a MissingAdapterError naming what to install.
 */
export async function openPod(
  uri: string | readonly string[],
  options: OpenPodOptions = {},
): Promise<Pod> {
  if (Array.isArray(uri)) {
    const uris = uri as readonly string[];
    if (uris.length === 0) {
      throw new InvalidUriError('[]', 'a list of URIs (cache layers) needs at least one');
    }
    if (uris.length === 1) return openOne(uris[0] as string, options);
    const layers = await Promise.all(uris.map((u) => openOne(u, options)));
    const label = uris.join(' ');
    const mod = await loadAdapter(CACHE_PACKAGE, label, 'cache', options.importModule);
    const CachePod = mod.CachePod as
      | (new (
          layers: Pod[],
          options?: Readonly<Record<string, unknown>>,
        ) => Pod)
      | undefined;
    if (typeof CachePod !== 'function') {
      throw new AdapterError(CACHE_PACKAGE, `${CACHE_PACKAGE} exports no CachePod class`);
    }
    return checkPod(new CachePod(layers, adapterOptions(options, 'cache')), CACHE_PACKAGE);
  }
  return openOne(uri as string, options);
}

async function openOne(uri: string, options: OpenPodOptions): Promise<Pod> {
  const { scheme, rest } = splitUri(uri);
  if (scheme === undefined) {
    // Python Lakota's name for a pod in memory.
    if (uri === ':memory:') return openMemory(uri, '', options);
    return openFolder(uri, rest, false, options);
  }
  const registered = registeredAdapter(scheme);
  if (typeof registered === 'function') {
    return checkPod(
      await registered(uri, adapterOptions(options, scheme)),
      `'${scheme}://' adapter`,
    );
  }
  if (registered !== undefined) {
    const mod = await loadAdapter(registered.package, uri, scheme, options.importModule);
    return podFromModule(mod, registered.package, uri, adapterOptions(options, scheme));
  }
  const builtIn = BUILT_IN_SCHEMES[scheme];
  if (builtIn === undefined) throw new UnsupportedSchemeError(uri, scheme, knownSchemes());
  if (builtIn.name === 'memory') return openMemory(uri, rest, options);
  if (builtIn.name === 'file') return openFolder(uri, rest, true, options);
  const mod = await loadAdapter(builtIn.package, uri, scheme, options.importModule);
  return podFromModule(mod, builtIn.package, uri, adapterOptions(options, builtIn.name));
}

/**
 * `memory://?lru_size=N`. Anything between `//` and `?` is ignored, as in
 * Python Lakota: each call opens a new, empty pod. `lru_size=0` means no
 * bound, as there.
 */
async function openMemory(uri: string, rest: string, options: OpenPodOptions): Promise<Pod> {
  const { params } = splitQuery(rest);
  const settings: Record<string, unknown> = { ...adapterOptions(options, 'memory') };
  for (const [key, value] of params) {
    if (key !== 'lru_size') {
      throw new InvalidUriError(uri, `unknown parameter '${key}' (memory:// only takes lru_size)`);
    }
    if (!/^\d+$/.test(value)) {
      throw new InvalidUriError(uri, `lru_size must be a whole number of bytes, got '${value}'`);
    }
    if (Number(value) > 0) settings.lruSize = Number(value);
  }
  const mod = await loadAdapter('@lakota/pod-memory', uri, 'memory', options.importModule);
  return construct(mod, 'MemoryPod', '@lakota/pod-memory', settings);
}

async function openFolder(
  uri: string,
  rest: string,
  isUri: boolean,
  options: OpenPodOptions,
): Promise<Pod> {
  const root = await localPath(uri, rest, isUri, options.cwd);
  const mod = await loadAdapter('@lakota/pod-fs', uri, 'file', options.importModule);
  return construct(mod, 'FsPod', '@lakota/pod-fs', { ...adapterOptions(options, 'file'), root });
}

function construct(
  mod: Record<string, unknown>,
  className: string,
  packageName: string,
  settings: Record<string, unknown>,
): Pod {
  const Class = mod[className] as (new (options: Record<string, unknown>) => Pod) | undefined;
  if (typeof Class !== 'function') {
    throw new AdapterError(packageName, `${packageName} exports no ${className} class`);
  }
  return checkPod(new Class(settings), packageName);
}

function adapterOptions(options: OpenPodOptions, name: string): Readonly<Record<string, unknown>> {
  return options.adapters?.[name] ?? {};
}
