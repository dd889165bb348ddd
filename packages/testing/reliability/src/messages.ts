/** Messages child processes send their parent over the IPC channel. */
export type ChildMessage =
  | { type: 'ready' }
  /** A commit landed: enough for the parent to check it later. */
  | { type: 'committed'; writer: number; seq: number; digest: string; detail?: unknown }
  | { type: 'failed'; writer: number; seq: number; name: string; code?: string; message: string }
  | { type: 'done'; writer: number; ms: number }
  /** What the child starts doing next (the crash suite counts where kills land). */
  | { type: 'phase'; name: CrashPhase }
  /** A trim is about to remove the revisions older than `mark` (epoch ms) that are not heads. */
  | { type: 'trim'; mark: number }
  /** A commit of the crash suite, with a hash of every series as read at it. */
  | { type: 'state'; digest: string; parentDigest: string; epoch: string; hash: string };

/** Steps of the crash worker's loop. */
export type CrashPhase = 'write' | 'defrag' | 'trim' | 'gc';

/** What the parent sends: start together once every child is ready. */
export type ParentMessage = { type: 'go' };

export function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      reject(
        new Error('This script runs as a child process with an IPC channel (child_process.fork)'),
      );
      return;
    }
    process.send(message, undefined, {}, (err) => (err ? reject(err) : resolve()));
  });
}

/** Resolves at the parent's first message of that type. */
export function receive(type: ParentMessage['type']): Promise<ParentMessage> {
  return new Promise((resolve) => {
    const onMessage = (m: ParentMessage) => {
      if (m?.type !== type) return;
      process.off('message', onMessage);
      resolve(m);
    };
    process.on('message', onMessage);
  });
}
