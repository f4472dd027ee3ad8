import { StreamsException } from '../../common/errors.js';
import type { Headers } from '../../common/headers.js';
import type { Deserializer, Serde, Serializer } from '../../serialization/serde.js';
import { Change } from './change.js';

// The value layout of the repartition topic behind KTable.groupBy (Kafka's ChangedSerializer/ChangedDeserializer),
// so a Java application reads what we write and the other way round. The last byte says what precedes it:
//   0: {old bytes}            1: {new bytes}            2: {uint32 new length}{new bytes}{old bytes}
//   3, 4, 5: the same with an isLatest byte before the flag (versioned stores; read, never written here).

function serializeSide<T>(inner: Serializer<T>, topic: string, value: T | null, headers: Headers | undefined): Buffer | null {
  return value === null ? null : inner.serialize(topic, value, headers);
}

/**
 * A serializer or deserializer wrapping an inner one that may be left to the default serde (Kafka's
 * WrappingNullableSerializer/Deserializer): the runtime calls `setIfUnset` with the default serdes when it builds
 * the sink or source node.
 */
export interface WrappingNullable {
  setIfUnset(defaultKeySerde: Serde<unknown> | undefined, defaultValueSerde: Serde<unknown> | undefined): void;
}

function unset(): never {
  throw new StreamsException('Please specify a value serde or set one through StreamsConfig#DEFAULT_VALUE_SERDE_CLASS_CONFIG', { code: 'CONFIG' });
}

/** Kafka's ChangedSerializer: at least one of the two values must be present. */
export class ChangedSerializer<T> implements Serializer<Change<T>>, WrappingNullable {
  constructor(public inner: Serializer<T> | undefined) {}

  setIfUnset(_defaultKeySerde: Serde<unknown> | undefined, defaultValueSerde: Serde<unknown> | undefined): void {
    this.inner ??= defaultValueSerde?.serializer() as Serializer<T> | undefined;
  }

  serialize(topic: string, data: Change<T> | null, headers?: Headers): Buffer | null {
    if (data === null) return null;
    const inner = this.inner ?? unset();
    const newBytes = serializeSide(inner, topic, data.newValue, headers);
    const oldBytes = serializeSide(inner, topic, data.oldValue, headers);
    if (newBytes !== null && oldBytes !== null) {
      const out = Buffer.allocUnsafe(4 + newBytes.length + oldBytes.length + 1);
      out.writeUInt32BE(newBytes.length, 0);
      newBytes.copy(out, 4);
      oldBytes.copy(out, 4 + newBytes.length);
      out[out.length - 1] = 2;
      return out;
    }
    const one = newBytes ?? oldBytes;
    if (one === null) throw new StreamsException('Both old and new values are null in ChangeSerializer, which is not allowed.');
    return Buffer.concat([one, Buffer.of(newBytes !== null ? 1 : 0)]);
  }
}

/** Kafka's ChangedDeserializer, reading every flag Kafka writes (0-5). */
export class ChangedDeserializer<T> implements Deserializer<Change<T>>, WrappingNullable {
  constructor(public inner: Deserializer<T> | undefined) {}

  setIfUnset(_defaultKeySerde: Serde<unknown> | undefined, defaultValueSerde: Serde<unknown> | undefined): void {
    this.inner ??= defaultValueSerde?.deserializer() as Deserializer<T> | undefined;
  }

  deserialize(topic: string, data: Buffer | null, headers?: Headers): Change<T> {
    if (data === null || data.length === 0) throw new StreamsException('Cannot deserialize a Change from no bytes.');
    const flag = data[data.length - 1]!;
    const latestBytes = flag >= 3 ? 1 : 0;
    const body = data.subarray(0, data.length - 1 - latestBytes);
    const isLatest = latestBytes === 0 || readLatest(data);
    let newData: Buffer | null = null;
    let oldData: Buffer | null = null;
    if (flag === 0 || flag === 3) oldData = body;
    else if (flag === 1 || flag === 4) newData = body;
    else if (flag === 2 || flag === 5) {
      const newLength = body.readUInt32BE(0);
      newData = body.subarray(4, 4 + newLength);
      oldData = body.subarray(4 + newLength);
    } else {
      throw new StreamsException(`Encountered unknown byte value \`${flag}\` for oldNewFlag in ChangedDeserializer.`);
    }
    const inner = this.inner ?? unset();
    const read = (bytes: Buffer | null): T | null => (bytes === null ? null : inner.deserialize(topic, bytes, headers));
    return new Change<T>(read(newData), read(oldData), isLatest);
  }
}

function readLatest(data: Buffer): boolean {
  const byte = data[data.length - 2];
  if (byte === 1) return true;
  if (byte === 0) return false;
  throw new StreamsException(`Encountered unexpected byte value \`${String(byte)}\` for isLatestFlag in ChangedDeserializer.`);
}
