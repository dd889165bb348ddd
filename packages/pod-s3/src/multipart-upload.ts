import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mapLimit } from '@lakota/core';

/** S3 accepts at most this many parts in one upload. */
const MAX_PARTS = 10_000;

export interface MultipartUploadInput {
  bucket: string;
  key: string;
  body: Uint8Array;
  partSize: number;
  parallelism: number;
  /** Sends `If-None-Match: *` on completion so an existing object is never replaced. */
  ifNoneMatch?: boolean;
  signal?: AbortSignal;
}

/**
 * Uploads a large body in parts. The object only appears when the upload is
 * completed, so readers still see the whole file or nothing. On any failure
 * the upload is aborted, so no stored parts are left behind to be billed.
 * Errors are the SDK's own; the caller maps them.
 */
export async function multipartUpload(
  client: S3Client,
  input: MultipartUploadInput,
): Promise<void> {
  const { bucket, key, body, signal } = input;
  const partSize = Math.max(input.partSize, Math.ceil(body.byteLength / MAX_PARTS));
  const created = await client.send(
    new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }),
    {
      abortSignal: signal,
    },
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new Error(`CreateMultipartUpload for '${key}' returned no UploadId`);
  try {
    const count = Math.ceil(body.byteLength / partSize);
    const numbers = Array.from({ length: count }, (_, i) => i + 1);
    const parts = await mapLimit(
      numbers,
      input.parallelism,
      async (n) => {
        const chunk = body.subarray((n - 1) * partSize, n * partSize);
        const res = await client.send(
          new UploadPartCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: n,
            Body: chunk,
            ContentLength: chunk.byteLength,
          }),
          { abortSignal: signal },
        );
        return { PartNumber: n, ETag: res.ETag };
      },
      signal,
    );
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
        IfNoneMatch: input.ifNoneMatch ? '*' : undefined,
      }),
      { abortSignal: signal },
    );
  } catch (err) {
    // The original failure is what the caller needs; a failed abort only
    // leaves parts that a bucket lifecycle rule cleans up.
    await client
      .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
      .catch(() => undefined);
    throw err;
  }
}
