import { describe, expect, it } from 'vitest';
import { InvalidPathError } from '../../src/errors.js';
import { checkPath, compareCodePoints, joinPath, splitPath } from '../../src/path.js';

describe('checkPath', () => {
  it('returns clean relative paths unchanged', () => {
    for (const p of [
      'a',
      'a/b/c',
      'é/中/🙂',
      '.hidden',
      'a..b',
      '...',
      'a/.b/c.',
      'with space/x',
    ]) {
      expect(checkPath(p)).toBe(p);
    }
  });

  it.each([
    ['..', "'..' segment"],
    ['a/../b', "'..' segment"],
    ['a/..', "'..' segment"],
    ['.', "'.' segment"],
    ['./a', "'.' segment"],
    ['a/./b', "'.' segment"],
    ['/a', 'absolute'],
    ['/', 'absolute'],
    ['a//b', 'empty segment'],
    ['a/', 'empty segment'],
    ['a\\b', 'backslash'],
    ['\\\\server\\share', 'backslash'],
    ['a\0b', 'NUL'],
  ])('rejects %j (%s) with InvalidPathError', (path, reason) => {
    let caught: unknown;
    try {
      checkPath(path);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidPathError);
    const err = caught as InvalidPathError;
    expect(err.path).toBe(path);
    expect(err.code).toBe('INVALID_PATH');
    expect(err.message).toContain(reason);
    expect(err.retryable).toBe(false);
  });

  it('accepts the empty path (the root) unless allowRoot is false', () => {
    expect(checkPath('')).toBe('');
    expect(() => checkPath('', { allowRoot: false })).toThrow(InvalidPathError);
    expect(checkPath('a', { allowRoot: false })).toBe('a');
  });

  it('rejects what is not a string', () => {
    expect(() => checkPath(undefined as unknown as string)).toThrow(InvalidPathError);
    expect(() => checkPath(42 as unknown as string)).toThrow(/must be a string/);
  });
});

describe('joinPath and splitPath', () => {
  it('join skips empty parts', () => {
    expect(joinPath('', 'a', '', 'b/c')).toBe('a/b/c');
    expect(joinPath('', '')).toBe('');
  });

  it('split gives the folder and the name', () => {
    expect(splitPath('a/b/c')).toEqual(['a/b', 'c']);
    expect(splitPath('c')).toEqual(['', 'c']);
  });
});

describe('compareCodePoints', () => {
  it('orders by code point where UTF-16 code units disagree', () => {
    // U+FFFF is one unit 0xFFFF; U+1F642 is the pair 0xD83D 0xDE42.
    expect('🙂' < '\uFFFF').toBe(true);
    expect(compareCodePoints('\uFFFF', '🙂')).toBeLessThan(0);
    expect(compareCodePoints('🙂', '\uFFFF')).toBeGreaterThan(0);
    expect(compareCodePoints('\uE000', '\u{10000}')).toBeLessThan(0);
    expect(compareCodePoints('ｚ', '🚀')).toBeLessThan(0);
  });

  it('agrees with UTF-16 order elsewhere', () => {
    expect(compareCodePoints('a', 'b')).toBeLessThan(0);
    expect(compareCodePoints('B', 'a')).toBeLessThan(0);
    expect(compareCodePoints('\uD7FF', '🙂')).toBeLessThan(0);
    expect(compareCodePoints('🙂', '🚀')).toBeLessThan(0);
    expect(compareCodePoints('\u{10000}', '\u{10FFFF}')).toBeLessThan(0);
  });

  it('puts a prefix first and finds equal strings equal', () => {
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('abc', 'ab')).toBeGreaterThan(0);
    expect(compareCodePoints('', 'a')).toBeLessThan(0);
    expect(compareCodePoints('é🙂', 'é🙂')).toBe(0);
  });

  it('sorts the way Python sorts str (by code point)', () => {
    const names = ['🙂', '\uFFFF', 'z', 'Z', 'é', '中', '\uE000', 'a10', 'a2', '\u{1F600}'];
    const byCodePoint = [...names].sort((a, b) => {
      const x = [...a].map((c) => c.codePointAt(0)!);
      const y = [...b].map((c) => c.codePointAt(0)!);
      for (let i = 0; i < Math.min(x.length, y.length); i++)
        if (x[i] !== y[i]) return x[i]! - y[i]!;
      return x.length - y.length;
    });
    expect([...names].sort(compareCodePoints)).toEqual(byCodePoint);
    expect(byCodePoint).toEqual([
      'Z',
      'a10',
      'a2',
      'z',
      'é',
      '中',
      '\uE000',
      '\uFFFF',
      '\u{1F600}',
      '🙂',
    ]);
  });
});
