import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from '@lakota/core';
import { FsPod } from '@lakota/pod-fs';
import { MemoryPod } from '@lakota/pod-memory';

export type TargetName = 'memory' | 'file';
export const TARGETS: readonly TargetName[] = ['memory', 'file'];

/**
 * Where a run's repositories live: fresh memory pods, or fresh folders under
 * one temporary folder that `dispose()` removes. Set-ups that several
 * workloads read (never write) are built once per target and shared.
 */
export class Target {
  private folders = 0;
  private readonly shared = new Map<string, Promise<unknown>>();

  private constructor(
    readonly name: TargetName,
    /** The temporary folder of a file target. */
    readonly root: string | undefined,
  ) {}

  static async create(name: TargetName): Promise<Target> {
    return new Target(
      name,
      name === 'file' ? await mkdtemp(join(tmpdir(), 'lakota-bench-')) : undefined,
    );
  }

  /** An empty pod of this target. */
  newPod(): Pod {
    if (this.root === undefined) return new MemoryPod();
    return new FsPod(join(this.root, `repo-${++this.folders}`));
  }

  /** The set-up called `key`, built by `build` on first use. */
  once<T>(key: string, build: () => Promise<T>): Promise<T> {
    let hit = this.shared.get(key);
    if (!hit) {
      hit = build();
      this.shared.set(key, hit);
    }
    return hit as Promise<T>;
  }

  async dispose(): Promise<void> {
    this.shared.clear();
    if (this.root !== undefined) await rm(this.root, { recursive: true, force: true });
  }
}
