// Kafka's MeteredTimestampedKeyValueStore: values are ValueAndTimestamp, stored as timestamp + value bytes.

import type { Serde } from '../../../serialization/serde.js';
import type { TimestampedKeyValueStore } from '../../../state/key-value-store.js';
import type { ValueAndTimestamp } from '../../../state/value-and-timestamp.js';
import { valueAndTimestampSerde } from '../value-and-timestamp-serde.js';
import type { KeyValueBytesStore } from './engine-key-value-store.js';
import { MeteredKeyValueStore } from './metered-key-value-store.js';

export class MeteredTimestampedKeyValueStore<K, V> extends MeteredKeyValueStore<K, ValueAndTimestamp<V>> implements TimestampedKeyValueStore<K, V> {
  /** `valueSerde` is the serde of the plain value; the store wraps it. */
  constructor(inner: KeyValueBytesStore, keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined) {
    super(inner, keySerde, valueSerde as unknown as Serde<ValueAndTimestamp<V>> | undefined);
  }

  protected override prepareValueSerde(serde: Serde<unknown>): Serde<ValueAndTimestamp<V>> {
    return valueAndTimestampSerde(serde as Serde<V>);
  }
}
