export type { AzureConnection } from './azure-client.js';
export { createContainerClient, DEFAULT_RETRY_OPTIONS } from './azure-client.js';
export type { AzurePodOptions } from './azure-pod.js';
export { AzurePod } from './azure-pod.js';
export type { AzureLocation } from './azure-uri.js';
export { parseAzureUri } from './azure-uri.js';
