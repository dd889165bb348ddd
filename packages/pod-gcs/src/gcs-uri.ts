import { checkPath, InvalidPathError } from '@lakota/core';

/** What a `gs://` (or `gcs://`) URI says: where the data is and how to reach it. */
export interface GcsLocation {
  bucket: string;
  /** Folder inside the bucket, without leading or trailing '/' ('' for the bucket's root). */
  prefix: string;
  /** A JSON API server other than Google's (`?endpoint=http://127.0.0.1:4443`), e.g. an emulator. */
  apiEndpoint?: string;
  /** Google Cloud project (`?project=`); rarely needed, the bucket names the project. */
  projectId?: string;
  /** A service-account key file (`?key_file=`); without it Application Default Credentials apply. */
  keyFilename?: string;
}

/**
 * Parses `gs://bucket/prefix` or `gcs://bucket/prefix`, with an optional
 * query `?endpoint=&project=&key_file=`. Percent-escapes in the path are
 * decoded; the prefix must be a clean relative path.
 */
export function parseGcsUri(uri: string): GcsLocation {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new InvalidPathError(uri, 'it is not a valid URI');
  }
  if (url.protocol !== 'gs:' && url.protocol !== 'gcs:') {
    throw new InvalidPathError(
      uri,
      `a Google Cloud Storage URI starts with 'gs://' or 'gcs://', not '${url.protocol}//'`,
    );
  }
  const bucket = decodeURIComponent(url.hostname);
  if (!bucket) throw new InvalidPathError(uri, 'it names no bucket (use gs://bucket/prefix)');
  if (url.port !== '' || url.username !== '' || url.password !== '') {
    throw new InvalidPathError(
      uri,
      'a bucket name has no port or user: give a server as ?endpoint=http://host:port',
    );
  }
  // URL parsing resolves '.' and '..' silently; a location that uses them is a mistake.
  const rawPath = uri.replace(/^gc?s:\/\/[^/?#]*/i, '').split(/[?#]/)[0] ?? '';
  if (rawPath.split('/').some((s) => /^(\.|%2e){1,2}$/i.test(s))) {
    throw new InvalidPathError(uri, "it has a '.' or '..' segment");
  }
  const prefix = url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s))
    .join('/');
  checkPath(prefix);
  const location: GcsLocation = { bucket, prefix };
  const q = url.searchParams;
  const endpoint = q.get('endpoint');
  if (endpoint) location.apiEndpoint = endpoint;
  const project = q.get('project');
  if (project) location.projectId = project;
  const keyFile = q.get('key_file');
  if (keyFile) location.keyFilename = keyFile;
  for (const key of q.keys()) {
    if (!['endpoint', 'project', 'key_file'].includes(key)) {
      throw new InvalidPathError(
        uri,
        `unknown query parameter '${key}' (known: endpoint, project, key_file)`,
      );
    }
  }
  return location;
}
