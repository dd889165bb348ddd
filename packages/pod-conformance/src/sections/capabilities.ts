import { NotFoundError, type Pod, type PodCapabilities } from '@lakota/core';
import { describe, expect } from 'vitest';
import { expectBytes, patternBytes, sameBytes, utf8 } from '../bytes.js';
import type { ConformanceHarness } from '../harness.js';
import { report } from '../report.js';

type Flag = keyof PodCapabilities;

/**
 * Reads `path` over and over until `done` settles, letting the event loop
 * run between reads, and returns what each read saw.
 */
async function pollWhile(
  pod: Pod,
  path: string,
  done: Promise<unknown>,
): Promise<(Uint8Array | 'missing')[]> {
  let finished = false;
  const settled = done.then(
    () => {
      finished = true;
    },
    () => {
      finished = true;
    },
  );
  const seen: (Uint8Array | 'missing')[] = [];
  while (!finished) {
    try {
      seen.push(await pod.read(path));
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      seen.push('missing');
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  await settled;
  await done;
  return seen;
}

function describeSeen(seen: Uint8Array | 'missing'): string {
  return seen === 'missing' ? 'missing' : `${seen.byteLength} bytes`;
}

/**
 * Checks each capability a pod declares. A capability is known only once a
 * pod exists, so each gets two tests: the check, skipped with its reason when
 * the pod does not declare the capability, and a "not declared" test that
 * asserts and reports the gap, skipped when the check ran instead.
 */
export function capabilitiesSection(h: ConformanceHarness): void {
  const size = h.options.large ? 16 * 1024 * 1024 : 2 * 1024 * 1024;

  const capability = (
    flag: Flag,
    title: string,
    check: (pod: Pod) => Promise<void>,
    lacking: string,
  ) => {
    h.test(`capability ${flag}: ${title}`, async (pod, context) => {
      if (pod.capabilities[flag] !== true) {
        context.skip(`${h.name} does not declare ${flag}; see the "not declared" test`);
      }
      await check(pod);
    });
    h.test(`capability ${flag}: not declared by ${h.name}`, async (pod, context) => {
      if (pod.capabilities[flag] === true) {
        context.skip(`${h.name} declares ${flag}, checked by the test above`);
      }
      expect(pod.capabilities[flag], `capabilities.${flag}`).toBe(false);
      report(h.name, `does not declare ${flag}: ${lacking}`);
    });
  };

  describe('capabilities', () => {
    capability(
      'conditionalWrite',
      'racing write-once writers of one new path leave exactly one of them intact',
      async (pod) => {
        for (let round = 0; round < 5; round++) {
          const contents = Array.from({ length: 8 }, (_, i) =>
            patternBytes(64 * 1024 + i * 97, round * 8 + i + 1),
          );
          const written = await Promise.all(contents.map((c) => pod.write(`race/${round}`, c)));
          const winners = written.flatMap((w, i) => (w > 0 ? [i] : []));
          expect(winners, `round ${round}: writers that reported writing`).toHaveLength(1);
          const winner = winners[0]!;
          expect(written[winner]).toBe(contents[winner]!.byteLength);
          expectBytes(
            await pod.read(`race/${round}`),
            contents[winner]!,
            `round ${round}: stored content`,
          );
        }
      },
      'racing writers of one new path may each believe they wrote it, and the last one wins',
    );

    capability(
      'atomicWrite',
      'a reader polling during a write sees the whole file or none, never part of it',
      async (pod) => {
        const first = patternBytes(size, 21);
        const seenNew = await pollWhile(pod, 'atomic/file', pod.write('atomic/file', first));
        for (const s of seenNew) {
          expect(
            s === 'missing' || sameBytes(s, first),
            `a read during the write saw ${describeSeen(s)}`,
          ).toBe(true);
        }
        const second = patternBytes(size - 4096, 22);
        const seenForced = await pollWhile(
          pod,
          'atomic/file',
          pod.write('atomic/file', second, { force: true }),
        );
        for (const s of seenForced) {
          const whole = s !== 'missing' && (sameBytes(s, first) || sameBytes(s, second));
          expect(whole, `a read during a forced overwrite saw ${describeSeen(s)}`).toBe(true);
        }
        expectBytes(await pod.read('atomic/file'), second, 'content after the overwrite');
      },
      'a reader may see a partly written file while a write is in progress',
    );

    capability(
      'atomicMove',
      'the destination of mv is never missing or partial while it is replaced',
      async (pod) => {
        const old = utf8('old destination');
        const moved = patternBytes(size, 31);
        await pod.write('mv/dst', old);
        await pod.write('mv/src', moved);
        const seen = await pollWhile(pod, 'mv/dst', pod.mv('mv/src', 'mv/dst'));
        for (const s of seen) {
          const whole = s !== 'missing' && (sameBytes(s, old) || sameBytes(s, moved));
          expect(whole, `a read of the destination during mv saw ${describeSeen(s)}`).toBe(true);
        }
        expectBytes(await pod.read('mv/dst'), moved, 'destination after mv');
        expect(await pod.isFile('mv/src')).toBe(false);
      },
      'mv may copy then delete, so a crash can leave both files and readers may see a gap',
    );

    h.test(
      'capability persistent: data is there for another pod opened over the same storage',
      async (pod, context) => {
        if (!pod.capabilities.persistent) {
          context.skip(`${h.name} does not declare persistent; see the "not declared" test`);
        }
        if (!h.options.reopen) {
          report(h.name, 'declares persistent, not checked: pass a reopen() option to check it');
          context.skip(
            `${h.name} declares persistent, but no reopen() option was given to check it`,
          );
        }
        await pod.write('kept/file', utf8('survives'));
        const again = await h.options.reopen!(pod);
        expectBytes(await again.read('kept/file'), utf8('survives'), 'read through a reopened pod');
        expect(await again.ls('kept')).toEqual(['file']);
      },
    );
    h.test(`capability persistent: not declared by ${h.name}`, async (pod, context) => {
      if (pod.capabilities.persistent)
        context.skip(`${h.name} declares persistent, checked by the test above`);
      expect(pod.capabilities.persistent).toBe(false);
      report(h.name, 'does not declare persistent: data lives as long as the pod object');
    });

    h.test(
      'capability evicts: when not declared, every file written stays readable',
      async (pod, context) => {
        if (pod.capabilities.evicts) {
          report(
            h.name,
            'declares evicts: files may disappear; the suite assumes its data (about 40 MiB) fits under the bound',
          );
          context.skip(
            `${h.name} declares evicts: files may disappear on their own, so this check does not apply`,
          );
        }
        const files = Array.from(
          { length: 300 },
          (_, i) => [`keep/${i % 7}/${i}`, patternBytes(4096, i + 1)] as const,
        );
        await Promise.all(files.map(([p, d]) => pod.write(p, d)));
        const back = await pod.readMany(files.map(([p]) => p));
        files.forEach(([p, d], i) => {
          expectBytes(back[i], d, p);
        });
      },
    );
  });
}
