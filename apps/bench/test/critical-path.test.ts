import { describe, expect, it } from 'vitest';
import { criticalPath, type RequestSpan } from '../src/critical-path.js';

const span = (start: number, end: number): RequestSpan => ({ kind: 'read', path: 'x', start, end });

describe('criticalPath', () => {
  it('counts requests that wait for each other', () => {
    expect(criticalPath([span(0, 20), span(20, 40), span(41, 60)])).toBe(3);
  });

  it('counts requests in flight together once', () => {
    expect(criticalPath(Array.from({ length: 100 }, (_, i) => span(i * 0.01, 20 + i * 0.01)))).toBe(
      1,
    );
  });

  it('follows the longest chain through parallel branches', () => {
    // list, then one read, then 50 parallel reads, one of which is followed by another read.
    const spans = [span(0, 20), span(21, 41)];
    for (let i = 0; i < 50; i++) spans.push(span(42, 62));
    spans.push(span(63, 83), span(30, 50));
    expect(criticalPath(spans)).toBe(4);
    expect(criticalPath([])).toBe(0);
  });
});
