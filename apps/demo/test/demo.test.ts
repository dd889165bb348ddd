import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runDemo } from '../src/demo.js';

it('runs the quickstart and prints each step', async () => {
  const lines: string[] = [];
  await runDemo(join(mkdtempSync(join(tmpdir(), 'lakota-demo-')), 'repo'), (l) => lines.push(l));
  const out = lines.join('\n');
  // The overlapping write replaced 01-03 and 01-04 and the range read stops before 01-05.
  expect(out).toContain('2020-01-04T00:00:00  40.0');
  expect(out).toMatch(/Brussels from 2020-01-02[^]*2020-01-02T00:00:00  2.0\n2020-01-03T00:00:00  30.0\n2020-01-04T00:00:00  40.0\n\n/);
  // As of the earlier revision, the first write's values are back.
  expect(out).toMatch(/as of revision[^]*2020-01-03T00:00:00  3.0\n2020-01-04T00:00:00  4.0\n/);
  expect(out).toContain('after pull: ["temperature"], Brussels has 6 rows');
});
