import { LakotaError } from '@lakota/core';
import { HttpError } from './http-error.js';

/** The JSON body of every error response: `{ "error": ErrorBody }`. */
export interface ErrorBody {
  /** A stable code: the pod error's (`NOT_FOUND`, …) or the server's (`UNAUTHORIZED`, …). */
  code: string;
  message: string;
  /** The path concerned, relative to the mount, when there is one. */
  path?: string;
  /** True when the same request may succeed later. */
  retryable: boolean;
}

/** HTTP status of each pod error code. Matched by code so that two copies of the core still agree. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  NOT_FOUND: 404,
  INVALID_PATH: 400,
  PERMISSION_DENIED: 403,
  POD_OPERATION: 409,
  STORAGE_FULL: 507,
  TRANSIENT: 503,
  // The client went away; nobody reads this answer, but the access log does.
  ABORTED: 499,
};

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

/** Turns anything thrown while serving a request into a status and a JSON body. */
export function errorResponse(err: unknown): ErrorResponse {
  if (err instanceof HttpError) {
    return {
      status: err.status,
      body: { code: err.code, message: err.message, retryable: err.status >= 500 },
      headers: err.headers,
    };
  }
  if (err instanceof LakotaError || isCoded(err)) {
    const e = err as LakotaError & { path?: unknown };
    const status = STATUS_BY_CODE[e.code] ?? (e.retryable ? 503 : 500);
    const body: ErrorBody = { code: e.code, message: e.message, retryable: e.retryable === true };
    if (typeof e.path === 'string') body.path = e.path;
    return { status, body, headers: status === 503 ? { 'retry-after': '1' } : {} };
  }
  // Unknown failures may carry internals (stack, host paths): the access log
  // gets the error, the client a generic answer.
  return {
    status: 500,
    body: {
      code: 'INTERNAL',
      message: 'Internal server error: see the server log',
      retryable: false,
    },
    headers: {},
  };
}

/** A LakotaError from another copy of @lakota/core, recognised by its shape. */
function isCoded(err: unknown): boolean {
  return (
    err instanceof Error &&
    typeof (err as { code?: unknown }).code === 'string' &&
    typeof (err as { retryable?: unknown }).retryable === 'boolean' &&
    Object.hasOwn(STATUS_BY_CODE, (err as unknown as { code: string }).code)
  );
}
