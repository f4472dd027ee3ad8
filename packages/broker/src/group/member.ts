import type { TimerHandle } from './clock.js';
import { EMPTY_BYTES, type JoinResult, type Protocol, type SyncResult } from './types.js';

/** What a new member gives when it is added to a group. */
export interface MemberInit {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly rebalanceTimeoutMs: number;
  readonly sessionTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly Protocol[];
}

/**
 * One member of a classic group: its identity, timeouts, supported protocols with their metadata, its current
 * assignment, and the JoinGroup / SyncGroup requests it has waiting for an answer.
 *
 * Mirrors Kafka's `MemberMetadata`.
 */
export class GroupMember {
  /** Changes only when a static member is replaced by a rejoin under the same `group.instance.id`. */
  memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly protocolType: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  protocols: readonly Protocol[];
  assignment: Buffer = EMPTY_BYTES;
  /** Added during the current rebalance and has not received a join response yet. */
  isNew = false;
  /** Set when a heartbeat (or something equivalent) arrived in the current session window. */
  heartbeatSatisfied = false;
  heartbeatTimer: TimerHandle | null = null;
  /**
   * Answers owed to JoinGroup requests. Usually one; a client that retried after a timeout may have two,
   * and both get the same answer rather than one hanging forever.
   */
  joinWaiters: Array<(r: JoinResult) => void> = [];
  syncWaiters: Array<(r: SyncResult) => void> = [];

  constructor(init: MemberInit) {
    this.memberId = init.memberId;
    this.groupInstanceId = init.groupInstanceId;
    this.clientId = init.clientId;
    this.clientHost = init.clientHost;
    this.rebalanceTimeoutMs = init.rebalanceTimeoutMs;
    this.sessionTimeoutMs = init.sessionTimeoutMs;
    this.protocolType = init.protocolType;
    this.protocols = init.protocols;
  }

  get isStatic(): boolean {
    return this.groupInstanceId !== null;
  }

  get isAwaitingJoin(): boolean {
    return this.joinWaiters.length > 0;
  }

  get isAwaitingSync(): boolean {
    return this.syncWaiters.length > 0;
  }

  /** The metadata this member gave for `protocol` (empty if it does not support it). */
  metadataFor(protocol: string): Buffer {
    return this.protocols.find((p) => p.name === protocol)?.metadata ?? EMPTY_BYTES;
  }

  /** The member's most preferred protocol among `candidates` (Kafka's `vote`). */
  vote(candidates: ReadonlySet<string>): string | undefined {
    return this.protocols.find((p) => candidates.has(p.name))?.name;
  }

  /** Whether `protocols` are exactly the ones this member has: same names, order and metadata bytes. */
  matches(protocols: readonly Protocol[]): boolean {
    if (protocols.length !== this.protocols.length) return false;
    return protocols.every((p, i) => p.name === this.protocols[i]!.name && p.metadata.equals(this.protocols[i]!.metadata));
  }

  /**
   * Whether the member counts as alive when its session timer fires (Kafka's `hasSatisfiedHeartbeat`): a new
   * member must have been answered; a member waiting in a rebalance is alive; others need a heartbeat.
   */
  hasSatisfiedHeartbeat(): boolean {
    if (this.isNew) return this.heartbeatSatisfied;
    if (this.isAwaitingJoin || this.isAwaitingSync) return true;
    return this.heartbeatSatisfied;
  }

  /** Answers every waiting JoinGroup with `result`; returns whether there was one. */
  answerJoin(result: JoinResult): boolean {
    const waiters = this.joinWaiters;
    if (waiters.length === 0) return false;
    this.joinWaiters = [];
    for (const w of waiters) w(result);
    return true;
  }

  /** Answers every waiting SyncGroup with `result`; returns whether there was one. */
  answerSync(result: SyncResult): boolean {
    const waiters = this.syncWaiters;
    if (waiters.length === 0) return false;
    this.syncWaiters = [];
    for (const w of waiters) w(result);
    return true;
  }
}
