/**
 * A refusal decided by the server itself (authentication, routing, limits),
 * as opposed to an error raised by the pod it serves.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
