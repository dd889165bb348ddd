import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  AbortError,
  type LakotaError,
  NotFoundError,
  PermissionError,
  PodOperationError,
  StorageFullError,
  TransientError,
} from '@lakota/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsPod, toPodError } from '../src/index.js';
import { removeRoot, tempRoot } from './temp-root.js';

const run = promisify(execFile);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const sysError = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

describe('toPodError maps file-system codes to the typed errors of @lakota/core', () => {
  const cases: [string, new (...args: never[]) => LakotaError, boolean][] = [
    ['ENOENT', NotFoundError, false],
    ['ENOTDIR', NotFoundError, false],
    ['EACCES', PermissionError, false],
    ['EPERM', PermissionError, false],
    ['EROFS', PermissionError, false],
    ['ENOSPC', StorageFullError, false],
    ['EDQUOT', StorageFullError, false],
    ['EMFILE', TransientError, true],
    ['ENFILE', TransientError, true],
    ['EAGAIN', TransientError, true],
    ['EBUSY', TransientError, true],
    ['ABORT_ERR', AbortError, false],
    ['EISDIR', PodOperationError, false],
    ['ENAMETOOLONG', PodOperationError, false],
    ['EIO', PodOperationError, false],
  ];
  it.each(cases)('%s becomes %O', (code, type, retryable) => {
    const cause = sysError(code);
    const err = toPodError(cause, 'a/b', 'write');
    expect(err).toBeInstanceOf(type);
    expect(err.cause).toBe(cause);
    expect(err.retryable).toBe(retryable);
    if ('path' in err) expect(err.path).toBe('a/b');
  });

  it('says what to do in its messages', () => {
    expect(toPodError(sysError('EACCES'), 'x', 'write').message).toMatch(
      /Check the owner and mode/,
    );
    expect(toPodError(sysError('ENOSPC'), 'x', 'write').message).toMatch(/free some space/);
    expect(toPodError(sysError('EMFILE'), 'x', 'write').message).toMatch(/Retry/);
  });

  it('passes Lakota errors through, and wraps errors without a code', () => {
    const own = new NotFoundError('p');
    expect(toPodError(own, 'q', 'read')).toBe(own);
    const plain = toPodError(new Error('odd'), 'p', 'read');
    expect(plain).toBeInstanceOf(PodOperationError);
    expect(plain.message).toContain('odd');
  });
});

describe('FsPod errors from a real file system', () => {
  let root: string;
  beforeEach(async () => {
    root = await tempRoot('errors');
  });
  afterEach(async () => {
    chmodSync(root, 0o755);
    for (const p of ['ro', 'secret', 'locked']) {
      try {
        chmodSync(join(root, p), 0o755);
      } catch {
        // Not made by this test.
      }
    }
    await removeRoot(root);
  });

  it('turns denied permissions into PermissionError, keeping the cause', async () => {
    mkdirSync(join(root, 'ro'));
    writeFileSync(join(root, 'ro/file'), 'f');
    writeFileSync(join(root, 'secret'), 's');
    mkdirSync(join(root, 'locked'));
    chmodSync(join(root, 'ro'), 0o555);
    chmodSync(join(root, 'secret'), 0o000);
    chmodSync(join(root, 'locked'), 0o000);
    // Permission bits do not stop root, and these tests may well run as root
    // (containers, CI): then the probe runs in a child process as the
    // unprivileged user 'nobody', which they do stop.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chmodSync(root, 0o755);
    const { stdout } = await run(process.execPath, [fixture('permission-probe.mjs'), root], {
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    const { uid, results } = JSON.parse(stdout);
    expect(uid).not.toBe(0);
    for (const [label, result] of Object.entries(results) as [string, Record<string, unknown>][]) {
      expect(result.name, label).toBe('PermissionError');
      expect(result.code, label).toBe('PERMISSION_DENIED');
      expect(['EACCES', 'EPERM'], label).toContain(result.causeCode);
      expect(result.message, label).toMatch(/denied/);
    }
    expect(results['read an unreadable file'].path).toBe('secret');
  });

  it('turns running out of file handles into a retryable TransientError', async () => {
    // A shell lowers the limit of open files for the child alone.
    const { stdout } = await run('/bin/sh', [
      '-c',
      `ulimit -n 64 && exec "${process.execPath}" "${fixture('file-limit-probe.mjs')}" "${root}"`,
    ]);
    const { written, failures } = JSON.parse(stdout);
    expect(failures.length).toBeGreaterThan(0);
    expect(written + failures.length).toBe(300);
    for (const f of failures) {
      expect(f).toEqual({
        name: 'TransientError',
        retryable: true,
        causeCode: expect.stringMatching(/^E[NM]FILE$/),
      });
    }
  });

  it('reports a missing file as NotFoundError naming the path', async () => {
    const pod = new FsPod(root);
    const err = await pod.read('no/such').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).path).toBe('no/such');
  });
});
