/** A 40-hex digest `D` lives at `D[0:2]/D[2:4]/D[4:]`, for segments and collection folders alike. */
export function hashedPath(digest: string): string {
  return `${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest.slice(4)}`;
}

/** The digest of the empty byte string: the name of every empty array. */
export { EMPTY_DIGEST } from './codecs/index.js';

/** The registry's changelog folder: the hashed path of forty zeros. */
export const REGISTRY_PATH = hashedPath('0'.repeat(40));
