import { LakotaError } from '@lakota/core';

/**
 * A command line that cannot be carried out as written: a missing or
 * malformed argument, an unknown label, bad input on stdin. The CLI prints
 * its message on one line and exits with status 2 for argument problems, 1
 * otherwise.
 */
export class UsageError extends LakotaError {
  override readonly code = 'USAGE';
}
