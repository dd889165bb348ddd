import { randomBytes } from 'node:crypto';

/**
 * Prefix of the temp files a write goes through before it is published under
 * its name. Hidden (leading dot) and recognisable, so listings skip them and
 * a person cleaning a folder after a crash knows what they are.
 */
export const TEMP_PREFIX = '.lakota-tmp-';

// The pid separates processes on one host; the random part separates hosts
// sharing a network folder; the counter separates writes of this process.
const processTag = `${process.pid.toString(36)}-${randomBytes(4).toString('hex')}`;
let counter = 0;

/** A name no other writer, in this process or another, will pick. */
export function tempName(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${TEMP_PREFIX}${processTag}-${counter.toString(36)}`;
}

/** True for the name (not path) of a temp file. */
export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX);
}
