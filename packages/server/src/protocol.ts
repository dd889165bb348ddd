/**
 * The wire protocol between @lakota/server and @lakota/pod-http (documented in
 * the README). Bump the version on any change a client could notice.
 */
export const PROTOCOL_VERSION = 1;

/** Content type of `read-many` responses: one frame per requested path. */
export const FRAMES_CONTENT_TYPE = 'application/vnd.lakota.frames';
/** Content type of `walk` responses: one JSON value per line. */
export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

/** First byte of a `read-many` frame. */
export const FrameKind = {
  /** The path does not exist; no payload. */
  missing: 0,
  /** 8-byte big-endian length, then the file's bytes. */
  data: 1,
  /** 4-byte big-endian length, then a JSON error body; ends the stream. */
  error: 2,
} as const;

export type Action =
  | 'info'
  | 'ls'
  | 'read'
  | 'is-file'
  | 'walk'
  | 'read-many'
  | 'write'
  | 'rm'
  | 'rm-many'
  | 'mv';

export interface ActionSpec {
  method: 'GET' | 'POST';
  /** Changes the pod: refused by a read-only mount. */
  writes: boolean;
}

export const ACTIONS: Readonly<Record<Action, ActionSpec>> = {
  info: { method: 'GET', writes: false },
  ls: { method: 'GET', writes: false },
  read: { method: 'GET', writes: false },
  'is-file': { method: 'GET', writes: false },
  walk: { method: 'GET', writes: false },
  'read-many': { method: 'POST', writes: false },
  write: { method: 'POST', writes: true },
  rm: { method: 'POST', writes: true },
  'rm-many': { method: 'POST', writes: true },
  mv: { method: 'POST', writes: true },
};

export function isAction(name: string): name is Action {
  return Object.hasOwn(ACTIONS, name);
}
