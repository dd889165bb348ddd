import {
  AbortError,
  LakotaError,
  NotFoundError,
  PermissionError,
  PodOperationError,
  TransientError,
} from '@lakota/core';

/**
 * The fields of the SDK's errors this pod looks at. Most calls reject with an
 * `ApiError` (status in `code`); resumable uploads with a `GaxiosError`
 * (status in `status` / `response.status`); sockets with a Node error whose
 * `code` is a string such as 'ECONNRESET'.
 */
interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  status?: unknown;
  message?: unknown;
  response?: { status?: unknown; data?: unknown };
  errors?: { reason?: unknown; message?: unknown }[];
  cause?: unknown;
}

// Socket-level failures: the request may never have reached GCS, so trying again is sensible.
const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
]);

function shape(err: unknown): SdkErrorShape {
  return typeof err === 'object' && err !== null ? (err as SdkErrorShape) : {};
}

/** The HTTP status of a failed SDK call, if it got one. */
export function gcsStatus(err: unknown): number | undefined {
  const e = shape(err);
  for (const v of [e.code, e.status, e.response?.status]) {
    if (typeof v === 'number' && v >= 100 && v < 600) return v;
    if (typeof v === 'string' && /^\d{3}$/.test(v)) return Number(v);
  }
  return undefined;
}

/** A write-once upload (or copy) that lost against an existing object. */
export function isPreconditionFailed(err: unknown): boolean {
  return gcsStatus(err) === 412;
}

export function isNotFound(err: unknown): boolean {
  return gcsStatus(err) === 404;
}

function isNetworkFailure(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = shape(e).cause, depth++) {
    const code = shape(e).code;
    if (typeof code === 'string' && NETWORK.has(code.toUpperCase())) return true;
    const message = String(shape(e).message ?? '').toLowerCase();
    if (message.includes('socket hang up') || message.includes('unexpected connection closure')) {
      return true;
    }
  }
  return false;
}

/** True for failures worth another try: throttling, timeouts, 5xx, dropped connections, bad checksums. */
export function isTransient(err: unknown): boolean {
  if (err instanceof LakotaError) return err.retryable;
  const status = gcsStatus(err);
  if (status === 408 || status === 429 || (status !== undefined && status >= 500)) return true;
  // The SDK checks every download against the object's CRC32C; a mismatch is a damaged transfer.
  if (shape(err).code === 'CONTENT_DOWNLOAD_MISMATCH') return true;
  return status === undefined && isNetworkFailure(err);
}

/**
 * GCS's own words about a failure. A failed download carries the raw JSON
 * error body as its message; other errors carry the error's message.
 */
export function gcsMessage(err: unknown): string {
  const e = shape(err);
  const data = e.response?.data as { error?: { message?: unknown } } | undefined;
  if (typeof data?.error?.message === 'string') return data.error.message;
  const text = typeof e.message === 'string' ? e.message : String(err);
  if (text.startsWith('{')) {
    try {
      const body = JSON.parse(text) as { error?: { message?: unknown } };
      if (typeof body.error?.message === 'string') return body.error.message;
    } catch {
      // Not JSON after all: use the text as it is.
    }
  }
  return text;
}

/** Where a failure happened, for messages: the pod path and the full object URI. */
export interface FailureSite {
  /** The path as the pod's caller named it. */
  path: string;
  /** `gs://bucket/key` of the object or prefix. */
  uri: string;
  bucket: string;
  /** What the pod was doing: 'read', 'write', 'list', … */
  action: string;
}

/**
 * Turns an SDK error into the pod's error classes, keeping it as `cause`:
 * 404 → NotFoundError (or a missing bucket → PodOperationError), 401/403 →
 * PermissionError, 408/429/5xx and dropped connections → TransientError
 * (retryable), anything else → PodOperationError.
 */
export function toPodError(err: unknown, site: FailureSite): LakotaError {
  if (err instanceof LakotaError) return err;
  if (shape(err).name === 'AbortError') return new AbortError(undefined, { cause: err });
  const status = gcsStatus(err);
  const said = gcsMessage(err);
  const where = `${site.action} ${site.uri}`;
  if (status === 404) {
    if (/bucket does not exist/i.test(said)) {
      return new PodOperationError(
        site.path,
        `Bucket '${site.bucket}' does not exist (${where}): create it or fix the bucket name.`,
        { cause: err },
      );
    }
    return new NotFoundError(site.path, { cause: err });
  }
  if (status === 401 || status === 403) {
    return new PermissionError(site.path, {
      cause: err,
      message: `GCS refused to ${where} (HTTP ${status}: ${said}). Check the credentials (Application Default Credentials, GOOGLE_APPLICATION_CREDENTIALS) and the IAM roles on bucket '${site.bucket}'.`,
    });
  }
  if (isTransient(err)) {
    const what = status === undefined ? said : `HTTP ${status}: ${said}`;
    return new TransientError(
      `GCS could not ${where} (${what}); the failure is temporary, trying again later may succeed.`,
      { cause: err },
    );
  }
  const what = status === undefined ? said : `HTTP ${status}: ${said}`;
  return new PodOperationError(site.path, `GCS could not ${where} (${what}).`, { cause: err });
}
