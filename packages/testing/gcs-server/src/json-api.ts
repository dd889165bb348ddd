import { type Context, intParam, jsonBody, sendEmpty, sendJson } from './context.js';
import { GcsError, invalid, notFoundObject } from './gcs-error.js';
import { listObjects } from './list-objects.js';
import { sendMedia } from './media-download.js';
import { pickWritable, type StoredObject } from './object-store.js';
import { checkPreconditions, parsePreconditions, preconditionsHold } from './preconditions.js';
import { bucketResource, objectResource } from './resources.js';

/** Largest page `objects.list` returns, whatever `maxResults` asks. */
const MAX_PAGE = 1000;
/** `maxBytesRewrittenPerCall` must be a multiple of this on GCS. */
const REWRITE_UNIT = 1024 * 1024;

const notImplemented = (what: string) =>
  new GcsError(501, 'notImplemented', `${what} is not implemented by this test server.`);

const methodNotAllowed = (ctx: Context) =>
  new GcsError(405, 'methodNotAllowed', `Method ${ctx.method} is not allowed on this resource.`);

/**
 * The metadata endpoints (`/storage/v1/b/...`): buckets, object metadata,
 * `alt=media` downloads, list, delete, patch, copy, rewrite, move, compose.
 * `seg` is the decoded path after `/storage/v1`.
 */
export function handleJsonApi(ctx: Context, seg: string[]) {
  const [b, bucket, o, object, action, ...rest] = seg;
  if (b !== 'b') throw routeNotFound(seg);
  if (bucket === undefined) return buckets(ctx);
  if (o === undefined) return bucketItself(ctx, bucket);
  if (o !== 'o') throw routeNotFound(seg);
  if (object === undefined) return objects(ctx, bucket);
  if (action === undefined) return objectItself(ctx, bucket, object);
  if (!['copyTo', 'rewriteTo', 'moveTo', 'compose'].includes(action)) throw routeNotFound(seg);
  if (ctx.method !== 'POST') throw methodNotAllowed(ctx);
  if ((action === 'copyTo' || action === 'rewriteTo') && rest.length === 4) {
    const [b2, destBucket, o2, destObject] = rest;
    if (b2 === 'b' && o2 === 'o') {
      return action === 'copyTo'
        ? copy(ctx, bucket, object, destBucket!, destObject!)
        : rewrite(ctx, bucket, object, destBucket!, destObject!);
    }
  }
  if (action === 'moveTo' && rest.length === 2 && rest[0] === 'o') {
    return move(ctx, bucket, object, rest[1]!);
  }
  if (action === 'compose' && rest.length === 0) return compose(ctx, bucket, object);
  throw routeNotFound(seg);
}

export function routeNotFound(seg: string[]): GcsError {
  return new GcsError(
    404,
    'notFound',
    `Not Found: /${seg.join('/')} (object names in URL paths must be percent-encoded, '/' as %2F)`,
  );
}

function buckets(ctx: Context) {
  if (ctx.method === 'GET') {
    const items = [...ctx.store.buckets.values()].map((b) => bucketResource(b, ctx.origin));
    return sendJson(ctx, 200, { kind: 'storage#buckets', items });
  }
  if (ctx.method === 'POST') {
    const name = jsonBody(ctx).name;
    if (typeof name !== 'string') {
      throw new GcsError(400, 'required', 'Required parameter: bucket name');
    }
    return sendJson(ctx, 200, bucketResource(ctx.store.createBucket(name), ctx.origin));
  }
  throw methodNotAllowed(ctx);
}

function bucketItself(ctx: Context, name: string) {
  switch (ctx.method) {
    case 'GET':
      return sendJson(ctx, 200, bucketResource(ctx.store.bucket(name), ctx.origin));
    case 'PATCH':
    case 'PUT': {
      // Bucket settings are not modelled; the bump is what a client can observe.
      const bucket = ctx.store.bucket(name);
      bucket.metageneration += 1;
      return sendJson(ctx, 200, bucketResource(bucket, ctx.origin));
    }
    case 'DELETE':
      ctx.store.deleteBucket(name);
      return sendEmpty(ctx, 204);
    default:
      throw methodNotAllowed(ctx);
  }
}

