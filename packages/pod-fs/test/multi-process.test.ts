import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEMP_PREFIX } from '../src/index.js';
import { removeRoot, tempRoot } from './temp-root.js';

const WRITER = fileURLToPath(new URL('./fixtures/writer.mjs', import.meta.url));
const PROCESSES = 4;
const FILES = 120;

/** What writer `w` writes to file `i` (as in fixtures/writer.mjs). */
const content = (w: number, i: number) => `writer ${w} file ${i};`.repeat(200 + i);

/**
 * Starts `PROCESSES` writers, releases them together once all are ready,
 * and returns what each reports it wrote (path -> bytes).
 */
async function race(
  root: string,
  mode: 'once' | 'force' | 'churn',
): Promise<Record<string, number>[]> {
  const children = Array.from({ length: PROCESSES }, (_, w) =>
    spawn(process.execPath, [WRITER, root, String(w), String(FILES), mode], {
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  const outputs = children.map(
    (child) =>
      new Promise<{ lines: string[]; stderr: string; code: number | null }>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => {
          out += d;
        });
        child.stderr.on('data', (d) => {
          err += d;
        });
        child.on('error', reject);
        child.on('close', (code) => resolve({ lines: out.trim().split('\n'), stderr: err, code }));
      }),
  );
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.stdout.once('data', () => resolve());
        }),
    ),
  );
  for (const child of children) child.stdin.end('go\n');
  const results = await Promise.all(outputs);
  return results.map(({ lines, stderr, code }, w) => {
    expect(stderr, `writer ${w} stderr`).toBe('');
    expect(code, `writer ${w} exit code`).toBe(0);
    return JSON.parse(lines.at(-1)!);
  });
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

let root: string;
beforeEach(async () => {
  root = await tempRoot('processes');
});
afterEach(async () => {
  await removeRoot(root);
});

describe('FsPod shared by several processes', () => {
  it('write-once holds across processes: each file is written by exactly one, whole', async () => {
    const reports = await race(root, 'once');
    const paths = Object.keys(reports[0]!);
    expect(paths).toHaveLength(FILES);
    for (const path of paths) {
      const i = Number(path.split('/').at(-1));
      const winners = reports.flatMap((r, w) => ((r[path] ?? 0) > 0 ? [w] : []));
      expect(winners, path).toHaveLength(1);
      expect(readFileSync(join(root, path), 'utf8'), path).toBe(content(winners[0]!, i));
    }
    expect(files(root)).toEqual([...paths].sort());
  });

  it('forced writes from several processes leave one whole version of each file', async () => {
    const reports = await race(root, 'force');
    for (const path of Object.keys(reports[0]!)) {
      const i = Number(path.split('/').at(-1));
      for (const r of reports) expect(r[path], path).toBe(Buffer.byteLength(content(0, i)));
      const stored = readFileSync(join(root, path), 'utf8');
      const versions = Array.from({ length: PROCESSES }, (_, w) => content(w, i));
      expect(versions, path).toContain(stored);
    }
    expect(files(root).filter((p) => p.includes(TEMP_PREFIX))).toEqual([]);
  });

  it('writers and removers of the same files in the same folders never fail', async () => {
    // Odd writers remove what even ones write; folders are created and pruned concurrently.
    await race(root, 'churn');
    for (const path of files(root)) {
      expect(path.includes(TEMP_PREFIX), `${path} is a leftover temp file`).toBe(false);
      const i = Number(path.split('/').at(-1));
      const versions = Array.from({ length: PROCESSES }, (_, w) => content(w, i));
      expect(versions, path).toContain(readFileSync(join(root, path), 'utf8'));
    }
  });
});
