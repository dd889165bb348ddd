import { throwIfAborted } from './errors.js';

/**
 * Maps `fn` over `items` with at most `limit` calls in flight; results keep
 * the input order. The first failure rejects the whole call once the calls
 * already started have settled, so no work is left running behind the caller.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  let failure: unknown;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        throwIfAborted(signal);
        results[i] = await fn(items[i] as T, i);
      } catch (err) {
        if (!failed) {
          failed = true;
          failure = err;
        }
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  if (failed) throw failure;
  return results;
}
