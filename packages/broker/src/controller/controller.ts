import { randomKafkaUuid } from '../metadata/meta-properties.js';
import type { MetadataImage } from '../metadata/image.js';
import type { MetadataLog } from '../metadata/metadata-log.js';
import type { MetadataRecord } from '../metadata/records.js';
import { INTERNAL_TOPICS, topicNameProblem, unifyCollisionChars } from '../metadata/topic-names.js';

/** A controller decision: records to commit, or a Kafka error with a message. */
export type ControllerResult<T = void> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string; readonly message: string };

const fail = (error: string, message: string): ControllerResult<never> => ({ ok: false, error, message });

export interface CreateTopicSpec {
  readonly name: string;
  /** -1: `num.partitions`. */
  readonly numPartitions: number;
  /** -1: `default.replication.factor`. */
  readonly replicationFactor: number;
  /** Explicit assignment (partition → replica ids); overrides the two counts. */
  readonly assignments?: ReadonlyArray<readonly number[]>;
  readonly configs: Readonly<Record<string, string>>;
}

export interface ControllerOptions {
  readonly nodeId: number;
  readonly defaultPartitions: number;
  readonly defaultReplicationFactor: number;
  /** Validates topic-level configs (names and values); returns a message for the first bad one. */
  readonly validateTopicConfig: (configs: Readonly<Record<string, string>>) => string | null;
  /** Called after records are durable and replayed, so the broker can act on them (create logs, ...). */
  readonly onCommit: (records: readonly MetadataRecord[]) => Promise<void>;
}

/**
 * The (single-node) KRaft controller: validates admin operations against the metadata image, turns them into
 * metadata records, makes them durable in the metadata log, and only then replays them into the image.
 * Operations are serialized, so concurrent CreateTopics of the same name cannot both succeed.
 */
