import type { Pod } from '@lakota/core';
import { it, type TestContext } from 'vitest';
import type { ResolvedConformanceOptions } from './options.js';

/** What each section of the suite receives: the options and a way to declare a test on a fresh pod. */
export interface ConformanceHarness {
  readonly name: string;
  readonly options: ResolvedConformanceOptions<Pod>;
  /**
   * Declares a test that runs `body` on a pod fresh from `create()`,
   * destroyed afterwards. `context` lets a body skip with a reason.
   */
  test(title: string, body: (pod: Pod, context: TestContext) => Promise<void>): void;
}

export function createHarness<P extends Pod>(
  options: ResolvedConformanceOptions<P>,
): ConformanceHarness {
  const opts = options as unknown as ResolvedConformanceOptions<Pod>;
  return {
    name: options.name,
    options: opts,
    test(title, body) {
      it(
        title,
        async (context) => {
          const pod = await opts.create();
          let failure: { error: unknown } | undefined;
          try {
            await body(pod, context);
          } catch (error) {
            failure = { error };
          }
          // A failing destroy must not hide the test's own failure.
          try {
            await opts.destroy?.(pod);
          } catch (error) {
            failure ??= { error };
          }
          if (failure) throw failure.error;
        },
        opts.timeout,
      );
    },
  };
}
