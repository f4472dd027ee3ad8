import type { TopicPartition, TopicPartitionOffset } from './records.js';

/** A topic to create (Kafka's `NewTopic`). */
export interface NewTopic {
  readonly name: string;
  /** Default: the broker's `num.partitions`. */
  readonly numPartitions?: number;
  /** Default: the broker's `default.replication.factor`. */
  readonly replicationFactor?: number;
  /** Topic config overrides, e.g. `{ 'cleanup.policy': 'compact' }`. */
  readonly configs?: Readonly<Record<string, string>>;
}

/** One partition of a described topic (Kafka's `TopicPartitionInfo`). */
export interface TopicPartitionInfo {
  readonly partition: number;
  /** The leader's node id, `-1` when there is none. */
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

/** A described topic (Kafka's `TopicDescription`). */
export interface TopicDescription {
  readonly name: string;
  readonly internal: boolean;
  /** In partition order; `partitions.length` is the partition count. */
  readonly partitions: readonly TopicPartitionInfo[];
}

/** The kinds of config resource the contract covers (Kafka's `ConfigResource.Type`). */
export type ConfigResourceType = 'topic' | 'broker';

/** A config resource (Kafka's `ConfigResource`); a broker is named by its node id, `''` for the cluster default. */
export interface ConfigResource {
  readonly type: ConfigResourceType;
  readonly name: string;
}

/** Kafka's `ConfigEntry.ConfigSource`, as Kafka names it. */
export type ConfigSource =
  | 'DYNAMIC_TOPIC_CONFIG'
  | 'DYNAMIC_BROKER_LOGGER_CONFIG'
  | 'DYNAMIC_BROKER_CONFIG'
  | 'DYNAMIC_DEFAULT_BROKER_CONFIG'
  | 'STATIC_BROKER_CONFIG'
  | 'DEFAULT_CONFIG'
  | 'UNKNOWN';

/** One config of a resource (Kafka's `ConfigEntry`). */
export interface ConfigEntry {
  readonly name: string;
  /** `null` for sensitive values and unset configs. */
  readonly value: string | null;
  readonly source: ConfigSource;
  readonly isDefault: boolean;
  readonly isReadOnly: boolean;
  readonly isSensitive: boolean;
}

/** One change of {@link Admin.incrementalAlterConfigs} (Kafka's `AlterConfigOp`). */
export interface AlterConfigOp {
  readonly name: string;
  /** `SET` a value, `DELETE` the override (back to the default). */
  readonly op: 'SET' | 'DELETE';
  /** Required for `SET`. */
  readonly value?: string;
}

/** What offset {@link Admin.listOffsets} looks up (Kafka's `OffsetSpec`). */
export type OffsetSpec = 'earliest' | 'latest' | { readonly timestamp: number };

/** The answer of {@link Admin.listOffsets} for one partition (Kafka's `ListOffsetsResultInfo`). */
export interface ListOffsetsResult extends TopicPartition {
  /** The offset; `-1` when no record has a timestamp at or after the one asked for. */
  readonly offset: number;
  /** The timestamp of that record; `-1` for `earliest`/`latest`. */
  readonly timestamp: number;
}

/** A consumer group as listed (Kafka's `ConsumerGroupListing`). */
export interface GroupListing {
  readonly groupId: string;
  readonly protocolType: string;
  /** `Stable`, `Empty`, ... when the broker tells (ListGroups v4+), else `null`. */
  readonly state: string | null;
}

/** One member of a described group (Kafka's `MemberDescription`). */
export interface MemberDescription {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly host: string;
  /** The member's partitions, decoded from its ConsumerProtocolAssignment (empty for other protocol types). */
  readonly assignment: readonly TopicPartition[];
}

/** A described consumer group (Kafka's `ConsumerGroupDescription`). */
export interface GroupDescription {
  readonly groupId: string;
  /** `Stable`, `Empty`, `PreparingRebalance`, `CompletingRebalance`, `Dead`. */
  readonly state: string;
  readonly protocolType: string;
  /** The chosen assignor, `''` when none. */
  readonly protocol: string;
  readonly members: readonly MemberDescription[];
}

/**
 * Administers topics, configs, offsets and groups (Kafka's `Admin`). Every method rejects with a
 * `KafkaProtocolError` carrying Kafka's code on failure (e.g. TOPIC_ALREADY_EXISTS, UNKNOWN_TOPIC_OR_PARTITION).
 *
 * @example
 * ```ts
 * const admin = transport.admin();
 * await admin.createTopics([{ name: 'orders', numPartitions: 3 }]);
 * const [d] = await admin.describeTopics(['orders']);
 * console.log(d.partitions.length); // 3
 * ```
 */
export interface Admin {
  /** Kafka's `createTopics`; resolves when every topic exists. */
  createTopics(topics: readonly NewTopic[]): Promise<void>;
  /** Kafka's `deleteTopics`. */
  deleteTopics(names: readonly string[]): Promise<void>;
  /** Topic names (Kafka's `listTopics`); internal topics only with `listInternal`. */
  listTopics(options?: { readonly listInternal?: boolean }): Promise<string[]>;
  /** Kafka's `describeTopics`, in the order asked; UNKNOWN_TOPIC_OR_PARTITION for a missing topic. */
  describeTopics(names: readonly string[]): Promise<TopicDescription[]>;
  /** Raises topics' partition counts to the given totals (Kafka's `createPartitions`). */
  createPartitions(totals: Readonly<Record<string, number>>): Promise<void>;
  /** Every config of each resource with its source (Kafka's `describeConfigs`), in the order asked. */
  describeConfigs(resources: readonly ConfigResource[]): Promise<Array<{ resource: ConfigResource; entries: ConfigEntry[] }>>;
  /** Sets or deletes single config overrides, leaving the others (Kafka's `incrementalAlterConfigs`). */
  incrementalAlterConfigs(resource: ConfigResource, ops: readonly AlterConfigOp[]): Promise<void>;
  /** Offsets of partitions by spec (Kafka's `listOffsets`), in the order asked. */
  listOffsets(requests: ReadonlyArray<TopicPartition & { readonly spec: OffsetSpec }>): Promise<ListOffsetsResult[]>;
  /** Kafka's `listConsumerGroups`. */
  listGroups(): Promise<GroupListing[]>;
  /** Kafka's `describeConsumerGroups`, in the order asked (a missing group is described as `Dead`). */
  describeGroups(groupIds: readonly string[]): Promise<GroupDescription[]>;
  /** Kafka's `deleteConsumerGroups`; GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP as Kafka. */
  deleteGroups(groupIds: readonly string[]): Promise<void>;
  /** A group's committed offsets, for every partition or those given (Kafka's `listConsumerGroupOffsets`). */
  listGroupOffsets(groupId: string, partitions?: readonly TopicPartition[]): Promise<TopicPartitionOffset[]>;
  /** Releases the admin client. */
  close(): Promise<void>;
}
