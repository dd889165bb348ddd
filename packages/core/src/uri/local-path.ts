import { splitQuery } from './split-uri.js';
import { InvalidUriError } from './uri-errors.js';

/**
 * The folder a `file://` URI or a bare path names, as an absolute path.
 *
 * - A bare path is taken as written (no percent-decoding), relative to `cwd`.
 * - `file:///abs/path` is the absolute `/abs/path`, as in every other URI
 *   reader. Python Lakota 0.7.1 reads it as the relative `abs/path` (FORMAT.md
 *   §15.15); its workaround `file:////abs/path` also gives `/abs/path` here.
 * - `file://rel/path` is the relative `rel/path` (Python Lakota refuses a host
 *   part; a host cannot mean anything else for a local folder).
 * - `file:///C:/repo` is `C:/repo` on Windows.
 * - `~` and `~/…` start at the user's home folder, in both forms.
 * - URIs are percent-decoded (`my%20repo`); a query is refused.
 */
export async function localPath(
  uri: string,
  rest: string,
  isUri: boolean,
  cwd: string | undefined,
): Promise<string> {
  let path = rest;
  if (isUri) {
    const split = splitQuery(rest);
    if ([...split.params.keys()].length > 0) {
      throw new InvalidUriError(uri, 'a file:// URI takes no query parameters');
    }
    try {
      path = decodeURIComponent(split.path);
    } catch (err) {
      throw new InvalidUriError(uri, 'it holds an invalid percent-escape', { cause: err });
    }
    if (/^\/[A-Za-z]:[\\/]/.test(path)) path = path.slice(1);
  }
  if (path === '') {
    throw new InvalidUriError(uri, 'it names no folder (file:///abs/path or file://relative/path)');
  }
  if (path.includes('\0')) throw new InvalidUriError(uri, 'it contains a NUL character');
  // Loaded here, not at the top, so the core stays importable where `node:` modules are not.
  const { homedir } = await import('node:os');
  const { resolve } = await import('node:path');
  if (path === '~' || path.startsWith('~/')) path = homedir() + path.slice(1);
  return resolve(cwd ?? process.cwd(), path);
}
