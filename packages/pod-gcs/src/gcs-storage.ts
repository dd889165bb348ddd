import { Storage, type StorageOptions } from '@google-cloud/storage';

export interface StorageSettings {
  /** A JSON API server other than Google's, e.g. `http://127.0.0.1:4443` for an emulator. */
  apiEndpoint?: string;
  /** Anything else the SDK accepts: credentials, keyFilename, projectId, retryOptions, … */
  storageOptions?: StorageOptions;
}

/**
 * A `Storage` client as the pod wants it. Credentials: with `apiEndpoint` (or
 * the `STORAGE_EMULATOR_HOST` variable, which the SDK reads itself) the SDK
 * sends no credentials, as emulators expect; otherwise it uses
 * `storageOptions.credentials`/`keyFilename` or Application Default
 * Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's login, the metadata
 * server on Google Cloud).
 *
 * The SDK's own retries are off unless `storageOptions.retryOptions` turns
 * them on: the pod retries transient failures itself (see `RetryPolicy`),
 * because SDK 7 disables its retries on the whole client after the first
 * upload without a precondition, and never retries downloads.
 */
export function createStorage(settings: StorageSettings = {}): Storage {
  const options: StorageOptions = { ...settings.storageOptions };
  if (settings.apiEndpoint) options.apiEndpoint = settings.apiEndpoint.replace(/\/+$/, '');
  options.retryOptions = { autoRetry: false, ...settings.storageOptions?.retryOptions };
  return new Storage(options);
}
