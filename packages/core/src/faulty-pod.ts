import { PodOperationError, TransientError, throwIfAborted } from './errors.js';
import {
  type ListOptions,
  type MoveOptions,
  POD_METHODS,
  type Pod,
  type PodCapabilities,
  type ReadManyOptions,
  type ReadOptions,
  type RemoveOptions,
  type SweepOptions,
  type WalkOptions,
  type WriteOptions,
} from './pod.js';
import { abortableSleep } from './retrying-pod.js';
import { SubPod } from './sub-pod.js';

/** The pod operations a fault can hit (`sweep` only on a pod that has it). */
export type PodOperationName = Exclude<(typeof POD_METHODS)[number], 'cd'> | 'sweep';

/**
 * What goes wrong:
 * * `error`: a permanent failure (`PodOperationError`, not retryable); nothing is done.
 * * `transient`: a retryable failure (`TransientError`), before or after the operation took effect.
 * * `timeout`: the call hangs for `timeoutMs`, then fails as `transient` does.
 * * `slow`: the call succeeds after up to `slowMs`.
 * * `partial`: a read returns only a prefix of the file, without an error (a cut
 *   response); a listing misses names and a write stores a prefix when the
 *   options allow it (see `partialListings`, `partialWrites`).
 */
export type FaultKind = 'error' | 'transient' | 'timeout' | 'slow' | 'partial';

export interface FaultyPodOptions {
  /** Seed of the pseudo-random sequence: the same seed and calls give the same faults. */
  seed?: number;
  /** Probability that an operation is faulty, 0 to 1 (default 0.1). */
  rate?: number;
  /** Relative weights of the fault kinds; kinds left out never happen (default: every kind but `partial`, equally). */
  kinds?: Partial<Record<FaultKind, number>>;
  /** Operations that may fail (default: all). */
  operations?: readonly PodOperationName[];
  /** Finer choice of the calls that may fail, by operation and path. */
  filter?: (operation: PodOperationName, path: string) => boolean;
  /** How long a `timeout` fault hangs (default 20 ms). */
  timeoutMs?: number;
  /** Longest delay of a `slow` fault (default 10 ms). */
  slowMs?: number;
  /**
   * Probability that a `transient` or `timeout` failure comes after the
   * operation took effect (the response was lost), default 0.5. A write
   * then exists although the caller saw an error.
   */
  afterEffectRate?: number;
  /**
   * Let `partial` faults store a prefix of a written file and then fail, as a
   * store without atomic writes does when the writer dies mid-upload. Off by
   * default: the wrapped pod then stops being atomic (`capabilities.atomicWrite`
   * becomes false).
   */
  partialWrites?: boolean;
  /**
   * Let `partial` faults drop names from listings and walks without an error.
   * Off by default: no pod of this project may do that, and gc trusts listings.
   */
  partialListings?: boolean;
}

/** One injected fault, for tests that want to know what happened. */
export interface FaultRecord {
  operation: PodOperationName;
  path: string;
  kind: FaultKind;
  /** True when the operation took effect before the failure was reported. */
  afterEffect: boolean;
}

const ALL_OPERATIONS: PodOperationName[] = [
  ...POD_METHODS.filter((m): m is Exclude<(typeof POD_METHODS)[number], 'cd'> => m !== 'cd'),
  'sweep',
];
const DEFAULT_KINDS: Record<FaultKind, number> = {
  error: 1,
  transient: 1,
  timeout: 1,
  slow: 1,
  partial: 0,
};

/** mulberry32: small, fast, and good enough to spread faults; not for secrets. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Plan {
  kind: FaultKind;
  afterEffect: boolean;
}

/**
 * A pod that wraps another and injects faults into a chosen share of its
 * calls: permanent and retryable errors, timeouts, slow calls and partial
 * responses, drawn from a seeded pseudo-random sequence so that a failing
 * run can be replayed. It is how the engine is shown to either complete an
 * operation or fail with a typed error, never leaving half a commit visible.
 *
 * ```ts
 * const pod = new FaultyPod(new MemoryPod(), { seed: 7, rate: 0.2 });
 * ```
 */
