import type { TokenCredential } from '@azure/core-auth';
import {
  AnonymousCredential,
  BlobServiceClient,
  type ContainerClient,
  type StoragePipelineOptions,
  type StorageRetryOptions,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';

/** Retries of the Azure SDK unless told otherwise: 5 tries, backing off exponentially from 0.8 s up to 30 s. */
export const DEFAULT_RETRY_OPTIONS: StorageRetryOptions = {
  maxTries: 5,
  retryDelayInMs: 800,
  maxRetryDelayInMs: 30_000,
};

/** The ways to reach a container; exactly one family is used, in this order. */
export interface AzureConnection {
  /** Container name; may be left out when `containerClient` is given. */
  container?: string;
  /** A ready client; everything else is ignored. */
  containerClient?: ContainerClient;
  /** `DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…` or a SAS connection string. */
  connectionString?: string;
  /** Blob service URL; defaults to `https://<accountName>.blob.core.windows.net`. */
  url?: string;
  accountName?: string;
  accountKey?: string;
  /** A SAS token (with or without the leading '?'). */
  sasToken?: string;
  /** An Entra ID credential, e.g. `DefaultAzureCredential` from `@azure/identity`. */
  credential?: TokenCredential;
  retryOptions?: StorageRetryOptions;
}

/**
 * Builds the container client for a connection. Throws a TypeError that lists
 * the accepted options when none of them is complete.
 */
export function createContainerClient(connection: AzureConnection): ContainerClient {
  if (connection.containerClient) return connection.containerClient;
  if (!connection.container) throw new TypeError('AzurePod needs a container name');
  const pipeline: StoragePipelineOptions = {
    retryOptions: { ...DEFAULT_RETRY_OPTIONS, ...connection.retryOptions },
  };
  let service: BlobServiceClient;
  const url =
    connection.url?.replace(/\/+$/, '') ??
    (connection.accountName
      ? `https://${connection.accountName}.blob.core.windows.net`
      : undefined);
  if (connection.connectionString) {
    service = BlobServiceClient.fromConnectionString(connection.connectionString, pipeline);
  } else if (url && connection.credential) {
    service = new BlobServiceClient(url, connection.credential, pipeline);
  } else if (url && connection.accountName && connection.accountKey) {
    const key = new StorageSharedKeyCredential(connection.accountName, connection.accountKey);
    service = new BlobServiceClient(url, key, pipeline);
  } else if (url && connection.sasToken) {
    const sas = connection.sasToken.replace(/^\?/, '');
    service = new BlobServiceClient(`${url}?${sas}`, new AnonymousCredential(), pipeline);
  } else {
    throw new TypeError(
      `AzurePod for container '${connection.container}' has no credentials: pass connectionString, ` +
        'accountName + accountKey (+ url), url or accountName + sasToken, credential + url, or containerClient ' +
        '(or set AZURE_STORAGE_CONNECTION_STRING when using a URI).',
    );
  }
  return service.getContainerClient(connection.container);
}
