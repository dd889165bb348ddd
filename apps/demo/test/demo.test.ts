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
  const range = out.slice(out.indexOf('3. Brussels from'), out.indexOf('4. Brussels as of'));
  expect(range).toContain(
    ['2020-01-02T00:00:00  2.0', '2020-01-03T00:00:00  30.0', '2020-01-04T00:00:00  40.0', ''].join(
      '\n',
    ),
  );
  expect(range).not.toContain('2020-01-05T');
  // As of the earlier revision, the first write's values are back.
  const past = out.slice(out.indexOf('4. Brussels as of'), out.indexOf('5. Revisions'));
  expect(past).toContain(['2020-01-03T00:00:00  3.0', '2020-01-04T00:00:00  4.0', ''].join('\n'));
  expect(out).toContain('after pull: ["temperature"], Brussels has 6 rows');
});
