/** Where the live tests run, from the environment; undefined when not configured. */
export interface LiveS3Settings {
  bucket: string;
  /** Every run writes below `<prefix>/<date>-<uuid>/` and removes it afterwards. */
  prefix: string;
  endpoint?: string;
  conditionalWrite?: boolean;
}

/**
 * Live tests run when `LAKOTA_TEST_S3_BUCKET` is set; credentials and region
 * come from the AWS SDK's usual sources (`AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION`, `AWS_PROFILE`,
 * …). `LAKOTA_TEST_S3_PREFIX` (default `lakota-test`) and
 * `LAKOTA_TEST_S3_ENDPOINT` (an S3-compatible service) are optional;
 * `LAKOTA_TEST_S3_CONDITIONAL_WRITE=false` for a service without
 * `If-None-Match` support.
 */
export function liveS3Settings(env = process.env): LiveS3Settings | undefined {
  const bucket = env.LAKOTA_TEST_S3_BUCKET;
  if (!bucket) return undefined;
  const settings: LiveS3Settings = {
    bucket,
    prefix: (env.LAKOTA_TEST_S3_PREFIX ?? 'lakota-test').replace(/^\/+|\/+$/g, ''),
  };
  if (env.LAKOTA_TEST_S3_ENDPOINT) settings.endpoint = env.LAKOTA_TEST_S3_ENDPOINT;
  const conditional = env.LAKOTA_TEST_S3_CONDITIONAL_WRITE;
  if (conditional) settings.conditionalWrite = !/^(false|0|no|off)$/i.test(conditional);
  return settings;
}