function objects(ctx: Context, bucket: string) {
  if (ctx.method === 'POST') {
    throw invalid(
      `Uploads go to /upload/storage/v1/b/${bucket}/o with an uploadType (media, multipart or resumable).`,
    );
  }
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx);
  const q = ctx.query;
  for (const param of ['matchGlob', 'versions'] as const) {
    if (q.has(param) && !(param === 'versions' && q.get(param) === 'false')) {
      throw notImplemented(`objects.list with '${param}'`);
    }
  }
  const names = ctx.store.sortedNames(bucket);
  const page = listObjects(names, {
    prefix: q.get('prefix') ?? '',
    delimiter: q.get('delimiter') || undefined,
    pageToken: q.get('pageToken') || undefined,
    maxResults: Math.min(Math.max(intParam(q, 'maxResults') ?? MAX_PAGE, 1), MAX_PAGE),
    startOffset: q.get('startOffset') || undefined,
    endOffset: q.get('endOffset') || undefined,
    includeTrailingDelimiter: q.get('includeTrailingDelimiter') === 'true',
  });
  const body: Record<string, unknown> = { kind: 'storage#objects' };
  if (page.nextPageToken !== undefined) body.nextPageToken = page.nextPageToken;
  // GCS leaves out empty arrays rather than sending [].
  if (page.prefixes.length > 0) body.prefixes = page.prefixes;
  if (page.items.length > 0) {
    body.items = page.items.map((n) => objectResource(ctx.store.get(bucket, n), ctx.origin));
  }
  sendJson(ctx, 200, body);
}

function objectItself(ctx: Context, bucket: string, name: string) {
  const generation = intParam(ctx.query, 'generation');
  const pre = parsePreconditions(ctx.query);
  switch (ctx.method) {
    case 'GET':
    case 'HEAD': {
      const obj = ctx.store.get(bucket, name, generation);
      const { ifGenerationMatch, ifMetagenerationMatch } = pre;
      checkPreconditions(obj, { ifGenerationMatch, ifMetagenerationMatch });
      // A failed "not match" on a read means "you already have it", as in HTTP.
      const { ifGenerationNotMatch, ifMetagenerationNotMatch } = pre;
      if (!preconditionsHold(obj, { ifGenerationNotMatch, ifMetagenerationNotMatch })) {
        return sendEmpty(ctx, 304);
      }
      if (ctx.query.get('alt') === 'media') return sendMedia(ctx, obj);
      return sendJson(ctx, 200, objectResource(obj, ctx.origin));
    }
    case 'DELETE':
      ctx.store.delete(bucket, name, pre, generation);
      return sendEmpty(ctx, 204);
    case 'PATCH':
    case 'PUT': {
      const meta = pickWritable(jsonBody(ctx));
      const obj = ctx.store.update(bucket, name, meta, pre, ctx.method === 'PUT');
      return sendJson(ctx, 200, objectResource(obj, ctx.origin));
    }
    default:
      throw methodNotAllowed(ctx);
  }
}

/** Reads the source of a copy, rewrite or move, honouring `sourceGeneration` and `ifSource…`. */
function sourceOf(ctx: Context, bucket: string, name: string): StoredObject {
  const source = ctx.store.get(bucket, name, intParam(ctx.query, 'sourceGeneration'));
  checkPreconditions(source, parsePreconditions(ctx.query, true));
  return source;
}

/** Writes the destination of a copy: the source's bytes, its metadata overridden by the body's. */
function copyInto(
  ctx: Context,
  source: StoredObject,
  destBucket: string,
  destName: string,
): StoredObject {
  const override = pickWritable(jsonBody(ctx));
  // Fields the body gives replace the source's (custom `metadata` as a whole).
  const meta = { ...source.meta, ...override };
  return ctx.store.put(destBucket, destName, source.data, meta, parsePreconditions(ctx.query), {
    md5: source.md5Hash !== undefined,
    componentCount: source.componentCount,
  });
}

function copy(ctx: Context, bucket: string, name: string, destBucket: string, destName: string) {
  const source = sourceOf(ctx, bucket, name);
  const copied = copyInto(ctx, source, destBucket, destName);
  sendJson(ctx, 200, objectResource(copied, ctx.origin));
}

interface RewriteToken {
  source: string;
  generation: number;
  destination: string;
  done: number;
}

/**
 * `objects.rewrite`. When a call may copy fewer bytes than the object has
 * (`maxBytesRewrittenPerCall`, or the server's `rewriteBytesPerCall`) it
 * answers `done: false` and a `rewriteToken` until the client has called often
 * enough, as GCS does for large or cross-location copies.
 */
