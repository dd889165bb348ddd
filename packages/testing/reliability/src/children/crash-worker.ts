/**
 * The process the crash suite kills: it loops over one kind of operation on
 * a folder repository until it is killed (`kill -9`), reporting each commit
 * (with a hash of the state it reads) and each trim over IPC, so the parent
 * knows what was committed before the kill.
 *
 * Argument: JSON of CrashConfig.
 */
import { type Collection, Repo, type Revision } from '@lakota/core';
import { FsPod } from '@lakota/pod-fs';
import { type CrashPhase, send } from '../messages.js';
import { below, prng } from '../prng.js';
import { stateHash } from '../state-hash.js';

export type CrashScenario = 'write' | 'defrag' | 'trim' | 'gc';

export interface CrashConfig {
  root: string;
  collection: string;
  scenario: CrashScenario;
  /** Makes each trial's data different. */
  trial: number;
}

const config = JSON.parse(process.argv[2] as string) as CrashConfig;
// No grace period: gc's delete phase runs as soon as files are soft-deleted.
const repo = await Repo.open(new FsPod(config.root), { timeoutMs: 0 });
const collection = await repo.collection(config.collection);
const random = prng(config.trial, config.scenario.length);

/** Small writes are embedded in the commit; big ones become segment files. */
function frame(start: number, n: number) {
  return {
    key: Array.from({ length: n }, (_, i) => start + i),
    value: Array.from({ length: n }, () => random()),
    trial: new Array(n).fill(config.trial),
  };
}

async function report(c: Collection, revs: Revision[]): Promise<void> {
  const rev = revs[0];
  if (!rev) return;
  await send({
    type: 'state',
    digest: rev.digest,
    parentDigest: rev.parentDigest,
    epoch: rev.epoch,
    hash: await stateHash(c, rev.child),
  });
}

async function phase(name: CrashPhase): Promise<void> {
  await send({ type: 'phase', name });
}

async function write(big: boolean): Promise<void> {
  await phase('write');
  const series = `s${below(random, 3)}`;
  const n = big ? 300 : 1 + below(random, 20);
  await report(collection, await collection.series(series).write(frame(below(random, 200), n)));
}

async function trim(): Promise<void> {
  const mark = Date.now();
  await send({ type: 'trim', mark });
  await phase('trim');
  await collection.trim(mark);
}

/**
 * One round of the loop. It starts with the operation under test, so that a
 * kill soon after a round begins lands in it; the rounds before (this
 * trial's first one, and earlier trials') leave it work: series to defrag,
 * revisions to trim, garbage to collect.
 */
async function round(): Promise<void> {
  switch (config.scenario) {
    case 'write':
      await write(random() < 0.5);
      break;
    case 'defrag':
      await phase('defrag');
      await report(collection, await collection.defrag(2));
      for (let i = 0; i < 3; i++) {
        await phase('write');
        const at = 1000 + below(random, 1000) * 10;
        await report(
          collection,
          await collection.series('log').write(frame(at, 1 + below(random, 5))),
        );
      }
      break;
    case 'trim':
      await trim();
      await write(false);
      break;
    case 'gc':
      // One pass deletes what the previous one renamed, and renames new
      // garbage: big segments overwritten, then trimmed away.
      await phase('gc');
      await repo.gc();
      await write(true);
      await trim();
      break;
  }
}

// A first round before saying ready: the code is warm and there is work
// when the kill window opens.
await round();
await send({ type: 'ready' });
for (;;) await round();
