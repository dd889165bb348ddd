/**
 * An error the server answers with, in the JSON shape of the GCS JSON API:
 * `{ error: { code, message, errors: [{ domain, reason, message }] } }`.
 * The SDK turns that body into an `ApiError` whose `code` is the status.
 */
export class GcsError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'GcsError';
  }

  toJSON(): object {
    return {
      error: {
        code: this.status,
        message: this.message,
        errors: [{ domain: 'global', reason: this.reason, message: this.message }],
      },
    };
  }
}

export const notFoundObject = (bucket: string, name: string) =>
  new GcsError(404, 'notFound', `No such object: ${bucket}/${name}`);

export const notFoundBucket = () =>
  new GcsError(404, 'notFound', 'The specified bucket does not exist.');

export const conditionNotMet = () =>
  new GcsError(
    412,
    'conditionNotMet',
    'At least one of the pre-conditions you specified did not hold.',
  );

export const invalid = (message: string) => new GcsError(400, 'invalid', message);

/** The reason GCS gives for a bare status, used for injected faults. */
export function reasonForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'invalid';
    case 401:
      return 'required';
    case 403:
      return 'forbidden';
    case 404:
      return 'notFound';
    case 408:
      return 'requestTimeout';
    case 409:
      return 'conflict';
    case 412:
      return 'conditionNotMet';
    case 429:
      return 'rateLimitExceeded';
    default:
      return status >= 500 ? 'backendError' : 'unknown';
  }
}
