import { LakotaError, type LakotaErrorOptions } from '../errors.js';

/**
 * Bytes that a codec cannot decode (truncated, corrupt, or of a layout this
 * implementation does not know), values it cannot encode, or a codec used
 * before `await codecsReady()`.
 */
export class CodecError extends LakotaError {
  override readonly code = 'CODEC';
  constructor(message: string, options: LakotaErrorOptions = {}) {
    super(message, options);
  }
}
