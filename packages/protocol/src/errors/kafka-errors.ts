import { TributaryError } from './tributary-error.js';

/*
 * Kafka's protocol error codes as of Apache Kafka 3.9 (codes -1 to 127), with the name Kafka gives each one
 * and whether Kafka's Java client treats it as retriable (its exception extends `RetriableException`).
 * Codes and names are wire facts and must never change; the messages are our own short descriptions.
 * Columns: code, name, retriable, message.
 */
const TABLE = [
  [-1, 'UNKNOWN_SERVER_ERROR', false, 'The server hit an unexpected error while processing the request.'],
  [0, 'NONE', false, 'No error.'],
  [1, 'OFFSET_OUT_OF_RANGE', false, 'The requested offset is outside the range of offsets the server holds for this partition.'],
  [2, 'CORRUPT_MESSAGE', true, 'The message failed its CRC check, has an invalid size, has a null key on a compacted topic, or is otherwise corrupt.'],
  [3, 'UNKNOWN_TOPIC_OR_PARTITION', true, 'This server does not host the requested topic-partition.'],
  [4, 'INVALID_FETCH_SIZE', false, 'The requested fetch size is not valid.'],
  [5, 'LEADER_NOT_AVAILABLE', true, 'The topic-partition has no leader at the moment, for instance during a leader election.'],
  [6, 'NOT_LEADER_OR_FOLLOWER', true, 'This broker is not the leader (for leader-only requests) or not a replica (for replica requests) of the topic-partition.'],
  [7, 'REQUEST_TIMED_OUT', true, 'The request timed out.'],
  [8, 'BROKER_NOT_AVAILABLE', false, 'The broker is not available.'],
  [9, 'REPLICA_NOT_AVAILABLE', true, 'A replica of the requested topic-partition is not available.'],
  [10, 'MESSAGE_TOO_LARGE', false, 'The request contained a message larger than the largest message the server accepts.'],
  [11, 'STALE_CONTROLLER_EPOCH', false, 'The controller has moved to another broker.'],
  [12, 'OFFSET_METADATA_TOO_LARGE', false, 'The metadata string of the offset commit is too large.'],
  [13, 'NETWORK_EXCEPTION', true, 'The connection was closed before a response arrived.'],
  [14, 'COORDINATOR_LOAD_IN_PROGRESS', true, 'The coordinator is still loading its state and cannot serve requests yet.'],
  [15, 'COORDINATOR_NOT_AVAILABLE', true, 'The coordinator is not available.'],
  [16, 'NOT_COORDINATOR', true, 'This broker is not the coordinator for the group or transactional id.'],
  [17, 'INVALID_TOPIC_EXCEPTION', false, 'The request tried to operate on an invalid topic.'],
  [18, 'RECORD_LIST_TOO_LARGE', false, 'The request contained a batch larger than the segment size configured on the server.'],
  [19, 'NOT_ENOUGH_REPLICAS', true, 'The records were rejected because fewer replicas are in sync than required.'],
  [20, 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', true, 'The records were written, but to fewer in-sync replicas than required.'],
  [21, 'INVALID_REQUIRED_ACKS', false, 'The produce request asked for an invalid number of acknowledgements.'],
  [22, 'ILLEGAL_GENERATION', false, 'The group generation id given is not the current one.'],
  [23, 'INCONSISTENT_GROUP_PROTOCOL', false, 'The member\'s protocols do not match those of the group, or the first member joined with an empty protocol type or list.'],
  [24, 'INVALID_GROUP_ID', false, 'The group id is not valid.'],
  [25, 'UNKNOWN_MEMBER_ID', false, 'The coordinator does not know this member.'],
  [26, 'INVALID_SESSION_TIMEOUT', false, 'The session timeout is outside the range allowed by group.min.session.timeout.ms and group.max.session.timeout.ms.'],
  [27, 'REBALANCE_IN_PROGRESS', false, 'The group is rebalancing; the member has to rejoin.'],
  [28, 'INVALID_COMMIT_OFFSET_SIZE', false, 'The size of the offset commit data is not valid.'],
  [29, 'TOPIC_AUTHORIZATION_FAILED', false, 'Not authorized to access the topic.'],
  [30, 'GROUP_AUTHORIZATION_FAILED', false, 'Not authorized to access the group.'],
  [31, 'CLUSTER_AUTHORIZATION_FAILED', false, 'Not authorized for this cluster operation.'],
  [32, 'INVALID_TIMESTAMP', false, 'The message timestamp is outside the accepted range.'],
  [33, 'UNSUPPORTED_SASL_MECHANISM', false, 'The broker does not offer the requested SASL mechanism.'],
  [34, 'ILLEGAL_SASL_STATE', false, 'The request is not allowed in the current state of SASL authentication.'],
  [35, 'UNSUPPORTED_VERSION', false, 'This version of the API is not supported.'],
  [36, 'TOPIC_ALREADY_EXISTS', false, 'A topic with this name already exists.'],
  [37, 'INVALID_PARTITIONS', false, 'The number of partitions is not valid (below 1).'],
  [38, 'INVALID_REPLICATION_FACTOR', false, 'The replication factor is below 1 or exceeds the number of available brokers.'],
  [39, 'INVALID_REPLICA_ASSIGNMENT', false, 'The replica assignment is not valid.'],
  [40, 'INVALID_CONFIG', false, 'The configuration is not valid.'],
  [41, 'NOT_CONTROLLER', true, 'This broker is not the active controller of the cluster.'],
  [42, 'INVALID_REQUEST', false, 'The request is malformed, usually a client library bug or a request sent to an incompatible broker; the broker log has details.'],
  [43, 'UNSUPPORTED_FOR_MESSAGE_FORMAT', false, 'The broker\'s message format version does not support this request.'],
  [44, 'POLICY_VIOLATION', false, 'The request parameters break a policy configured on the broker.'],
  [45, 'OUT_OF_ORDER_SEQUENCE_NUMBER', false, 'The broker received a producer sequence number out of order.'],
  [46, 'DUPLICATE_SEQUENCE_NUMBER', false, 'The broker received a duplicate producer sequence number.'],
  [47, 'INVALID_PRODUCER_EPOCH', false, 'The producer used an epoch older than the current one.'],
  [48, 'INVALID_TXN_STATE', false, 'The transactional operation is not allowed in the transaction\'s current state.'],
  [49, 'INVALID_PRODUCER_ID_MAPPING', false, 'The producer id is not the one currently assigned to this transactional id.'],
  [50, 'INVALID_TRANSACTION_TIMEOUT', false, 'The transaction timeout exceeds the broker\'s transaction.max.timeout.ms.'],
  [51, 'CONCURRENT_TRANSACTIONS', true, 'Another operation on the same transaction is still in progress.'],
  [52, 'TRANSACTION_COORDINATOR_FENCED', false, 'The transaction coordinator that sent the marker is no longer the coordinator for this producer.'],
  [53, 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', false, 'Not authorized to use the transactional id.'],
  [54, 'SECURITY_DISABLED', false, 'Security features are disabled on the broker.'],
  [55, 'OPERATION_NOT_ATTEMPTED', false, 'The broker skipped this operation because another operation of the same batched request failed.'],
  [56, 'KAFKA_STORAGE_ERROR', true, 'A disk error occurred while accessing the log.'],
  [57, 'LOG_DIR_NOT_FOUND', false, 'The requested log directory is not among the broker\'s configured directories.'],
  [58, 'SASL_AUTHENTICATION_FAILED', false, 'SASL authentication failed.'],
  [59, 'UNKNOWN_PRODUCER_ID', false, 'The broker has no state for this producer id, for instance because its records expired.'],
  [60, 'REASSIGNMENT_IN_PROGRESS', false, 'A partition reassignment is in progress.'],
  [61, 'DELEGATION_TOKEN_AUTH_DISABLED', false, 'Delegation tokens are not enabled.'],
  [62, 'DELEGATION_TOKEN_NOT_FOUND', false, 'The delegation token does not exist on the server.'],
  [63, 'DELEGATION_TOKEN_OWNER_MISMATCH', false, 'The principal is not a valid owner or renewer of the delegation token.'],
  [64, 'DELEGATION_TOKEN_REQUEST_NOT_ALLOWED', false, 'Delegation token requests are not allowed on plaintext or one-way SSL channels, nor over token-authenticated connections.'],
  [65, 'DELEGATION_TOKEN_AUTHORIZATION_FAILED', false, 'Not authorized for this delegation token operation.'],
  [66, 'DELEGATION_TOKEN_EXPIRED', false, 'The delegation token has expired.'],
  [67, 'INVALID_PRINCIPAL_TYPE', false, 'The principal type is not supported.'],
  [68, 'NON_EMPTY_GROUP', false, 'The group still has members.'],
  [69, 'GROUP_ID_NOT_FOUND', false, 'The group does not exist.'],
  [70, 'FETCH_SESSION_ID_NOT_FOUND', true, 'The fetch session id is unknown.'],
  [71, 'INVALID_FETCH_SESSION_EPOCH', true, 'The fetch session epoch is not the expected one.'],
  [72, 'LISTENER_NOT_FOUND', true, 'The leader has no listener matching the one the metadata request arrived on.'],
  [73, 'TOPIC_DELETION_DISABLED', false, 'Topic deletion is disabled on the broker.'],
  [74, 'FENCED_LEADER_EPOCH', true, 'The leader epoch in the request is older than the broker\'s.'],
  [75, 'UNKNOWN_LEADER_EPOCH', true, 'The leader epoch in the request is newer than the broker\'s.'],
  [76, 'UNSUPPORTED_COMPRESSION_TYPE', false, 'The client does not support the compression type used by the partition.'],
  [77, 'STALE_BROKER_EPOCH', false, 'The broker epoch has changed.'],
  [78, 'OFFSET_NOT_AVAILABLE', true, 'The new leader\'s high watermark has not caught up yet, so offsets could go backwards.'],
  [79, 'MEMBER_ID_REQUIRED', false, 'The member must obtain a member id before joining the group; rejoin with the id given.'],
  [80, 'PREFERRED_LEADER_NOT_AVAILABLE', true, 'The preferred leader is not available.'],
  [81, 'GROUP_MAX_SIZE_REACHED', false, 'The group already has the maximum number of members.'],
  [82, 'FENCED_INSTANCE_ID', false, 'Another member with the same group.instance.id registered under a different member id.'],
  [83, 'ELIGIBLE_LEADERS_NOT_AVAILABLE', true, 'No eligible leader is available for the topic-partition.'],
  [84, 'ELECTION_NOT_NEEDED', true, 'The topic-partition does not need a leader election.'],
  [85, 'NO_REASSIGNMENT_IN_PROGRESS', false, 'No partition reassignment is in progress.'],
  [86, 'GROUP_SUBSCRIBED_TO_TOPIC', false, 'Offsets of a topic cannot be deleted while the group is subscribed to it.'],
  [87, 'INVALID_RECORD', false, 'The broker rejected the record because it failed validation.'],
  [88, 'UNSTABLE_OFFSET_COMMIT', true, 'Pending transactional offsets must be resolved first.'],
  [89, 'THROTTLING_QUOTA_EXCEEDED', true, 'The throttling quota was exceeded.'],
  [90, 'PRODUCER_FENCED', false, 'A newer producer with the same transactional id has fenced this one.'],
  [91, 'RESOURCE_NOT_FOUND', false, 'The request referred to a resource that does not exist.'],
  [92, 'DUPLICATE_RESOURCE', false, 'The request referred to the same resource twice.'],
  [93, 'UNACCEPTABLE_CREDENTIAL', false, 'The requested credential does not meet the acceptance criteria.'],
  [94, 'INCONSISTENT_VOTER_SET', false, 'The sender or receiver of a voter-only request is not one of the expected voters.'],
  [95, 'INVALID_UPDATE_VERSION', false, 'The update version is not valid.'],
  [96, 'FEATURE_UPDATE_FAILED', false, 'The finalized features could not be updated because of an unexpected server error.'],
  [97, 'PRINCIPAL_DESERIALIZATION_FAILURE', false, 'The forwarded request principal could not be deserialized, a broker security setup error.'],
  [98, 'SNAPSHOT_NOT_FOUND', false, 'The requested snapshot does not exist.'],
  [99, 'POSITION_OUT_OF_RANGE', false, 'The requested position is negative or beyond the end of the snapshot.'],
  [100, 'UNKNOWN_TOPIC_ID', true, 'This server does not host a topic with this id.'],
  [101, 'DUPLICATE_BROKER_REGISTRATION', false, 'This broker id is already registered.'],
  [102, 'BROKER_ID_NOT_REGISTERED', false, 'This broker id is not registered.'],
  [103, 'INCONSISTENT_TOPIC_ID', true, 'The topic id in the request differs from the topic id of the log.'],
  [104, 'INCONSISTENT_CLUSTER_ID', false, 'The cluster id in the request differs from the server\'s.'],
  [105, 'TRANSACTIONAL_ID_NOT_FOUND', false, 'The transactional id does not exist.'],
  [106, 'FETCH_SESSION_TOPIC_ID_ERROR', true, 'The fetch session used topic ids inconsistently.'],
  [107, 'INELIGIBLE_REPLICA', false, 'The proposed ISR contains a replica that is not eligible.'],
  [108, 'NEW_LEADER_ELECTED', false, 'The partition state was updated, but a new leader has been elected meanwhile.'],
  [109, 'OFFSET_MOVED_TO_TIERED_STORAGE', false, 'The requested offset now lives in tiered storage.'],
  [110, 'FENCED_MEMBER_EPOCH', false, 'The member epoch is fenced; the member must give up its partitions and rejoin.'],
  [111, 'UNRELEASED_INSTANCE_ID', false, 'The instance id is still held by another member, which must leave first.'],
  [112, 'UNSUPPORTED_ASSIGNOR', false, 'The group does not support this assignor or its version range.'],
  [113, 'STALE_MEMBER_EPOCH', false, 'The member epoch is stale; retry once the heartbeat has returned the current epoch.'],
  [114, 'MISMATCHED_ENDPOINT_TYPE', false, 'The request reached an endpoint of the wrong type.'],
  [115, 'UNSUPPORTED_ENDPOINT_TYPE', false, 'This endpoint type is not supported yet.'],
  [116, 'UNKNOWN_CONTROLLER_ID', false, 'The controller id is unknown.'],
  [117, 'UNKNOWN_SUBSCRIPTION_ID', false, 'The telemetry push used an unknown or outdated subscription id.'],
  [118, 'TELEMETRY_TOO_LARGE', false, 'The telemetry push is larger than the broker accepts.'],
  [119, 'INVALID_REGISTRATION', false, 'The controller considers the broker registration invalid.'],
  [120, 'TRANSACTION_ABORTABLE', false, 'The transaction hit an error; abort it to keep using this transactional id.'],
  [121, 'INVALID_RECORD_STATE', false, 'The record is in a state that does not allow the delivery acknowledgement.'],
  [122, 'SHARE_SESSION_NOT_FOUND', true, 'The share session does not exist.'],
  [123, 'INVALID_SHARE_SESSION_EPOCH', true, 'The share session epoch is not the expected one.'],
  [124, 'FENCED_STATE_EPOCH', false, 'The share coordinator rejected the request because the share-group state epoch does not match.'],
  [125, 'INVALID_VOTER_KEY', false, 'The voter key does not match the key of the receiving replica.'],
  [126, 'DUPLICATE_VOTER', false, 'The voter is already in the voter set.'],
  [127, 'VOTER_NOT_FOUND', false, 'The voter is not in the voter set.'],
] as const;

type Row = (typeof TABLE)[number];

/** The name of a Kafka error code, as Kafka spells it (`UNKNOWN_TOPIC_OR_PARTITION`). */
export type KafkaErrorName = Row[1];

/** One entry of Kafka's error table. */
export interface KafkaErrorInfo {
  /** The int16 code carried on the wire. */
  readonly code: number;
  /** Kafka's name for it; `UNKNOWN_ERROR_CODE` for a code this table does not know. */
  readonly name: KafkaErrorName | 'UNKNOWN_ERROR_CODE';
  /** Whether Kafka's Java client treats it as retriable (the same request may succeed later). */
  readonly retriable: boolean;
  /** A short description. */
  readonly message: string;
}

/**
 * Kafka's protocol error codes by name: `KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION === 3`.
 *
 * Mirrors Kafka's `org.apache.kafka.common.protocol.Errors` (as of Kafka 3.9). Handlers return these codes
 * in responses; they are data, not exceptions.
 *
 * @example
 * ```ts
 * if (partitionResponse.errorCode === KafkaErrorCode.NOT_LEADER_OR_FOLLOWER) refreshMetadata();
 * ```
 */
export const KafkaErrorCode = Object.freeze(Object.fromEntries(TABLE.map(([code, name]) => [name, code]))) as {
  readonly [R in Row as R[1]]: R[0];
};

/** Every known Kafka error, in code order (including `NONE`). */
export const allKafkaErrors: readonly KafkaErrorInfo[] = Object.freeze(
  TABLE.map(([code, name, retriable, message]) => Object.freeze({ code, name, retriable, message })),
);

const byCode = new Map<number, KafkaErrorInfo>(allKafkaErrors.map((e) => [e.code, e]));

/**
 * The table entry for a Kafka error code. A code this table does not know (for instance one added by a
 * newer Kafka) yields an entry named `UNKNOWN_ERROR_CODE`, not retriable, keeping the code itself.
 *
 * Mirrors Kafka's `Errors.forCode`, except that Kafka maps unknown codes to `UNKNOWN_SERVER_ERROR`.
 */
export function kafkaErrorByCode(code: number): KafkaErrorInfo {
  return byCode.get(code) ?? { code, name: 'UNKNOWN_ERROR_CODE', retriable: false, message: `Unknown Kafka error code ${code}.` };
}

/**
 * A Kafka error code received in a response, raised as an exception by client code that cannot continue.
 *
 * Mirrors Kafka's `ApiException` family; `retriable` tells whether retrying the same request may succeed.
 *
 * @example
 * ```ts
 * if (res.errorCode !== KafkaErrorCode.NONE) throw new KafkaProtocolError(res.errorCode, res.errorMessage);
 * ```
 */
export class KafkaProtocolError extends TributaryError {
  static readonly CODE = 'KAFKA_ERROR';
  /** The Kafka error code. */
  readonly errorCode: number;
  /** Kafka's name for the code. */
  readonly errorName: KafkaErrorInfo['name'];
  /** Whether the same request may succeed if retried. */
  readonly retriable: boolean;

  /**
   * @param errorCode - the code from the response
   * @param detail - a server-provided message (e.g. a response's `errorMessage`); the table's text if absent
   */
  constructor(errorCode: number, detail?: string | null, options?: { cause?: unknown }) {
    const info = kafkaErrorByCode(errorCode);
    super(KafkaProtocolError.CODE, `${info.name} (${errorCode}): ${detail ?? info.message}`, options);
    this.errorCode = errorCode;
    this.errorName = info.name;
    this.retriable = info.retriable;
  }
}
