import type { ClassicGroup } from './classic-group.js';
import type { TimerHandle } from './clock.js';
import { E } from './errors.js';
import { GroupState } from './group-state.js';
import type { GroupMember } from './member.js';
import { groupMetadataRecord } from './records.js';
import type { GroupRuntime } from './runtime.js';
import { EMPTY_BYTES, joinError, syncError, type JoinResult } from './types.js';

/**
 * How long a new member's JoinGroup may wait in a rebalance before the member is dropped (Kafka's
 * `NewMemberJoinTimeoutMs`): a client that disconnected while waiting would otherwise linger as a member.
 */
export const NEW_MEMBER_JOIN_TIMEOUT_MS = 300_000;

/**
 * The rebalance machinery shared by the request handlers: starting a rebalance, completing the join phase,
 * session and pending-member timeouts, the pending-sync timeout, and distributing assignments. Every method
 * runs under the group's lock.
 *
 * Mirrors the rebalance half of Kafka's `GroupCoordinator` with its `DelayedJoin`, `InitialDelayedJoin`,
 * `DelayedHeartbeat` and `DelayedSync` operations.
 */
export class Rebalancer {
  constructor(private readonly rt: GroupRuntime) {}

  private now(): number {
    return this.rt.clock.now();
  }

  private timer(group: ClassicGroup, delayMs: number, fn: () => Promise<void> | void): TimerHandle {
    return this.rt.clock.setTimer(delayMs, () => this.rt.runIfLive(group, fn));
  }

  /** Starts a rebalance if the group's state allows one. */
  async maybePrepareRebalance(group: ClassicGroup): Promise<void> {
    if (group.canRebalance) await this.prepareRebalance(group);
  }

  /**
   * Moves the group to PreparingRebalance. Members waiting for a SyncGroup answer get REBALANCE_IN_PROGRESS.
   * An empty group waits `group.initial.rebalance.delay.ms` for more members (extended while they keep
   * coming, within the rebalance timeout); otherwise the join completes when all members rejoined or the
   * rebalance timeout passed.
   */
  async prepareRebalance(group: ClassicGroup): Promise<void> {
    if (group.is(GroupState.CompletingRebalance)) this.resetAndPropagateAssignmentError(group, E.REBALANCE_IN_PROGRESS);
    this.cancelSyncTimer(group);
    group.pendingSyncMembers.clear();
    const delay = this.rt.config.initialRebalanceDelayMs;
    const fromEmpty = group.is(GroupState.Empty);
    const remaining = Math.max(group.rebalanceTimeoutMs - delay, 0);
    group.transitionTo(GroupState.PreparingRebalance, this.now());
    if (!fromEmpty) await this.watchJoin(group);
    else if (delay > 0) this.scheduleInitialJoin(group, delay, remaining);
    // A zero initial delay expires at once, whoever else holds a member id (Kafka's InitialDelayedJoin never
    // completes early, and with no delay its expiry is immediate).
    else await this.completeJoin(group);
  }

  private scheduleInitialJoin(group: ClassicGroup, delayMs: number, remainingMs: number): void {
    const handle = this.timer(group, delayMs, () => this.onJoinTimer(group, handle));
    group.joinTimer = { initial: true, delayMs, remainingMs, handle };
  }

  /** Completes the join now if everyone is in, else waits up to the rebalance timeout (Kafka's `DelayedJoin`). */
  private async watchJoin(group: ClassicGroup): Promise<void> {
    if (group.hasAllMembersJoined()) {
      await this.completeJoin(group);
      return;
    }
    const delayMs = group.rebalanceTimeoutMs;
    const handle = this.timer(group, delayMs, () => this.onJoinTimer(group, handle));
    group.joinTimer = { initial: false, delayMs, remainingMs: 0, handle };
  }

  private async onJoinTimer(group: ClassicGroup, handle: TimerHandle): Promise<void> {
    const t = group.joinTimer;
    if (t === null || t.handle !== handle) return;
    group.joinTimer = null;
    if (t.initial && group.newMemberAdded && t.remainingMs !== 0) {
      group.newMemberAdded = false;
      const delay = Math.min(this.rt.config.initialRebalanceDelayMs, t.remainingMs);
      this.scheduleInitialJoin(group, delay, Math.max(t.remainingMs - t.delayMs, 0));
      return;
    }
    await this.completeJoin(group);
  }

