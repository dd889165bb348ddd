import { HttpPod, type HttpPodOptions } from './http-pod.js';

/** Options of `fromUri`: everything but the URL, which the URI gives. */
export type HttpPodUriOptions = Omit<HttpPodOptions, 'url'>;

/**
 * The factory `openPod` calls for `http://` and `https://` URIs:
 * `http://host:port/mount`. As in Python Lakota, `header-<name>=<value>`
 * query parameters become request headers; other parameters are refused.
 */
export function fromUri(uri: string, options: HttpPodUriOptions = {}): HttpPod {
  const url = new URL(uri);
  const headers: Record<string, string> = { ...options.headers };
  for (const [key, value] of url.searchParams) {
    if (!key.startsWith('header-')) {
      throw new TypeError(
        `Unknown parameter '${key}' in '${uri}': an http URI only takes header-<name>=<value>`,
      );
    }
    headers[key.slice('header-'.length).toLowerCase()] = value;
  }
  url.search = '';
  return new HttpPod({ ...options, url, headers });
}