function rewrite(ctx: Context, bucket: string, name: string, destBucket: string, destName: string) {
  const source = sourceOf(ctx, bucket, name);
  const size = source.data.byteLength;
  const asked = intParam(ctx.query, 'maxBytesRewrittenPerCall');
  if (asked !== undefined && (asked === 0 || asked % REWRITE_UNIT !== 0)) {
    throw invalid(`maxBytesRewrittenPerCall must be a positive multiple of ${REWRITE_UNIT}.`);
  }
  const perCall = asked ?? ctx.rewriteBytesPerCall;
  const destination = `${destBucket}/${destName}`;
  let done = 0;
  const tokenText = ctx.query.get('rewriteToken');
  if (tokenText) {
    const token = decodeRewriteToken(tokenText);
    if (
      token.source !== `${bucket}/${name}` ||
      token.destination !== destination ||
      token.generation !== source.generation
    ) {
      throw invalid('The rewriteToken does not belong to this source and destination.');
    }
    done = token.done;
  }
  done = perCall === undefined ? size : Math.min(size, done + perCall);
  if (done < size) {
    const next: RewriteToken = {
      source: `${bucket}/${name}`,
      generation: source.generation,
      destination,
      done,
    };
    return sendJson(ctx, 200, {
      kind: 'storage#rewriteResponse',
      totalBytesRewritten: String(done),
      objectSize: String(size),
      done: false,
      rewriteToken: Buffer.from(JSON.stringify(next)).toString('base64url'),
    });
  }
  const copied = copyInto(ctx, source, destBucket, destName);
  sendJson(ctx, 200, {
    kind: 'storage#rewriteResponse',
    totalBytesRewritten: String(size),
    objectSize: String(size),
    done: true,
    resource: objectResource(copied, ctx.origin),
  });
}

function decodeRewriteToken(text: string): RewriteToken {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as RewriteToken;
    if (typeof token.done === 'number' && typeof token.source === 'string') return token;
  } catch {
    // Reported below.
  }
  throw invalid(`Invalid rewriteToken: '${text}'`);
}

/** `objects.move`: the destination appears and the source disappears in one step. */
function move(ctx: Context, bucket: string, name: string, destName: string) {
  const source = sourceOf(ctx, bucket, name);
  if (destName === name) throw invalid('The source and destination object names are the same.');
  const moved = ctx.store.put(
    bucket,
    destName,
    source.data,
    source.meta,
    parsePreconditions(ctx.query),
    { md5: source.md5Hash !== undefined, componentCount: source.componentCount },
  );
  ctx.store.delete(bucket, name, {});
  sendJson(ctx, 200, objectResource(moved, ctx.origin));
}

/** `objects.compose`: concatenates up to 32 objects of the bucket into one. */
function compose(ctx: Context, bucket: string, destName: string) {
  const body = jsonBody(ctx);
  const sources = body.sourceObjects;
  if (!Array.isArray(sources) || sources.length === 0) {
    throw new GcsError(400, 'required', 'Required parameter: sourceObjects');
  }
  if (sources.length > 32) throw invalid('A compose request may have at most 32 source objects.');
  const parts: StoredObject[] = sources.map((s: unknown) => {
    const src = (s ?? {}) as {
      name?: unknown;
      generation?: unknown;
      objectPreconditions?: unknown;
    };
    if (typeof src.name !== 'string') throw new GcsError(400, 'required', 'Required: source name');
    const gen = src.generation === undefined ? undefined : Number(src.generation);
    const obj = ctx.store.peek(bucket, src.name);
    if (!obj || (gen !== undefined && obj.generation !== gen))
      throw notFoundObject(bucket, src.name);
    const cond = src.objectPreconditions as { ifGenerationMatch?: unknown } | undefined;
    if (cond?.ifGenerationMatch !== undefined) {
      checkPreconditions(obj, { ifGenerationMatch: Number(cond.ifGenerationMatch) });
    }
    return obj;
  });
  const meta = pickWritable(body.destination);
  const composed = ctx.store.put(
    bucket,
    destName,
    Buffer.concat(parts.map((p) => p.data)),
    meta,
    parsePreconditions(ctx.query),
    { md5: false, componentCount: parts.reduce((n, p) => n + (p.componentCount ?? 1), 0) },
  );
  sendJson(ctx, 200, objectResource(composed, ctx.origin));
}
