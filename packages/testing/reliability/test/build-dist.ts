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

/**
 * Builds this package's dist/ when it is missing or older than src/: the
 * child processes run it. The packages it uses are built by `pnpm build`
 * (turbo builds them before running this package's tests).
 */
export default function setup(): void {
  let built = 0;
  try {
    built = statSync(`${pkg}/dist/children/concurrent-writer.js`).mtimeMs;
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
