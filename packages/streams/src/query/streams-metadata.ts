import type { TopicPartition } from '@tributary/client';
import type { HostInfo } from './host-info.js';

/**
 * One Kafka Streams instance as interactive queries see it (Kafka's `StreamsMetadata`): its host, the stores it
 * hosts (those of the tasks it runs) and the source partitions of those tasks.
 */
export class StreamsMetadata {
  constructor(
    readonly hostInfoField: HostInfo,
    readonly stateStoreNamesField: ReadonlySet<string>,
    readonly topicPartitionsField: readonly TopicPartition[],
  ) {}

  hostInfo(): HostInfo {
    return this.hostInfoField;
  }

  host(): string {
    return this.hostInfoField.host();
  }

  port(): number {
    return this.hostInfoField.port();
  }

  stateStoreNames(): ReadonlySet<string> {
    return this.stateStoreNamesField;
  }

  topicPartitions(): readonly TopicPartition[] {
    return this.topicPartitionsField;
  }

  /** Standby replicas are not run: always empty (Kafka's `standbyStateStoreNames`). */
  standbyStateStoreNames(): ReadonlySet<string> {
    return new Set();
  }

  standbyTopicPartitions(): readonly TopicPartition[] {
    return [];
  }

  toString(): string {
    const tps = this.topicPartitionsField.map((p) => `${p.topic}-${p.partition}`).join(', ');
    return `StreamsMetadata {hostInfo=${this.hostInfoField.toString()}, stateStoreNames=[${[...this.stateStoreNamesField].join(', ')}], topicPartitions=[${tps}]}`;
  }
}
