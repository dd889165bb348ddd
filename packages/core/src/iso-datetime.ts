/**
 * Exact conversion between numpy datetime64 counts (bigint) and ISO 8601
 * text, in any unit from days to nanoseconds. JavaScript's Date is not used:
 * it stops at milliseconds and at ±275,760 years, numpy does neither.
 */

/** Nanoseconds in one step of each datetime64 unit. */
export const UNIT_NANOS: Readonly<Record<string, bigint>> = {
  D: 86_400_000_000_000n,
  h: 3_600_000_000_000n,
  m: 60_000_000_000n,
  s: 1_000_000_000n,
  ms: 1_000_000n,
  us: 1_000n,
  ns: 1n,
};

const NANOS_PER_DAY = 86_400_000_000_000n;

/** numpy's "not a time": the smallest int64, printed `NaT`. */
export const NAT = -(2n ** 63n);

export function unitNanos(unit: string): bigint {
  const n = UNIT_NANOS[unit];
  if (n === undefined) throw new RangeError(`Unknown datetime64 unit '${unit}'`);
  return n;
}

/** Floor division, as numpy rounds datetimes toward minus infinity. */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's
// civil-calendar algorithms, in bigint so that any year numpy holds works).
function daysFromCivil(year: bigint, month: number, day: number): bigint {
  const y = month <= 2 ? year - 1n : year;
  const era = floorDiv(y, 400n);
  const yoe = y - era * 400n;
  const mp = BigInt((month + 9) % 12);
  const doy = (153n * mp + 2n) / 5n + BigInt(day - 1);
  const doe = yoe * 365n + yoe / 4n - yoe / 100n + doy;
  return era * 146_097n + doe - 719_468n;
}

function civilFromDays(days: bigint): [bigint, number, number] {
  const z = days + 719_468n;
  const era = floorDiv(z, 146_097n);
  const doe = z - era * 146_097n;
  const yoe = (doe - doe / 1460n + doe / 36_524n - doe / 146_096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const day = Number(doy - (153n * mp + 2n) / 5n + 1n);
  const month = Number(mp < 10n ? mp + 3n : mp - 9n);
  return [yoe + era * 400n + (month <= 2 ? 1n : 0n), month, day];
}

function isLeap(year: bigint): boolean {
  return (year % 4n === 0n && year % 100n !== 0n) || year % 400n === 0n;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Date, optional time (with 'T' or a space), optional fraction up to
// nanoseconds, optional zone. numpy writes neither zone nor '+' years, but
// files edited by people or other tools may have them.
const ISO =
  /^([+-]?\d{4,})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Why a text could not be read as a datetime of a unit. */
export type IsoParseFailure = 'syntax' | 'finer-than-unit';

/**
 * Reads an ISO date or time (UTC unless a zone is given) as a count of
 * `unit` since 1970-01-01. Returns the reason instead of a count when the
 * text is not a valid date or holds a part finer than the unit.
 */
export function parseIsoDatetime(text: string, unit: string): bigint | IsoParseFailure {
  const trimmed = text.trim();
  if (trimmed === 'NaT') return NAT;
  const m = ISO.exec(trimmed);
  if (!m) return 'syntax';
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = BigInt(y as string);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  const maxDay = month === 2 && isLeap(year) ? 29 : (MONTH_DAYS[month - 1] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > maxDay) return 'syntax';
  if (hour > 23 || minute > 59 || second > 59) return 'syntax';
  let seconds =
    daysFromCivil(year, month, day) * 86_400n + BigInt(hour * 3600 + minute * 60 + second);
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1n : 1n;
    const digits = zone.slice(1).replace(':', '');
    seconds -= sign * BigInt(Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60);
  }
  const nanos = seconds * 1_000_000_000n + (frac ? BigInt(frac.padEnd(9, '0')) : 0n);
  const step = unitNanos(unit);
  if (nanos % step !== 0n) return 'finer-than-unit';
  return nanos / step;
}

const pad = (n: number | bigint, width: number) => String(n).padStart(width, '0');

/**
 * A datetime64 count as numpy's `str()` prints it, which is what Python
 * Lakota's CSV export writes: `2020-01-02` for days, `2020-01-02T03` for
 * hours, up to `2020-01-02T03:04:05.123456789` for nanoseconds.
 */
export function formatIsoDatetime(value: bigint, unit: string): string {
  if (value === NAT) return 'NaT';
  const nanos = value * unitNanos(unit);
  const days = floorDiv(nanos, NANOS_PER_DAY);
  const inDay = nanos - days * NANOS_PER_DAY;
  const [year, month, day] = civilFromDays(days);
  const y = year < 0n ? `-${pad(-year, 4)}` : pad(year, 4);
  const date = `${y}-${pad(month, 2)}-${pad(day, 2)}`;
  if (unit === 'D') return date;
  const totalSeconds = Number(inDay / 1_000_000_000n);
  const hh = pad(Math.floor(totalSeconds / 3600), 2);
  if (unit === 'h') return `${date}T${hh}`;
  const mm = pad(Math.floor(totalSeconds / 60) % 60, 2);
  if (unit === 'm') return `${date}T${hh}:${mm}`;
  const time = `${date}T${hh}:${mm}:${pad(totalSeconds % 60, 2)}`;
  const fraction = pad(inDay % 1_000_000_000n, 9);
  if (unit === 'ms') return `${time}.${fraction.slice(0, 3)}`;
  if (unit === 'us') return `${time}.${fraction.slice(0, 6)}`;
  if (unit === 'ns') return `${time}.${fraction}`;
  return time;
}

/**
 * Converts a count of `from` units to `to` units; undefined when it does not
 * fall on a whole `to` unit (so the caller can say which value is too fine).
 */
export function convertDatetime(value: bigint, from: string, to: string): bigint | undefined {
  if (from === to || value === NAT) return value;
  const nanos = value * unitNanos(from);
  const step = unitNanos(to);
  return nanos % step === 0n ? nanos / step : undefined;
}
