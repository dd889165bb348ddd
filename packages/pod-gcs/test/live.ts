/** Where the live tests run, from the environment; undefined when not configured. */
export interface LiveGcsSettings {
  bucket: string;
  /** Every run writes below `<prefix>/<date>-<uuid>/` and removes it afterwards. */
  prefix: string;
}

/**
 * Live tests run when `LAKOTA_TEST_GCS_BUCKET` names a bucket the credentials
 * may write to. Credentials come from Application Default Credentials:
 * `GOOGLE_APPLICATION_CREDENTIALS` (a service-account key file), or
 * `gcloud auth application-default login`, or the metadata server on Google
 * Cloud. `LAKOTA_TEST_GCS_PREFIX` (default `lakota-test`) is optional.
 */
export function liveGcsSettings(env = process.env): LiveGcsSettings | undefined {
  const bucket = env.LAKOTA_TEST_GCS_BUCKET;
  if (!bucket) return undefined;
  return {
    bucket,
    prefix: (env.LAKOTA_TEST_GCS_PREFIX ?? 'lakota-test').replace(/^\/+|\/+$/g, ''),
  };
}
