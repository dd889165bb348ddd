import { Commit, Repo } from '@lakota/core';
import { MemoryPod } from '@lakota/pod-memory';
import { describe, expect, it } from 'vitest';

// The engine speeds up appends by copying a commit's embedded arrays from the
// payload of the commit it was updated from. That must give the same bytes as
// encoding from scratch, which is what Python Lakota writes (the core's
// fixture test checks that path against Python's own payloads).
describe('commit payloads built from their parent', () => {
  it('equal the payloads encoded from scratch after writes, overwrites, deletes and batches', async () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const repo = await Repo.open(new MemoryPod());
    const collection = await repo.createCollection('timestamp timestamp*\nvalue float', 'c');
    const at = (i: number) => 1_577_836_800n + BigInt(i);
    for (let k = 0; k < 150; k++) {
      const series = collection.series(`s${random(3)}`);
      const start = random(2000);
      const length = 1 + random(60);
      if (random(7) === 0) await series.delete(at(start), at(start + length));
      else {
        await series.write({
          timestamp: Array.from({ length }, (_, i) => at(start + i)),
          value: Array.from({ length }, () => random(1000) / 7),
        });
      }
      if (random(20) === 0) {
        await collection.multi(async (batch) => {
          for (let j = 0; j < 3; j++)
            await batch.series(`m${j}`).write({ timestamp: [at(j)], value: [j] });
        });
      }
    }
    const log = await collection.changelog.log();
    expect(log.length).toBeGreaterThan(150);
    for (const rev of log) {
      const payload = await collection.changelog.read(rev);
      const decoded = Commit.decode(collection.schema, payload);
      expect(Buffer.from(decoded.encode(decoded.info)).equals(Buffer.from(payload))).toBe(true);
    }
  });
});
