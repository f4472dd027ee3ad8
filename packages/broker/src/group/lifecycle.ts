import type { ClassicGroup } from './classic-group.js';
import { E } from './errors.js';
import { GroupState } from './group-state.js';
import { expiredOffsets, removeOffsetsAndMaybeGroup } from './offsets.js';
import type { Rebalancer } from './rebalance.js';
import type { GroupRuntime } from './runtime.js';
import { joinError, syncError } from './types.js';

/**
 * A group just rebuilt from the log (Kafka's `onGroupLoaded`): its members must heartbeat within their session
 * timeout to stay; a group over `group.max.size` rebalances, giving its consumers a chance to commit first.
 */
export async function onGroupLoaded(rt: GroupRuntime, rb: Rebalancer, group: ClassicGroup): Promise<void> {
  if (group.size > rt.config.maxSize) await rb.prepareRebalance(group);
  for (const m of group.members.values()) rb.scheduleHeartbeat(group, m);
}

/**
 * A group whose partition this broker no longer coordinates (Kafka's `onGroupUnloaded`): it goes Dead, and
 * whoever waits in JoinGroup or SyncGroup hears NOT_COORDINATOR and looks for the new coordinator.
 */
export function onGroupUnloaded(rt: GroupRuntime, rb: Rebalancer, group: ClassicGroup): void {
  group.transitionTo(GroupState.Dead, rt.clock.now());
  for (const m of group.members.values()) {
    m.answerJoin(joinError(m.memberId, E.NOT_COORDINATOR));
    m.answerSync(syncError(E.NOT_COORDINATOR));
  }
  rb.retire(group);
  rt.removeGroup(group);
}

/**
 * One group's share of the periodic cleanup (Kafka's `cleanupGroupMetadata` with `removeExpiredOffsets`):
 * expired offsets get tombstones, and an empty group left without offsets goes. Returns how many offsets
 * were removed; rejects if the append fails.
 */
export async function expireGroup(rt: GroupRuntime, rb: Rebalancer, group: ClassicGroup): Promise<number> {
  const expired = expiredOffsets(group, rt.clock.now(), rt.config.offsetsRetentionMs);
  if (expired.length === 0 && !(group.is(GroupState.Empty) && group.offsets.size === 0)) return 0;
  return removeOffsetsAndMaybeGroup(rt, rb, group, expired);
}
