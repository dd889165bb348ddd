import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Checks `Authorization: Bearer <token>` headers against a secret in constant
 * time. Both sides are hashed first, so neither the content nor the length of
 * the secret leaks through timing.
 */
export class BearerToken {
  private readonly digest: Buffer;

  constructor(secret: string) {
    if (secret.length === 0) throw new RangeError('The server token must not be empty');
    this.digest = sha256(secret);
  }

  matches(authorization: string | undefined): boolean {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    // Still compare on a miss, so a missing header costs the same as a wrong one.
    const offered = sha256(match?.[1] ?? '');
    return timingSafeEqual(offered, this.digest) && match !== null;
  }
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}