export class Controller {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly image: MetadataImage,
    private readonly log: MetadataLog,
    private readonly options: ControllerOptions,
  ) {}

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async commit(records: readonly MetadataRecord[]): Promise<void> {
    await this.log.append(records);
    for (const r of records) this.image.replay(r);
    await this.options.onCommit(records);
  }

  /** Live brokers (one, until replication lands). */
  get liveBrokers(): number[] {
    return [...this.image.brokers.keys()].sort((a, b) => a - b);
  }

  validateCreateTopic(spec: CreateTopicSpec): ControllerResult<{ partitions: number[][] }> {
    const problem = topicNameProblem(spec.name);
    if (problem) return fail('INVALID_TOPIC_EXCEPTION', problem);
    if (this.image.topic(spec.name)) return fail('TOPIC_ALREADY_EXISTS', `Topic '${spec.name}' already exists.`);
    const unified = unifyCollisionChars(spec.name);
    const collision = this.image.topicNames().find((n) => unifyCollisionChars(n) === unified);
    if (collision) return fail('INVALID_TOPIC_EXCEPTION', `Topic '${spec.name}' collides with existing topic: ${collision}`);
    let partitions: number[][];
    if (spec.assignments && spec.assignments.length > 0) {
      if (spec.numPartitions !== -1 || spec.replicationFactor !== -1) {
        return fail('INVALID_REQUEST', 'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.');
      }
      for (const replicas of spec.assignments) {
        const unknown = replicas.find((r) => !this.image.brokers.has(r));
        if (unknown !== undefined) return fail('INVALID_REPLICA_ASSIGNMENT', `Unknown broker id ${unknown} in the replica assignment.`);
        if (new Set(replicas).size !== replicas.length) return fail('INVALID_REPLICA_ASSIGNMENT', 'Duplicate brokers in a partition assignment.');
      }
      partitions = spec.assignments.map((r) => [...r]);
    } else {
      const count = spec.numPartitions === -1 ? this.options.defaultPartitions : spec.numPartitions;
      const rf = spec.replicationFactor === -1 ? this.options.defaultReplicationFactor : spec.replicationFactor;
      if (count <= 0) return fail('INVALID_PARTITIONS', 'Number of partitions was set to an invalid non-positive value.');
      if (rf <= 0) return fail('INVALID_REPLICATION_FACTOR', 'Replication factor must be larger than 0.');
      const brokers = this.liveBrokers;
      if (rf > brokers.length) {
        return fail('INVALID_REPLICATION_FACTOR', `Unable to replicate the partition ${rf} time(s): The target replication factor of ${rf} cannot be reached because only ${brokers.length} broker(s) are registered.`);
      }
      partitions = Array.from({ length: count }, (_, p) => Array.from({ length: rf }, (_, i) => brokers[(p + i) % brokers.length]!));
    }
    const configProblem = this.options.validateTopicConfig(spec.configs);
    if (configProblem) return fail('INVALID_CONFIG', configProblem);
    return { ok: true, value: { partitions } };
  }

  /** CreateTopics for one topic; `validateOnly` checks without committing. */
  createTopic(spec: CreateTopicSpec, validateOnly = false): Promise<ControllerResult<{ topicId: string; partitions: number[][] }>> {
    return this.serialize(async () => {
      const checked = this.validateCreateTopic(spec);
      if (!checked.ok) return checked;
      const topicId = randomKafkaUuid();
      if (validateOnly) return { ok: true, value: { topicId, partitions: checked.value.partitions } };
      const records: MetadataRecord[] = [{ type: 'TopicRecord', name: spec.name, topicId }];
      checked.value.partitions.forEach((replicas, partitionId) =>
        records.push({ type: 'PartitionRecord', topicId, partitionId, replicas, isr: replicas, leader: replicas[0]!, leaderEpoch: 0, partitionEpoch: 0 }),
      );
      for (const [name, value] of Object.entries(spec.configs)) {
        records.push({ type: 'ConfigRecord', resourceType: 'topic', resourceName: spec.name, name, value });
      }
      await this.commit(records);
      return { ok: true, value: { topicId, partitions: checked.value.partitions } };
    });
  }

  deleteTopic(name: string, deleteEnabled: boolean): Promise<ControllerResult<{ topicId: string }>> {
    return this.serialize(async () => {
      const topic = this.image.topic(name);
      if (!topic) return fail('UNKNOWN_TOPIC_OR_PARTITION', 'This server does not host this topic-partition.');
      if (!deleteEnabled) return fail('TOPIC_DELETION_DISABLED', 'Topic deletion is disabled.');
      await this.commit([{ type: 'RemoveTopicRecord', topicId: topic.topicId }]);
      return { ok: true, value: { topicId: topic.topicId } };
    });
  }

  createPartitions(name: string, count: number, assignments: ReadonlyArray<readonly number[]> | null, validateOnly = false): Promise<ControllerResult> {
    return this.serialize(async () => {
      const topic = this.image.topic(name);
      if (!topic) return fail('UNKNOWN_TOPIC_OR_PARTITION', `The topic '${name}' does not exist.`);
      const current = topic.partitions.length;
      // Kafka's messages (ReplicationControlManager.createPartitions).
      if (count === current) return fail('INVALID_PARTITIONS', `Topic already has ${current} partition(s).`);
      if (count < current) return fail('INVALID_PARTITIONS', `The topic ${name} currently has ${current} partition(s); ${count} would not be an increase.`);
      if (assignments && assignments.length !== count - current) {
        return fail('INVALID_REPLICA_ASSIGNMENT', `Attempted to add ${count - current} additional partition(s), but only ${assignments.length} assignment(s) were specified.`);
      }
      const rf = topic.partitions[0]?.replicas.length ?? 1;
      const brokers = this.liveBrokers;
      const records: MetadataRecord[] = [];
      for (let p = current; p < count; p++) {
        const replicas = assignments ? [...assignments[p - current]!] : Array.from({ length: rf }, (_, i) => brokers[(p + i) % brokers.length]!);
        const problem = this.manualAssignmentProblem(replicas, rf);
        if (problem) return fail('INVALID_REPLICA_ASSIGNMENT', problem);
        records.push({ type: 'PartitionRecord', topicId: topic.topicId, partitionId: p, replicas, isr: replicas, leader: replicas[0]!, leaderEpoch: 0, partitionEpoch: 0 });
      }
      if (!validateOnly) await this.commit(records);
      return { ok: true, value: undefined };
    });
  }

  /** Kafka's `validateManualPartitionAssignment`: what is wrong with an explicit replica list, or null. */
  manualAssignmentProblem(replicas: readonly number[], replicationFactor?: number): string | null {
    if (replicas.length === 0) return 'The manual partition assignment includes an empty replica list.';
    const sorted = [...replicas].sort((a, b) => a - b);
    for (let i = 0; i < sorted.length; i++) {
      const id = sorted[i]!;
      if (!this.image.brokers.has(id)) return `The manual partition assignment includes broker ${id}, but no such broker is registered.`;
      if (i > 0 && sorted[i - 1] === id) return `The manual partition assignment includes the broker ${id} more than once.`;
    }
    if (replicationFactor !== undefined && sorted.length !== replicationFactor) {
      return `The manual partition assignment includes a partition with ${sorted.length} replica(s), but this is not consistent with previous partitions, which have ${replicationFactor} replica(s).`;
    }
    return null;
  }

  /**
   * Sets (`value`) or removes (`null`) config overrides of one resource. The caller has validated them.
   * `replace` (AlterConfigs, non-incremental) first removes every override not named.
   */
  alterConfigs(
    resourceType: 'topic' | 'broker',
    resourceName: string,
    changes: ReadonlyArray<{ name: string; value: string | null }>,
    replace: boolean,
  ): Promise<ControllerResult> {
    return this.serialize(async () => {
      const current = resourceType === 'topic' ? this.image.topic(resourceName)?.configs : this.image.brokerConfigs.get(resourceName) ?? new Map<string, string>();
      if (!current) return fail('UNKNOWN_TOPIC_OR_PARTITION', `Topic ${resourceName} does not exist.`);
      const records: MetadataRecord[] = [];
      if (replace) {
        const named = new Set(changes.map((c) => c.name));
        for (const name of current.keys()) if (!named.has(name)) records.push({ type: 'ConfigRecord', resourceType, resourceName, name, value: null });
      }
      for (const c of changes) records.push({ type: 'ConfigRecord', resourceType, resourceName, name: c.name, value: c.value });
      await this.commit(records);
      return { ok: true, value: undefined };
    });
  }

  /** Allocates a block of `size` producer ids (Kafka's AllocateProducerIds), durably, and returns its first id. */
  allocateProducerIds(brokerId: number, size: number): Promise<number> {
    return this.serialize(async () => {
      const first = this.image.nextProducerId;
      await this.commit([{ type: 'ProducerIdsRecord', brokerId, nextProducerId: first + size }]);
      return first;
    });
  }

  /** Registers this broker (its advertised endpoints), as a KRaft broker heartbeat would. */
  registerBroker(record: Extract<MetadataRecord, { type: 'RegisterBrokerRecord' }>): Promise<void> {
    return this.serialize(() => this.commit([record]));
  }

  /** Topics that are internal (not user data). */
  static isInternal(name: string): boolean {
    return INTERNAL_TOPICS.has(name);
  }
}
