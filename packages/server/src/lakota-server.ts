import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pod } from '@lakota/core';
import type { AccessLogEntry } from './access-log.js';
import { BearerToken } from './bearer-token.js';
import { errorResponse } from './error-response.js';
import { Exchange } from './exchange.js';
import { HttpError } from './http-error.js';
import { type Mount, MountTable } from './mount-table.js';
import { POD_ACTIONS } from './pod-actions.js';
import { ACTIONS } from './protocol.js';

export interface ServerOptions {
  /** Served pods by mount name: `{ prices: pod }` serves at `/prices/<action>`. */
  mounts: Readonly<Record<string, Pod | Mount>>;
  /**
   * When set, every request needs `Authorization: Bearer <token>` (401
   * otherwise). A token is letters, digits and `-._~+/`, optionally ending
   * with `=`s (what that header can carry): any other token, or an empty
   * one, is refused with an `InvalidInputError` (see `checkBearerToken`).
   */
  token?: string;
  /** Refuse every write, remove and move with 403. */
  readOnly?: boolean;
  /** Largest request body accepted, in bytes (413 beyond); 64 MiB by default. */
  maxBodyBytes?: number;
  /** Called once per request when its response is over; see `formatAccessLog`. */
  log?: (entry: AccessLogEntry) => void;
}

export interface ListenOptions {
  /** Interface to bind; 127.0.0.1 by default, so nothing is exposed by accident. */
  host?: string;
  /** 8080 by default, like `lakota serve`; 0 picks a free port. */
  port?: number;
}

export interface ServerAddress {
  host: string;
  port: number;
  /** Base URL of the server, e.g. `http://127.0.0.1:8080`; a mount is at `${url}/${name}`. */
  url: string;
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * Serves pods over HTTP with the Lakota pod protocol. `handler` can also be
 * plugged into an existing `node:http` server or a framework that accepts
 * Node request listeners.
 */
export class LakotaServer {
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  private readonly mounts: MountTable;
  private readonly token: BearerToken | undefined;
  private readonly maxBodyBytes: number;
  private readonly log: ((entry: AccessLogEntry) => void) | undefined;
  private server: Server | undefined;
  private bound: ServerAddress | undefined;

  constructor(options: ServerOptions) {
    this.mounts = new MountTable(options.mounts, options.readOnly === true);
    this.token = options.token === undefined ? undefined : new BearerToken(options.token);
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (!(this.maxBodyBytes >= 0)) {
      throw new RangeError(
        `maxBodyBytes must be a number of bytes >= 0, got ${options.maxBodyBytes}`,
      );
    }
    this.log = options.log;
    this.handler = (req, res) => {
      void this.serve(req, res);
    };
  }

  /** Where the server listens, once `listen` has resolved. */
  get address(): ServerAddress | undefined {
    return this.bound;
  }

  async listen({ host = '127.0.0.1', port = 8080 }: ListenOptions = {}): Promise<ServerAddress> {
    if (this.server) throw new Error('This server is already listening: close it first');
    const server = createHttpServer(this.handler);
    // Keep idle connections open longer than clients do (undici: 4 s), so a
    // client never sends on a socket the server is closing (ECONNRESET).
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const info = server.address() as AddressInfo;
    const shown = info.family === 'IPv6' ? `[${info.address}]` : info.address;
    this.bound = { host: info.address, port: info.port, url: `http://${shown}:${info.port}` };
    return this.bound;
  }

  /** Stops accepting connections and resolves once the requests in flight are answered. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.bound = undefined;
    await new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeIdleConnections();
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ex = new Exchange(req, res, this.maxBodyBytes);
    const entry: AccessLogEntry = {
      time: new Date(),
      remoteAddress: req.socket.remoteAddress,
      method: req.method ?? 'GET',
      url: `${ex.url.pathname}${ex.url.search}`,
      authenticated: false,
      status: 0,
      bytesIn: 0,
      bytesOut: 0,
      ms: 0,
      aborted: false,
    };
    const t0 = performance.now();
    res.on('close', () => {
      if (!this.log) return;
      entry.status = res.statusCode;
      entry.bytesIn = ex.bytesIn;
      entry.bytesOut = ex.bytesOut;
      entry.ms = performance.now() - t0;
      entry.aborted = !res.writableFinished;
      try {
        this.log(entry);
      } catch {
        // A failing logger must not take the server down.
      }
    });
    try {
      if (this.token) {
        entry.authenticated = this.token.matches(req.headers.authorization);
        if (!entry.authenticated) {
          throw new HttpError(401, 'UNAUTHORIZED', 'A valid bearer token is required', {
            'www-authenticate': 'Bearer realm="lakota"',
          });
        }
      }
      const route = this.mounts.resolve(ex.url.pathname);
      entry.mount = route.name;
      entry.action = route.action;
      const spec = ACTIONS[route.action];
      if (entry.method !== spec.method) {
        throw new HttpError(405, 'METHOD_NOT_ALLOWED', `'${route.action}' expects ${spec.method}`, {
          allow: spec.method,
        });
      }
      if (spec.writes && route.readOnly) {
        throw new HttpError(
          403,
          'READ_ONLY',
          `'/${route.name}' is served read-only: '${route.action}' is refused`,
        );
      }
      await POD_ACTIONS[route.action](ex, {
        pod: route.pod,
        readOnly: route.readOnly,
        maxBodyBytes: this.maxBodyBytes,
        noteError: (err) => {
          entry.error = err;
        },
      });
    } catch (err) {
      entry.error = err;
      if (res.headersSent) {
        // Streams report their own failures in-band; only a cut remains.
        res.destroy();
        return;
      }
      const { status, body, headers } = errorResponse(err);
      // A refused upload (no token, read-only, too large) is not read: closing
      // the connection spares draining what the client is still sending.
      const unread: Record<string, string> = req.complete ? {} : { connection: 'close' };
      ex.sendJson({ error: body }, status, { ...headers, ...unread });
    }
  }
}

/** A server for the given mounts; call `listen()` to start it. */
export function createServer(options: ServerOptions): LakotaServer {
  return new LakotaServer(options);
}
