/** One protocol a member supports, in its order of preference (JoinGroup's `protocols`). */
export interface Protocol {
  readonly name: string;
  readonly metadata: Buffer;
}

/** Who sent a request: the header's client id and the peer address, as Kafka records them for a member. */
export interface RequestContext {
  /** The request header's `client.id`. */
  readonly clientId: string;
  /** The client's address as Kafka prints it (`/127.0.0.1`). */
  readonly clientHost: string;
}

/** A member as the leader sees it in its JoinGroup response. */
export interface JoinMemberInfo {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly metadata: Buffer;
}

/** The outcome of a JoinGroup (Kafka's `JoinGroupResult`). */
export interface JoinResult {
  readonly errorCode: number;
  readonly generationId: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly leader: string;
  readonly memberId: string;
  /** Every member with its metadata for the chosen protocol; only the leader gets them. */
  readonly members: readonly JoinMemberInfo[];
  /** JoinGroup v9: the leader is told who the members are but must not compute a new assignment. */
  readonly skipAssignment?: boolean;
}

/** The outcome of a SyncGroup (Kafka's `SyncGroupResult`). */
export interface SyncResult {
  readonly errorCode: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignment: Buffer;
}

/** A JoinGroup as the coordinator handles it, independent of the request version. */
export interface JoinParams {
  readonly groupId: string;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  /** KIP-394: v4+ dynamic members must first obtain a member id (MEMBER_ID_REQUIRED). */
  readonly requireKnownMemberId: boolean;
  /** KIP-814: v9+ clients understand `skipAssignment`. */
  readonly supportSkippingAssignment: boolean;
  readonly clientId: string;
  readonly clientHost: string;
  readonly rebalanceTimeoutMs: number;
  readonly sessionTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly Protocol[];
  readonly reason: string | null;
}

/** A SyncGroup as the coordinator handles it. */
export interface SyncParams {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignments: ReadonlyMap<string, Buffer>;
}

/** A topic partition named in a request. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** A committed offset as the coordinator keeps it (Kafka's `OffsetAndMetadata`). */
export interface CommittedOffset {
  readonly offset: bigint;
  /** -1 when the client gave none. */
  readonly leaderEpoch: number;
  readonly metadata: string;
  readonly commitTimestamp: number;
  /** Set only by OffsetCommit v2-v4 with an explicit retention time. */
  readonly expireTimestamp: number | null;
}

/** Zero bytes: the empty assignment or metadata (shared, never written to). */
export const EMPTY_BYTES: Buffer = Buffer.alloc(0);

/** The member id of a member that has none yet (Kafka's `JoinGroupRequest.UNKNOWN_MEMBER_ID`). */
export const UNKNOWN_MEMBER_ID = '';

/** A JoinGroup answer that carries only an error (Kafka's `JoinGroupResult(memberId, error)`). */
export function joinError(memberId: string, errorCode: number): JoinResult {
  return { errorCode, generationId: -1, protocolType: null, protocolName: null, leader: '', memberId, members: [] };
}

/** A SyncGroup answer that carries only an error. */
export function syncError(errorCode: number): SyncResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: EMPTY_BYTES };
}
