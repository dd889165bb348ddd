import { LakotaError } from '@lakota/core';
import { assert, expect } from 'vitest';

type ErrorClass<E> = abstract new (...args: never[]) => E;

/**
 * Awaits `action` (a promise or a function that may throw synchronously) and
 * returns the error it fails with, asserting its class. Returning the error
 * lets a test check its fields (`path`, `code`).
 */
export async function expectError<E extends Error>(
  action: Promise<unknown> | (() => unknown),
  type: ErrorClass<E>,
  what: string,
): Promise<E> {
  let caught: unknown;
  let settled = false;
  try {
    await (typeof action === 'function' ? action() : action);
    settled = true;
  } catch (err) {
    caught = err;
  }
  if (settled) assert.fail(`${what}: expected ${type.name}, but it succeeded`);
  if (!(caught instanceof type)) {
    const got = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
    assert.fail(`${what}: expected ${type.name}, got ${got}`);
  }
  expect(caught, `${what}: every pod error is a LakotaError`).toBeInstanceOf(LakotaError);
  return caught as E;
}

/** Collects an async iterable (a walk) into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
