import { GcsError, invalid } from './gcs-error.js';

/**
 * The `Content-Range` of a resumable-upload PUT. The SDK and other clients
 * send every form: `bytes 0-99/200` (a chunk of a known total), `bytes
 * 0-99/*` (a chunk, total unknown yet), `bytes 0-*\/200` or `bytes 0-*\/*`
 * (everything from 0 in one request), `bytes *\/200` or `bytes *\/*` (no
 * data: finish or ask for the status), and `bytes 0--1/0` (an empty object).
 */
export interface UploadRange {
  /** First byte of the body, or undefined when the request carries no data. */
  start: number | undefined;
  /** Last byte (inclusive) as declared; undefined for `*`. */
  end: number | undefined;
  /** Size of the whole object, when the client knows it. */
  total: number | undefined;
}

export function parseContentRange(header: string | undefined): UploadRange | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^bytes\s+(?:\*|(\d+)-(-1|\d+|\*))\/(\d+|\*)$/i.exec(header.trim());
  if (!match) throw invalid(`Invalid Content-Range header: '${header}'`);
  const [, start, end, total] = match;
  return {
    start: start === undefined ? undefined : Number(start),
    end: end === undefined || end === '*' ? undefined : Number(end),
    total: total === '*' ? undefined : Number(total),
  };
}

/** A satisfiable byte range of a download, inclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads a download's `Range: bytes=a-b`, `bytes=a-` or `bytes=-n` against an
 * object of `size` bytes. Undefined means the whole object (no header, or a
 * form GCS also ignores such as several ranges); 416 when it cannot be met.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/i.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [, a, b] = match;
  let start: number;
  let end: number;
  if (a === '') {
    // A suffix: the last n bytes.
    const n = Number(b);
    if (n === 0) throw unsatisfiable(size);
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
    if (b !== '' && Number(b) < start) return undefined;
  }
  if (start >= size) throw unsatisfiable(size);
  return { start, end };
}

function unsatisfiable(size: number): GcsError {
  return new GcsError(
    416,
    'requestedRangeNotSatisfiable',
    `The requested range cannot be satisfied (object size ${size} bytes).`,
  );
}
