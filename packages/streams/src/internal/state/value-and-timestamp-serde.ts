// Kafka's ValueAndTimestampSerde: a timestamped value as the 8-byte big-endian timestamp followed by the
// value's bytes - the local value layout of every timestamped store (Kafka's TimestampedBytesStore).

import type { Serde } from '../../serialization/serde.js';
import { ValueAndTimestamp } from '../../state/value-and-timestamp.js';
import { rawValueOf, timestampOf, withTimestamp } from './restore-converters.js';

export function valueAndTimestampSerde<V>(valueSerde: Serde<V>): Serde<ValueAndTimestamp<V>> {
  const serializer = {
    serialize(topic: string, data: ValueAndTimestamp<V> | null): Buffer | null {
      if (data === null) return null;
      const raw = valueSerde.serializer().serialize(topic, data.value());
      return raw === null ? null : withTimestamp(raw, data.timestamp());
    },
  };
  const deserializer = {
    deserialize(topic: string, data: Buffer | null): ValueAndTimestamp<V> {
      if (data === null) return null as unknown as ValueAndTimestamp<V>;
      const value = valueSerde.deserializer().deserialize(topic, rawValueOf(data));
      return ValueAndTimestamp.make(value, timestampOf(data)) as ValueAndTimestamp<V>;
    },
  };
  return { serializer: () => serializer, deserializer: () => deserializer };
}
