import { describe, expect, it } from 'vitest';
import { Changelog } from '../src/changelog.js';
import { RevisionGraph } from '../src/revision-graph.js';

const id = (epoch: number, d: string) =>
  `${epoch.toString(16).padStart(11, '0')}-${d.repeat(40).slice(0, 40)}`;
const PHI = id(0, '0');
const graphOf = (names: string[]) => new RevisionGraph(Changelog.order(names));
const D = (c: string) => c.repeat(40);

describe('RevisionGraph', () => {
  // R, then X and Y on R, then a merge M of X and Y (one file per parent).
  const r = id(1, 'a');
  const x = id(2, 'b');
  const y = id(3, 'c');
  const m1 = id(4, 'd');
  const m2 = id(5, 'd');
  const names = [`${PHI}.${r}`, `${r}.${x}`, `${r}.${y}`, `${x}.${m1}`, `${y}.${m2}`];

  it('follows every parent of a merge, whichever file names it', () => {
    const g = graphOf(names);
    expect([...g.parentsOf(D('d'))].sort()).toEqual([D('b'), D('c')]);
    expect(g.parentsOf(D('a'))).toEqual([]);
    expect([...g.ancestors(D('d'))].sort()).toEqual([D('a'), D('b'), D('c'), D('d')]);
    expect(g.revision(D('d'))?.child).toBe(m1);
  });

  it('climbs to the nearest known commits on every path', () => {
    const g = graphOf(names);
    const { frontier, visited } = g.climb(D('d'), new Set([D('b'), D('a')]));
    expect([...frontier].sort()).toEqual([D('a'), D('b')]);
    expect([...visited].sort()).toEqual([D('c'), D('d')]);
  });

  it('orders commits after their parents, then by time, even when clocks disagree', () => {
    // Z was built on W but carries an earlier epoch (a skewed clock).
    const w = id(10, 'e');
    const z = id(9, 'f');
    const v = id(11, '1');
    const g = graphOf([`${PHI}.${w}`, `${w}.${z}`, `${PHI}.${v}`]);
    expect(g.causalOrder(new Set([D('f'), D('e'), D('1')]))).toEqual([D('e'), D('f'), D('1')]);
  });

  it('orders every commit of a cycle (a state written again)', () => {
    const a = id(1, 'a');
    const b = id(2, 'b');
    const a2 = id(3, 'a');
    const g = graphOf([`${PHI}.${a}`, `${a}.${b}`, `${b}.${a2}`]);
    expect(g.causalOrder(new Set([D('a'), D('b')])).sort()).toEqual([D('a'), D('b')]);
  });
});
