import { checkPath, InvalidPathError } from '@lakota/core';

/** What an `az://` URI (and the environment) says: where the data is and how to reach it. */
export interface AzureLocation {
  container: string;
  /** Folder inside the container, without leading or trailing '/' ('' for the container's root). */
  prefix: string;
  /** Full connection string (from `AZURE_STORAGE_CONNECTION_STRING`). */
  connectionString?: string;
  accountName?: string;
  accountKey?: string;
  /** A SAS token, without the leading '?'. */
  sasToken?: string;
  /** Blob service URL, e.g. `https://acct.blob.core.windows.net` or Azurite's `http://127.0.0.1:10000/devstoreaccount1`. */
  url?: string;
}

type Env = Record<string, string | undefined>;

/**
 * Parses `az://container/prefix` (or `azure://…`) with an optional query
 * `?account=&key=&sas=&endpoint=`. What the query leaves out comes from the
 * environment, as the Azure CLI reads it:
 * 1. `?account=` or `?endpoint=` in the URI: that account, with `?key=` or
 *    `?sas=` (or `AZURE_STORAGE_KEY` / `AZURE_STORAGE_SAS_TOKEN` when
 *    `AZURE_STORAGE_ACCOUNT` names the same account);
 * 2. else `AZURE_STORAGE_CONNECTION_STRING`;
 * 3. else `AZURE_STORAGE_ACCOUNT` with `AZURE_STORAGE_KEY` or `AZURE_STORAGE_SAS_TOKEN`.
 * With none of these, the location has no credentials and the pod needs a
 * `credential` (a TokenCredential such as `DefaultAzureCredential`).
 */
export function parseAzureUri(uri: string, env: Env = process.env): AzureLocation {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new InvalidPathError(uri, 'it is not a valid URI');
  }
  if (url.protocol !== 'az:' && url.protocol !== 'azure:') {
    throw new InvalidPathError(uri, `an Azure URI starts with 'az://', not '${url.protocol}//'`);
  }
  const rawPath = uri.replace(/^[a-z]+:\/\/[^/?#]*/i, '').split(/[?#]/)[0] ?? '';
  if (rawPath.split('/').some((s) => /^(\.|%2e){1,2}$/i.test(s))) {
    throw new InvalidPathError(uri, "it has a '.' or '..' segment");
  }
  const container = decodeURIComponent(url.hostname);
  if (!container)
    throw new InvalidPathError(uri, 'it names no container (use az://container/prefix)');
  const prefix = url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s))
    .join('/');
  checkPath(prefix);

  const q = url.searchParams;
  const location: AzureLocation = { container, prefix };
  const account = q.get('account') ?? undefined;
  const endpoint = q.get('endpoint') ?? undefined;
  const set = (values: Partial<AzureLocation>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v) (location as unknown as Record<string, string>)[k] = v;
    }
  };
  if (account || endpoint) {
    const sameAccount = account !== undefined && env.AZURE_STORAGE_ACCOUNT === account;
    set({
      accountName: account,
      url: endpoint,
      accountKey: q.get('key') ?? (sameAccount ? env.AZURE_STORAGE_KEY : undefined),
      sasToken: q.get('sas') ?? (sameAccount ? env.AZURE_STORAGE_SAS_TOKEN : undefined),
    });
  } else if (q.get('key') || q.get('sas')) {
    throw new InvalidPathError(uri, "'key' and 'sas' need an 'account' (or an 'endpoint')");
  } else if (env.AZURE_STORAGE_CONNECTION_STRING) {
    set({ connectionString: env.AZURE_STORAGE_CONNECTION_STRING });
  } else if (env.AZURE_STORAGE_ACCOUNT) {
    set({
      accountName: env.AZURE_STORAGE_ACCOUNT,
      accountKey: env.AZURE_STORAGE_KEY,
      sasToken: env.AZURE_STORAGE_SAS_TOKEN,
    });
  }
  if (location.sasToken?.startsWith('?')) location.sasToken = location.sasToken.slice(1);
  return location;
}
