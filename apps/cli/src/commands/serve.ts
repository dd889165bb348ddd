import { once } from 'node:events';
import { type Pod, quoteExcerpt } from '@lakota/core';
import { checkBearerToken, createServer, formatAccessLog } from '@lakota/server';
import { Command } from 'commander';
import { type App, examples } from '../app.js';
import { UsageError } from '../usage-error.js';

interface ServeOptions {
  webUri: string;
  token?: string;
  readOnly?: boolean;
}

/** What to do when the address cannot be listened on (Node's message names the host whole). */
const LISTEN_HINTS: Record<string, string> = {
  EADDRINUSE: ' (the port is taken: pick another, or port 0 for any free one)',
  EACCES: ' (ports below 1024 need privileges: pick a higher one)',
};

/** Reads `http://host:port` (port 0 picks a free one). */
function listenAddress(uri: string): { host: string; port: number } {
  const shown = quoteExcerpt(uri, { quote: "'" });
  let url: URL;
  try {
    url = new URL(uri);
  } catch (err) {
    throw new UsageError(`--web-uri ${shown} is not a URL: write it like http://127.0.0.1:8080`, {
      cause: err,
    });
  }
  if (url.protocol !== 'http:') throw new UsageError(`--web-uri ${shown} must start with http://`);
  if (url.pathname !== '/' || url.search) {
    throw new UsageError(
      `--web-uri ${shown} must not have a path: mounts are named by the repo-map arguments`,
    );
  }
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? 80 : Number(url.port),
  };
}

export function serveCommand(app: App): Command {
  const command = new Command('serve')
    .summary('serve repositories over HTTP')
    .description(
      'Serve repositories over HTTP for pod-http clients (lakota -r http://host:port/NAME). Each argument is "NAME URI [URI…]": a mount name and the repository URI (several URIs are cache layers, closest first). Use "/" as NAME to serve at the root. Stops on Ctrl-C.',
    )
    .argument('<repo-map...>', 'space-separated mount name and repository URI(s)')
    .option('-w, --web-uri <url>', 'address to listen on', 'http://127.0.0.1:8080')
    .option('--token <token>', 'require "Authorization: Bearer <token>" on every request')
    .option('--read-only', 'refuse every write, remove and move')
    .action(async (mappings: string[], options: ServeOptions) => {
      const ctx = app.context();
      const address = listenAddress(options.webUri);
      // Before any repository is opened: a token no client can send would
      // make the server answer 401 to every request.
      if (options.token !== undefined) {
        try {
          checkBearerToken(options.token);
        } catch (err) {
          throw new UsageError(`--token: ${(err as Error).message}`, { cause: err });
        }
      }
      const mounts: Record<string, Pod> = {};
      for (const item of mappings) {
        const [name, ...uris] = item.trim().split(/\s+/);
        if (!name || uris.length === 0) {
          throw new UsageError(
            `Mapping ${quoteExcerpt(item, { quote: "'" })} lacks a repository URI: write "NAME URI", e.g. "prices .lakota"`,
          );
        }
        mounts[name === '/' ? '' : name] = await ctx.openPod(uris);
      }
      const server = createServer({
        mounts,
        ...(options.token !== undefined ? { token: options.token } : {}),
        ...(options.readOnly ? { readOnly: true } : {}),
        ...(ctx.options.verbose > 0
          ? { log: (entry) => ctx.io.stderr.write(`${formatAccessLog(entry)}\n`) }
          : {}),
      });
      const bound = await server.listen(address).catch((err: NodeJS.ErrnoException) => {
        throw new UsageError(
          `Cannot listen on --web-uri ${quoteExcerpt(options.webUri, { quote: "'" })}: ${err.code ?? err.message}${LISTEN_HINTS[err.code ?? ''] ?? ' (check the host and the port)'}`,
          { cause: err },
        );
      });
      for (const name of Object.keys(mounts)) {
        ctx.io.stderr.write(`Serving ${name === '' ? '/' : name} at ${bound.url}/${name}\n`);
      }
      await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
      await server.close();
    });
  return examples(command, [
    'lakota serve "prices .lakota"',
    'lakota serve "/ .lakota" -w http://0.0.0.0:8080 --read-only',
    'lakota serve "a repo_A" "b memory:// s3://bucket/repo" --token secret',
  ]);
}
