import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage } from '../src/messages.js';

/** A script of dist/children (built from src/children). */
export function childScript(name: string): string {
  return fileURLToPath(new URL(`../dist/children/${name}.js`, import.meta.url));
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export interface RunningChild {
  process: ChildProcess;
  messages: ChildMessage[];
  /** Resolves at the child's `ready` message (rejects if it exits first). */
  ready: Promise<void>;
  exited: Promise<ChildExit>;
}

/** Starts a child script with an IPC channel; every message it sends is kept, and passed to `onMessage`. */
export function startChild(
  script: string,
  arg: unknown,
  onMessage?: (m: ChildMessage) => void,
): RunningChild {
  const child = fork(childScript(script), [JSON.stringify(arg)], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const messages: ChildMessage[] = [];
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exited = new Promise<ChildExit>((resolve) => {
    // 'close', not 'exit': messages the child sent before it died are all delivered first.
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (m: ChildMessage) => {
      messages.push(m);
      onMessage?.(m);
      if (m.type === 'ready') resolve();
    });
    void exited.then((e) =>
      reject(
        new Error(`${script} exited before it was ready (${e.code ?? e.signal}): ${e.stderr}`),
      ),
    );
  });
  // A rejection after `ready` resolved is of no interest.
  ready.catch(() => {});
  return { process: child, messages, ready, exited };
}

/** A fresh folder under the system's temp folder, and its removal. */
export async function tempFolder(
  label: string,
): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `lakota-${label}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true, maxRetries: 3 }) };
}

/** One line per suite with its figures, for docs/reliability.md. */
export function summary(suite: string, figures: Record<string, unknown>): void {
  const text = Object.entries(figures)
    .map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(1) : v}`)
    .join(' ');
  console.info(`[reliability] ${suite}: ${text}`);
}
