import { parseIsoToMs, quoteExcerpt } from '@lakota/core';
import { parseIsoNs } from './expr/datetime.js';
import { UsageError } from './usage-error.js';

const HEXTIME = /^[0-9a-f]{11}$/;

/**
 * Checks a time given on the command line (`--before`, `trim -b`): an ISO
 * date or time (UTC unless it has a zone) or an 11-hex revision epoch as
 * `lakota rev` shows them. It is read as the engine reads it, to the
 * millisecond; impossible dates (2020-02-30) are refused rather than rolled
 * over.
 */
export function checkTime(value: string, option: string): string {
  if (HEXTIME.test(value) || !Number.isNaN(parseIsoToMs(value))) return value;
  throw new UsageError(
    `${option}: cannot read ${quoteExcerpt(value)} as a time: write a date like 2020-01-31, a time like 2020-01-31T12:00:00 (UTC), or an 11-hex revision epoch`,
  );
}

/** Checks an index bound given for a date column (`--gt`, `--lt`). */
export function checkDateBound(value: string, option: string, column: string): string {
  if (parseIsoNs(value) !== undefined) return value;
  throw new UsageError(
    `${option}: cannot read ${quoteExcerpt(value)} as a date for index column '${column}': write it like 2020-01-31 or 2020-01-31T12:00:00`,
  );
}
