import type { Pod } from '@lakota/core';
import { describe } from 'vitest';
import { createHarness } from './harness.js';
import { type PodConformanceOptions, resolveOptions } from './options.js';
import { abortSection } from './sections/abort.js';
import { capabilitiesSection } from './sections/capabilities.js';
import { concurrencySection } from './sections/concurrency.js';
import { contractSection } from './sections/contract.js';
import { errorsSection } from './sections/errors.js';
import { invalidPathsSection } from './sections/invalid-paths.js';
import { largeSection } from './sections/large.js';
import { listingSection } from './sections/listing.js';
import { moveSection } from './sections/move.js';
import { namesSection } from './sections/names.js';
import { readWriteSection } from './sections/read-write.js';
import { removalSection } from './sections/removal.js';
import { subPodsSection } from './sections/sub-pods.js';
import { sweepSection } from './sections/sweep.js';
import { walkSection } from './sections/walk.js';

/**
 * Declares the Pod conformance suite for one backend, inside the caller's
 * vitest file. Every test gets a fresh pod from `create()` and hands it to
 * `destroy()` afterwards.
 *
 * @example
 * describePodConformance({ name: 'my-pod', create: async () => new MyPod(), destroy: async () => {} });
 */
export function describePodConformance<P extends Pod>(options: PodConformanceOptions<P>): void {
  const resolved = resolveOptions(options);
  const h = createHarness(resolved);
  describe(`Pod conformance: ${resolved.name}`, () => {
    contractSection(h);
    readWriteSection(h);
    listingSection(h);
    removalSection(h);
    moveSection(h);
    walkSection(h);
    namesSection(h);
    invalidPathsSection(h);
    subPodsSection(h);
    errorsSection(h);
    abortSection(h);
    concurrencySection(h);
    capabilitiesSection(h);
    largeSection(h);
    sweepSection(h);
  });
}
