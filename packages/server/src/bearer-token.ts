import { createHash, timingSafeEqual } from 'node:crypto';
import { InvalidInputError } from '@lakota/core';

/**
 * What an `Authorization: Bearer` header can carry (RFC 6750 §2.1, the
 * token68 of RFC 9110): letters, digits and `-._~+/`, then optional `=`s.
 */
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;
const TOKEN68_CHAR = /^[A-Za-z0-9\-._~+/=]$/;
const ALLOWED =
  'letters A-Z and a-z, digits, and - . _ ~ + /, optionally ending with = signs (RFC 6750), e.g. from `openssl rand -hex 32`';

/** Names a character without showing the rest of the secret. */
function describeChar(c: string): string {
  if (c === ' ') return 'a space';
  if (c === '\t') return 'a tab';
  if (c === '\n' || c === '\r') return 'a line break';
  const code = c.codePointAt(0) as number;
  if (code < 0x20 || code === 0x7f)
    return `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
  if (code > 0x7e) return `the non-ASCII character ${JSON.stringify(c)}`;
  if (c === '=') return "an '=' that does not end the token";
  return `the character ${JSON.stringify(c)}`;
}

/**
 * Refuses a server token that no client could send: an empty one, or one
 * with a character an `Authorization: Bearer` header cannot carry (a space,
 * a line break, a quote, a non-ASCII letter…). With such a token the server
 * would answer 401 to every request. The message names the first offending
 * character and its position, never the token.
 */
export function checkBearerToken(token: unknown): string {
  if (typeof token !== 'string') {
    throw new InvalidInputError(
      `The server token must be a string, got ${token === null ? 'null' : typeof token}: use ${ALLOWED}`,
    );
  }
  if (token.length === 0) {
    throw new InvalidInputError(
      `The server token is empty, so no request could authenticate: use ${ALLOWED}, or give no token to serve without authentication`,
    );
  }
  if (TOKEN68.test(token)) return token;
  // The first character outside the alphabet; else every one is in it, and
  // the first '=' is misplaced (one ends a token, after another character).
  const chars = [...token];
  let bad = chars.findIndex((c) => !TOKEN68_CHAR.test(c));
  if (bad < 0) bad = chars.indexOf('=');
  throw new InvalidInputError(
    `The server token cannot be sent in an "Authorization: Bearer" header, so no request could authenticate: it has ${describeChar(chars[bad] as string)} at character ${bad + 1}. A bearer token may hold only ${ALLOWED}`,
  );
}

/**
 * Checks `Authorization: Bearer <token>` headers against a secret in constant
 * time. Both sides are hashed first, so neither the content nor the length of
 * the secret leaks through timing.
 */
export class BearerToken {
  private readonly digest: Buffer;

  constructor(secret: string) {
    this.digest = sha256(checkBearerToken(secret));
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
