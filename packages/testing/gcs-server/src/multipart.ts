import { invalid } from './gcs-error.js';

export interface MultipartPart {
  headers: Record<string, string>;
  body: Buffer;
}

/** The boundary of a `multipart/related; boundary=…` content type. */
export function boundaryOf(contentType: string | undefined): string {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const boundary = match?.[1] ?? match?.[2];
  if (!contentType?.toLowerCase().startsWith('multipart/') || !boundary) {
    throw invalid(
      `A multipart upload needs a 'Content-Type: multipart/related; boundary=...' header, got '${contentType ?? ''}'`,
    );
  }
  return boundary;
}

/**
 * Splits a multipart body (RFC 2046) into its parts, binary-safe. Each part
 * starts after `--boundary` and its CRLF, and ends before the CRLF that
 * precedes the next delimiter.
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw invalid('Malformed multipart body: no boundary found');
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') return parts;
    if (body.subarray(at, at + 2).toString() === '\r\n') at += 2;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), at);
    if (next < 0) throw invalid('Malformed multipart body: missing closing boundary');
    parts.push(parsePart(body.subarray(at, next)));
    at = next + 2;
  }
}

function parsePart(raw: Buffer): MultipartPart {
  // A part may have no headers at all: its body follows the blank line at once.
  if (raw.subarray(0, 2).toString() === '\r\n') return { headers: {}, body: raw.subarray(2) };
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw.toString('utf8') : raw.subarray(0, split).toString('utf8');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = split < 0 ? Buffer.alloc(0) : raw.subarray(split + 4);
  if (headers['content-transfer-encoding']?.toLowerCase() === 'base64') {
    body = Buffer.from(body.toString('ascii'), 'base64');
  }
  return { headers, body };
}
