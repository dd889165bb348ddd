import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContainerClient } from '@lakota/pod-azure';
import { buildApp } from 'fauxqs';

export interface LocalServer {
  stop(): Promise<void>;
}

/** fauxqs, an S3 emulator, on 127.0.0.1 with a port chosen by the OS, with one bucket. */
export async function startFauxqs(bucket: string): Promise<LocalServer & { endpoint: string }> {
  const app = buildApp({ logger: false });
  const endpoint = await app.listen({ port: 0, host: '127.0.0.1' });
  const res = await app.inject({ method: 'PUT', url: `/${bucket}` });
  if (res.statusCode !== 200) {
    await app.close();
    throw new Error(`Could not create bucket '${bucket}' on fauxqs: ${res.statusCode} ${res.body}`);
  }
  return { endpoint, stop: () => app.close() };
}

/** Azurite's public development account (documented by Microsoft). */
const ACCOUNT = 'devstoreaccount1';
const KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/**
 * Azurite's blob service in a child process on 127.0.0.1 (port chosen by the
 * OS, data in memory), with one container.
 */
export async function startAzurite(
  container: string,
): Promise<LocalServer & { connectionString: string }> {
  const main = join(
    createRequire(import.meta.url).resolve('azurite/package.json'),
    '..',
    'dist',
    'src',
    'blob',
    'main.js',
  );
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
      await exited;
    }
    rmSync(cwd, { recursive: true, force: true });
  };
  let output = '';
  try {
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Azurite did not start in 60 s:\n${output}`)),
        60_000,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const m = /successfully listens on (http:\/\/[^\s]+)/.exec(output);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1].replace(/\/+$/, ''));
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Azurite exited (${code}) before listening:\n${output}`));
      });
    });
    const connectionString = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=${base}/${ACCOUNT};`;
    await createContainerClient({ connectionString, container }).create();
    return { connectionString, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
