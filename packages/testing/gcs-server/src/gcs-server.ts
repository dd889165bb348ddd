import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Context, readBody, sendError } from './context.js';
import { GcsError, invalid, reasonForStatus } from './gcs-error.js';
import { handleJsonApi, routeNotFound } from './json-api.js';
import { ObjectStore } from './object-store.js';
import { handleUpload, type UploadSession } from './uploads.js';

export interface GcsServerOptions {
  /** Interface to listen on; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Buckets that exist from the start. */
  buckets?: string[];
  /**
   * Bytes one rewrite (copy) call handles at most; larger objects then take
   * several calls chained by `rewriteToken`, as on GCS. Unbounded by default.
   */
  rewriteBytesPerCall?: number;
}

/** A request as the server saw it, for tests that check what a client sent. */
export interface RecordedRequest {
  method: string;
  /** The path as sent, still percent-encoded. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Status the server answered with. */
  status: number;
}

/** A failure to answer with instead of handling matching requests. */
export interface Fault {
  /** HTTP status, e.g. 503, 429, 403. */
  status: number;
  /** How many matching requests fail (1 by default). */
  times?: number;
  /** Only requests with this method. */
  method?: string;
  /** Only requests whose percent-encoded path and query contain this text or match this pattern. */
  match?: string | RegExp;
  message?: string;
  /** Drop the connection instead of answering, like a network failure. */
  reset?: boolean;
}

export interface GcsServer {
  /** `http://host:port`: pass it as the SDK's `apiEndpoint`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The buckets and objects, to look at or seed directly. */
  readonly store: ObjectStore;
  /** Every request handled so far, oldest first. */
  readonly requests: RecordedRequest[];
  createBucket(name: string): void;
  /** Makes the next matching requests fail (checked in the order given). */
  injectFault(fault: Fault): void;
  /** Forgets all buckets, objects, sessions, faults and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

interface ArmedFault extends Fault {
  left: number;
}

/**
 * Starts an in-memory Google Cloud Storage JSON API server on node:http,
 * faithful to what the official `@google-cloud/storage` SDK sends. Paths are
 * served both under `/storage/v1` (an `apiEndpoint`) and at the root (what the
 * SDK uses with `STORAGE_EMULATOR_HOST`).
 */
export async function startGcsServer(options: GcsServerOptions = {}): Promise<GcsServer> {
  const host = options.host ?? '127.0.0.1';
  const store = new ObjectStore();
  for (const name of options.buckets ?? []) store.createBucket(name);
  const sessions = new Map<string, UploadSession>();
  const requests: RecordedRequest[] = [];
  const faults: ArmedFault[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const method = (req.method ?? 'GET').toUpperCase();
    res.on('finish', () => {
      requests.push({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        status: res.statusCode,
      });
    });
    try {
      const body = await readBody(req);
      const fault = takeFault(faults, method, `${url.pathname}${url.search}`);
      if (fault) {
        if (fault.reset) {
          req.socket.destroy();
          return;
        }
        throw new GcsError(
          fault.status,
          reasonForStatus(fault.status),
          fault.message ?? `Injected failure (HTTP ${fault.status})`,
        );
      }
      const ctx: Context = {
        req,
        res,
        method,
        query: url.searchParams,
        body,
        origin: `http://${req.headers.host ?? `${host}:${port}`}`,
        store,
        rewriteBytesPerCall: options.rewriteBytesPerCall,
      };
      route(ctx, url.pathname, sessions);
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(res, err instanceof GcsError ? err : internal(err));
    }
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${hostInUrl}:${port}`,
    host,
    port,
    store,
    requests,
    createBucket: (name) => {
      store.createBucket(name);
    },
    injectFault: (fault) => {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    reset: () => {
      store.clear();
      sessions.clear();
      faults.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets of the SDK's agent would hold close() open.
        server.closeAllConnections();
      }),
  };
}

function takeFault(faults: ArmedFault[], method: string, target: string): ArmedFault | undefined {
  const index = faults.findIndex(
    (f) =>
      (f.method === undefined || f.method.toUpperCase() === method) &&
      (f.match === undefined ||
        (typeof f.match === 'string' ? target.includes(f.match) : f.match.test(target))),
  );
  if (index < 0) return undefined;
  const fault = faults[index]!;
  fault.left -= 1;
  if (fault.left <= 0) faults.splice(index, 1);
  return fault;
}

function internal(err: unknown): GcsError {
  return new GcsError(500, 'backendError', `Internal error of the test server: ${String(err)}`);
}

/** Splits a raw path into decoded segments; '%2F' inside a segment stays part of the name. */
function segmentsOf(path: string): string[] {
  try {
    return path.split('/').slice(1).map(decodeURIComponent);
  } catch {
    throw invalid(`Malformed percent-encoding in '${path}'`);
  }
}

function route(ctx: Context, path: string, sessions: Map<string, UploadSession>) {
  if (path.startsWith('/upload/storage/v1/')) {
    const seg = segmentsOf(path.slice('/upload/storage/v1'.length));
    if (seg.length === 3 && seg[0] === 'b' && seg[2] === 'o') {
      return handleUpload(ctx, seg[1]!, sessions);
    }
    throw routeNotFound(seg);
  }
  if (path.startsWith('/download/storage/v1/')) {
    // The media links GCS hands out: same as `alt=media` on the metadata path.
    ctx.query.set('alt', 'media');
    return handleJsonApi(ctx, segmentsOf(path.slice('/download/storage/v1'.length)));
  }
  const rest = path.startsWith('/storage/v1/') ? path.slice('/storage/v1'.length) : path;
  return handleJsonApi(ctx, segmentsOf(rest));
}
