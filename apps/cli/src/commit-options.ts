import { userInfo } from 'node:os';
import type { CommitOptions } from '@lakota/core';
import type { Command } from 'commander';

/** -m/--message and --author as commander parses them. */
export interface CommitFlags {
  message?: string;
  author?: string;
}

/** Adds -m/--message and --author to a command that records a revision. */
export function withCommitFlags(command: Command): Command {
  return command
    .option('-m, --message <text>', 'why the change is made (lakota log shows it)')
    .option('--author <name>', 'who makes it (default: $LAKOTA_AUTHOR, else your user name)');
}

/** The OS account name, or undefined where the system has none for this process (some containers). */
function osUser(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a revision records about itself: the message, and the author from
 * --author, else $LAKOTA_AUTHOR, else the OS user name, else none.
 */
export function commitOptions(
  flags: CommitFlags,
  env: Readonly<Record<string, string | undefined>>,
): CommitOptions {
  const author = flags.author ?? (env.LAKOTA_AUTHOR || undefined) ?? osUser();
  return {
    ...(flags.message !== undefined ? { message: flags.message } : {}),
    ...(author !== undefined ? { author } : {}),
  };
}