  /**
   * Re-checks a rebalance after a member joined, left, or a pending member id expired: with everyone in, the
   * join phase completes at once. The initial delay is never cut short (Kafka's `InitialDelayedJoin`).
   */
  async checkJoin(group: ClassicGroup): Promise<void> {
    const t = group.joinTimer;
    if (t === null || t.initial || !group.is(GroupState.PreparingRebalance) || !group.hasAllMembersJoined()) return;
    t.handle.cancel();
    group.joinTimer = null;
    await this.completeJoin(group);
  }

  /**
   * Ends the join phase (Kafka's `onCompleteJoin`): dynamic members that did not rejoin are dropped, a leader
   * is picked among those who did, and the next generation starts. Everyone waiting gets its JoinGroup answer
   * (the leader with all members' metadata) and has a SyncGroup to send within the rebalance timeout. With no
   * members left the group becomes Empty, which is recorded in the log.
   */
  async completeJoin(group: ClassicGroup): Promise<void> {
    if (!group.is(GroupState.PreparingRebalance)) return;
    for (const member of [...group.members.values()]) {
      if (!member.isAwaitingJoin && !member.isStatic) this.dropMember(group, member, E.UNKNOWN_MEMBER_ID);
    }
    if (!group.maybeElectNewJoinedLeader() && group.size > 0) {
      // Nobody rejoined: wait another rebalance timeout while session timeouts remove the silent members.
      await this.watchJoin(group);
      return;
    }
    group.initNextGeneration(this.now());
    if (group.is(GroupState.Empty)) {
      // Like Kafka, a failed write here is tolerated: an empty generation has nobody to tell.
      await this.storeGroup(group, new Map()).catch(() => undefined);
      return;
    }
    for (const member of group.members.values()) {
      member.answerJoin(this.currentGenerationResult(group, member));
      this.scheduleHeartbeat(group, member);
      member.isNew = false;
      group.pendingSyncMembers.add(member.memberId);
    }
    this.schedulePendingSync(group);
  }

  /** The JoinGroup answer of the current generation for `member` (all members' metadata for the leader only). */
  currentGenerationResult(group: ClassicGroup, member: GroupMember): JoinResult {
    return {
      errorCode: E.NONE,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leader: group.leaderId ?? '',
      memberId: member.memberId,
      members: group.isLeader(member.memberId) ? group.currentMemberMetadata() : [],
    };
  }

  /** Appends the group's metadata record with `assignment` (Kafka's `storeGroup`); rejects if the append fails. */
  async storeGroup(group: ClassicGroup, assignment: ReadonlyMap<string, Buffer>): Promise<void> {
    await this.rt.append(group.groupId, [groupMetadataRecord(group, assignment, this.now())]);
  }

  /**
   * Expects a heartbeat from `member` within `timeoutMs` (its session timeout by default); without one the
   * member is removed and the group rebalances. Members waiting in a rebalance are not expired.
   */
  scheduleHeartbeat(group: ClassicGroup, member: GroupMember, timeoutMs: number = member.sessionTimeoutMs): void {
    member.heartbeatTimer?.cancel();
    member.heartbeatSatisfied = false;
    member.heartbeatTimer = this.timer(group, timeoutMs, () => this.onHeartbeatExpired(group, member));
  }

  private async onHeartbeatExpired(group: ClassicGroup, member: GroupMember): Promise<void> {
    if (group.members.get(member.memberId) !== member) return;
    member.heartbeatTimer = null;
    if (!member.hasSatisfiedHeartbeat()) await this.removeMemberAndUpdateGroup(group, member);
  }

  /** Removes a member without further consequence: answers whatever it waits for, stops its timer. */
  dropMember(group: ClassicGroup, member: GroupMember, errorCode: number): void {
    member.answerJoin(joinError('', errorCode));
    member.answerSync(syncError(errorCode));
    member.heartbeatTimer?.cancel();
    member.heartbeatTimer = null;
    group.remove(member.memberId);
  }

  /**
   * Removes a member that left or expired and lets the group react (Kafka's `removeMemberAndUpdateGroup`):
   * a stable or completing group rebalances; a rebalancing one may now be complete.
   */
  async removeMemberAndUpdateGroup(group: ClassicGroup, member: GroupMember): Promise<void> {
    this.dropMember(group, member, E.UNKNOWN_MEMBER_ID);
    if (group.is(GroupState.Stable) || group.is(GroupState.CompletingRebalance)) await this.maybePrepareRebalance(group);
    else if (group.is(GroupState.PreparingRebalance)) await this.checkJoin(group);
  }

