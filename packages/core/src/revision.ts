import { PHI_EPOCH } from './hextime.js';

/** The virtual root every first commit points to. */
export const PHI = `${PHI_EPOCH}-${'0'.repeat(40)}`;

const REV_ID = /^[0-9a-f]{11}-[0-9a-f]{40}$/;

export function isRevisionId(id: string): boolean {
  return REV_ID.test(id);
}

/**
 * One revision file of a changelog, named `<parent>.<child>` where each id is
 * `<11-hex epoch>-<sha1 of the commit payload>` (FORMAT.md §4.1).
 */
export class Revision {
  /** Set by the changelog's log: true when nothing was built on it. */
  isLeaf = false;

  constructor(
    readonly parent: string,
    readonly child: string,
  ) {}

  /** Parses a file name; undefined for names that are not revision files. */
  static fromName(name: string): Revision | undefined {
    const dot = name.indexOf('.');
    if (dot < 0) return undefined;
    const parent = name.slice(0, dot);
    const child = name.slice(dot + 1);
    if (!isRevisionId(parent) || !isRevisionId(child) || parent === child) return undefined;
    return new Revision(parent, child);
  }

  /** The file name (relative to the changelog folder). */
  get path(): string {
    return `${this.parent}.${this.child}`;
  }

  /** The child's 11-hex epoch: when it was written. */
  get epoch(): string {
    return this.child.slice(0, 11);
  }

  /** SHA-1 of the commit payload. */
  get digest(): string {
    return this.child.slice(12);
  }

  get parentDigest(): string {
    return this.parent.slice(12);
  }

  /** When it was written, from its epoch. */
  get date(): Date {
    return new Date(Number.parseInt(this.epoch, 16));
  }

  toString(): string {
    return `<Revision ${this.path}${this.isLeaf ? ' *' : ''}>`;
  }
}
