// The records a foreign-key join sends between its two sides, with Kafka's layouts (SubscriptionWrapperSerde and
// SubscriptionResponseWrapperSerde, version 1 with the primary partition), and the subscription store's key
// (CombinedKeySchema: [foreign key length int32][foreign key][primary key]).

import type { Headers } from '../../../../common/headers.js';
import { StreamsException } from '../../../../common/errors.js';
import type { Deserializer, Serde, Serializer } from '../../../../serialization/serde.js';

/** What the receiving side does with a subscription (Kafka's SubscriptionWrapper.Instruction, by wire value). */
export const Instruction = {
  /** The left row moved to another foreign key: forget it here, send nothing. */
  DELETE_KEY_NO_PROPAGATE: 0,
  /** The left row was deleted: forget it and send a null response. */
  DELETE_KEY_AND_PROPAGATE: 1,
  /** Respond with the right value, or null when there is none (left joins; changed foreign keys). */
  PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE: 2,
  /** Respond only when a right value exists (inner joins of new rows). */
  PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE: 3,
} as const;
export type Instruction = (typeof Instruction)[keyof typeof Instruction];

const VERSION = 1;
const NULL_HASH_FLAG = 0x80;

/** A left row's subscription to a foreign key (Kafka's SubscriptionWrapper; the primary key kept serialized). */
export interface SubscriptionWrapper {
  /** The 128-bit murmur3 of the left value when sent, or null for a delete. */
  readonly hash: Buffer | null;
  readonly instruction: Instruction;
  readonly primaryKey: Buffer;
  /** The left row's partition: the response goes back there. */
  readonly primaryPartition: number;
}

/** The right side's answer (Kafka's SubscriptionResponseWrapper). */
export interface SubscriptionResponseWrapper<VO> {
  readonly originalValueHash: Buffer | null;
  readonly foreignValue: VO | null;
  readonly primaryPartition: number;
}

function checkVersion(version: number, what: string): void {
  if (version > VERSION) throw new StreamsException(`Unknown ${what} version ${version}: this version of Tributary reads up to ${VERSION}.`);
}

/** `[version | null-hash flag][instruction][hash 16 bytes?][primary partition int32][primary key]`. */
export const subscriptionWrapperSerde: Serde<SubscriptionWrapper> = {
  serializer: () => ({
    serialize(_topic: string, data: SubscriptionWrapper | null): Buffer | null {
      if (data === null) return null;
      const hashLength = data.hash === null ? 0 : 16;
      const out = Buffer.allocUnsafe(2 + hashLength + 4 + data.primaryKey.length);
      out[0] = VERSION | (data.hash === null ? NULL_HASH_FLAG : 0);
      out[1] = data.instruction;
      if (data.hash !== null) data.hash.copy(out, 2);
      out.writeInt32BE(data.primaryPartition, 2 + hashLength);
      data.primaryKey.copy(out, 6 + hashLength);
      return out;
    },
  }),
  deserializer: () => ({
    deserialize(_topic: string, data: Buffer | null): SubscriptionWrapper {
      if (data === null) return null as unknown as SubscriptionWrapper;
      const nullHash = (data[0]! & NULL_HASH_FLAG) !== 0;
      checkVersion(data[0]! & 0x7f, 'SubscriptionWrapper');
      const hashLength = nullHash ? 0 : 16;
      return {
        instruction: data[1]! as Instruction,
        hash: nullHash ? null : Buffer.from(data.subarray(2, 18)),
        primaryPartition: data.readInt32BE(2 + hashLength),
        primaryKey: Buffer.from(data.subarray(6 + hashLength)),
      };
    },
  }),
};

/**
 * `[version | null-hash flag][hash 16 bytes?][primary partition int32][foreign value]` - no value bytes for a
 * null foreign value. The value serde may be left to the default (filled in when the sink or source is built).
 */
export class ResponseWrapperSerializer<VO> implements Serializer<SubscriptionResponseWrapper<VO>> {
  constructor(public inner: Serializer<VO> | undefined) {}

  setIfUnset(_defaultKeySerde: Serde<unknown> | undefined, defaultValueSerde: Serde<unknown> | undefined): void {
    this.inner ??= defaultValueSerde?.serializer() as Serializer<VO> | undefined;
  }

  serialize(topic: string, data: SubscriptionResponseWrapper<VO> | null, headers?: Headers): Buffer | null {
    if (data === null) return null;
    const value = data.foreignValue === null ? null : this.#inner().serialize(topic, data.foreignValue, headers);
    const hashLength = data.originalValueHash === null ? 0 : 16;
    const out = Buffer.allocUnsafe(1 + hashLength + 4 + (value?.length ?? 0));
    out[0] = VERSION | (data.originalValueHash === null ? NULL_HASH_FLAG : 0);
    if (data.originalValueHash !== null) data.originalValueHash.copy(out, 1);
    out.writeInt32BE(data.primaryPartition, 1 + hashLength);
    if (value !== null) value.copy(out, 5 + hashLength);
    return out;
  }

  #inner(): Serializer<VO> {
    if (this.inner === undefined) throw new StreamsException('Please specify a value serde for the foreign-key table or set one through StreamsConfig#DEFAULT_VALUE_SERDE_CLASS_CONFIG', { code: 'CONFIG' });
    return this.inner;
  }
}

export class ResponseWrapperDeserializer<VO> implements Deserializer<SubscriptionResponseWrapper<VO>> {
  constructor(public inner: Deserializer<VO> | undefined) {}

  setIfUnset(_defaultKeySerde: Serde<unknown> | undefined, defaultValueSerde: Serde<unknown> | undefined): void {
    this.inner ??= defaultValueSerde?.deserializer() as Deserializer<VO> | undefined;
  }

  deserialize(topic: string, data: Buffer | null, headers?: Headers): SubscriptionResponseWrapper<VO> {
    if (data === null) return null as unknown as SubscriptionResponseWrapper<VO>;
    const nullHash = (data[0]! & NULL_HASH_FLAG) !== 0;
    checkVersion(data[0]! & 0x7f, 'SubscriptionResponseWrapper');
    const hashLength = nullHash ? 0 : 16;
    const rest = data.subarray(5 + hashLength);
    if (rest.length > 0 && this.inner === undefined) throw new StreamsException('Please specify a value serde for the foreign-key table', { code: 'CONFIG' });
    return {
      originalValueHash: nullHash ? null : Buffer.from(data.subarray(1, 17)),
      primaryPartition: data.readInt32BE(1 + hashLength),
      foreignValue: rest.length === 0 ? null : (this.inner!.deserialize(topic, Buffer.from(rest), headers) as VO),
    };
  }
}

/** Kafka's CombinedKeySchema: subscription store keys that sort by foreign key, then primary key. */
export const CombinedKey = {
  toBytes(foreignKey: Buffer, primaryKey: Buffer): Buffer {
    const out = Buffer.allocUnsafe(4 + foreignKey.length + primaryKey.length);
    out.writeInt32BE(foreignKey.length, 0);
    foreignKey.copy(out, 4);
    primaryKey.copy(out, 4 + foreignKey.length);
    return out;
  },
  /** The prefix every subscription to `foreignKey` starts with. */
  prefix(foreignKey: Buffer): Buffer {
    const out = Buffer.allocUnsafe(4 + foreignKey.length);
    out.writeInt32BE(foreignKey.length, 0);
    foreignKey.copy(out, 4);
    return out;
  },
  primaryKey(combined: Buffer): Buffer {
    return combined.subarray(4 + combined.readInt32BE(0));
  },
};
