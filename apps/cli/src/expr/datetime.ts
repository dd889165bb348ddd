import { formatIsoDatetime, parseIsoDatetime } from '@lakota/core';

const UNIT_NS = new Map<string, bigint>();

/**
 * Nanoseconds in one step of a numpy datetime unit (`D`, `h`, … `ns`). The
 * engine's table of them is not exported, so its own functions measure it:
 * the time one unit after 1970, read back in nanoseconds.
 */
export function nsPerUnit(unit: string): bigint {
  let ns = UNIT_NS.get(unit);
  if (ns === undefined) {
    const parsed = parseIsoDatetime(formatIsoDatetime(1n, unit), 'ns');
    if (typeof parsed !== 'bigint') throw new RangeError(`Unknown datetime unit '${unit}'`);
    ns = parsed;
    UNIT_NS.set(unit, ns);
  }
  return ns;
}

/** Floor division that rounds toward minus infinity, for dates before 1970. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * Reads an ISO date or time (UTC unless it has a zone) as nanoseconds since
 * 1970-01-01, as the engine reads dates; undefined when it is not one.
 */
export function parseIsoNs(text: string): bigint | undefined {
  const ns = parseIsoDatetime(text, 'ns');
  return typeof ns === 'bigint' ? ns : undefined;
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
    const day = floorDiv(ns, nsPerUnit('D'));
    // 1970-01-01 was a Thursday: Monday-based weeks start 3 days earlier.
    const weekday = (((day + 3n) % 7n) + 7n) % 7n;
    floored = (day - weekday) * MS_PER_DAY * 1_000_000n;
  } else {
    const step = nsPerUnit(to);
    floored = floorDiv(ns, step) * step;
  }
  return fromNs(floored, unit);
}
