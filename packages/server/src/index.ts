export type { AccessLogEntry } from './access-log.js';
export { formatAccessLog } from './access-log.js';
export { checkBearerToken } from './bearer-token.js';
export type { ErrorBody } from './error-response.js';
export type { ListenOptions, ServerAddress, ServerOptions } from './lakota-server.js';
export { createServer, DEFAULT_MAX_BODY_BYTES, LakotaServer } from './lakota-server.js';
export type { Mount } from './mount-table.js';
export type { Action } from './protocol.js';
export {
  FRAMES_CONTENT_TYPE,
  FrameKind,
  NDJSON_CONTENT_TYPE,
  PROTOCOL_VERSION,
} from './protocol.js';
