import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ErrorServer {
  endpoint: string;
  /** Requests received so far. */
  readonly requests: number;
  stop(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 that answers every request with one S3 error,
 * for the failures an emulator never produces (denied access, throttling).
 */
export async function startErrorServer(status: number, code: string): Promise<ErrorServer> {
  let requests = 0;
  const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>test error ${code}</Message><RequestId>r</RequestId></Error>`;
  const server: Server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': 'r' });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
