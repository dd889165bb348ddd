import type { Pod } from '@lakota/core';

/** How a pod package plugs its backend into the conformance suite. */
export interface PodConformanceOptions<P extends Pod = Pod> {
  /** Names the pod in test titles and capability reports. */
  name: string;
  /**
   * Returns a fresh, empty pod. Called once per test, so a cloud pod should
   * hand out a new prefix (or bucket) each time.
   */
  create: () => P | Promise<P>;
  /** Releases what `create` made (a temp folder, a prefix). Runs after each test, passed or failed. */
  destroy?: (pod: P) => void | Promise<void>;
  /**
   * Opens a second pod over the same storage as `pod`, as a new process
   * would. Lets the suite check that a pod declaring `persistent` keeps data;
   * without it that check is reported as not run.
   */
  reopen?: (pod: P) => Pod | Promise<Pod>;
  /** Run the 32 MiB tests (default true). Turn off for slow remote backends; the suite says so. */
  large?: boolean;
  /** Operations in flight in the concurrency tests (default 200). */
  concurrency?: number;
  /** Timeout of each test in milliseconds (default 60 000). */
  timeout?: number;
}

/** The options with their defaults filled in. */
export interface ResolvedConformanceOptions<P extends Pod = Pod>
  extends Required<Pick<PodConformanceOptions<P>, 'name' | 'large' | 'concurrency' | 'timeout'>> {
  create: () => P | Promise<P>;
  destroy: ((pod: P) => void | Promise<void>) | undefined;
  reopen: ((pod: P) => Pod | Promise<Pod>) | undefined;
}

export function resolveOptions<P extends Pod>(
  options: PodConformanceOptions<P>,
): ResolvedConformanceOptions<P> {
  if (typeof options?.name !== 'string' || options.name === '') {
    throw new TypeError('describePodConformance: options.name must be a non-empty string');
  }
  if (typeof options.create !== 'function') {
    throw new TypeError(
      'describePodConformance: options.create must be a function returning a pod',
    );
  }
  const concurrency = options.concurrency ?? 200;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(
      `describePodConformance: concurrency must be an integer >= 1, got ${concurrency}`,
    );
  }
  return {
    name: options.name,
    create: options.create,
    destroy: options.destroy,
    reopen: options.reopen,
    large: options.large ?? true,
    concurrency,
    timeout: options.timeout ?? 60_000,
  };
}
