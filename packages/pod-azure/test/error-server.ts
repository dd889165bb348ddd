import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ErrorServer {
  /** Blob service URL of a made-up account on this server. */
  url: string;
  /** Requests received so far. */
  readonly requests: number;
  /** Method and URL of each request, in order. */
  readonly log: string[];
  stop(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 that answers every request with one Azure
 * Storage error, for failures Azurite never produces (denied access, a busy
 * service).
 */
export async function startErrorServer(
  status: number,
  code: string,
  /** Answers some requests differently: return a status (and an error code for >= 300). */
  override?: (method: string, url: string) => { status: number; code?: string } | undefined,
): Promise<ErrorServer> {
  let requests = 0;
  const log: string[] = [];
  const server: Server = createServer((req, res) => {
    requests++;
    log.push(`${req.method} ${req.url}`);
    const answer = override?.(req.method ?? '', req.url ?? '') ?? { status, code };
    req.resume();
    req.on('end', () => {
      if (answer.status < 300) {
        res.writeHead(answer.status, { 'x-ms-request-id': 'r' });
        res.end();
        return;
      }
      const errorCode = answer.code ?? code;
      const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${errorCode}</Code><Message>test error ${errorCode}</Message></Error>`;
      res.writeHead(answer.status, {
        'content-type': 'application/xml',
        'x-ms-error-code': errorCode,
        'x-ms-request-id': 'r',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/testaccount`,
    get requests() {
      return requests;
    },
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
