import { googHashOf } from './checksums.js';
import type { Context } from './context.js';
import type { StoredObject } from './object-store.js';
import { parseRange } from './ranges.js';
import { etagOf } from './resources.js';

/**
 * Sends an object's bytes (`alt=media`) with the headers the SDK relies on:
 * `x-goog-hash` and `x-goog-stored-content-encoding` decide whether it
 * validates the download, `Content-Range` answers a range request with 206.
 */
export function sendMedia(ctx: Context, obj: StoredObject): void {
  const size = obj.data.byteLength;
  const range = parseRange(headerOf(ctx.req.headers.range), size);
  const headers: Record<string, string | number> = {
    'Content-Type': obj.meta.contentType ?? 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    ETag: `"${etagOf(obj)}"`,
    'Last-Modified': new Date(obj.updated).toUTCString(),
    'x-goog-generation': String(obj.generation),
    'x-goog-metageneration': String(obj.metageneration),
    'x-goog-stored-content-encoding': obj.meta.contentEncoding ?? 'identity',
    'x-goog-stored-content-length': String(size),
    'x-goog-storage-class': obj.meta.storageClass ?? 'STANDARD',
    // GCS sends the whole object's checksums even for a range.
    'x-goog-hash': googHashOf(obj),
  };
  if (obj.meta.contentEncoding) headers['Content-Encoding'] = obj.meta.contentEncoding;
  if (obj.meta.contentDisposition) headers['Content-Disposition'] = obj.meta.contentDisposition;
  if (obj.meta.cacheControl) headers['Cache-Control'] = obj.meta.cacheControl;
  if (range === undefined) {
    ctx.res.writeHead(200, { ...headers, 'Content-Length': size });
    ctx.res.end(ctx.method === 'HEAD' ? undefined : obj.data);
    return;
  }
  const part = obj.data.subarray(range.start, range.end + 1);
  ctx.res.writeHead(206, {
    ...headers,
    'Content-Length': part.byteLength,
    'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
  });
  ctx.res.end(ctx.method === 'HEAD' ? undefined : part);
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
