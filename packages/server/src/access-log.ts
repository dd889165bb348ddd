/** One served request, handed to the `log` callback once its response is over. */
export interface AccessLogEntry {
  /** When the request arrived. */
  time: Date;
  /** Client address (`req.socket.remoteAddress`). */
  remoteAddress: string | undefined;
  method: string;
  /** Path and query as requested (never holds the token: that travels in a header). */
  url: string;
  /** The mount the request was routed to, when routing succeeded. */
  mount?: string;
  /** The protocol action (`read`, `write`, …), when routing succeeded. */
  action?: string;
  /** Whether a valid token was presented (always false when the server has no token). */
  authenticated: boolean;
  status: number;
  /** Request body bytes read. */
  bytesIn: number;
  /** Response body bytes written. */
  bytesOut: number;
  /** Milliseconds from the request to the end of its response. */
  ms: number;
  /** True when the client went away before the response was complete. */
  aborted: boolean;
  /** What went wrong, for the operator: unknown errors are only detailed here. */
  error?: unknown;
}

/**
 * One line per request, close to the common log format, for a terminal or a
 * log file: `127.0.0.1 - [2026-11-22T12:00:00.000Z] "GET /repo/read?path=aa" 200 12 0 3.1ms`.
 */
export function formatAccessLog(e: AccessLogEntry): string {
  const who = e.authenticated ? 'token' : '-';
  let line = `${e.remoteAddress ?? '-'} ${who} [${e.time.toISOString()}] "${e.method} ${e.url}" ${e.status} ${e.bytesIn} ${e.bytesOut} ${e.ms.toFixed(1)}ms`;
  if (e.aborted) line += ' aborted';
  if (e.error !== undefined) {
    const err = e.error as { name?: unknown; message?: unknown };
    line += ` ${String(err.name ?? 'Error')}: ${String(err.message ?? e.error)}`;
  }
  return line;
}
