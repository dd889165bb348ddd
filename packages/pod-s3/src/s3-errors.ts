import {
  AbortError,
  LakotaError,
  NotFoundError,
  PermissionError,
  PodOperationError,
  StorageFullError,
  TransientError,
} from '@lakota/core';

/** The fields of an AWS SDK error this pod looks at (service errors and network errors alike). */
interface SdkErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $retryable?: { throttling?: boolean };
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchUpload']);
const DENIED = new Set([
  'AccessDenied',
  'AllAccessDisabled',
  'Forbidden',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'AccountProblem',
  'CredentialsProviderError',
]);
const THROTTLED = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestTimeout',
  'ServiceUnavailable',
  'InternalError',
  'TimeoutError',
  'RequestTimeoutException',
  'ConditionalRequestConflict',
]);
// Socket-level failures: the request may never have reached S3, so trying again is sensible.
const NETWORK = new Set([
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

function shape(err: unknown): SdkErrorShape {
  return typeof err === 'object' && err !== null ? (err as SdkErrorShape) : {};
}

/** The S3 error code (`NoSuchKey`, `SlowDown`, …) or Node's socket error code. */
export function s3ErrorCode(err: unknown): string | undefined {
  const e = shape(err);
  return e.Code ?? (e.name && e.name !== 'Error' ? e.name : undefined) ?? e.code;
}

export function s3StatusCode(err: unknown): number | undefined {
  return shape(err).$metadata?.httpStatusCode;
}

/** True when a write-once PUT lost against an existing object (`If-None-Match: *` failed). */
export function isPreconditionFailed(err: unknown): boolean {
  return s3StatusCode(err) === 412 || s3ErrorCode(err) === 'PreconditionFailed';
}

export function isNotFound(err: unknown): boolean {
  const code = s3ErrorCode(err);
  return (code !== undefined && NOT_FOUND.has(code)) || s3StatusCode(err) === 404;
}

/**
 * Turns an error of the AWS SDK into the typed error of @lakota/core that
 * callers can tell apart. `path` is the pod-relative path the call was about;
 * `what` names the operation for the message. The SDK error stays as `cause`.
 */
export function toPodError(
  err: unknown,
  path: string,
  what: string,
  where: string,
  signal?: AbortSignal,
): LakotaError {
  if (err instanceof LakotaError) return err;
  const e = shape(err);
  const code = s3ErrorCode(err);
  const status = s3StatusCode(err);
  const attempts = e.$metadata?.attempts;
  const detail = [status, code].filter((x) => x !== undefined).join(' ');
  const tried = attempts && attempts > 1 ? ` after ${attempts} attempts` : '';

  if (signal?.aborted || code === 'AbortError') {
    return new AbortError(`${what} '${path}' was aborted`, { cause: signal?.reason ?? err });
  }
  if (code === 'NoSuchBucket') {
    return new PodOperationError(
      path,
      `${what} '${path}' failed: the bucket of ${where} does not exist. Create it or fix the bucket name.`,
      { cause: err },
    );
  }
  if (isNotFound(err)) return new NotFoundError(path, { cause: err });
  if ((code !== undefined && DENIED.has(code)) || status === 403 || status === 401) {
    return new PermissionError(path, {
      cause: err,
      message: `${what} '${path}' was denied by ${where} (${detail}): check the credentials and the bucket policy.`,
    });
  }
  if (code === 'QuotaExceeded' || code === 'EntityTooLarge' || status === 507) {
    return new StorageFullError(path, { cause: err });
  }
  if (
    (code !== undefined && (THROTTLED.has(code) || NETWORK.has(code))) ||
    e.$retryable !== undefined ||
    (status !== undefined && (status >= 500 || status === 429)) ||
    (status === undefined && e.$fault === 'server')
  ) {
    return new TransientError(
      `${what} '${path}' on ${where} failed${tried} (${detail || e.message}): the service is busy or unreachable, try again later.`,
      { cause: err },
    );
  }
  return new PodOperationError(
    path,
    `${what} '${path}' on ${where} failed (${detail || e.message}).`,
    { cause: err },
  );
}
