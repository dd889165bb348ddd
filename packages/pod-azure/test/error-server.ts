import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ErrorServer {
  /** Blob service URL of a made-up account on this server. */
  url: string;
  /** Requests received so far. */
  readonly requests: number;
  stop(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 that answers every request with one Azure
 * Storage error, for failures Azurite never produces (denied access, a busy
 * service).
 */
export async function startErrorServer(status: number, code: string): Promise<ErrorServer> {
  let requests = 0;
  const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>test error ${code}</Message></Error>`;
  const server: Server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => {
      res.writeHead(status, {
        'content-type': 'application/xml',
        'x-ms-error-code': code,
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
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
