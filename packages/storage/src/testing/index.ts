/**
 * `@tributary/storage/testing`: the log conformance suite (vitest) every partition-log implementation runs,
 * and its fixtures.
 *
 * @packageDocumentation
 */
export { logConformanceSuite, type LogFactory, type LogUnderTest, type WithLog } from './log-conformance-suite.js';
export { ManualClock, batchOf, readAll, offsetsOf } from './fixtures.js';
