import type { Pod } from '@lakota/core';

/** A revision file name: `<parent id>.<child id>`. */
const REVISION = /\/[0-9a-f]{11}-[0-9a-f]{40}\.[0-9a-f]{11}-[0-9a-f]{40}$/;

/**
 * A pod whose revision-file writes wait a random time first, so a commit's
 * segment files sit in storage, unreferenced, for a while before the revision
 * naming them lands: what gc sees of a slow writer.
 */
export function slowCommitPod(
  inner: Pod,
  maxDelayMs: number,
  random: () => number = Math.random,
): Pod {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop !== 'write') return Reflect.get(target, prop, receiver);
      return async (path: string, data: Uint8Array, options?: Parameters<Pod['write']>[2]) => {
        if (REVISION.test(`/${path}`))
          await new Promise((r) => setTimeout(r, random() * maxDelayMs));
        return target.write.call(receiver, path, data, options);
      };
    },
  });
}
