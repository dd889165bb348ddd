import type { Pod } from '@lakota/core';
import { errorResponse } from './error-response.js';
import type { Exchange } from './exchange.js';
import { dataFrameHeader, errorFrame, missingFrame } from './frames.js';
import {
  type Action,
  FRAMES_CONTENT_TYPE,
  NDJSON_CONTENT_TYPE,
  PROTOCOL_VERSION,
} from './protocol.js';

/** What a handler knows about the mount it serves. */
export interface MountContext {
  pod: Pod;
  readOnly: boolean;
  maxBodyBytes: number;
  /** Records an error that happened after the status was sent, for the access log. */
  noteError(err: unknown): void;
}

type Handler = (ex: Exchange, mount: MountContext) => Promise<void>;

/** How many files `read-many` asks the pod for at once; bounds the memory held per request. */
const READ_BATCH = 32;
/** `walk` sends lines in chunks of about this many characters. */
const WALK_CHUNK = 16 * 1024;

export const POD_ACTIONS: Readonly<Record<Action, Handler>> = {
  async info(ex, { pod, readOnly, maxBodyBytes }) {
    ex.sendJson({
      lakota: PROTOCOL_VERSION,
      protocol: pod.protocol,
      capabilities: pod.capabilities,
      readOnly,
      maxBodyBytes,
    });
  },

  async ls(ex, { pod }) {
    const names = await pod.ls(ex.path('path', { allowRoot: true }), {
      missingOk: ex.flag('missing_ok'),
      signal: ex.signal,
    });
    ex.sendJson({ names });
  },

  async read(ex, { pod }) {
    ex.sendBytes(await pod.read(ex.path('path'), { signal: ex.signal }));
  },

  async 'is-file'(ex, { pod }) {
    ex.sendJson({ isFile: await pod.isFile(ex.path('path'), { signal: ex.signal }) });
  },

  async walk(ex, { pod, noteError }) {
    const path = ex.path('path', { allowRoot: true });
    const maxDepth = ex.integer('max_depth');
    const it = pod
      .walk(path, { signal: ex.signal, ...(maxDepth === undefined ? {} : { maxDepth }) })
      [Symbol.asyncIterator]();
    // The first step runs before the status is sent, so an early failure
    // (a refused listing) still gets its own status.
    let step = await it.next();
    ex.startStream(NDJSON_CONTENT_TYPE);
    let chunk = '';
    try {
      for (; !step.done; step = await it.next()) {
        chunk += `${JSON.stringify(step.value)}\n`;
        if (chunk.length >= WALK_CHUNK) {
          await ex.write(chunk);
          chunk = '';
        }
      }
      // The end marker tells a client a complete listing from a cut connection.
      await ex.write(`${chunk}{"end":true}\n`);
    } catch (err) {
      noteError(err);
      await it.return?.();
      if (ex.signal.aborted) return;
      await ex.write(`${chunk}${JSON.stringify({ error: errorResponse(err).body })}\n`);
    }
    ex.end();
  },

  async 'read-many'(ex, { pod, noteError }) {
    const paths = await ex.pathList();
    let started = false;
    for (let i = 0; i < paths.length || !started; i += READ_BATCH) {
      let batch: (Uint8Array | undefined)[];
      try {
        batch = await pod.readMany(paths.slice(i, i + READ_BATCH), {
          missingOk: true,
          signal: ex.signal,
        });
      } catch (err) {
        if (!started) throw err;
        noteError(err);
        if (ex.signal.aborted) return;
        await ex.write(errorFrame(errorResponse(err).body));
        break;
      }
      if (!started) {
        ex.startStream(FRAMES_CONTENT_TYPE);
        started = true;
      }
      for (const data of batch) {
        if (data === undefined) {
          await ex.write(missingFrame());
        } else {
          await ex.write(dataFrameHeader(data.byteLength));
          await ex.write(data);
        }
      }
    }
    ex.end();
  },

  async write(ex, { pod }) {
    const path = ex.path('path');
    const force = ex.flag('force');
    const data = await ex.body();
    ex.sendJson({ written: await pod.write(path, data, { force, signal: ex.signal }) });
  },

  async rm(ex, { pod }) {
    const recursive = ex.flag('recursive');
    const path = ex.path('path', { allowRoot: recursive });
    await pod.rm(path, { recursive, missingOk: ex.flag('missing_ok'), signal: ex.signal });
    ex.sendEmpty();
  },

  async 'rm-many'(ex, { pod }) {
    await pod.rmMany(await ex.pathList(), { signal: ex.signal });
    ex.sendEmpty();
  },

  async mv(ex, { pod }) {
    await pod.mv(ex.path('from'), ex.path('to'), { signal: ex.signal });
    ex.sendEmpty();
  },
};