export class FaultyPod implements Pod {
  readonly protocol: string;
  readonly capabilities: PodCapabilities;
  /** Every fault injected so far, oldest first. */
  readonly faults: FaultRecord[] = [];
  /** Operations called so far (faulty or not). */
  calls = 0;
  /**
   * The inner pod's sweep, which faults hit as they hit the other calls
   * (`partial` becomes `transient`). Absent when the inner pod has none.
   */
  declare readonly sweep?: (options: SweepOptions) => Promise<number>;
  private enabled = true;
  private readonly random: () => number;
  private readonly rate: number;
  private readonly weights: [FaultKind, number][];
  private readonly operations: ReadonlySet<PodOperationName>;
  private readonly timeoutMs: number;
  private readonly slowMs: number;
  private readonly afterEffectRate: number;

  constructor(
    readonly inner: Pod,
    private readonly options: FaultyPodOptions = {},
  ) {
    this.protocol = inner.protocol;
    this.capabilities = options.partialWrites
      ? { ...inner.capabilities, atomicWrite: false }
      : inner.capabilities;
    this.random = prng(options.seed ?? 1);
    this.rate = options.rate ?? 0.1;
    if (!(this.rate >= 0 && this.rate <= 1)) {
      throw new RangeError(`FaultyPod: rate must be between 0 and 1, got ${options.rate}`);
    }
    this.weights = Object.entries(options.kinds ?? DEFAULT_KINDS).filter(([, w]) => w > 0) as [
      FaultKind,
      number,
    ][];
    this.operations = new Set(options.operations ?? ALL_OPERATIONS);
    this.timeoutMs = options.timeoutMs ?? 20;
    this.slowMs = options.slowMs ?? 10;
    this.afterEffectRate = options.afterEffectRate ?? 0.5;
    const sweep = inner.sweep?.bind(inner);
    if (sweep) {
      this.sweep = (opts) => {
        const where = opts.path ?? '';
        return this.run('sweep', where, opts.signal, () => sweep(opts), this.plan('sweep', where));
      };
    }
  }

  /** Stops injecting faults (e.g. while a test sets up or checks a state). */
  pause(): void {
    this.enabled = false;
  }

  resume(): void {
    this.enabled = true;
  }

  /** Faults injected so far, by kind. */
  counts(): Record<FaultKind, number> {
    const out: Record<FaultKind, number> = {
      error: 0,
      transient: 0,
      timeout: 0,
      slow: 0,
      partial: 0,
    };
    for (const f of this.faults) out[f.kind]++;
    return out;
  }

  /** Draws whether this call fails, and how. */
  private plan(operation: PodOperationName, path: string): Plan | undefined {
    this.calls++;
    if (!this.enabled || !this.operations.has(operation)) return undefined;
    if (this.options.filter && !this.options.filter(operation, path)) return undefined;
    if (this.weights.length === 0 || this.random() >= this.rate) return undefined;
    const total = this.weights.reduce((s, [, w]) => s + w, 0);
    let pick = this.random() * total;
    let kind = this.weights[this.weights.length - 1]![0];
    for (const [k, w] of this.weights) {
      if (pick < w) {
        kind = k;
        break;
      }
      pick -= w;
    }
    // A fault kind that means nothing for this operation becomes a transient error.
    if (kind === 'partial' && !this.partialApplies(operation)) kind = 'transient';
    const afterEffect =
      (kind === 'transient' || kind === 'timeout') && this.random() < this.afterEffectRate;
    this.faults.push({ operation, path, kind, afterEffect });
    return { kind, afterEffect };
  }

  private partialApplies(operation: PodOperationName): boolean {
    if (operation === 'read' || operation === 'readMany') return true;
    if (operation === 'write') return this.options.partialWrites === true;
    if (operation === 'ls' || operation === 'walk') return this.options.partialListings === true;
    return false;
  }

  private failure(plan: Plan, operation: PodOperationName, path: string): Error {
    const where = `${operation}('${path}')`;
    if (plan.kind === 'error') {
      return new PodOperationError(path, `Injected fault: ${where} failed for good`);
    }
    if (plan.kind === 'timeout') {
      return new TransientError(`Injected fault: ${where} timed out after ${this.timeoutMs} ms`);
    }
    return new TransientError(
      `Injected fault: ${where} failed${plan.afterEffect ? ' after taking effect' : ''}; retry`,
    );
  }

  /**
   * Runs `call` under a fault plan: fails before it, after it, or delays it.
   * `partial` is handled by the operations that support it.
   */
  private async run<T>(
    operation: PodOperationName,
    path: string,
    signal: AbortSignal | undefined,
    call: () => Promise<T>,
    plan: Plan | undefined,
  ): Promise<T> {
    if (!plan) return call();
    throwIfAborted(signal);
    switch (plan.kind) {
      case 'slow':
        await abortableSleep(Math.floor(this.random() * (this.slowMs + 1)), signal);
        return call();
      case 'error':
        throw this.failure(plan, operation, path);
      case 'timeout':
        await abortableSleep(this.timeoutMs, signal);
        if (plan.afterEffect) await call();
        throw this.failure(plan, operation, path);
      default:
        if (plan.afterEffect) await call();
        throw this.failure(plan, operation, path);
    }
  }

