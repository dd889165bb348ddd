import type { Pod } from '@lakota/core';

/**
 * Where a child process finds the repository: plain data, so it can travel
 * on a command line. Each child opens its own pod (and its own SDK client).
 */
export type PodSpec =
  | { kind: 'fs'; root: string }
  | { kind: 's3'; endpoint: string; bucket: string; prefix: string }
  | { kind: 'azure'; connectionString: string; container: string; prefix: string };

/** Credentials of the local S3 emulator, which checks none. */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'lakota', secretAccessKey: 'lakota-secret' };

/** Opens the pod a spec describes; cloud pods are loaded only when asked for. */
export async function openSpecPod(spec: PodSpec): Promise<Pod> {
  switch (spec.kind) {
    case 'fs': {
      const { FsPod } = await import('@lakota/pod-fs');
      return new FsPod(spec.root);
    }
    case 's3': {
      const { S3Pod } = await import('@lakota/pod-s3');
      return new S3Pod({
        bucket: spec.bucket,
        prefix: spec.prefix,
        endpoint: spec.endpoint,
        clientConfig: { credentials: EMULATOR_CREDENTIALS, region: 'us-east-1' },
        conditionalWrite: true,
      });
    }
    case 'azure': {
      const { AzurePod } = await import('@lakota/pod-azure');
      return new AzurePod({
        container: spec.container,
        prefix: spec.prefix,
        connectionString: spec.connectionString,
      });
    }
  }
}
