import type { IncomingMessage, ServerResponse } from 'node:http';
import { GcsError, invalid } from './gcs-error.js';
import type { ObjectStore } from './object-store.js';

/** Everything a handler needs about one request, its body read in full. */
export interface Context {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  query: URLSearchParams;
  body: Buffer;
  /** `http://host:port` as the client addressed us, for links and session URIs. */
  origin: string;
  store: ObjectStore;
  /** Bytes one `objects.rewrite` call copies at most, unless the request says less. */
  rewriteBytesPerCall: number | undefined;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(ctx: Context, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  ctx.res.writeHead(status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': body.byteLength,
    'Cache-Control': 'no-cache, no-store, max-age=0, must-revalidate',
  });
  ctx.res.end(body);
}

export function sendEmpty(
  ctx: Context,
  status: number,
  headers: Record<string, string> = {},
): void {
  ctx.res.writeHead(status, { 'Content-Length': 0, ...headers });
  ctx.res.end();
}

export function sendError(res: ServerResponse, err: GcsError): void {
  const body = Buffer.from(JSON.stringify(err.toJSON()));
  res.writeHead(err.status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': body.byteLength,
  });
  res.end(body);
}

/** The request body as JSON; an empty body is `{}`. */
export function jsonBody(ctx: Context): Record<string, unknown> {
  if (ctx.body.byteLength === 0) return {};
  try {
    const value: unknown = JSON.parse(ctx.body.toString('utf8'));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // Reported below.
  }
  throw new GcsError(400, 'parseError', 'Parse Error: the request body is not a JSON object.');
}

/** An optional non-negative integer query parameter. */
export function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) throw invalid(`Invalid value for ${name}: '${raw}'`);
  return Number(raw);
}
