import type { Pod } from '../pod.js';

/**
 * Builds a pod from a URI. `options` are the caller's options for this
 * adapter (`openPod(uri, { adapters: { myproto: {…} } })`), `{}` when none.
 */
export type PodFactory = (
  uri: string,
  options: Readonly<Record<string, unknown>>,
) => Pod | Promise<Pod>;

/** A package loaded on first use, which exports `fromUri(uri, options)`. */
export interface AdapterPackage {
  package: string;
}

/** How a scheme is served: a factory, or a package loaded on demand. */
export type SchemeAdapter = PodFactory | AdapterPackage;

export interface BuiltInScheme {
  /** The adapter's name: the key of its options in `openPod`'s `adapters`. */
  name: string;
  package: string;
}

/**
 * The adapters shipped as @lakota packages. They are loaded with `import()`
 * on first use, so an application installs only those it opens.
 */
export const BUILT_IN_SCHEMES: Readonly<Record<string, BuiltInScheme>> = {
  memory: { name: 'memory', package: '@lakota/pod-memory' },
  file: { name: 'file', package: '@lakota/pod-fs' },
  s3: { name: 's3', package: '@lakota/pod-s3' },
  gs: { name: 'gcs', package: '@lakota/pod-gcs' },
  gcs: { name: 'gcs', package: '@lakota/pod-gcs' },
  az: { name: 'azure', package: '@lakota/pod-azure' },
  azure: { name: 'azure', package: '@lakota/pod-azure' },
  http: { name: 'http', package: '@lakota/pod-http' },
  https: { name: 'http', package: '@lakota/pod-http' },
};

/** The package behind a list of URIs (cache layers). */
export const CACHE_PACKAGE = '@lakota/pod-cache';

const registered = new Map<string, SchemeAdapter>();

const SCHEME_NAME = /^[a-z][a-z0-9+.-]*$/;

/**
 * Lets `openPod` open `scheme://…` URIs, for a third-party pod package or an
 * application's own storage. A registered scheme wins over a built-in one of
 * the same name, and a later registration over an earlier one. Returns a
 * function that removes this registration.
 *
 * @example
 * registerScheme('myproto', async (uri, options) => new MyPod(parseMyUri(uri), options));
 * registerScheme('webdav', { package: 'lakota-pod-webdav' }); // loaded on first use
 */
export function registerScheme(scheme: string, adapter: SchemeAdapter): () => void {
  const name = String(scheme).toLowerCase();
  if (!SCHEME_NAME.test(name)) {
    throw new TypeError(
      `registerScheme: '${scheme}' is not a URI scheme (a letter, then letters, digits, '+', '-' or '.')`,
    );
  }
  const valid =
    typeof adapter === 'function' ||
    (typeof adapter === 'object' && adapter !== null && typeof adapter.package === 'string');
  if (!valid) {
    throw new TypeError(
      'registerScheme: the adapter must be a function (uri, options) => pod, or { package: name }',
    );
  }
  registered.set(name, adapter);
  return () => {
    if (registered.get(name) === adapter) registered.delete(name);
  };
}

/** The adapter registered for a scheme, if any. */
export function registeredAdapter(scheme: string): SchemeAdapter | undefined {
  return registered.get(scheme);
}

/** Every scheme `openPod` can open now, built-in and registered, sorted. */
export function knownSchemes(): string[] {
  return [...new Set([...Object.keys(BUILT_IN_SCHEMES), ...registered.keys()])].sort();
}
