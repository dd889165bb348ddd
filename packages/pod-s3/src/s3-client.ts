import { Agent } from 'node:https';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/** Attempts per request (the first try plus retries) unless the client config says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 5;

export interface S3ClientSettings {
  /** Endpoint of an S3-compatible server; switches to path-style addressing. */
  endpoint?: string;
  /** False disables TLS certificate checks (self-signed test servers only). */
  verify?: boolean;
}

/**
 * Builds the S3 client a pod uses when the caller brings none. Settings the
 * caller gives in `config` win over these defaults.
 */
export function createS3Client(
  config: S3ClientConfig = {},
  settings: S3ClientSettings = {},
): S3Client {
  const endpoint =
    settings.endpoint ?? (typeof config.endpoint === 'string' ? config.endpoint : undefined);
  const defaults: S3ClientConfig = {
    // With the SDK's default (WHEN_SUPPORTED) every upload is sent with
    // aws-chunked framing and a trailing checksum; S3-compatible servers
    // that do not decode it store the framing as content.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // The standard strategy backs off exponentially with jitter on
    // throttling, 5xx and socket errors; what still fails becomes a
    // TransientError in the pod.
    retryMode: 'standard',
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: 10_000,
      ...(settings.verify === false
        ? { httpsAgent: new Agent({ rejectUnauthorized: false }) }
        : {}),
    },
  };
  if (endpoint !== undefined) {
    defaults.endpoint = endpoint;
    // S3-compatible servers rarely have a DNS name per bucket.
    defaults.forcePathStyle = true;
    // They ignore the region, but the SDK needs one to sign requests.
    const envRegion = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (config.region === undefined && !envRegion) defaults.region = 'us-east-1';
  }
  return new S3Client({ ...defaults, ...config });
}
