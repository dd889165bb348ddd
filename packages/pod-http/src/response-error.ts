import {
  AbortError,
  InvalidPathError,
  type LakotaError,
  NotFoundError,
  PermissionError,
  PodOperationError,
  StorageFullError,
  TransientError,
} from '@lakota/core';

/** The `error` member of the server's JSON error bodies. */
export interface WireError {
  code?: string;
  message?: string;
  path?: string;
  retryable?: boolean;
}

/**
 * Turns a server's refusal into the core's typed error. The server's code is
 * trusted first (it tells a missing file from a missing mount), the status
 * otherwise, e.g. when a proxy answered instead of the server.
 */
export function errorFromWire(
  wire: WireError | undefined,
  status: number,
  path: string,
  url: string,
): LakotaError {
  const p = wire?.path ?? path;
  const detail = wire?.message ?? `HTTP ${status}`;
  switch (wire?.code) {
    case 'NOT_FOUND':
      return new NotFoundError(p, { message: detail });
    case 'INVALID_PATH':
      return new InvalidPathError(p, `the server refused it (${detail})`);
    case 'PERMISSION_DENIED':
    case 'UNAUTHORIZED':
    case 'READ_ONLY':
      return new PermissionError(p, { message: `${detail} (${url})` });
    case 'STORAGE_FULL':
      return new StorageFullError(p);
    case 'POD_OPERATION':
      return new PodOperationError(p, detail);
    case 'TRANSIENT':
      return new TransientError(`${detail} (${url})`);
    case 'ABORTED':
      return new AbortError(detail);
  }
  const message = `HTTP ${status} from ${url}: ${detail}`;
  if (status === 404 && wire?.code === undefined) return new NotFoundError(p, { message });
  if (status === 401 || status === 403) {
    return new PermissionError(p, {
      message: `${message}. Check the token given to the HTTP pod (Authorization: Bearer …).`,
    });
  }
  if (status >= 500 || status === 429 || status === 408 || wire?.retryable === true) {
    return new TransientError(message);
  }
  // Wrong URL (no such mount or action), body too large, bad request: retrying cannot help.
  return new PodOperationError(p, message);
}

/** Reads an error response's body and maps it. */
export async function errorFromResponse(
  res: Response,
  path: string,
  url: string,
): Promise<LakotaError> {
  let wire: WireError | undefined;
  try {
    const text = await res.text();
    wire = (JSON.parse(text) as { error?: WireError }).error;
  } catch {
    // Not one of our JSON bodies (a proxy's page): the status decides.
  }
  return errorFromWire(wire, res.status, path, url);
}

/** Maps what `fetch` throws (network failure, abort) to the core's errors. */
export function errorFromFetch(err: unknown, url: string): LakotaError {
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'AbortError') return new AbortError(undefined, { cause: err });
  const cause = (err as { cause?: { message?: unknown } } | null)?.cause;
  const why = String(cause?.message ?? (err as Error)?.message ?? err);
  return new TransientError(`Cannot reach the Lakota server at ${url}: ${why}`, { cause: err });
}
