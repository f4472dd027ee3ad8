import { IllegalArgumentException, SerializationException } from '../common/errors.js';
import { serdeFrom, type Serde } from './serde.js';

/** UTF-8 strings (Kafka's `StringSerde` with its default encoding). */
export const stringSerde: Serde<string> = serdeFrom<string>(
  {
    serialize(_topic, data) {
      if (data === null || data === undefined) return null;
      if (typeof data !== 'string') throw new SerializationException(`StringSerializer cannot serialize a ${typeof data}`);
      return Buffer.from(data, 'utf8');
    },
  },
  {
    deserialize(_topic, data) {
      return (data === null ? null : data.toString('utf8')) as string;
    },
  },
);

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function canonicalUuid(text: string, role: string): string {
  if (!UUID_RE.test(text)) throw new SerializationException(`Error ${role} UUID: "${text}" is not a UUID`);
  return text.toLowerCase();
}

/**
 * UUIDs as their 36-character text in UTF-8, lower case (Kafka's `UUIDSerde`, which writes `UUID.toString()`).
 * Values are JS strings; anything that is not a UUID is refused both ways.
 */
export const uuidSerde: Serde<string> = serdeFrom<string>(
  {
    serialize(_topic, data) {
      if (data === null || data === undefined) return null;
      return Buffer.from(canonicalUuid(String(data), 'serializing'), 'utf8');
    },
  },
  {
    deserialize(_topic, data) {
      return (data === null ? null : canonicalUuid(data.toString('utf8'), 'parsing data into')) as string;
    },
  },
);

/**
 * JSON text in UTF-8. A `null` record stays `null` (a tombstone), so JSON's own `null` cannot be written as a
 * value. Not in Kafka's `Serdes`; the usual choice for JS objects.
 */
export function jsonSerde<T>(): Serde<T> {
  return serdeFrom<T>(
    {
      serialize(_topic, data) {
        if (data === null || data === undefined) return null;
        return Buffer.from(JSON.stringify(data), 'utf8');
      },
    },
    {
      deserialize(_topic, data) {
        if (data === null) return null as T;
        try {
          return JSON.parse(data.toString('utf8')) as T;
        } catch (cause) {
          throw new SerializationException('JsonDeserializer could not parse the data as JSON', { cause });
        }
      },
    },
  );
}

/** Always `null` (Kafka's `VoidSerde`): for keys or values that are never set. Non-null bytes are refused. */
export const voidSerde: Serde<null> = serdeFrom<null>(
  { serialize: () => null },
  {
    deserialize(_topic, data) {
      if (data !== null) throw new IllegalArgumentException('Data should be null for a VoidDeserializer.');
      return null;
    },
  },
);

/** Bytes as a `Buffer`, untouched both ways (no copy). */
export const bufferSerde: Serde<Buffer> = serdeFrom<Buffer>(
  { serialize: (_topic, data) => data ?? null },
  { deserialize: (_topic, data) => data as Buffer },
);

/** Bytes as a `Uint8Array` (Kafka's `ByteArraySerde`); serializing wraps the same memory in a `Buffer`, no copy. */
export const byteArraySerde: Serde<Uint8Array> = serdeFrom<Uint8Array>(
  {
    serialize(_topic, data) {
      if (data === null || data === undefined) return null;
      return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    },
  },
  { deserialize: (_topic, data) => data as Uint8Array },
);
