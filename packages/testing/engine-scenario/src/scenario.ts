import { type Pod, Repo } from '@lakota/core';
import { MemoryPod } from '@lakota/pod-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { answer, copyFolderToPod, expected, extractFixture } from './fixture.js';

export interface EngineScenarioOptions {
  /** Shown in test names. */
  name: string;
  /** A fresh, empty pod for each test. */
  create: () => Promise<Pod> | Pod;
  destroy?: (pod: Pod) => Promise<void> | void;
  /** Milliseconds each test may take (remote pods on a loaded machine are slow). */
  timeout?: number;
}

/** Random float64 values: they do not compress, so they land in segment files, not in commits. */
const noise = (n: number, seed: number) => {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  });
};
const day = (d: number) => new Date(Date.UTC(2020, 0, 1) + d * 86_400_000);
const days = (from: number, n: number) => Array.from({ length: n }, (_, i) => day(from + i));

/**
 * The engine's scenario on a pod: writes in several commits (one overlapping
 * another), range reads, reads at an earlier revision and time, pull into
 * and out of another repository, gc; then a repository written by Python
 * Lakota, copied key for key into the pod, read through it.
 */
export function describeEngineScenario(options: EngineScenarioOptions): void {
  describe(`engine scenario on ${options.name}`, () => {
    const made: Pod[] = [];
    const create = async () => {
      const pod = await options.create();
      made.push(pod);
      return pod;
    };
    afterEach(async () => {
      for (const pod of made.splice(0)) await options.destroy?.(pod);
    });

    const timeout = options.timeout ?? 120_000;
    it('writes, reads ranges, travels in time, pulls and collects garbage', {
      timeout,
    }, async () => {
      const repo = await Repo.open(await create(), { timeoutMs: 0 });
      const clct = await repo.createCollection('timestamp timestamp*\nvalue float', 'temperature');
      const brussels = clct.series('Brussels');
      const first = noise(300, 1);
      await brussels.write({ timestamp: days(0, 300), value: first });
      await clct.series('Paris').write({ timestamp: days(0, 10), value: noise(10, 2) });
      const afterFirst = (await clct.changelog.leaf())!;
      await new Promise((r) => setTimeout(r, 3));
      const between = new Date();
      await new Promise((r) => setTimeout(r, 3));
      const second = noise(200, 3);
      await brussels.write({ timestamp: days(200, 200), value: second });

      const all = (await brussels.read()).toRecords();
      expect(all).toHaveLength(400);
      expect(all.map((r) => r.value)).toEqual([...first.slice(0, 200), ...second]);
      const range = await brussels.read({ start: day(150), stop: day(250) });
      expect(range.toRecords().map((r) => r.value)).toEqual([
        ...first.slice(150, 200),
        ...second.slice(0, 50),
      ]);
      expect(
        (await brussels.read({ at: afterFirst.child })).toRecords().map((r) => r.value),
      ).toEqual(first);
      expect((await brussels.read({ before: between })).length).toBe(300);
      expect(await brussels.length()).toBe(400);
      expect((await brussels.tail(2)).toRecords().map((r) => r.value)).toEqual(second.slice(-2));

      // Pull into a memory repository and push back into a new collection here.
      const mirror = await Repo.open(new MemoryPod());
      await mirror.pull(repo);
      const mirrored = (await mirror.collection('temperature')).series('Brussels');
      expect((await mirrored.read()).toRecords()).toEqual(all);
      expect(
        (await (await mirror.collection('temperature')).changelog.log()).map((r) => r.path),
      ).toEqual((await clct.changelog.log()).map((r) => r.path));
      const copy = await repo.createCollection('timestamp timestamp*\nvalue float', 'copy');
      await (await mirror.collection('temperature')).push(copy);
      expect((await copy.series('Brussels').read()).toRecords()).toEqual(all);

      // A third write replaces what is left of the first one; once the first
      // revisions are trimmed, gc removes the first segment in two passes.
      const third = noise(300, 4);
      await brussels.write({ timestamp: days(0, 300), value: third });
      await clct.trim(new Date(Date.now() + 60_000));
      await repo.deleteCollection('copy');
      const soft = await repo.gc();
      expect(soft.softDeleted).toBeGreaterThan(0);
      const hard = await repo.gc();
      expect(hard.deleted).toBe(soft.softDeleted);
      expect((await brussels.read()).toRecords().map((r) => r.value)).toEqual([
        ...third,
        ...second.slice(100),
      ]);
    });

    it('reads a repository written by Python Lakota, copied key for key', { timeout }, async () => {
      const fixture = extractFixture();
      const pod = await create();
      await copyFolderToPod(fixture.repoDir, pod);
      const repo = await Repo.open(pod);
      for (const q of fixture.manifest.queries) {
        expect({ id: q.id, answer: await answer(repo, q) }).toEqual({
          id: q.id,
          answer: expected(q),
        });
      }
    });
  });
}
