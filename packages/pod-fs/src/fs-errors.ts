import {
  AbortError,
  LakotaError,
  NotFoundError,
  PermissionError,
  PodOperationError,
  StorageFullError,
  TransientError,
} from '@lakota/core';

/** The `code` of a Node.js system error (`ENOENT`, …), or undefined for anything else. */
export function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Codes that say the path, or one of its parents, does not exist. */
export function isMissing(err: unknown): boolean {
  const code = errnoCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Turns a file-system error into the typed error of @lakota/core, keeping it
 * as `cause`. `path` is the pod-relative path the caller asked for, and
 * `action` a verb phrase ("read", "write", …) for the message.
 */
export function toPodError(err: unknown, path: string, action: string): LakotaError {
  if (err instanceof LakotaError) return err;
  const code = errnoCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'ABORT_ERR':
      return new AbortError(`Cancelled while trying to ${action} '${path}'`, { cause: err });
    case 'ENOENT':
    case 'ENOTDIR':
      return new NotFoundError(path, { cause: err });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new PermissionError(path, {
        cause: err,
        message: `Cannot ${action} '${path}': the file system denied it (${code}). Check the owner and mode of the pod's folder, or whether it is mounted read-only.`,
      });
    case 'ENOSPC':
    case 'EDQUOT':
      return new StorageFullError(path, { cause: err });
    case 'EMFILE':
    case 'ENFILE':
    case 'EAGAIN':
    case 'EBUSY':
    case 'EINTR':
    case 'ETIMEDOUT':
      return new TransientError(
        `Cannot ${action} '${path}' right now (${code}): the system is out of file handles or the file is busy. Retry, or lower the number of operations in flight.`,
        { cause: err },
      );
    case 'EISDIR':
      return new PodOperationError(path, `Cannot ${action} '${path}': it is a folder.`, {
        cause: err,
      });
    case 'ENAMETOOLONG':
      return new PodOperationError(
        path,
        `Cannot ${action} '${path}': a name in it is too long for this file system; use shorter names.`,
        { cause: err },
      );
    default:
      return new PodOperationError(path, `Cannot ${action} '${path}': ${detail}`, { cause: err });
  }
}
