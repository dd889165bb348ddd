import { randomUUID } from 'node:crypto';
import { type Checksums, parseGoogHash, verifyChecksums } from './checksums.js';
import { type Context, jsonBody, sendEmpty, sendJson } from './context.js';
import { GcsError, invalid } from './gcs-error.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import { checkObjectName, pickWritable, type WritableMetadata } from './object-store.js';
import { checkPreconditions, type Preconditions, parsePreconditions } from './preconditions.js';
import { parseContentRange } from './ranges.js';
import { objectResource } from './resources.js';

/**
 * GCS persists the data of a non-final resumable chunk in units of 256 KiB;
 * the rest of a chunk that is not a multiple is dropped and reported through
 * the 308 response's `Range`, and the client sends it again.
 */
export const RESUMABLE_UNIT = 256 * 1024;

/** One resumable upload session, from its POST to its final PUT. */
export interface UploadSession {
  id: string;
  bucket: string;
  name: string;
  meta: WritableMetadata;
  pre: Preconditions;
  /** `X-Upload-Content-Length` of the POST, when the client declared one. */
  declaredSize: number | undefined;
  chunks: Buffer[];
  received: number;
  /** The object's resource once the upload completed. */
  result: Record<string, unknown> | undefined;
}

const missingName = () =>
  new GcsError(
    400,
    'required',
    'Upload requests must include an uploadType URL parameter and a URL-encoded object name.',
  );

/**
 * The upload endpoint (`/upload/storage/v1/b/{bucket}/o`): media and
 * multipart uploads in one request, and resumable sessions (POST to open,
 * PUT chunks to the session URI, DELETE to cancel).
 */
export function handleUpload(ctx: Context, bucket: string, sessions: Map<string, UploadSession>) {
  const uploadId = ctx.query.get('upload_id');
  if (uploadId !== null) return continueSession(ctx, bucket, uploadId, sessions);
  if (ctx.method !== 'POST') {
    throw new GcsError(405, 'methodNotAllowed', `Method ${ctx.method} is not allowed here.`);
  }
  ctx.store.bucket(bucket);
  const uploadType = ctx.query.get('uploadType');
  switch (uploadType) {
    case 'media':
      return mediaUpload(ctx, bucket);
    case 'multipart':
      return multipartUpload(ctx, bucket);
    case 'resumable':
      return openSession(ctx, bucket, sessions);
    default:
      throw invalid(`Unknown uploadType '${uploadType ?? ''}': use media, multipart or resumable.`);
  }
}

