import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository written by Python Lakota 0.7.1 (see fixtures/python-lakota-README.md). */
export const FIXTURE_TARBALL = fileURLToPath(
  new URL('./fixtures/python-lakota-ref-repo.tar.gz', import.meta.url),
);

/** Extracts the fixture to a fresh temporary folder; returns the folder holding `ref/` and the manifest. */
export function extractFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lakota-fixture-'));
  execFileSync('tar', ['xzf', FIXTURE_TARBALL, '-C', dir]);
  return dir;
}
