import { describe, expect } from 'vitest';
import { collect } from '../expect-error.js';
import type { ConformanceHarness } from '../harness.js';

const CAPABILITIES = [
  'conditionalWrite',
  'atomicWrite',
  'atomicMove',
  'persistent',
  'evicts',
] as const;

/** What every pod exposes before any I/O: its protocol, its capability flags, an empty start. */
export function contractSection(h: ConformanceHarness): void {
  describe('contract', () => {
    h.test('protocol is a short lowercase name, as in URIs', async (pod) => {
      expect(pod.protocol).toMatch(/^[a-z][a-z0-9+.-]*$/);
    });

    h.test('declares every capability as a boolean', async (pod) => {
      for (const flag of CAPABILITIES) {
        expect(typeof pod.capabilities?.[flag], `capabilities.${flag}`).toBe('boolean');
      }
    });

    h.test('create() gives an empty pod whose root lists as []', async (pod) => {
      expect(await pod.ls()).toEqual([]);
      expect(await pod.ls('')).toEqual([]);
      expect(await collect(pod.walk())).toEqual([]);
    });
  });
}
