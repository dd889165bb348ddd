// Helpers shared by the reliability suites and their child processes.
export { Ancestry } from './ancestry.js';
export type { ChildMessage, ParentMessage } from './messages.js';
export type { PodSpec } from './pod-spec.js';
export { EMULATOR_CREDENTIALS, openSpecPod } from './pod-spec.js';
export { below, prng } from './prng.js';
export type { CausalViolation, CommittedWrite, StressOutcome, StressRow } from './stress-check.js';
export { checkStress } from './stress-check.js';
export type { PlannedWrite, StressPlan } from './stress-plan.js';
export {
  DEFAULT_PLAN,
  frameOf,
  ownSeries,
  plannedWrite,
  STRESS_SCHEMA,
  sharedSeries,
} from './stress-plan.js';
