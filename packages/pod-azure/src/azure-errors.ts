import {
  AbortError,
  LakotaError,
  NotFoundError,
  PermissionError,
  PodOperationError,
  StorageFullError,
  TransientError,
} from '@lakota/core';

/** The fields of an Azure SDK error (`RestError` or a socket error) this pod looks at. */
interface AzureErrorShape {
  name?: string;
  code?: string;
  statusCode?: number;
  message?: string;
  details?: { errorCode?: string };
}

const NOT_FOUND = new Set(['BlobNotFound', 'ResourceNotFound', 'CannotVerifyCopySource']);
const DENIED = new Set([
  'AuthenticationFailed',
  'AuthorizationFailure',
  'AuthorizationPermissionMismatch',
  'AuthorizationResourceTypeMismatch',
  'AuthorizationServiceMismatch',
  'AuthorizationSourceIPMismatch',
  'AuthorizationProtocolMismatch',
  'InsufficientAccountPermissions',
  'AccountIsDisabled',
  'CredentialUnavailableError',
  'AuthenticationRequiredError',
]);
const BUSY = new Set([
  'ServerBusy',
  'InternalError',
  'OperationTimedOut',
  'REQUEST_SEND_ERROR',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

function shape(err: unknown): AzureErrorShape {
  return typeof err === 'object' && err !== null ? (err as AzureErrorShape) : {};
}

/** The storage error code (`BlobNotFound`, `ServerBusy`, …) or the socket error code. */
export function azureErrorCode(err: unknown): string | undefined {
  const e = shape(err);
  return e.details?.errorCode ?? e.code ?? (e.name === 'RestError' ? undefined : e.name);
}

export function azureStatusCode(err: unknown): number | undefined {
  return shape(err).statusCode;
}

/** A write-once upload met an existing blob (`If-None-Match: *` failed). */
export function isAlreadyExists(err: unknown): boolean {
  const code = azureErrorCode(err);
  return code === 'BlobAlreadyExists' || code === 'ConditionNotMet' || azureStatusCode(err) === 412;
}

/** The blob itself is missing (not its container). */
export function isBlobMissing(err: unknown): boolean {
  const code = azureErrorCode(err);
  return code === 'BlobNotFound' || (code === undefined && azureStatusCode(err) === 404);
}

export function isNotFound(err: unknown): boolean {
  const code = azureErrorCode(err);
  return (code !== undefined && NOT_FOUND.has(code)) || azureStatusCode(err) === 404;
}

/**
 * Turns an error of the Azure SDK into the typed error of @lakota/core that
 * callers can tell apart, keeping the SDK error as `cause`. `path` is the
 * pod-relative path, `what` the operation and `where` the container.
 */
export function toPodError(
  err: unknown,
  path: string,
  what: string,
  where: string,
  signal?: AbortSignal,
): LakotaError {
  if (err instanceof LakotaError) return err;
  const code = azureErrorCode(err);
  const status = azureStatusCode(err);
  const detail = [status, code].filter((x) => x !== undefined).join(' ') || shape(err).message;

  if (signal?.aborted || code === 'AbortError') {
    return new AbortError(`${what} '${path}' was aborted`, { cause: signal?.reason ?? err });
  }
  if (code === 'ContainerNotFound') {
    return new PodOperationError(
      path,
      `${what} '${path}' failed: ${where} does not exist. Create the container or fix its name.`,
      { cause: err },
    );
  }
  if (isNotFound(err)) return new NotFoundError(path, { cause: err });
  if ((code !== undefined && DENIED.has(code)) || status === 401 || status === 403) {
    return new PermissionError(path, {
      cause: err,
      message: `${what} '${path}' was denied by ${where} (${detail}): check the account key, SAS token or role assignment.`,
    });
  }
  if (code === 'AccountLimitExceeded' || code === 'InsufficientStorage' || status === 507) {
    return new StorageFullError(path, { cause: err });
  }
  if (
    (code !== undefined && BUSY.has(code)) ||
    (status !== undefined && (status >= 500 || status === 429 || status === 408))
  ) {
    return new TransientError(
      `${what} '${path}' on ${where} failed after retries (${detail}): the service is busy or unreachable, try again later.`,
      { cause: err },
    );
  }
  return new PodOperationError(path, `${what} '${path}' on ${where} failed (${detail}).`, {
    cause: err,
  });
}
