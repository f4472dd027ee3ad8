import { SerializationException } from '../common/errors.js';
import { serdeFrom, type Serde } from './serde.js';

// Fixed-width numbers are big-endian, as Java's DataOutput writes them, so bytes match Kafka's own serdes.

function sized(name: string, size: number, data: Buffer): void {
  if (data.length !== size) {
    throw new SerializationException(`Size of data received by ${name}Deserializer is not ${size}`);
  }
}

function checkNumber(name: string, data: unknown, ok: (n: number) => boolean): number {
  if (typeof data !== 'number' || !ok(data)) {
    throw new SerializationException(`${name}Serializer cannot serialize ${String(data)}: out of range for a Java ${name}`);
  }
  return data;
}

const isInt = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;

/**
 * The layout of a fixed-width number serde, for wrappers that embed the value in a larger buffer (the
 * timestamped-value layout of state stores) without an intermediate Buffer per value. Internal.
 */
export interface FixedWidthCodec {
  readonly size: number;
  /** Writes `data` at `offset` (with the serializer's checks). */
  write(buf: Buffer, offset: number, data: unknown): void;
  /** Reads the value at `offset`; `length` is the byte count the value has (checked as the deserializer does). */
  read(buf: Buffer, offset: number, length: number): number;
}

const codecs = new WeakMap<object, FixedWidthCodec>();

/** The codec of a built-in fixed-width number serde (by its serializer), else undefined. */
export function fixedWidthCodec(serde: Serde<unknown>): FixedWidthCodec | undefined {
  return codecs.get(serde.serializer());
}

function fixed(name: string, size: number, ok: (n: number) => boolean, write: (b: Buffer, n: number, offset: number) => void, read: (b: Buffer, offset: number) => number): Serde<number> {
  const serde = serdeFrom<number>(
    {
      serialize(_topic, data) {
        if (data === null || data === undefined) return null;
        const buf = Buffer.allocUnsafe(size);
        write(buf, checkNumber(name, data, ok), 0);
        return buf;
      },
    },
    {
      deserialize(_topic, data) {
        if (data === null) return null as unknown as number;
        sized(name, size, data);
        return read(data, 0);
      },
    },
  );
  codecs.set(serde.serializer(), {
    size,
    write(buf, offset, data) {
      const n = checkNumber(name, data, ok);
      write(buf, n, offset);
    },
    read(buf, offset, length) {
      if (length !== size) throw new SerializationException(`Size of data received by ${name}Deserializer is not ${size}`);
      return read(buf, offset);
    },
  });
  return serde;
}

/** Java `Long` as a JS number: 8 bytes, big-endian, two's complement. Values outside ±(2^53-1) are refused. */
export const longSerde: Serde<number> = fixed(
  'Long',
  8,
  Number.isSafeInteger,
  // Two 32-bit halves: exact for safe integers (negative ones included), without allocating a BigInt.
  (b, n, o) => {
    const hi = Math.floor(n / 0x100000000);
    b.writeInt32BE(hi, o);
    b.writeUInt32BE(n - hi * 0x100000000, o + 4);
  },
  (b, o) => {
    const hi = b.readInt32BE(o);
    const lo = b.readUInt32BE(o + 4);
    // A safe integer has its high word in [-2^21, 2^21); anything else would silently lose precision.
    if (hi >= 0x200000 || hi < -0x200000 || (hi === -0x200000 && lo === 0)) {
      throw new SerializationException(`LongDeserializer read ${b.readBigInt64BE(o)}, which a JS number cannot hold exactly`);
    }
    return hi * 0x100000000 + lo;
  },
);

/** Java `Integer`: 4 bytes, big-endian, two's complement. */
export const integerSerde: Serde<number> = fixed('Integer', 4, isInt(-0x80000000, 0x7fffffff), (b, n, o) => b.writeInt32BE(n, o), (b, o) => b.readInt32BE(o));

/** Java `Short`: 2 bytes, big-endian, two's complement. */
export const shortSerde: Serde<number> = fixed('Short', 2, isInt(-0x8000, 0x7fff), (b, n, o) => b.writeInt16BE(n, o), (b, o) => b.readInt16BE(o));

/** Java `Double`: 8 bytes, IEEE 754 big-endian. */
export const doubleSerde: Serde<number> = fixed('Double', 8, () => true, (b, n, o) => b.writeDoubleBE(n, o), (b, o) => b.readDoubleBE(o));

/** Java `Float`: 4 bytes, IEEE 754 big-endian (the value is rounded to single precision). */
export const floatSerde: Serde<number> = fixed('Float', 4, () => true, (b, n, o) => b.writeFloatBE(n, o), (b, o) => b.readFloatBE(o));

/** Java `Boolean` as Kafka's `BooleanSerde` writes it: one byte, 1 for true and 0 for false. */
export const booleanSerde: Serde<boolean> = serdeFrom<boolean>(
  {
    serialize(_topic, data) {
      if (data === null || data === undefined) return null;
      if (typeof data !== 'boolean') throw new SerializationException(`BooleanSerializer cannot serialize ${String(data)}`);
      return Buffer.from([data ? 1 : 0]);
    },
  },
  {
    deserialize(_topic, data) {
      if (data === null) return null as unknown as boolean;
      if (data.length !== 1) throw new SerializationException('Size of data received by BooleanDeserializer is not 1');
      if (data[0] === 1) return true;
      if (data[0] === 0) return false;
      throw new SerializationException('Unexpected byte received by BooleanDeserializer: ' + String(data[0]));
    },
  },
);
