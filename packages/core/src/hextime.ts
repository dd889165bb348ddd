/**
 * Lakota's time marks: milliseconds since the epoch in lowercase hex, padded
 * to 11 characters, so string order is time order (until the year 2527).
 */
export const PHI_EPOCH = '00000000000';

export function hextime(ms: number = Date.now()): string {
  return Math.trunc(ms).toString(16).padStart(11, '0');
}

/** Milliseconds since the epoch of an 11-hex mark. */
export function hextimeToMs(hex: string): number {
  return Number.parseInt(hex, 16);
}

const HEX11 = /^[0-9a-f]{11}$/;

export function isHextime(value: unknown): boolean {
  return typeof value === 'string' && HEX11.test(value);
}
