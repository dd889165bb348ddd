import { buildApp } from 'fauxqs';

export interface LocalS3Server {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Requests answered with `412 PreconditionFailed` because of `If-None-Match: *`. */
  readonly preconditionFailures: number;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalS3ServerOptions {
  /**
   * fauxqs 1.9.2 ignores `If-None-Match` on PutObject and
   * CompleteMultipartUpload, so a second writer silently replaces the first.
   * With this on, the test server answers such a request with 412 when the
   * key exists, the way AWS S3 does, so the pod's conditional-write path runs
   * against a real HTTP server.
   */
  conditionalWrites?: boolean;
}

const PRECONDITION_FAILED = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<Error><Code>PreconditionFailed</Code>',
  '<Message>At least one of the pre-conditions you specified did not hold</Message>',
  '<Condition>If-None-Match</Condition></Error>',
].join('');

/**
 * Starts fauxqs, an S3 emulator, on 127.0.0.1 with a port chosen by the OS.
 * fauxqs's own `startFauxqs` listens on every interface; building the app
 * and listening here keeps the server on the loopback address.
 */
export async function startLocalS3(options: LocalS3ServerOptions = {}): Promise<LocalS3Server> {
  const app = buildApp({ logger: false });
  let preconditionFailures = 0;

  if (options.conditionalWrites) {
    // Conditional requests on one key are serialised so that the existence
    // check and the write are one step, as on S3.
    const queues = new Map<string, Promise<void>>();
    const releases = new WeakMap<object, () => void>();
    const release = (req: object) => {
      releases.get(req)?.();
      releases.delete(req);
    };
    app.addHook('preHandler', async (req, reply) => {
      if (req.headers['if-none-match'] !== '*') return;
      const [path = '', query = ''] = req.url.split('?');
      const params = new URLSearchParams(query);
      const isPut =
        req.method === 'PUT' && !params.has('partNumber') && !req.headers['x-amz-copy-source'];
      const isComplete = req.method === 'POST' && params.has('uploadId');
      if (!isPut && !isComplete) return;
      const before = queues.get(path) ?? Promise.resolve();
      let done!: () => void;
      const mine = new Promise<void>((resolve) => {
        done = resolve;
      });
      const tail = before.then(() => mine);
      queues.set(path, tail);
      void tail.then(() => {
        if (queues.get(path) === tail) queues.delete(path);
      });
      releases.set(req, done);
      await before;
      const head = await app.inject({ method: 'HEAD', url: path });
      if (head.statusCode === 200) {
        preconditionFailures++;
        reply.code(412).header('content-type', 'application/xml').send(PRECONDITION_FAILED);
        return reply;
      }
    });
    app.addHook('onResponse', async (req) => release(req));
    app.addHook('onRequestAbort', async (req) => release(req));
  }

  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    endpoint: address,
    get preconditionFailures() {
      return preconditionFailures;
    },
    async createBucket(name: string) {
      const res = await app.inject({ method: 'PUT', url: `/${name}` });
      if (res.statusCode !== 200) {
        throw new Error(
          `Could not create bucket '${name}' on fauxqs: ${res.statusCode} ${res.body}`,
        );
      }
    },
    stop: () => app.close(),
  };
}
