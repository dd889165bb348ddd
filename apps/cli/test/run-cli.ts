import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The command as users run it: `node apps/cli/bin/lakota.js` (needs `pnpm build`). */
export const BIN = fileURLToPath(new URL('../bin/lakota.js', import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Text written to the command's stdin (nothing by default). */
  input?: string;
  cwd?: string;
  env?: Record<string, string>;
}

/** Environment without the caller's LAKOTA_REPO and LAKOTA_AUTHOR, so a developer's settings never leak into tests. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const name of ['LAKOTA_REPO', 'LAKOTA_AUTHOR']) if (!(name in extra)) delete env[name];
  return env;
}

/** Runs `lakota ARGS` as a subprocess and collects its output. */
export function lakota(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? tmpdir(),
      env: cleanEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // The command may exit before reading its input (e.g. on a bad label).
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/** A fresh folder, removed by the returned cleanup. */
export async function tempDir(
  prefix = 'lakota-cli-',
): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/** Every file under a folder with its size, sorted: equal listings mean an unchanged repository. */
export async function listing(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    let entries: string[];
    try {
      entries = await readdir(join(dir, rel));
    } catch {
      return;
    }
    for (const name of entries) {
      const path = rel ? `${rel}/${name}` : name;
      const s = await stat(join(dir, path));
      if (s.isDirectory()) await walk(path);
      else out.push(`${path} ${s.size}`);
    }
  };
  await walk('');
  return out.sort();
}

/** CSV text from a header and rows. */
export function csv(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
