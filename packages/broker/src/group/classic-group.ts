import { randomUUID } from 'node:crypto';
import type { TimerHandle } from './clock.js';
import { CONSUMER_PROTOCOL_TYPE, subscribedTopicsOf } from './consumer-protocol.js';
import { E } from './errors.js';
import { canTransition, GroupState, IllegalGroupStateError } from './group-state.js';
import type { GroupMember } from './member.js';
import { OffsetStore } from './offset-store.js';
import { joinError, syncError, type JoinMemberInfo, type JoinResult, type Protocol } from './types.js';

/** The pending "join" completion of a rebalance: Kafka's `DelayedJoin`, or `InitialDelayedJoin` for an empty group. */
export interface JoinTimer {
  readonly initial: boolean;
  readonly delayMs: number;
  /** For an initial delayed join: how much of the rebalance timeout is left to extend into. */
  readonly remainingMs: number;
  readonly handle: TimerHandle;
}

/**
 * A classic-protocol group: members, generation, chosen protocol, leader, state, and committed offsets.
 * It holds the data and the rules that only look at the group itself; the coordinator's steps (rebalance,
 * timers, persistence) act on it under the group's lock.
 *
 * Mirrors Kafka's `GroupMetadata` (`ClassicGroup` in Kafka's newer coordinator).
 */
export class ClassicGroup {
  readonly groupId: string;
  private stateValue: GroupState;
  /** When the group last changed state (ms), written to the group metadata record; `null` if unknown. */
  currentStateTimestamp: number | null;
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  /** Members in join order (the order decides the next leader when the leader leaves). */
  readonly members = new Map<string, GroupMember>();
  /** Member ids handed out with MEMBER_ID_REQUIRED whose owner has not joined with them yet. */
  readonly pendingMembers = new Set<string>();
  /** Members that got this generation's join response but have not sent SyncGroup yet. */
  readonly pendingSyncMembers = new Set<string>();
  private readonly staticMembers = new Map<string, string>();
  private readonly protocolSupport = new Map<string, number>();
  /** Set when a member joins during the first rebalance, so the initial delay extends (Kafka's `newMemberAdded`). */
  newMemberAdded = false;
  /** Topics the members subscribe to, when the group uses the consumer protocol and they could be read. */
  subscribedTopics: ReadonlySet<string> | null = null;
  readonly offsets = new OffsetStore();
  joinTimer: JoinTimer | null = null;
  syncTimer: TimerHandle | null = null;
  readonly pendingMemberTimers = new Map<string, TimerHandle>();

  constructor(groupId: string, now: number, state: GroupState = GroupState.Empty) {
    this.groupId = groupId;
    this.stateValue = state;
    this.currentStateTimestamp = now;
  }

  get state(): GroupState {
    return this.stateValue;
  }

  is(state: GroupState): boolean {
    return this.stateValue === state;
  }

  transitionTo(state: GroupState, now: number): void {
    if (!canTransition(this.stateValue, state)) throw new IllegalGroupStateError(this.groupId, this.stateValue, state);
    this.stateValue = state;
    this.currentStateTimestamp = now;
  }

  /** Whether a rebalance may start from the current state (Kafka's `canRebalance`). */
  get canRebalance(): boolean {
    return canTransition(this.stateValue, GroupState.PreparingRebalance);
  }

  get size(): number {
    return this.members.size;
  }

