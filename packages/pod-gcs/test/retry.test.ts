import { AbortError } from '@lakota/core';
import { describe, expect, it } from 'vitest';
import { withRetries } from '../src/retry.js';

describe('withRetries', () => {
  const policy = { retries: 3, baseDelayMs: 1, maxDelayMs: 1 };
  const transient = Object.assign(new Error('busy'), { code: 503 });

  it('retries transient failures and returns the first success', async () => {
    let calls = 0;
    const value = await withRetries(async () => {
      if (++calls < 3) throw transient;
      return 'done';
    }, policy);
    expect([value, calls]).toEqual(['done', 3]);
  });

  it('does not retry a permanent failure, and stops after its retries', async () => {
    let calls = 0;
    const permanent = Object.assign(new Error('bad'), { code: 400 });
    await expect(
      withRetries(async () => {
        calls++;
        throw permanent;
      }, policy),
    ).rejects.toBe(permanent);
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withRetries(async () => {
        calls++;
        throw transient;
      }, policy),
    ).rejects.toBe(transient);
    expect(calls).toBe(4);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const slow = { retries: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 };
    const pending = withRetries(
      async () => {
        queueMicrotask(() => controller.abort());
        throw transient;
      },
      slow,
      controller.signal,
    );
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });
});
