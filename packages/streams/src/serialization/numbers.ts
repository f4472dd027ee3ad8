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

function fixed(name: string, size: number, ok: (n: number) => boolean, write: (b: Buffer, n: number) => void, read: (b: Buffer) => number): Serde<number> {
  return serdeFrom<number>(
    {
      serialize(_topic, data) {
        if (data === null || data === undefined) return null;
        const buf = Buffer.allocUnsafe(size);
        write(buf, checkNumber(name, data, ok));
        return buf;
      },
    },
    {
      deserialize(_topic, data) {
        if (data === null) return null as unknown as number;
        sized(name, size, data);
        return read(data);
      },
    },
  );
}

/** Java `Long` as a JS number: 8 bytes, big-endian, two's complement. Values outside ±(2^53-1) are refused. */
export const longSerde: Serde<number> = fixed(
  'Long',
  8,
  Number.isSafeInteger,
  (b, n) => b.writeBigInt64BE(BigInt(n)),
  (b) => {
    const hi = b.readInt32BE(0);
    const lo = b.readUInt32BE(4);
    // A safe integer has its high word in [-2^21, 2^21); anything else would silently lose precision.
    if (hi >= 0x200000 || hi < -0x200000 || (hi === -0x200000 && lo === 0)) {
      throw new SerializationException(`LongDeserializer read ${b.readBigInt64BE(0)}, which a JS number cannot hold exactly`);
    }
    return hi * 0x100000000 + lo;
  },
);

/** Java `Integer`: 4 bytes, big-endian, two's complement. */
export const integerSerde: Serde<number> = fixed('Integer', 4, isInt(-0x80000000, 0x7fffffff), (b, n) => b.writeInt32BE(n), (b) => b.readInt32BE(0));

/** Java `Short`: 2 bytes, big-endian, two's complement. */
export const shortSerde: Serde<number> = fixed('Short', 2, isInt(-0x8000, 0x7fff), (b, n) => b.writeInt16BE(n), (b) => b.readInt16BE(0));

/** Java `Double`: 8 bytes, IEEE 754 big-endian. */
export const doubleSerde: Serde<number> = fixed('Double', 8, () => true, (b, n) => b.writeDoubleBE(n), (b) => b.readDoubleBE(0));

/** Java `Float`: 4 bytes, IEEE 754 big-endian (the value is rounded to single precision). */
export const floatSerde: Serde<number> = fixed('Float', 4, () => true, (b, n) => b.writeFloatBE(n), (b) => b.readFloatBE(0));

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
