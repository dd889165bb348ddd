/** Where the live tests run, from the environment; undefined when not configured. */
export interface LiveAzureSettings {
  connectionString: string;
  container: string;
  /** Every run writes below `<prefix>/<date>-<uuid>/` and removes it afterwards. */
  prefix: string;
}

/**
 * Live tests run when both `LAKOTA_TEST_AZURE_CONNECTION_STRING` and
 * `LAKOTA_TEST_AZURE_CONTAINER` (an existing container) are set;
 * `LAKOTA_TEST_AZURE_PREFIX` (default `lakota-test`) is optional.
 */
export function liveAzureSettings(env = process.env): LiveAzureSettings | undefined {
  const connectionString = env.LAKOTA_TEST_AZURE_CONNECTION_STRING;
  const container = env.LAKOTA_TEST_AZURE_CONTAINER;
  if (!connectionString || !container) return undefined;
  return {
    connectionString,
    container,
    prefix: (env.LAKOTA_TEST_AZURE_PREFIX ?? 'lakota-test').replace(/^\/+|\/+$/g, ''),
  };
}
