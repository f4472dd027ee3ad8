import type { ClassicGroup } from './classic-group.js';
import type { Clock } from './clock.js';
import type { CoordinatorRecord } from './coordinator-log.js';
import type { ResolvedGroupConfig } from './options.js';

/**
 * What the coordinator's logic files need from the coordinator around them: settings, time, the group
 * table, the log, and a way for timers to get back under a group's lock.
 */
export interface GroupRuntime {
  readonly config: ResolvedGroupConfig;
  readonly clock: Clock;
  /** The live group with this id, if any. */
  group(groupId: string): ClassicGroup | undefined;
  /** Creates and registers an empty group (the caller has checked there is none). */
  createGroup(groupId: string): ClassicGroup;
  /** Forgets a group that went Dead. */
  removeGroup(group: ClassicGroup): void;
  /** Appends records to the group's `__consumer_offsets` partition; rejects as the log does. */
  append(groupId: string, records: readonly CoordinatorRecord[]): Promise<void>;
  /**
   * Runs `step` later under the group's lock, only if `group` is still the live group for its id (a timer
   * of a deleted, unloaded or re-created group does nothing).
   */
  runIfLive(group: ClassicGroup, step: () => Promise<void> | void): void;
}