  /** A prefix of `bytes`, shorter than the whole (empty files stay empty). */
  private cut(bytes: Uint8Array): Uint8Array {
    if (bytes.length === 0) return bytes;
    return bytes.slice(0, Math.floor(this.random() * bytes.length));
  }

  /** `names` with some left out (at least one when there is any). */
  private thin<T>(names: T[]): T[] {
    if (names.length === 0) return names;
    const drop = Math.floor(this.random() * names.length);
    return names.filter((_, i) => i !== drop && this.random() >= 0.3);
  }

  async ls(path = '', options: ListOptions = {}): Promise<string[]> {
    const plan = this.plan('ls', path);
    if (plan?.kind === 'partial') return this.thin(await this.inner.ls(path, options));
    return this.run('ls', path, options.signal, () => this.inner.ls(path, options), plan);
  }

  async read(path: string, options: ReadOptions = {}): Promise<Uint8Array> {
    const plan = this.plan('read', path);
    if (plan?.kind === 'partial') return this.cut(await this.inner.read(path, options));
    return this.run('read', path, options.signal, () => this.inner.read(path, options), plan);
  }

  async readMany(
    paths: readonly string[],
    options: ReadManyOptions = {},
  ): Promise<(Uint8Array | undefined)[]> {
    const where = paths[0] ?? '';
    const plan = this.plan('readMany', where);
    if (plan?.kind === 'partial') {
      const out = await this.inner.readMany(paths, options);
      const i = Math.floor(this.random() * out.length);
      const hit = out[i];
      if (hit) out[i] = this.cut(hit);
      return out;
    }
    return this.run(
      'readMany',
      where,
      options.signal,
      () => this.inner.readMany(paths, options),
      plan,
    );
  }

  async write(path: string, data: Uint8Array, options: WriteOptions = {}): Promise<number> {
    const plan = this.plan('write', path);
    if (plan?.kind === 'partial') {
      await this.inner.write(path, this.cut(data), options);
      throw new TransientError(`Injected fault: write('${path}') stored only part of the file`);
    }
    return this.run(
      'write',
      path,
      options.signal,
      () => this.inner.write(path, data, options),
      plan,
    );
  }

  async isFile(path: string, options: ReadOptions = {}): Promise<boolean> {
    return this.run(
      'isFile',
      path,
      options.signal,
      () => this.inner.isFile(path, options),
      this.plan('isFile', path),
    );
  }

  async rm(path: string, options: RemoveOptions = {}): Promise<void> {
    return this.run(
      'rm',
      path,
      options.signal,
      () => this.inner.rm(path, options),
      this.plan('rm', path),
    );
  }

  async rmMany(paths: readonly string[], options: { signal?: AbortSignal } = {}): Promise<void> {
    const where = paths[0] ?? '';
    return this.run(
      'rmMany',
      where,
      options.signal,
      () => this.inner.rmMany(paths, options),
      this.plan('rmMany', where),
    );
  }

  async mv(from: string, to: string, options: MoveOptions = {}): Promise<void> {
    return this.run(
      'mv',
      from,
      options.signal,
      () => this.inner.mv(from, to, options),
      this.plan('mv', from),
    );
  }

  async *walk(path = '', options: WalkOptions = {}): AsyncIterable<string> {
    const plan = this.plan('walk', path);
    if (!plan) {
      yield* this.inner.walk(path, options);
      return;
    }
    if (plan.kind === 'slow' || plan.kind === 'error' || plan.kind === 'timeout') {
      // Fail (or stall) before the first name, as a listing request would.
      await this.run('walk', path, options.signal, async () => undefined, plan);
      yield* this.inner.walk(path, options);
      return;
    }
    // A later page of the listing fails (transient), or is silently missing (partial).
    const stopAt = Math.floor(this.random() * 8);
    let n = 0;
    for await (const p of this.inner.walk(path, options)) {
      if (n++ === stopAt) {
        if (plan.kind === 'partial') return;
        throw this.failure(plan, 'walk', path);
      }
      yield p;
    }
  }

  cd(path: string): Pod {
    return path === '' ? this : new SubPod(this, path);
  }
}