function header(ctx: Context, name: string): string | undefined {
  const value = ctx.req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Stores a completed upload and answers with its resource. */
function finish(
  ctx: Context,
  bucket: string,
  name: string,
  data: Buffer,
  meta: WritableMetadata,
  pre: Preconditions,
  expected: Checksums,
): Record<string, unknown> {
  verifyChecksums(data, expected);
  const stored = ctx.store.put(bucket, name, data, meta, pre);
  return objectResource(stored, ctx.origin);
}

function mediaUpload(ctx: Context, bucket: string) {
  const name = ctx.query.get('name');
  if (!name) throw missingName();
  const meta: WritableMetadata = {};
  const contentType = header(ctx, 'content-type');
  if (contentType) meta.contentType = contentType;
  const encoding = ctx.query.get('contentEncoding');
  if (encoding) meta.contentEncoding = encoding;
  const expected = parseGoogHash(ctx.req.headers['x-goog-hash']);
  const pre = parsePreconditions(ctx.query);
  sendJson(ctx, 200, finish(ctx, bucket, name, ctx.body, meta, pre, expected));
}

function multipartUpload(ctx: Context, bucket: string) {
  const parts = parseMultipart(ctx.body, boundaryOf(header(ctx, 'content-type')));
  if (parts.length !== 2) {
    throw invalid(`A multipart upload has two parts (metadata, media), got ${parts.length}.`);
  }
  const [metaPart, mediaPart] = parts as [(typeof parts)[0], (typeof parts)[0]];
  const resource = metaPart.body.byteLength === 0 ? {} : parseJsonPart(metaPart.body);
  const name = ctx.query.get('name') || (typeof resource.name === 'string' ? resource.name : '');
  if (!name) throw missingName();
  const meta = pickWritable(resource);
  meta.contentType ??= mediaPart.headers['content-type'];
  const expected: Checksums = { ...parseGoogHash(ctx.req.headers['x-goog-hash']) };
  if (typeof resource.crc32c === 'string') expected.crc32c = resource.crc32c;
  if (typeof resource.md5Hash === 'string') expected.md5 = resource.md5Hash;
  const pre = parsePreconditions(ctx.query);
  sendJson(ctx, 200, finish(ctx, bucket, name, mediaPart.body, meta, pre, expected));
}

function parseJsonPart(body: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (value !== null && typeof value === 'object') return value as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  throw new GcsError(400, 'parseError', 'The metadata part of the multipart upload is not JSON.');
}

function openSession(ctx: Context, bucket: string, sessions: Map<string, UploadSession>) {
  const resource = jsonBody(ctx);
  const name = ctx.query.get('name') || (typeof resource.name === 'string' ? resource.name : '');
  if (!name) throw missingName();
  checkObjectName(name);
  const meta = pickWritable(resource);
  meta.contentType ??= header(ctx, 'x-upload-content-type');
  const declared = header(ctx, 'x-upload-content-length');
  if (declared !== undefined && !/^\d+$/.test(declared)) {
    throw invalid(`Invalid X-Upload-Content-Length: '${declared}'`);
  }
  const pre = parsePreconditions(ctx.query);
  // GCS checks preconditions when the session opens, and again when it completes.
  checkPreconditions(ctx.store.peek(bucket, name), pre);
  const id = randomUUID().replaceAll('-', '');
  sessions.set(id, {
    id,
    bucket,
    name,
    meta,
    pre,
    declaredSize: declared === undefined ? undefined : Number(declared),
    chunks: [],
    received: 0,
    result: undefined,
  });
  const location = new URL(`${ctx.origin}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o`);
  location.searchParams.set('uploadType', 'resumable');
  location.searchParams.set('name', name);
  location.searchParams.set('upload_id', id);
  sendEmpty(ctx, 200, { Location: location.toString(), 'X-GUploader-UploadID': id });
}

/** A 308 Resume Incomplete, with `Range` only once some bytes are persisted. */
function resumeIncomplete(ctx: Context, session: UploadSession) {
  const headers: Record<string, string> = {};
  if (session.received > 0) headers.Range = `bytes=0-${session.received - 1}`;
  sendEmpty(ctx, 308, headers);
}

function continueSession(
  ctx: Context,
  bucket: string,
  id: string,
  sessions: Map<string, UploadSession>,
) {
  const session = sessions.get(id);
  if (!session || session.bucket !== bucket) {
    throw new GcsError(404, 'notFound', `No such upload session: ${id}`);
  }
  if (ctx.method === 'DELETE') {
    sessions.delete(id);
    // 499 Client Closed Request is how GCS confirms a cancelled upload.
    return sendEmpty(ctx, 499);
  }
  if (ctx.method !== 'PUT' && ctx.method !== 'POST') {
    throw new GcsError(405, 'methodNotAllowed', `Method ${ctx.method} is not allowed here.`);
  }
  if (session.result) return sendJson(ctx, 200, session.result);
  const range = parseContentRange(header(ctx, 'content-range'));
  const body = ctx.body;
  let total: number | undefined;
  if (range === undefined) {
    // No Content-Range: the body is the whole object.
    if (session.received > 0) {
      throw invalid('A PUT without Content-Range may only upload the whole object at once.');
    }
    total = body.byteLength;
    append(session, body, 0);
  } else if (range.start === undefined) {
    // `bytes */N` or `bytes */*`: a status query, or the end of an upload whose bytes all arrived.
    if (body.byteLength > 0)
      throw invalid('Content-Range "bytes */…" must come with an empty body.');
    total = range.total;
  } else {
    const declaredLength = range.end === undefined ? undefined : range.end - range.start + 1;
    if (declaredLength !== undefined && declaredLength !== body.byteLength) {
      throw invalid(
        `Content-Range declares ${declaredLength} bytes but the request body has ${body.byteLength}.`,
      );
    }
    if (range.start > session.received) {
      throw invalid(
        `The chunk starts at byte ${range.start} but only ${session.received} bytes were persisted: resend from byte ${session.received}.`,
      );
    }
    // `bytes a-*` sends everything that is left, so the object ends with it.
    total = range.end === undefined ? (range.total ?? range.start + body.byteLength) : range.total;
    append(session, body, range.start);
  }
  if (total !== undefined && session.received > total) {
    throw invalid(
      `The upload has ${session.received} bytes, more than its declared size ${total}.`,
    );
  }
  if (total === undefined || session.received < total) {
    // Only whole 256 KiB units of an unfinished upload are kept.
    const kept = Math.floor(session.received / RESUMABLE_UNIT) * RESUMABLE_UNIT;
    if (kept < session.received) truncate(session, kept);
    return resumeIncomplete(ctx, session);
  }
  if (session.declaredSize !== undefined && session.declaredSize !== total) {
    throw invalid(
      `The upload has ${total} bytes but X-Upload-Content-Length declared ${session.declaredSize}.`,
    );
  }
  const data = Buffer.concat(session.chunks);
  const expected = parseGoogHash(ctx.req.headers['x-goog-hash']);
  try {
    session.result = finish(ctx, bucket, session.name, data, session.meta, session.pre, expected);
    session.chunks = [];
  } catch (err) {
    // A session that failed to complete cannot be resumed.
    sessions.delete(id);
    throw err;
  }
  sendJson(ctx, 200, session.result);
}

/** Adds the part of a chunk that starts at `start` and is not persisted yet. */
function append(session: UploadSession, body: Buffer, start: number) {
  const fresh = body.subarray(session.received - start);
  if (fresh.byteLength === 0) return;
  session.chunks.push(Buffer.from(fresh));
  session.received += fresh.byteLength;
}

function truncate(session: UploadSession, size: number) {
  const data = Buffer.concat(session.chunks).subarray(0, size);
  session.chunks = [Buffer.from(data)];
  session.received = size;
}
