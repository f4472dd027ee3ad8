import { booleanSerde, doubleSerde, floatSerde, integerSerde, longSerde, shortSerde } from './numbers.js';
import { serdeFrom, type Deserializer, type Serde, type Serializer } from './serde.js';
import { bufferSerde, byteArraySerde, jsonSerde, stringSerde, uuidSerde, voidSerde } from './text.js';

/**
 * Factory of the built-in serdes (Kafka's `Serdes`). Byte layouts match Kafka's serdes, so a topic written by a
 * Java application reads back here and the other way round.
 *
 * @example
 * ```ts
 * builder.stream('input', Consumed.with(Serdes.String(), Serdes.Long()));
 * ```
 */
export const Serdes = {
  /** UTF-8 text (Kafka's `Serdes.String()`). */
  String: (): Serde<string> => stringSerde,
  /** 8-byte big-endian Java long, as a JS number within ±(2^53-1) (Kafka's `Serdes.Long()`). */
  Long: (): Serde<number> => longSerde,
  /** 4-byte big-endian Java int (Kafka's `Serdes.Integer()`). */
  Integer: (): Serde<number> => integerSerde,
  /** 2-byte big-endian Java short (Kafka's `Serdes.Short()`). */
  Short: (): Serde<number> => shortSerde,
  /** 8-byte big-endian IEEE 754 double (Kafka's `Serdes.Double()`). */
  Double: (): Serde<number> => doubleSerde,
  /** 4-byte big-endian IEEE 754 float (Kafka's `Serdes.Float()`). */
  Float: (): Serde<number> => floatSerde,
  /** One byte, 1 or 0 (Kafka's `Serdes.Boolean()`). */
  Boolean: (): Serde<boolean> => booleanSerde,
  /** Raw bytes as a `Uint8Array` (Kafka's `Serdes.ByteArray()`). */
  ByteArray: (): Serde<Uint8Array> => byteArraySerde,
  /** Raw bytes as a Node `Buffer` (Kafka's `Serdes.ByteBuffer()` in spirit). */
  Buffer: (): Serde<Buffer> => bufferSerde,
  /** A UUID as its text form (Kafka's `Serdes.UUID()`). */
  UUID: (): Serde<string> => uuidSerde,
  /** Always null (Kafka's `Serdes.Void()`). */
  Void: (): Serde<null> => voidSerde,
  /** JSON text in UTF-8 for any JSON-compatible type. */
  JSON: <T>(): Serde<T> => jsonSerde<T>(),
  /** A serde from your serializer and deserializer (Kafka's `Serdes.serdeFrom`). */
  serdeFrom: <T>(serializer: Serializer<T>, deserializer: Deserializer<T>): Serde<T> => serdeFrom(serializer, deserializer),
  /** The same as {@link Serdes.serdeFrom}. */
  from: <T>(serializer: Serializer<T>, deserializer: Deserializer<T>): Serde<T> => serdeFrom(serializer, deserializer),
} as const;