  /** Gives a member id handed out with MEMBER_ID_REQUIRED a session timeout to come back with. */
  addPendingMember(group: ClassicGroup, memberId: string, sessionTimeoutMs: number): void {
    group.pendingMembers.add(memberId);
    group.pendingMemberTimers.get(memberId)?.cancel();
    const handle = this.timer(group, sessionTimeoutMs, async () => {
      if (group.pendingMemberTimers.get(memberId) !== handle) return;
      if (group.isPendingMember(memberId)) await this.removePendingMember(group, memberId);
    });
    group.pendingMemberTimers.set(memberId, handle);
  }

  /** Stops waiting for a pending member id (it joined, left, or expired). */
  clearPendingMemberTimer(group: ClassicGroup, memberId: string): void {
    group.pendingMemberTimers.get(memberId)?.cancel();
    group.pendingMemberTimers.delete(memberId);
  }

  /** Forgets a pending member id; a rebalance waiting for it may complete (Kafka's `removePendingMemberAndUpdateGroup`). */
  async removePendingMember(group: ClassicGroup, memberId: string): Promise<void> {
    this.clearPendingMemberTimer(group, memberId);
    group.remove(memberId);
    if (group.is(GroupState.PreparingRebalance)) await this.checkJoin(group);
  }

  /** Members that do not send SyncGroup within the rebalance timeout are removed (Kafka's `DelayedSync`). */
  private schedulePendingSync(group: ClassicGroup): void {
    this.cancelSyncTimer(group);
    const generation = group.generationId;
    const handle = this.timer(group, group.rebalanceTimeoutMs, async () => {
      if (group.syncTimer !== handle) return;
      group.syncTimer = null;
      if (generation !== group.generationId || group.pendingSyncMembers.size === 0) return;
      if (!group.is(GroupState.CompletingRebalance) && !group.is(GroupState.Stable)) return;
      for (const memberId of [...group.pendingSyncMembers]) {
        const member = group.members.get(memberId);
        if (member) this.dropMember(group, member, E.UNKNOWN_MEMBER_ID);
        else group.pendingSyncMembers.delete(memberId);
      }
      await this.prepareRebalance(group);
    });
    group.syncTimer = handle;
  }

  /** A member's SyncGroup arrived; once every member's has, the pending-sync timeout is moot. */
  removePendingSyncMember(group: ClassicGroup, memberId: string): void {
    group.pendingSyncMembers.delete(memberId);
    if (group.pendingSyncMembers.size === 0) this.cancelSyncTimer(group);
  }

  private cancelSyncTimer(group: ClassicGroup): void {
    group.syncTimer?.cancel();
    group.syncTimer = null;
  }

  /** Gives every member its assignment and answers the waiting SyncGroups (Kafka's `setAndPropagateAssignment`). */
  setAndPropagateAssignment(group: ClassicGroup, assignment: ReadonlyMap<string, Buffer>): void {
    for (const m of group.members.values()) m.assignment = assignment.get(m.memberId) ?? EMPTY_BYTES;
    this.propagateAssignment(group, E.NONE);
  }

  /** Clears assignments and answers the waiting SyncGroups with `errorCode`. */
  resetAndPropagateAssignmentError(group: ClassicGroup, errorCode: number): void {
    for (const m of group.members.values()) m.assignment = EMPTY_BYTES;
    this.propagateAssignment(group, errorCode);
  }

  private propagateAssignment(group: ClassicGroup, errorCode: number): void {
    const ok = errorCode === E.NONE;
    for (const m of group.members.values()) {
      const answered = m.answerSync({
        errorCode,
        protocolType: ok ? group.protocolType : null,
        protocolName: ok ? group.protocolName : null,
        assignment: m.assignment,
      });
      // The session restarts once the member has its answer: an expiry that hit while it waited was ignored.
      if (answered) this.scheduleHeartbeat(group, m);
    }
  }

  /** Stops every timer of a group that is going away. */
  retire(group: ClassicGroup): void {
    group.joinTimer?.handle.cancel();
    group.joinTimer = null;
    this.cancelSyncTimer(group);
    for (const t of group.pendingMemberTimers.values()) t.cancel();
    group.pendingMemberTimers.clear();
    for (const m of group.members.values()) {
      m.heartbeatTimer?.cancel();
      m.heartbeatTimer = null;
    }
  }
}
