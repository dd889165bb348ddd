import { AbortError, throwIfAborted } from '@lakota/core';
import { isTransient } from './gcs-errors.js';

/** How the pod tries again after a transient failure (throttling, 5xx, dropped connection). */
export interface RetryPolicy {
  /** Further attempts after the first one (0 turns retrying off). */
  retries: number;
  /** Wait before the first retry, in milliseconds; doubled for each next one. */
  baseDelayMs: number;
  /** Upper bound of one wait, in milliseconds. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 250, maxDelayMs: 8_000 };

/**
 * Runs `attempt` until it succeeds, fails for good, or the retries run out.
 * Waits grow exponentially with "equal jitter" (half fixed, half random) so
 * that many clients throttled together do not come back in lockstep.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
): Promise<T> {
  for (let tried = 0; ; tried++) {
    throwIfAborted(signal);
    try {
      return await attempt();
    } catch (err) {
      if (tried >= policy.retries || !isTransient(err)) throw err;
    }
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** tried);
    await sleep(ceiling / 2 + (Math.random() * ceiling) / 2, signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortError(undefined, { cause: signal.reason }));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError(undefined, { cause: signal?.reason }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
