import type { Readable, Writable } from 'node:stream';
import {
  MeteredPod,
  type OperationRecord,
  openPod,
  type Pod,
  PodMetrics,
  Repo,
} from '@lakota/core';
import { CachePod } from '@lakota/pod-cache';
import { formatBytes } from './format-bytes.js';
import { OutputStream } from './output/output-stream.js';
import type { OutputFormat } from './output/rows-writer.js';
import { Progress } from './progress.js';

/** Where the command reads and writes: the process's streams, or a test's. */
export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** Options given before the command name. */
export interface GlobalOptions {
  /** Repository URIs, closest cache layer first. */
  repo: string[];
  verbose: number;
  timing: boolean;
  pretty: boolean;
  metrics: boolean;
}

/** The folder Python Lakota uses when neither -r nor LAKOTA_REPO is given. */
export const DEFAULT_REPO = '.lakota';

const VERB: Record<OperationRecord['kind'], string> = {
  list: 'LIST',
  read: 'READ',
  write: 'WRITE',
  remove: 'REMOVE',
  move: 'MOVE',
  stat: 'STAT',
};

/** The state a command runs with: options, streams, and the pods it opened (for -v and -m). */
export class Context {
  readonly out: OutputStream;
  readonly err: OutputStream;
  private readonly meters: { label: string; metrics: PodMetrics }[] = [];

  constructor(
    readonly options: GlobalOptions,
    readonly io: Io,
  ) {
    this.out = new OutputStream(io.stdout);
    this.err = new OutputStream(io.stderr);
  }

  /** -r values, else $LAKOTA_REPO, else `.lakota` in the current folder. */
  get repoUris(): string[] {
    if (this.options.repo.length > 0) return this.options.repo;
    const env = this.io.env.LAKOTA_REPO;
    return [env !== undefined && env !== '' ? env : DEFAULT_REPO];
  }

  /** The output format: `--format` when given, else a table with -P, else CSV. */
  format(explicit: OutputFormat | undefined): OutputFormat {
    return explicit ?? (this.options.pretty ? 'table' : 'csv');
  }

  /**
   * Opens a pod on one URI or on cache layers (closest first). Each layer is
   * metered on its own, so -v names the storage of every operation and -m
   * reports each one.
   */
  async openPod(uris: readonly string[]): Promise<Pod> {
    const layers = await Promise.all(
      uris.map(async (uri) => {
        const pod = await openPod(uri, {
          cwd: this.io.cwd,
          importModule: (name: string) => import(name),
        });
        const metrics = new PodMetrics();
        this.meters.push({ label: uri, metrics });
        const log =
          this.options.verbose > 0
            ? (op: OperationRecord) => this.logOperation(uri, op)
            : undefined;
        return new MeteredPod(pod, { metrics, ...(log ? { onOperation: log } : {}) });
      }),
    );
    return layers.length === 1 ? (layers[0] as Pod) : new CachePod(layers);
  }

  /** Opens the repository of -r (or its default). */
  async repo(): Promise<Repo> {
    return this.openRepo(this.repoUris);
  }

  async openRepo(uris: readonly string[]): Promise<Repo> {
    return Repo.open(await this.openPod(uris));
  }

  progress(label: string): Progress {
    return new Progress(this.err, label);
  }

  /** Operations counted so far across every opened pod (for progress without a total). */
  get operations(): number {
    let n = 0;
    for (const m of this.meters) for (const s of Object.values(m.metrics.snapshot())) n += s.count;
    return n;
  }

  private logOperation(label: string, op: OperationRecord): void {
    const size = op.bytes ? ` ${formatBytes(op.bytes)}` : '';
    const failed = op.error === undefined ? '' : ` failed: ${(op.error as Error)?.name ?? 'error'}`;
    // Written synchronously-ish: these lines are for people, and losing order would confuse them.
    this.io.stderr.write(
      `${VERB[op.kind]} ${label} ${op.path || '.'}${size} (${op.ms.toFixed(1)} ms)${failed}\n`,
    );
  }

  /** One line per opened pod: operations and bytes by kind (for -m). */
  metricsReport(): string[] {
    return this.meters.map(({ label, metrics }) => {
      const kinds = Object.entries(metrics.snapshot());
      if (kinds.length === 0) return `Metrics for ${label}: no storage operation`;
      const parts = kinds.map(([kind, s]) => {
        const bytes = kind === 'read' || kind === 'write' ? ` ${formatBytes(s.bytes)}` : '';
        const errors = s.errors ? `, ${s.errors} failed` : '';
        return `${kind} ${s.count}${bytes}${errors}`;
      });
      return `Metrics for ${label}: ${parts.join(', ')}`;
    });
  }
}
