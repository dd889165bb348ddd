import {
  AbortError,
  LakotaError,
  NotFoundError,
  PodOperationError,
  TransientError,
} from '@lakota/core';
import { describe, expect, it } from 'vitest';
import { gcsStatus, isTransient, toPodError } from '../src/index.js';

const site = { path: 'a/b', uri: 'gs://bkt/p/a/b', bucket: 'bkt', action: 'read' };

describe('toPodError', () => {
  it('reads the status from ApiError.code, GaxiosError.status or response.status', () => {
    expect(gcsStatus({ code: 404 })).toBe(404);
    expect(gcsStatus({ status: 412 })).toBe(412);
    expect(gcsStatus({ response: { status: 503 } })).toBe(503);
    expect(gcsStatus({ code: '429' })).toBe(429);
    expect(gcsStatus({ code: 'ECONNRESET' })).toBeUndefined();
  });

  it('turns dropped connections into retryable TransientErrors', () => {
    for (const err of [
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      new Error('socket hang up'),
      Object.assign(new Error('request failed'), { cause: { code: 'ECONNREFUSED' } }),
    ]) {
      expect(isTransient(err)).toBe(true);
      const mapped = toPodError(err, site);
      expect(mapped).toBeInstanceOf(TransientError);
      expect(mapped.retryable).toBe(true);
      expect(mapped.cause).toBe(err);
    }
  });

  it('takes the message out of a raw JSON error body', () => {
    const body = JSON.stringify({ error: { code: 400, message: 'Invalid argument.' } });
    const mapped = toPodError(Object.assign(new Error(body), { code: 400 }), site);
    expect(mapped).toBeInstanceOf(PodOperationError);
    expect(mapped.message).toBe('GCS could not read gs://bkt/p/a/b (HTTP 400: Invalid argument.).');
    expect(mapped.retryable).toBe(false);
  });

  it('keeps pod errors as they are and recognises aborts', () => {
    const own = new NotFoundError('x');
    expect(toPodError(own, site)).toBe(own);
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(toPodError(abort, site)).toBeInstanceOf(AbortError);
    expect(toPodError('weird', site)).toBeInstanceOf(LakotaError);
  });
});
