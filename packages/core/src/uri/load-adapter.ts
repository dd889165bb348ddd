import type { Pod } from '../pod.js';
import { AdapterError, MissingAdapterError } from './uri-errors.js';

/** Loads a module by name; `openPod`'s `importModule` option replaces it. */
export type ImportModule = (specifier: string) => Promise<unknown>;

// The specifier is a variable on purpose: the core cannot depend on its
// adapters (they depend on it), and bundlers must not try to include them.
export const defaultImport: ImportModule = (specifier) =>
  import(/* webpackIgnore: true */ /* @vite-ignore */ specifier);

/**
 * Loads an adapter package. A missing package becomes a MissingAdapterError
 * naming what to install; a package that is there but fails to load (one of
 * its own dependencies missing, a syntax error) an AdapterError with its cause.
 */
export async function loadAdapter(
  packageName: string,
  uri: string,
  scheme: string,
  importModule: ImportModule = defaultImport,
): Promise<Record<string, unknown>> {
  try {
    return (await importModule(packageName)) as Record<string, unknown>;
  } catch (err) {
    if (isMissingPackage(err, packageName)) {
      throw new MissingAdapterError(uri, scheme, packageName, { cause: err });
    }
    throw new AdapterError(
      packageName,
      `The pod adapter ${packageName} is installed but failed to load: ${String((err as Error)?.message ?? err)}`,
      { cause: err },
    );
  }
}

/**
 * True when `err` says that `packageName` itself cannot be found, not one of
 * its dependencies: Node quotes the missing name in its message, and only the
 * importer's file path (unquoted) could otherwise mention the adapter.
 */
function isMissingPackage(err: unknown, packageName: string): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const message = String(e?.message ?? '');
  const notFound =
    e?.code === 'ERR_MODULE_NOT_FOUND' ||
    e?.code === 'MODULE_NOT_FOUND' ||
    /cannot find (package|module)/i.test(message);
  return notFound && (message.includes(`'${packageName}'`) || message.includes(`"${packageName}"`));
}

/**
 * Calls the factory an adapter package exports: a `fromUri` function, or
 * else the static `fromUri` of one of its classes (`S3Pod.fromUri`,
 * `GcsPod.fromUri`, `AzurePod.fromUri`).
 */
export async function podFromModule(
  mod: Record<string, unknown>,
  packageName: string,
  uri: string,
  options: Readonly<Record<string, unknown>>,
): Promise<Pod> {
  let factory: ((uri: string, options: unknown) => unknown) | undefined;
  if (typeof mod.fromUri === 'function') {
    factory = mod.fromUri as typeof factory;
  } else {
    // A pod class is preferred when a package exports several with a fromUri.
    const candidates = Object.entries(mod)
      .filter(
        ([, v]) =>
          typeof v === 'function' && typeof (v as { fromUri?: unknown }).fromUri === 'function',
      )
      .sort(([a], [b]) => Number(b.endsWith('Pod')) - Number(a.endsWith('Pod')));
    const owner = candidates[0]?.[1] as
      | { fromUri: (uri: string, options: unknown) => unknown }
      | undefined;
    if (owner) factory = owner.fromUri.bind(owner);
  }
  if (!factory) {
    throw new AdapterError(
      packageName,
      `${packageName} exports no fromUri(uri, options) factory, so ${JSON.stringify(uri)} cannot be opened by URI: upgrade ${packageName}, or build the pod with its constructor`,
    );
  }
  return checkPod(await factory(uri, options), packageName);
}

/** Refuses what is not a pod, so a broken adapter fails here and not on first use. */
export function checkPod(value: unknown, source: string): Pod {
  const pod = value as Partial<Pod> | null;
  if (
    typeof pod?.read !== 'function' ||
    typeof pod.write !== 'function' ||
    typeof pod.ls !== 'function'
  ) {
    throw new AdapterError(source, `${source} returned something that is not a pod`);
  }
  return pod as Pod;
}
