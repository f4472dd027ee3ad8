import { IllegalStateException } from '../common/errors.js';
import { KeyValue } from '../common/key-value.js';
import type { Deserializer } from '../serialization/serde.js';
import type { TestRecord } from './test-record.js';
import type { TopologyTestDriver } from './topology-test-driver.js';

/**
 * Reads what a topology wrote to one topic in a {@link TopologyTestDriver} (Kafka's `TestOutputTopic`). Reading
 * consumes: each record is returned once. Reading an empty topic throws (code `NO_SUCH_ELEMENT`).
 */
export class TestOutputTopic<K, V> {
  constructor(
    private readonly driver: TopologyTestDriver,
    readonly topic: string,
    private readonly keyDeserializer: Deserializer<K>,
    private readonly valueDeserializer: Deserializer<V>,
  ) {}

  readValue(): V {
    return this.readRecord().value();
  }

  readKeyValue(): KeyValue<K, V> {
    const r = this.readRecord();
    return new KeyValue(r.key(), r.value());
  }

  readRecord(): TestRecord<K, V> {
    return this.driver.readRecord(this.topic, this.keyDeserializer, this.valueDeserializer);
  }

  readValuesToList(): V[] {
    return this.readRecordsToList().map((r) => r.value());
  }

  readKeyValuesToList(): KeyValue<K, V>[] {
    return this.readRecordsToList().map((r) => new KeyValue(r.key(), r.value()));
  }

  /** The last value per key (Kafka's `readKeyValuesToMap`); keys compare like JS Map keys. Null keys are refused. */
  readKeyValuesToMap(): Map<K, V> {
    const out = new Map<K, V>();
    for (const r of this.readRecordsToList()) {
      if (r.key() === null || r.key() === undefined) throw new IllegalStateException('Null keys not allowed with readKeyValuesToMap method');
      out.set(r.key(), r.value());
    }
    return out;
  }

  readRecordsToList(): TestRecord<K, V>[] {
    const out: TestRecord<K, V>[] = [];
    while (!this.isEmpty()) out.push(this.readRecord());
    return out;
  }

  getQueueSize(): number {
    return this.driver.queueSize(this.topic);
  }

  isEmpty(): boolean {
    return this.getQueueSize() === 0;
  }

  toString(): string {
    return `TestOutputTopic[topic='${this.topic}', size=${this.getQueueSize()}]`;
  }
}
