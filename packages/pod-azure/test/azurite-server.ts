import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Azurite's well-known development account (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface LocalAzure {
  /** Blob service URL, `http://127.0.0.1:<port>/devstoreaccount1`. */
  url: string;
  connectionString: string;
  stop(): Promise<void>;
}

const READY = /successfully listens on (http:\/\/[^\s]+)/;

/**
 * Starts Azurite's blob service in a child process on 127.0.0.1, on a port
 * chosen by the OS, with data in memory only and telemetry off. Resolves once
 * it says where it listens (a cold start can take several seconds).
 */
export async function startAzurite(timeoutMs = 60_000): Promise<LocalAzure> {
  const require = createRequire(import.meta.url);
  const main = join(
    require.resolve('azurite/package.json'),
    '..',
    'dist',
    'src',
    'blob',
    'main.js',
  );
  // Azurite may write debug or lock files into its working folder; keep them out of the tree.
  const cwd = mkdtempSync(join(tmpdir(), 'lakota-azurite-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      main,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--inMemoryPersistence',
      '--extentMemoryLimit',
      '1024',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--silent',
    ],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(cwd, { recursive: true, force: true });
  };

  let output = '';
  try {
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Azurite did not start within ${timeoutMs} ms:\n${output}`)),
        timeoutMs,
      );
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const m = READY.exec(output);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Azurite exited with code ${code} before listening:\n${output}`));
      });
    });
    const url = `${base.replace(/\/+$/, '')}/${AZURITE_ACCOUNT}`;
    return {
      url,
      connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${url};`,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
