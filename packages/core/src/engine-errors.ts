import { LakotaError, type LakotaErrorOptions } from './errors.js';
import { quoteExcerpt } from './excerpt.js';

/** A schema definition that cannot be understood. */
export class SchemaError extends LakotaError {
  override readonly code = 'SCHEMA';
}

/** Data given to a write or a query that does not fit the schema or the rules. */
export class InvalidInputError extends LakotaError {
  override readonly code = 'INVALID_INPUT';
}

/** A collection or series label that cannot be used (a long one is shown cut short, with its length). */
export class InvalidLabelError extends LakotaError {
  override readonly code = 'INVALID_LABEL';
  constructor(
    readonly label: string,
    reason: string,
  ) {
    super(`Invalid label ${quoteExcerpt(label)}: ${reason}`);
  }
}

/** A collection that does not exist (or already exists, for creation). */
export class CollectionNotFoundError extends LakotaError {
  override readonly code = 'COLLECTION_NOT_FOUND';
  constructor(
    readonly label: string,
    options: LakotaErrorOptions = {},
  ) {
    super(
      `No collection named '${label}': list them with repo.ls() or create it with repo.createCollection()`,
      options,
    );
  }
}

export class CollectionExistsError extends LakotaError {
  override readonly code = 'COLLECTION_EXISTS';
  constructor(readonly label: string) {
    super(
      `A collection named '${label}' already exists with another schema: pick another name or delete it first`,
    );
  }
}

/** Two schemas that should agree (pull, push, clone) do not. */
export class SchemaMismatchError extends LakotaError {
  override readonly code = 'SCHEMA_MISMATCH';
}

/** A revision id or prefix that matches nothing (or several revisions). */
export class UnknownRevisionError extends LakotaError {
  override readonly code = 'UNKNOWN_REVISION';
}

/**
 * A stored file is damaged or missing: its digest does not match, it cannot
 * be decoded, or a segment a commit needs is gone. Names the file.
 */
export class IntegrityError extends LakotaError {
  override readonly code = 'INTEGRITY';
  constructor(
    readonly path: string,
    message: string,
    options: LakotaErrorOptions = {},
  ) {
    super(message, options);
  }
}
