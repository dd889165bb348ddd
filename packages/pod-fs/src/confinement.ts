import { isAbsolute, relative, sep } from 'node:path';

/** True when the absolute `path` is `root` or lies below it (both already resolved by realpath). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