  has(memberId: string): boolean {
    return this.members.has(memberId);
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  isPendingMember(memberId: string): boolean {
    return this.pendingMembers.has(memberId);
  }

  hasStaticMember(instanceId: string | null): boolean {
    return instanceId !== null && this.staticMembers.has(instanceId);
  }

  staticMemberId(instanceId: string | null): string | undefined {
    return instanceId === null ? undefined : this.staticMembers.get(instanceId);
  }

  /** A known instance id mapped to another member id: the caller is a stale duplicate (FENCED_INSTANCE_ID). */
  isStaticMemberFenced(instanceId: string | null, memberId: string): boolean {
    const current = this.staticMemberId(instanceId);
    return current !== undefined && current !== memberId;
  }

  /**
   * Checks that a request comes from a current member (Kafka's `validateCurrentMember`): with an instance id,
   * that id must be known and mapped to `memberId` (else UNKNOWN_MEMBER_ID or FENCED_INSTANCE_ID); without
   * one, `memberId` must be a member. Returns the error code, or `null` when the member is valid.
   */
  validateMember(memberId: string, instanceId: string | null): number | null {
    if (instanceId !== null) {
      if (!this.hasStaticMember(instanceId)) return E.UNKNOWN_MEMBER_ID;
      if (this.isStaticMemberFenced(instanceId, memberId)) return E.FENCED_INSTANCE_ID;
      return null;
    }
    return this.has(memberId) ? null : E.UNKNOWN_MEMBER_ID;
  }

  /** A fresh member id: `clientId-<uuid>`, or `instanceId-<uuid>` for a static member, as Kafka makes them. */
  generateMemberId(clientId: string, instanceId: string | null): string {
    return `${instanceId ?? clientId}-${randomUUID()}`;
  }

  /** Adds a member; `waiter` is its JoinGroup answer if it is waiting for the rebalance. */
  add(member: GroupMember, waiter: ((r: JoinResult) => void) | null): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    if (this.leaderId === null) this.leaderId = member.memberId;
    this.members.set(member.memberId, member);
    this.countProtocols(member.protocols, 1);
    if (waiter) member.joinWaiters.push(waiter);
    this.pendingMembers.delete(member.memberId);
  }

  /** Removes a member (or a pending member id); a leaving leader passes leadership to the oldest member. */
  remove(memberId: string): GroupMember | undefined {
    const member = this.members.get(memberId);
    if (member) {
      this.members.delete(memberId);
      this.countProtocols(member.protocols, -1);
      if (member.groupInstanceId !== null && this.staticMembers.get(member.groupInstanceId) === memberId) {
        this.staticMembers.delete(member.groupInstanceId);
      }
    }
    if (this.leaderId === memberId) this.leaderId = this.members.keys().next().value ?? null;
    this.pendingMembers.delete(memberId);
    this.pendingSyncMembers.delete(memberId);
    return member;
  }

  /** Replaces a member's protocols and timeouts; `waiter` (if any) joins its waiting JoinGroup answers. */
  updateMember(
    member: GroupMember,
    protocols: readonly Protocol[],
    rebalanceTimeoutMs: number,
    sessionTimeoutMs: number,
    waiter: ((r: JoinResult) => void) | null,
  ): void {
    this.countProtocols(member.protocols, -1);
    member.protocols = protocols;
    this.countProtocols(protocols, 1);
    member.rebalanceTimeoutMs = rebalanceTimeoutMs;
    member.sessionTimeoutMs = sessionTimeoutMs;
    if (waiter) member.joinWaiters.push(waiter);
  }

  /**
   * Moves a static member to a new member id (a rejoin under the same `group.instance.id` with an unknown
   * member id). Whoever still waits under the old id is fenced at once.
   */
  replaceStaticMember(instanceId: string, oldMemberId: string, newMemberId: string): GroupMember {
    const member = this.members.get(oldMemberId);
    if (!member) throw new Error(`static member ${oldMemberId} of ${this.groupId} is not in the group`);
    this.members.delete(oldMemberId);
    member.answerJoin(joinError(oldMemberId, E.FENCED_INSTANCE_ID));
    member.answerSync(syncError(E.FENCED_INSTANCE_ID));
    member.memberId = newMemberId;
    this.members.set(newMemberId, member);
    if (this.leaderId === oldMemberId) this.leaderId = newMemberId;
    if (this.pendingSyncMembers.delete(oldMemberId)) this.pendingSyncMembers.add(newMemberId);
    this.staticMembers.set(instanceId, newMemberId);
    return member;
  }

