import { MemoryPod } from '@lakota/pod-memory';
import { expect, it } from 'vitest';
import { hashedPath } from '../../src/hashed-path.js';
import { hextime } from '../../src/hextime.js';
import { Repo } from '../../src/repo.js';

// A read that finds a segment file missing looks for its soft-deleted form
// (`name.<hextime>`), then for the plain name again, since gc may have renamed
// it back in between (the segment is referenced again).
it('a read racing gc restoring a segment file still finds it', async () => {
  const inner = new MemoryPod();
  const repo = await Repo.open(inner);
  const c = await repo.createCollection('key int*\nvalue float', 'c');
  const n = 500;
  await c.series('s').write({
    key: Array.from({ length: n }, (_, i) => i),
    value: Array.from({ length: n }, (_, i) => Math.sin(i)),
  });
  const ci = (await c.commitAt())!;
  const [digest] = [...ci.segmentDigests()];
  const path = hashedPath(digest!);
  const soft = `${path}.${hextime()}`;
  await inner.mv(path, soft);
  let restored = false;
  // gc renames the file back just as the reader lists its folder.
  const racing = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop !== 'ls') return Reflect.get(target, prop, receiver);
      return async (folder: string, options: object) => {
        if (!restored && folder === path.slice(0, 5)) {
          restored = true;
          await target.mv(soft, path);
        }
        return target.ls(folder, options);
      };
    },
  });
  const frame = await (await (await Repo.open(racing)).collection('c')).series('s').read();
  expect(frame.length).toBe(n);
});
