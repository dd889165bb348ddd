/**
 * A writer process of the concurrency suites: opens the repository, says it
 * is ready, waits for the parent's go, then makes its planned writes (or
 * writes until a deadline) and reports each commit over IPC.
 *
 * Argument: JSON of WriterConfig.
 */
import { performance } from 'node:perf_hooks';
import { Repo } from '@lakota/core';
import { receive, send } from '../messages.js';
import { openSpecPod, type PodSpec } from '../pod-spec.js';
import { slowCommitPod } from '../slow-commit-pod.js';
import { frameOf, plannedWrite, type StressPlan } from '../stress-plan.js';

export interface WriterConfig {
  pod: PodSpec;
  collection: string;
  plan: StressPlan;
  writer: number;
  /** Open the repository with `autoMerge: 'on-write'`. */
  autoMerge?: boolean;
  /** Keep writing (seq after seq, past plan.writes) until this many ms after go. */
  durationMs?: number;
  /** Wait up to this long before writing each revision file (a slow commit). */
  commitDelayMs?: number;
}

const config = JSON.parse(process.argv[2] as string) as WriterConfig;
const pod = await openSpecPod(config.pod);
const repo = await Repo.open(
  config.commitDelayMs ? slowCommitPod(pod, config.commitDelayMs) : pod,
  {
    autoMerge: config.autoMerge ? 'on-write' : 'off',
  },
);
const collection = await repo.collection(config.collection);

await send({ type: 'ready' });
await receive('go');
const t0 = performance.now();
const more = (seq: number) =>
  config.durationMs === undefined
    ? seq < config.plan.writes
    : performance.now() - t0 < config.durationMs;
for (let seq = 0; more(seq); seq++) {
  const planned = plannedWrite(config.plan, config.writer, seq);
  try {
    const revs = await collection.series(planned.series).write(frameOf(planned));
    await send({
      type: 'committed',
      writer: config.writer,
      seq,
      digest: (revs[0] as { digest: string }).digest,
    });
  } catch (err) {
    const e = err as Error & { code?: string };
    await send({
      type: 'failed',
      writer: config.writer,
      seq,
      name: e.name,
      message: e.message,
      ...(e.code ? { code: e.code } : {}),
    });
  }
}
await send({ type: 'done', writer: config.writer, ms: performance.now() - t0 });
process.disconnect();
