import { AbortError, NotFoundError, throwIfAborted } from './errors.js';
import type {
  ListOptions,
  MoveOptions,
  Pod,
  ReadManyOptions,
  ReadOptions,
  RemoveOptions,
  SweepOptions,
  WalkOptions,
  WriteOptions,
} from './pod.js';
import { SubPod } from './sub-pod.js';

/** What `onRetry` is told before each new attempt. */
export interface RetryEvent {
  operation: string;
  path: string;
  /** The attempt that just failed, from 1. */
  attempt: number;
  /** How long the pod waits before the next attempt. */
  delayMs: number;
  error: unknown;
}

export interface RetryingPodOptions {
  /** Tries in all, the first one included (default 5). */
  attempts?: number;
  /** Upper bound of the first wait; it doubles at each retry (default 50 ms). */
  baseDelayMs?: number;
  /** Longest wait between two attempts (default 2 s). */
  maxDelayMs?: number;
  /** Source of the jitter, 0 to 1 (default Math.random); tests pass a fixed one. */
  random?: () => number;
  /** Called before each retry, e.g. to log or count them. */
  onRetry?: (event: RetryEvent) => void;
}

/** True for errors that say another try may succeed (`LakotaError.retryable`). */
export function isRetryable(err: unknown): boolean {
  return (
    typeof err === 'object' && err !== null && (err as { retryable?: unknown }).retryable === true
  );
}

/** Waits `ms`, or rejects with an AbortError as soon as the signal fires. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortError(undefined, { cause: signal.reason }));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError(undefined, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A pod that retries the calls of another when they fail with an error
 * marked retryable (throttling, timeouts, 5xx: `TransientError` and the
 * pods' own retryable errors), waiting a random time below an exponentially
 * growing bound between attempts ("full jitter"). Other errors, and the last
 * retryable one, reach the caller unchanged.
 *
 * A failed attempt may still have taken effect (its response was lost), so
 * retries are made safe: writes are write-once (a retry of a write that
 * landed is skipped and returns 0), a removal whose retry finds nothing
 * counts as done, and so does a move whose retry finds its source gone and
 * its destination present.
 */
export class RetryingPod implements Pod {
  readonly protocol: string;
  readonly capabilities;
  /** Retries made so far (attempts after the first). */
  retries = 0;
  /**
   * The inner pod's sweep, retried like the other calls (a sweep is safe to
   * repeat: what an attempt removed is simply not found again; the count is
   * the last attempt's). Absent when the inner pod has none.
   */
  declare readonly sweep?: (options: SweepOptions) => Promise<number>;
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;

  constructor(
    readonly inner: Pod,
    private readonly options: RetryingPodOptions = {},
  ) {
    this.protocol = inner.protocol;
    this.capabilities = inner.capabilities;
    this.attempts = options.attempts ?? 5;
    if (!Number.isInteger(this.attempts) || this.attempts < 1) {
      throw new RangeError(
        `RetryingPod: attempts must be a whole number >= 1, got ${options.attempts}`,
      );
    }
    this.baseDelayMs = options.baseDelayMs ?? 50;
    this.maxDelayMs = options.maxDelayMs ?? 2000;
    this.random = options.random ?? Math.random;
    const sweep = inner.sweep?.bind(inner);
    if (sweep) {
      this.sweep = (opts) => this.retry('sweep', opts.path ?? '', opts.signal, () => sweep(opts));
    }
  }

  /** Runs `call` until it succeeds, fails for good, or runs out of attempts. */
  private async retry<T>(
    operation: string,
    path: string,
    signal: AbortSignal | undefined,
    call: (attempt: number) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal);
      try {
        return await call(attempt);
      } catch (err) {
        if (attempt >= this.attempts || !isRetryable(err)) throw err;
        const bound = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
        const delayMs = Math.floor(this.random() * bound);
        this.retries++;
        this.options.onRetry?.({ operation, path, attempt, delayMs, error: err });
        await abortableSleep(delayMs, signal);
      }
    }
  }

  ls(path = '', options: ListOptions = {}): Promise<string[]> {
    return this.retry('ls', path, options.signal, () => this.inner.ls(path, options));
  }

  read(path: string, options: ReadOptions = {}): Promise<Uint8Array> {
    return this.retry('read', path, options.signal, () => this.inner.read(path, options));
  }

  readMany(
    paths: readonly string[],
    options: ReadManyOptions = {},
  ): Promise<(Uint8Array | undefined)[]> {
    return this.retry('readMany', paths[0] ?? '', options.signal, () =>
      this.inner.readMany(paths, options),
    );
  }

  write(path: string, data: Uint8Array, options: WriteOptions = {}): Promise<number> {
    return this.retry('write', path, options.signal, () => this.inner.write(path, data, options));
  }

  isFile(path: string, options: ReadOptions = {}): Promise<boolean> {
    return this.retry('isFile', path, options.signal, () => this.inner.isFile(path, options));
  }

  rm(path: string, options: RemoveOptions = {}): Promise<void> {
    return this.retry('rm', path, options.signal, async (attempt) => {
      try {
        await this.inner.rm(path, options);
      } catch (err) {
        // The attempt that failed may have removed it already.
        if (attempt > 1 && err instanceof NotFoundError) return;
        throw err;
      }
    });
  }

  rmMany(paths: readonly string[], options: { signal?: AbortSignal } = {}): Promise<void> {
    return this.retry('rmMany', paths[0] ?? '', options.signal, () =>
      this.inner.rmMany(paths, options),
    );
  }

  mv(from: string, to: string, options: MoveOptions = {}): Promise<void> {
    return this.retry('mv', from, options.signal, async (attempt) => {
      try {
        await this.inner.mv(from, to, options);
      } catch (err) {
        // The attempt that failed may have moved it already.
        if (attempt > 1 && err instanceof NotFoundError && (await this.inner.isFile(to, options)))
          return;
        throw err;
      }
    });
  }

  /**
   * Walks again after a retryable failure, skipping the paths already
   * given, so the caller sees each path once.
   */
  async *walk(path = '', options: WalkOptions = {}): AsyncIterable<string> {
    const seen = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(options.signal);
      try {
        for await (const p of this.inner.walk(path, options)) {
          if (seen.has(p)) continue;
          seen.add(p);
          yield p;
        }
        return;
      } catch (err) {
        if (attempt >= this.attempts || !isRetryable(err)) throw err;
        const bound = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
        const delayMs = Math.floor(this.random() * bound);
        this.retries++;
        this.options.onRetry?.({ operation: 'walk', path, attempt, delayMs, error: err });
        await abortableSleep(delayMs, options.signal);
      }
    }
  }

  cd(path: string): Pod {
    return path === '' ? this : new SubPod(this, path);
  }
}
