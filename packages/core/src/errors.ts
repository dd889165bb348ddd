/**
 * Error classes a caller can tell apart with `instanceof` or by `code`.
 * Every error keeps the original `cause` and says whether retrying may help.
 */
export interface LakotaErrorOptions {
  cause?: unknown;
  retryable?: boolean;
}

export class LakotaError extends Error {
  /** Stable machine-readable code. */
  readonly code: string = 'LAKOTA_ERROR';
  /** True when the same call may succeed if tried again (throttling, timeouts, 5xx). */
  readonly retryable: boolean;

  constructor(message: string, options: LakotaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retryable = options.retryable ?? false;
  }
}

/** A path that does not exist in the pod. */
export class NotFoundError extends LakotaError {
  override readonly code = 'NOT_FOUND';
  constructor(
    readonly path: string,
    options: LakotaErrorOptions & { message?: string } = {},
  ) {
    super(options.message ?? `No such file or folder: '${path}'`, options);
  }
}

/** A path that is not a clean relative POSIX path; raised before any I/O. */
export class InvalidPathError extends LakotaError {
  override readonly code = 'INVALID_PATH';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(
      `Invalid path ${JSON.stringify(path)}: ${reason}. Paths are relative, '/'-separated, without '.', '..', empty segments, backslashes or NUL.`,
    );
  }
}

/** The backend refused access (credentials, permissions, read-only server). */
export class PermissionError extends LakotaError {
  override readonly code = 'PERMISSION_DENIED';
  constructor(
    readonly path: string,
    options: LakotaErrorOptions & { message?: string } = {},
  ) {
    super(
      options.message ??
        `Permission denied on '${path}': check the credentials or file permissions of this storage.`,
      options,
    );
  }
}

/** The backend has no space left. */
export class StorageFullError extends LakotaError {
  override readonly code = 'STORAGE_FULL';
  constructor(
    readonly path: string,
    options: LakotaErrorOptions = {},
  ) {
    super(`No space left to write '${path}': free some space or run gc.`, options);
  }
}

/** An operation the pod cannot perform on that path (a file where a folder is expected, …). */
export class PodOperationError extends LakotaError {
  override readonly code = 'POD_OPERATION';
  constructor(
    readonly path: string,
    message: string,
    options: LakotaErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** A transient failure of the backend (throttling, timeout, 5xx); retrying may succeed. */
export class TransientError extends LakotaError {
  override readonly code = 'TRANSIENT';
  constructor(message: string, options: LakotaErrorOptions = {}) {
    super(message, { ...options, retryable: options.retryable ?? true });
  }
}

/** The operation was cancelled through an AbortSignal. */
export class AbortError extends LakotaError {
  override readonly code = 'ABORTED';
  constructor(message = 'The operation was aborted', options: LakotaErrorOptions = {}) {
    super(message, options);
  }
}

/** Throws an AbortError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new AbortError(undefined, { cause: signal.reason });
  }
}
