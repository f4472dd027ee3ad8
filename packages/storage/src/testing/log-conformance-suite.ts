import { describe } from 'vitest';
import type { LogConfig } from '../config/log-config.js';
import type { PartitionLog } from '../partition-log.js';
import { defineBasicCases } from './suite-basic.js';
import { defineMaintenanceCases } from './suite-maintenance.js';
import { ManualClock } from './fixtures.js';

/** A log under test, as a factory makes it. */
export interface LogUnderTest {
  readonly log: PartitionLog;
  /** Closes the log cleanly and opens it again on the same data (persistence checks). */
  reopen(): Promise<PartitionLog>;
  /** Releases everything (files, folders). */
  cleanup(): Promise<void>;
}

/** Makes a fresh, empty log with `config`, reading time from `clock`. */
export type LogFactory = (config: Partial<LogConfig>, clock: ManualClock) => Promise<LogUnderTest>;

/** Runs `body` against a fresh log from `factory`, always cleaning up. */
export type WithLog = (config: Partial<LogConfig>, body: (t: LogUnderTest, clock: ManualClock) => Promise<void>) => Promise<void>;

/**
 * The behaviour every partition-log implementation must show, as vitest cases: offset assignment, whole-
 * batch reads with `maxBytes`/upper bound/`OFFSET_OUT_OF_RANGE`, segment rolls, timestamps lookups, leader
 * epochs, truncation, DeleteRecords, retention, follower appends, persistence across a reopen.
 *
 * @example
 * ```ts
 * logConformanceSuite('file log', async (config, clock) => { ... return { log, reopen, cleanup }; });
 * ```
 */
export function logConformanceSuite(name: string, factory: LogFactory): void {
  const withLog: WithLog = async (config, body) => {
    const clock = new ManualClock();
    const t = await factory(config, clock);
    try {
      await body(t, clock);
    } finally {
      await t.cleanup();
    }
  };
  describe(`log conformance: ${name}`, () => {
    defineBasicCases(withLog);
    defineMaintenanceCases(withLog);
  });
}
