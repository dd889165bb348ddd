import { InvalidUriError } from './uri-errors.js';

/** A URI cut at its scheme; bare paths have no scheme. */
export interface SplitUri {
  /** Lowercase scheme (`s3`), or undefined for a bare path. */
  scheme: string | undefined;
  /** Everything after `scheme://` (or the whole bare path). */
  rest: string;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/**
 * Tells URIs from bare paths: only `scheme://…` is a URI, so Windows paths
 * (`C:\repo`) and names holding a colon stay paths.
 */
export function splitUri(uri: string): SplitUri {
  if (typeof uri !== 'string') {
    throw new InvalidUriError(String(uri), 'a pod URI must be a string');
  }
  if (uri.trim() === '') {
    throw new InvalidUriError(
      uri,
      "it is empty (use 'memory://' for a pod in memory, or a folder path)",
    );
  }
  const m = SCHEME.exec(uri);
  if (!m) return { scheme: undefined, rest: uri };
  return { scheme: (m[1] as string).toLowerCase(), rest: uri.slice(m[0].length) };
}

/** The query parameters of a URI's rest, and the part before them. */
export function splitQuery(rest: string): { path: string; params: URLSearchParams } {
  const noFragment = rest.split('#', 1)[0] as string;
  const q = noFragment.indexOf('?');
  if (q < 0) return { path: noFragment, params: new URLSearchParams() };
  return { path: noFragment.slice(0, q), params: new URLSearchParams(noFragment.slice(q + 1)) };
}
