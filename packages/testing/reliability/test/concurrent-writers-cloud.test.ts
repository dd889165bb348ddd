import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSpecPod, type PodSpec } from '../src/pod-spec.js';
import { DEFAULT_PLAN, type StressPlan } from '../src/stress-plan.js';
import { type LocalServer, startAzurite, startFauxqs } from './local-servers.js';
import { expectNothingLost, report, runStress, type StressResult } from './stress-run.js';

// The concurrent-writers run, smaller, on the local S3 (fauxqs) and Azure
// Blob (Azurite) servers: 12 processes, 10 writes each by default, 50 with
// LAKOTA_LONG=1.
const PLAN: StressPlan = {
  ...DEFAULT_PLAN,
  seed: 5,
  writes: process.env.LAKOTA_LONG === '1' ? 50 : 10,
};

const STORES: [string, () => Promise<LocalServer & { spec: () => PodSpec }>][] = [
  [
    'S3 (fauxqs)',
    async () => {
      const s = await startFauxqs('reliability');
      return {
        ...s,
        spec: () => ({
          kind: 's3',
          endpoint: s.endpoint,
          bucket: 'reliability',
          prefix: `stress-${randomUUID()}`,
        }),
      };
    },
  ],
  [
    'Azure Blob (Azurite)',
    async () => {
      const s = await startAzurite('reliability');
      return {
        ...s,
        spec: () => ({
          kind: 'azure',
          connectionString: s.connectionString,
          container: 'reliability',
          prefix: `stress-${randomUUID()}`,
        }),
      };
    },
  ],
];

describe.each(STORES)(
  `${PLAN.writers} writer processes on %s, ${PLAN.writes} writes each`,
  (name, start) => {
    let server: Awaited<ReturnType<typeof start>> | undefined;
    let result: StressResult;

    beforeAll(async () => {
      server = await start();
      const spec = server.spec();
      result = await runStress(spec, await openSpecPod(spec), PLAN);
      report(`concurrent writers, ${name}`, PLAN, result);
    }, PLAN.writes * 60_000);

    afterAll(async () => {
      await server?.stop();
    });

    it('every committed write is read back after the merge, none lost', () => {
      expectNothingLost(PLAN, result);
      expect(result.outcome.committed).toBe(PLAN.writers * PLAN.writes);
    });

    it('last writer wins in causal order', () => {
      expect(result.outcome.causalViolations).toEqual([]);
    });
  },
);
