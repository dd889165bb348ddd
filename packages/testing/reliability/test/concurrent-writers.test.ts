import { FsPod } from '@lakota/pod-fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLAN, type StressPlan } from '../src/stress-plan.js';
import { tempFolder } from './children.js';
import { expectNothingLost, report, runStress, type StressResult } from './stress-run.js';

// 12 × 50 writes by default; LAKOTA_LONG=1 runs the full 12 × 1,000. With
// auto-merge every hidden write is followed by a merge, which costs more
// under this contention: 12 × 10 by default, 12 × 100 with LAKOTA_LONG=1.
const LONG = process.env.LAKOTA_LONG === '1';
const PLAN: StressPlan = { ...DEFAULT_PLAN, writes: LONG ? 1000 : 50 };
const AUTO_MERGE_PLAN: StressPlan = { ...DEFAULT_PLAN, writes: LONG ? 100 : 10 };

for (const autoMerge of [false, true]) {
  const plan = autoMerge ? AUTO_MERGE_PLAN : PLAN;
  describe(`${plan.writers} writer processes on a folder, ${plan.writes} writes each${autoMerge ? ', auto-merge on write' : ''}`, () => {
    let folder: Awaited<ReturnType<typeof tempFolder>>;
    let result: StressResult;
    beforeAll(
      async () => {
        folder = await tempFolder('concurrency');
        result = await runStress({ kind: 'fs', root: folder.path }, new FsPod(folder.path), plan, {
          autoMerge,
        });
        report(
          `concurrent writers, folder${autoMerge ? ', auto-merge on write' : ''}`,
          plan,
          result,
        );
      },
      LONG ? 3 * 3_600_000 : 600_000,
    );
    afterAll(async () => {
      await folder?.remove();
    });

    it('every committed write is read back after the merge, none lost', () => {
      expectNothingLost(plan, result);
    });

    if (autoMerge) {
      it('auto-merge leaves far fewer writes hidden behind another head', () => {
        expect(result.headsBefore).toBeLessThan(result.outcome.committed / 4);
      });
    }

    it('last writer wins in causal order: no value read where a later write built on it wrote another', () => {
      expect(result.outcome.causalViolations).toEqual([]);
    });
  });
}
