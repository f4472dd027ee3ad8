/**
 * Test helpers shared by every package's tests (private).
 *
 * @packageDocumentation
 */
export { tempDir, type TempDir } from './temp-dir.js';
export { waitFor, type WaitForOptions } from './wait-for.js';
export { runProcess, type ProcessResult } from './run-process.js';
export { startTestBroker, requireApi, testBrokerDefaults, type TestBroker, type TestBrokerOptions } from './test-broker.js';
