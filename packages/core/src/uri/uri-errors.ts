import { LakotaError, type LakotaErrorOptions } from '../errors.js';

/** A URI (or path) that cannot name a pod: malformed, or with options its scheme does not take. */
export class InvalidUriError extends LakotaError {
  override readonly code = 'INVALID_URI';
  constructor(
    readonly uri: string,
    reason: string,
    options: LakotaErrorOptions = {},
  ) {
    super(`Cannot open ${JSON.stringify(uri)}: ${reason}.`, options);
  }
}

/** A URI whose scheme no adapter handles, built in or registered. */
export class UnsupportedSchemeError extends LakotaError {
  override readonly code = 'UNSUPPORTED_SCHEME';
  constructor(
    readonly uri: string,
    readonly scheme: string,
    known: readonly string[],
  ) {
    super(
      `No pod adapter handles '${scheme}://' (in ${JSON.stringify(uri)}). Known schemes: ${known.join(', ')}. A package can add one with registerScheme('${scheme}', factory).`,
    );
  }
}

/** The package of a scheme's adapter is not installed; the message says what to install. */
export class MissingAdapterError extends LakotaError {
  override readonly code = 'MISSING_ADAPTER';
  constructor(
    readonly uri: string,
    readonly scheme: string,
    readonly packageName: string,
    options: LakotaErrorOptions = {},
  ) {
    super(
      `Opening ${JSON.stringify(uri)} needs the package ${packageName}, which is not installed: run \`npm install ${packageName}\` (or pnpm add / yarn add). If it is installed but your bundler or package manager hides it from @lakota/core, pass { importModule: (name) => import(name) } to openPod.`,
      options,
    );
  }
}

/** An adapter package that loads but does not offer what openPod needs, or fails to load. */
export class AdapterError extends LakotaError {
  override readonly code = 'ADAPTER';
  constructor(
    readonly packageName: string,
    message: string,
    options: LakotaErrorOptions = {},
  ) {
    super(message, options);
  }
}
