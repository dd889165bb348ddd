import { checkPath, InvalidPathError } from '@lakota/core';

/** What an `s3://` URI says: where the data is and how to reach it. */
export interface S3Location {
  bucket: string;
  /** Folder inside the bucket, without leading or trailing '/' ('' for the bucket's root). */
  prefix: string;
  /** Endpoint of an S3-compatible server (`http://127.0.0.1:9000`); undefined for AWS. */
  endpoint?: string;
  region?: string;
  /** Static credentials (`?key=&secret=&token=`); undefined means the SDK's default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Named profile of the shared AWS config files (`?profile=`). */
  profile?: string;
  /** False disables TLS certificate checks (`?verify=false`), for self-signed test servers. */
  verify: boolean;
  /** `?conditional_write=true|false` overrides the pod's default. */
  conditionalWrite?: boolean;
}

const FALSE = new Set(['false', '0', 'no', 'off']);
const TRUE = new Set(['true', '1', 'yes', 'on']);

function flag(value: string | null, name: string, uri: string): boolean | undefined {
  if (value === null) return undefined;
  const v = value.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new InvalidPathError(uri, `'${name}' must be true or false, got '${value}'`);
}

/**
 * Python Lakota reads `s3://host:port/bucket/prefix` as "the bucket on the
 * server at http://host:port". A bucket name never has a port and is never an
 * IP address or `localhost`, so such a host is taken as a server.
 */
function isServerHost(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return (
    url.port !== '' ||
    host === 'localhost' ||
    /^\d{1,3}(\.\d{1,3}){3}$/.test(host) ||
    host.includes(':')
  );
}

function splitSegments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
}

/**
 * Parses an S3 URI in the forms Python Lakota accepts:
 * - `s3:///bucket/prefix` (Python Lakota's form; the host part is empty)
 * - `s3://bucket/prefix` (the AWS CLI's form)
 * - `s3://host:port/bucket/prefix` (Python Lakota's form for a local server, over http)
 *
 * and the query `?key=&secret=&token=&profile=&verify=&endpoint=&region=&conditional_write=`.
 * Without `key`, credentials come from the SDK's default chain (environment,
 * shared files, SSO, container or instance roles).
 */
export function parseS3Uri(uri: string): S3Location {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new InvalidPathError(uri, 'it is not a valid URI');
  }
  if (url.protocol !== 's3:') {
    throw new InvalidPathError(uri, `an S3 URI starts with 's3://', not '${url.protocol}//'`);
  }
  // URL parsing resolves '.' and '..' silently; a location that uses them is a mistake.
  const rawPath = uri.replace(/^s3:\/\/[^/?#]*/i, '').split(/[?#]/)[0] ?? '';
  if (rawPath.split('/').some((s) => /^(\.|%2e){1,2}$/i.test(s))) {
    throw new InvalidPathError(uri, "it has a '.' or '..' segment");
  }
  const segments = splitSegments(url.pathname);
  const q = url.searchParams;
  let endpoint = q.get('endpoint') ?? undefined;
  let bucket: string | undefined;
  if (url.host === '') {
    bucket = segments.shift();
  } else if (isServerHost(url)) {
    endpoint ??= `http://${url.host}`;
    bucket = segments.shift();
  } else {
    bucket = decodeURIComponent(url.hostname);
  }
  if (!bucket) {
    throw new InvalidPathError(
      uri,
      'it names no bucket (use s3:///bucket/prefix or s3://bucket/prefix)',
    );
  }
  const prefix = segments.join('/');
  checkPath(prefix);

  const key = q.get('key');
  const secret = q.get('secret');
  if ((key && !secret) || (secret && !key)) {
    throw new InvalidPathError(uri, "'key' and 'secret' go together");
  }
  const token = q.get('token');
  const location: S3Location = {
    bucket,
    prefix,
    verify: flag(q.get('verify'), 'verify', uri) ?? true,
  };
  if (endpoint) location.endpoint = endpoint;
  const region = q.get('region');
  if (region) location.region = region;
  const profile = q.get('profile');
  if (profile) location.profile = profile;
  if (key && secret) {
    location.credentials = { accessKeyId: key, secretAccessKey: secret };
    if (token) location.credentials.sessionToken = token;
  }
  const conditional = flag(q.get('conditional_write'), 'conditional_write', uri);
  if (conditional !== undefined) location.conditionalWrite = conditional;
  return location;
}
