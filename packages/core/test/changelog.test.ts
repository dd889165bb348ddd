import { describe, expect, it } from 'vitest';
import { Changelog } from '../src/changelog.js';

const id = (epoch: number, d: string) =>
  `${epoch.toString(16).padStart(11, '0')}-${d.repeat(40).slice(0, 40)}`;
const PHI = id(0, '0');

describe('changelog log order (FORMAT.md §4.4)', () => {
  it('walks depth first and ends on the last head', () => {
    const base = id(1, 'a');
    const a = id(2, 'b');
    const b1 = id(3, 'c');
    const b2 = id(4, 'd');
    const log = Changelog.order([`${base}.${b1}`, `${PHI}.${base}`, `${base}.${a}`, `${b1}.${b2}`]);
    expect(log.map((r) => [r.child, r.isLeaf])).toEqual([
      [base, false],
      [a, true],
      [b1, false],
      [b2, true],
    ]);
  });

  it('emits an already visited child again, as a leaf, without descending', () => {
    const x = id(1, 'a');
    const y = id(2, 'b');
    const m = id(3, 'c');
    const after = id(4, 'd');
    const log = Changelog.order([
      `${PHI}.${x}`,
      `${PHI}.${y}`,
      `${x}.${m}`,
      `${y}.${m}`,
      `${m}.${after}`,
    ]);
    expect(log.map((r) => [r.child, r.isLeaf])).toEqual([
      [x, false],
      [m, false],
      [after, true],
      [y, false],
      [m, true],
    ]);
  });

  it('starts from parents that are not children (after trim) and skips foreign names', () => {
    const gone = id(1, 'a');
    const kept = id(2, 'b');
    const log = Changelog.order([`${gone}.${kept}`, 'not-a-revision', `${kept}.${kept}`]);
    expect(log.map((r) => r.path)).toEqual([`${gone}.${kept}`]);
  });
});
