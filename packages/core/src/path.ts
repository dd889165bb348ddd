import { InvalidPathError } from './errors.js';

/**
 * Checks that `path` is a clean relative POSIX path and returns it.
 * The empty string means the pod's root. Invalid paths are rejected before any
 * I/O so that no backend ever sees them.
 */
export function checkPath(path: string, { allowRoot = true } = {}): string {
  if (typeof path !== 'string') {
    throw new InvalidPathError(String(path), 'a path must be a string');
  }
  if (path === '') {
    if (allowRoot) return path;
    throw new InvalidPathError(path, 'the empty path names the root, not a file');
  }
  if (path.includes('\0')) throw new InvalidPathError(path, 'it contains a NUL character');
  if (path.includes('\\')) throw new InvalidPathError(path, 'it contains a backslash');
  if (path.startsWith('/')) throw new InvalidPathError(path, 'it is absolute');
  for (const segment of path.split('/')) {
    if (segment === '') throw new InvalidPathError(path, 'it has an empty segment');
    if (segment === '.' || segment === '..') {
      throw new InvalidPathError(path, `it has a '${segment}' segment`);
    }
  }
  return path;
}

/** Joins clean path segments; empty parts are skipped. */
export function joinPath(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/');
}

/** Splits a clean path into its folder and its name (`'a/b/c'` → `['a/b', 'c']`). */
export function splitPath(path: string): [string, string] {
  const i = path.lastIndexOf('/');
  return i < 0 ? ['', path] : [path.slice(0, i), path.slice(i + 1)];
}

/**
 * Orders strings by Unicode code point, as Python and numpy do.
 * JavaScript's `<` compares UTF-16 code units, which differs for astral characters.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xD800–0xDFFF) encode code points above 0xFFFF, so they
    // must sort after every other BMP unit from 0xE000 up.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx === sy) return x - y;
    return sx ? 1 : -1;
  }
  return a.length - b.length;
}