  /**
   * Whether a member with this protocol type and these protocol names may be in the group: any non-empty
   * offer when the group is empty; otherwise the same type and at least one protocol every member supports.
   */
  supportsProtocols(protocolType: string, names: ReadonlySet<string>): boolean {
    if (this.is(GroupState.Empty)) return protocolType.length > 0 && names.size > 0;
    if (this.protocolType !== protocolType) return false;
    for (const name of names) if ((this.protocolSupport.get(name) ?? 0) === this.members.size) return true;
    return false;
  }

  /** The protocol for the next generation: among those all members support, the one most members prefer. */
  selectProtocol(): string {
    const candidates = new Set<string>();
    for (const [name, count] of this.protocolSupport) if (count === this.members.size) candidates.add(name);
    const votes = new Map<string, number>();
    for (const member of this.members.values()) {
      const vote = member.vote(candidates);
      if (vote !== undefined) votes.set(vote, (votes.get(vote) ?? 0) + 1);
    }
    let best: string | undefined;
    let bestVotes = 0;
    for (const [name, count] of votes) if (count > bestVotes) [best, bestVotes] = [name, count];
    if (best === undefined) throw new Error(`group ${this.groupId} has no protocol all members support`);
    return best;
  }

  /** The largest rebalance timeout among the members (how long a rebalance waits for rejoins). */
  get rebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  get numAwaitingJoin(): number {
    let n = 0;
    for (const m of this.members.values()) if (m.isAwaitingJoin) n++;
    return n;
  }

  /** Every member has rejoined and no member id handed out is still unused. */
  hasAllMembersJoined(): boolean {
    return this.numAwaitingJoin === this.members.size && this.pendingMembers.size === 0;
  }

  /** If the leader has not rejoined, makes the first rejoined member leader; false if nobody rejoined. */
  maybeElectNewJoinedLeader(): boolean {
    if (this.leaderId === null) return false;
    if (this.members.get(this.leaderId)?.isAwaitingJoin) return true;
    for (const member of this.members.values()) {
      if (member.isAwaitingJoin) {
        this.leaderId = member.memberId;
        return true;
      }
    }
    return false;
  }

  /** Starts the next generation: CompletingRebalance with a chosen protocol, or Empty without members. */
  initNextGeneration(now: number): void {
    this.generationId++;
    this.protocolName = this.members.size > 0 ? this.selectProtocol() : null;
    this.subscribedTopics = this.computeSubscribedTopics();
    this.transitionTo(this.members.size > 0 ? GroupState.CompletingRebalance : GroupState.Empty, now);
    this.pendingSyncMembers.clear();
  }

  /** Every member with its metadata for the chosen protocol (what the leader receives). */
  currentMemberMetadata(): JoinMemberInfo[] {
    const protocol = this.protocolName ?? '';
    return [...this.members.values()].map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadataFor(protocol) }));
  }

  /** Topics the consumer members subscribe to; `null` when unknown (not a consumer group, unreadable metadata). */
  computeSubscribedTopics(): ReadonlySet<string> | null {
    if (this.protocolType !== CONSUMER_PROTOCOL_TYPE) return null;
    if (this.members.size === 0) return new Set();
    if (this.protocolName === null) return null;
    const topics = new Set<string>();
    try {
      for (const m of this.members.values()) for (const t of subscribedTopicsOf(m.metadataFor(this.protocolName))) topics.add(t);
    } catch {
      return null;
    }
    return topics;
  }

  /** Whether the group may be consuming `topic` (unknown subscriptions count as yes). */
  isSubscribedToTopic(topic: string): boolean {
    return this.subscribedTopics === null || this.subscribedTopics.has(topic);
  }

  private countProtocols(protocols: readonly Protocol[], delta: number): void {
    for (const name of new Set(protocols.map((p) => p.name))) {
      const n = (this.protocolSupport.get(name) ?? 0) + delta;
      if (n === 0) this.protocolSupport.delete(name);
      else this.protocolSupport.set(name, n);
    }
  }
}
