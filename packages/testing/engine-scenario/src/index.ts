export type { Fixture, FixtureManifest, FixtureQuery } from './fixture.js';
export {
  answer,
  cells,
  copyFolderToPod,
  expected,
  extractFixture,
  FIXTURE_TARBALL,
  queryOptions,
} from './fixture.js';
export type { EngineScenarioOptions } from './scenario.js';
export { describeEngineScenario } from './scenario.js';
