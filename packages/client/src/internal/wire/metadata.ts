import { KafkaErrorCode, KafkaProtocolError } from '@tributary/protocol';
import type { MetadataResponseTopic } from '@tributary/protocol';
import type { Wire } from './wire.js';

/** What the clients keep of one topic's metadata. */
export interface TopicMetadata {
  readonly name: string;
  readonly internal: boolean;
  readonly partitions: ReadonlyArray<{ partition: number; leader: number; leaderEpoch: number; replicas: number[]; isr: number[] }>;
}

/**
 * A cache of topic metadata fetched with Metadata requests (Kafka's `Metadata`): the producer's and the
 * consumer's view of partition counts. Missing topics are asked for again at each lookup.
 */
export class MetadataCache {
  private readonly topics = new Map<string, TopicMetadata>();

  constructor(
    private readonly wire: Wire,
    private readonly allowAutoTopicCreation: boolean,
  ) {}

  /** The cached metadata of a topic, if any (no request). */
  cached(topic: string): TopicMetadata | undefined {
    return this.topics.get(topic);
  }

  /** The metadata of a topic, fetched unless cached; rejects UNKNOWN_TOPIC_OR_PARTITION if it does not exist. */
  async topic(name: string): Promise<TopicMetadata> {
    const hit = this.topics.get(name);
    if (hit) return hit;
    const [t] = await this.refresh([name]);
    if (!t) throw new KafkaProtocolError(KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic ${name} does not exist`);
    return t;
  }

  /**
   * Fetches metadata of the given topics (every topic for `null`), caching what exists. A topic that does not
   * exist (or is being created) is left out of the result; other errors are raised.
   */
  async refresh(names: readonly string[] | null): Promise<TopicMetadata[]> {
    const res = await this.wire.call(3, {
      topics: names === null ? null : names.map((name) => ({ name })),
      allowAutoTopicCreation: this.allowAutoTopicCreation,
    });
    const out: TopicMetadata[] = [];
    for (const t of res.topics) {
      if (t.name === null) continue;
      if (t.errorCode === KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION || t.errorCode === KafkaErrorCode.LEADER_NOT_AVAILABLE) {
        this.topics.delete(t.name);
        continue;
      }
      if (t.errorCode !== 0) throw new KafkaProtocolError(t.errorCode, `metadata of topic ${t.name}`);
      const md = toTopicMetadata(t);
      this.topics.set(md.name, md);
      out.push(md);
    }
    return out;
  }

  /** Forgets a topic so the next lookup asks the broker again. */
  invalidate(topic: string): void {
    this.topics.delete(topic);
  }
}

function toTopicMetadata(t: MetadataResponseTopic): TopicMetadata {
  const partitions = t.partitions
    .map((p) => ({ partition: p.partitionIndex, leader: p.leaderId, leaderEpoch: p.leaderEpoch, replicas: p.replicaNodes, isr: p.isrNodes }))
    .sort((a, b) => a.partition - b.partition);
  return { name: t.name ?? '', internal: t.isInternal, partitions };
}
