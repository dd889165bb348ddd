import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(new URL('..', import.meta.url));

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) t = Math.max(t, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
  }
  return t;
}

/** Builds dist/ when it is missing or older than src/, for the tests that spawn child processes. */
export default function setup(): void {
  let built = 0;
  try {
    built = statSync(`${pkg}/dist/index.js`).mtimeMs;
  } catch {
    // Not built yet.
  }
  if (built >= newest(`${pkg}/src`)) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: pkg,
    stdio: 'inherit',
  });
}
