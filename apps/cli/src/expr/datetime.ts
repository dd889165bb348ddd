/** Nanoseconds in one step of each numpy datetime unit. */
const NS: Record<string, bigint> = {
  D: 86_400_000_000_000n,
  h: 3_600_000_000_000n,
  m: 60_000_000_000n,
  s: 1_000_000_000n,
  ms: 1_000_000n,
  us: 1_000n,
  ns: 1n,
};

export function nsPerUnit(unit: string): bigint {
  const ns = NS[unit];
  if (ns === undefined) throw new RangeError(`Unknown datetime unit '${unit}'`);
  return ns;
}

/** Floor division that rounds toward minus infinity, for dates before 1970. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

// Dates as people type them: a day, optionally a time with 'T' or a space,
// optional seconds fraction and zone. Without a zone it is UTC, as numpy's
// datetime64 has no zone.
const ISO =
  /^([+-]?\d{4,})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Reads an ISO date or time as nanoseconds since 1970-01-01 UTC; undefined when it is not one. */
export function parseIsoNs(text: string): bigint | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo = '1', d = '1', h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59) {
    return undefined;
  }
  if (Number(s) > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), month - 1, day);
  // A day past the end of the month rolls over: refuse it rather than shift the date.
  if (date.getUTCMonth() !== month - 1) return undefined;
  let ns = BigInt(date.getTime()) * 1_000_000n;
  ns += BigInt(h) * NS.h! + BigInt(mi) * NS.m! + BigInt(s) * NS.s!;
  ns += BigInt(frac.padEnd(9, '0') || '0');
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1n : 1n;
    const digits = zone.slice(1).replace(':', '');
    ns -= sign * (BigInt(digits.slice(0, 2)) * NS.h! + BigInt(digits.slice(2)) * NS.m!);
  }
  return ns;
}

/** Converts a count of `unit` to nanoseconds. */
export function toNs(value: bigint, unit: string): bigint {
  return value * nsPerUnit(unit);
}

/** Converts nanoseconds to a count of `unit`, rounding down. */
export function fromNs(ns: bigint, unit: string): bigint {
  return floorDiv(ns, nsPerUnit(unit));
}

/** Calendar units accepted by `floor`, by every name they go by. */
const FLOOR_UNITS: Record<string, 'Y' | 'M' | 'W' | 'D' | 'h' | 'm' | 's'> = {
  Y: 'Y',
  year: 'Y',
  years: 'Y',
  M: 'M',
  month: 'M',
  months: 'M',
  W: 'W',
  week: 'W',
  weeks: 'W',
  D: 'D',
  day: 'D',
  days: 'D',
  h: 'h',
  hour: 'h',
  hours: 'h',
  m: 'm',
  min: 'm',
  minute: 'm',
  minutes: 'm',
  s: 's',
  second: 's',
  seconds: 's',
};

export type FloorUnit = 'Y' | 'M' | 'W' | 'D' | 'h' | 'm' | 's';

export function floorUnit(name: string): FloorUnit | undefined {
  return FLOOR_UNITS[name];
}

const MS_PER_DAY = 86_400_000n;

/**
 * Rounds a datetime (a count of `unit`) down to the start of its year,
 * month, ISO week (Monday), day, hour, minute or second; the result keeps the
 * input's unit.
 */
export function floorDatetime(value: bigint, unit: string, to: FloorUnit): bigint {
  const ns = toNs(value, unit);
  let floored: bigint;
  if (to === 'Y' || to === 'M') {
    const ms = Number(floorDiv(ns, 1_000_000n));
    const d = new Date(ms);
    const start = new Date(0);
    start.setUTCFullYear(d.getUTCFullYear(), to === 'Y' ? 0 : d.getUTCMonth(), 1);
    floored = BigInt(start.getTime()) * 1_000_000n;
  } else if (to === 'W') {
    const day = floorDiv(ns, NS.D!);
    // 1970-01-01 was a Thursday: Monday-based weeks start 3 days earlier.
    const weekday = (((day + 3n) % 7n) + 7n) % 7n;
    floored = (day - weekday) * MS_PER_DAY * 1_000_000n;
  } else {
    const step = nsPerUnit(to);
    floored = floorDiv(ns, step) * step;
  }
  return fromNs(floored, unit);
}
