import { invalid } from './gcs-error.js';

/** The listing parameters of `objects.list` that this server honours. */
export interface ListQuery {
  prefix: string;
  delimiter: string | undefined;
  pageToken: string | undefined;
  maxResults: number;
  startOffset: string | undefined;
  endOffset: string | undefined;
  includeTrailingDelimiter: boolean;
}

export interface ListPage {
  items: string[];
  prefixes: string[];
  nextPageToken: string | undefined;
}

/** Where the previous page stopped: after an object name, or after a whole prefix. */
interface Cursor {
  key: string;
  prefix: boolean;
}

/**
 * One page of `objects.list` over `sorted` (names in code point order).
 * As on GCS, `maxResults` bounds items and prefixes together, a prefix is
 * reported once across all pages, and `nextPageToken` is present only when
 * another entry exists.
 */
export function listObjects(sorted: readonly string[], q: ListQuery): ListPage {
  const cursor = q.pageToken === undefined ? undefined : decodeToken(q.pageToken);
  let from = q.prefix;
  if (q.startOffset !== undefined && compareCodePoints(q.startOffset, from) > 0)
    from = q.startOffset;
  if (cursor && compareCodePoints(cursor.key, from) > 0) from = cursor.key;
  let i = lowerBound(sorted, from);
  const page: ListPage = { items: [], prefixes: [], nextPageToken: undefined };
  let emitted = 0;
  let last: Cursor | undefined;
  while (i < sorted.length) {
    const name = sorted[i]!;
    if (!name.startsWith(q.prefix)) break;
    if (q.endOffset !== undefined && compareCodePoints(name, q.endOffset) >= 0) break;
    if (cursor && !isAfter(name, cursor)) {
      i++;
      continue;
    }
    const cut = q.delimiter ? name.indexOf(q.delimiter, q.prefix.length) : -1;
    if (cut >= 0) {
      const prefix = name.slice(0, cut + q.delimiter!.length);
      if (emitted === q.maxResults) {
        page.nextPageToken = encodeToken(last!);
        break;
      }
      page.prefixes.push(prefix);
      emitted++;
      last = { key: prefix, prefix: true };
      // Everything below that prefix is summarised by it.
      for (; i < sorted.length && sorted[i]!.startsWith(prefix); i++) {
        if (q.includeTrailingDelimiter && sorted[i] === prefix) page.items.push(prefix);
      }
      continue;
    }
    if (emitted === q.maxResults) {
      page.nextPageToken = encodeToken(last!);
      break;
    }
    page.items.push(name);
    emitted++;
    last = { key: name, prefix: false };
    i++;
  }
  return page;
}

function isAfter(name: string, cursor: Cursor): boolean {
  if (cursor.prefix && name.startsWith(cursor.key)) return false;
  return compareCodePoints(name, cursor.key) > 0;
}

function encodeToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.prefix]), 'utf8').toString('base64url');
}

function decodeToken(token: string): Cursor {
  try {
    const [key, prefix] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (typeof key === 'string' && typeof prefix === 'boolean') return { key, prefix };
  } catch {
    // Reported below.
  }
  throw invalid(`Invalid pageToken: '${token}'`);
}

/** First index whose name is >= `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareCodePoints(sorted[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Code point order, which is also UTF-8 byte order (what GCS sorts by). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 surrogates stand for code points above every BMP unit.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx === sy) return x - y;
    return sx ? 1 : -1;
  }
  return a.length - b.length;
}
