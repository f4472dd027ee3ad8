// The five processors of a foreign-key table-table join (Kafka's SubscriptionSendProcessorSupplier,
// SubscriptionReceiveProcessorSupplier, SubscriptionJoinProcessorSupplier, ForeignTableJoinProcessorSupplier and
// ResponseJoinProcessorSupplier):
//
//   left table --send--> registration topic --receive (subscription store)--join-foreign--+
//   right table --foreign-join-subscription (prefix scan of the subscription store)--------+--> response topic
//   response topic --resolver (drops responses whose hash no longer matches the left value)--> result table
//
// A left row's value is hashed (murmur3, 128 bits, of its serialized bytes) when its subscription is sent; the
// response carries the hash back, and a response for a value that has changed since is stale and dropped.

import type { ProcessorContext } from '../../../../processor/processor-context.js';
import type { Processor } from '../../../../processor/processor.js';
import type { Record } from '../../../../processor/record.js';
import type { Serde } from '../../../../serialization/serde.js';
import type { TimestampedKeyValueStore } from '../../../../state/key-value-store.js';
import { ValueAndTimestamp } from '../../../../state/value-and-timestamp.js';
import type { MaybePromise } from '../../../runtime/async.js';
import { resolveSerde } from '../../../state/store-serdes.js';
import type { Change } from '../../change.js';
import { warnDropped } from '../../table/dropped-records.js';
import type { ValueGetter } from '../value-getters.js';
import { hashBytes, murmur3Hash128 } from './murmur3.js';
import { CombinedKey, Instruction, type SubscriptionResponseWrapper, type SubscriptionWrapper } from './wrappers.js';

type Ctx = ProcessorContext<unknown, unknown>;
const isNull = (v: unknown): v is null | undefined => v === null || v === undefined;

/** Serdes and pseudo-topics the processors share (names from the registration topic, as in Kafka). */
export interface FkJoinSerdes {
  /** The registration topic's undecorated name; pseudo-topics are `<app>-<it>-fk`, `-pk` and `-vh`. */
  readonly subscriptionTopic: string;
  readonly primaryKeySerde: Serde<unknown> | undefined;
  readonly primaryValueSerde: Serde<unknown> | undefined;
  readonly foreignKeySerde: Serde<unknown> | undefined;
}

/** The serdes resolved against the application's defaults for one task. */
class Resolved {
  readonly pk: Serde<unknown>;
  readonly value: Serde<unknown>;
  readonly fk: Serde<unknown>;
  readonly pkTopic: string;
  readonly fkTopic: string;
  readonly vhTopic: string;

  constructor(context: Ctx, serdes: FkJoinSerdes) {
    const base = `${context.applicationId()}-${serdes.subscriptionTopic}`;
    this.pkTopic = `${base}-pk`;
    this.fkTopic = `${base}-fk`;
    this.vhTopic = `${base}-vh`;
    this.pk = resolveSerde(serdes.primaryKeySerde, context.keySerde(), 'key', serdes.subscriptionTopic);
    this.value = resolveSerde(serdes.primaryValueSerde, context.valueSerde(), 'value', serdes.subscriptionTopic);
    this.fk = resolveSerde(serdes.foreignKeySerde, context.keySerde(), 'key', serdes.subscriptionTopic);
  }

  hash(value: unknown): Buffer | null {
    if (isNull(value)) return null;
    const bytes = this.value.serializer().serialize(this.vhTopic, value);
    return bytes === null ? null : hashBytes(murmur3Hash128(bytes));
  }

  fkBytes(foreignKey: unknown): Buffer {
    return this.fk.serializer().serialize(this.fkTopic, foreignKey) ?? Buffer.alloc(0);
  }
}

/** Kafka's SubscriptionSendProcessorSupplier: left-table changes become subscriptions keyed by foreign key. */
export class SubscriptionSendProcessor implements Processor<unknown, unknown, unknown, unknown> {
  #context!: Ctx;
  #serdes!: Resolved;

  constructor(
    private readonly serdes: FkJoinSerdes,
    private readonly foreignKeyExtractor: (value: unknown) => unknown,
    private readonly leftJoin: boolean,
  ) {}

  init(context: Ctx): void {
    this.#context = context;
    this.#serdes = new Resolved(context, this.serdes);
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    const change = record.value() as Change<unknown>;
    const s = this.#serdes;
    const hash = s.hash(change.newValue);
    const partition = this.#context.recordMetadata()?.partition() ?? -1;
    const primaryKey = s.pk.serializer().serialize(s.pkTopic, record.key()) ?? Buffer.alloc(0);
    const send = (foreignKey: unknown, instruction: Instruction): void => {
      const wrapper: SubscriptionWrapper = { hash, instruction, primaryKey, primaryPartition: partition };
      void this.#context.forward(record.withKey(foreignKey).withValue(wrapper));
    };
    if (!isNull(change.oldValue)) {
      const oldForeignKey = this.foreignKeyExtractor(change.oldValue);
      if (isNull(change.newValue)) {
        // The left row is gone: remove its subscription and retract the result.
        if (!isNull(oldForeignKey)) send(oldForeignKey, Instruction.DELETE_KEY_AND_PROPAGATE);
        return undefined;
      }
      const newForeignKey = this.foreignKeyExtractor(change.newValue);
      if (isNull(newForeignKey)) return this.#skipNullForeignKey();
      if (!isNull(oldForeignKey) && !s.fkBytes(oldForeignKey).equals(s.fkBytes(newForeignKey))) {
        // Moved to another foreign key: unsubscribe from the old one quietly.
        send(oldForeignKey, Instruction.DELETE_KEY_NO_PROPAGATE);
      }
      // A changed row must reach the result even without a match, to unset the previous result.
      send(newForeignKey, Instruction.PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE);
      return undefined;
    }
    if (isNull(change.newValue)) return undefined;
    const foreignKey = this.foreignKeyExtractor(change.newValue);
    if (isNull(foreignKey)) return this.#skipNullForeignKey();
    send(foreignKey, this.leftJoin ? Instruction.PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE : Instruction.PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE);
    return undefined;
  }

  #skipNullForeignKey(): undefined {
    warnDropped(this.#context, 'null foreign key');
    return undefined;
  }
}

/** Kafka's SubscriptionReceiveProcessorSupplier: keeps the subscriptions per (foreign key, primary key). */
export class SubscriptionReceiveProcessor implements Processor<unknown, unknown, unknown, unknown> {
  #context!: Ctx;
  #store!: TimestampedKeyValueStore<Buffer, SubscriptionWrapper>;
  #serdes!: Resolved;

  constructor(private readonly serdes: FkJoinSerdes, private readonly storeName: string) {}

  init(context: Ctx): void {
    this.#context = context;
    this.#store = context.getStateStore<TimestampedKeyValueStore<Buffer, SubscriptionWrapper>>(this.storeName);
    this.#serdes = new Resolved(context, this.serdes);
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    if (isNull(record.key())) {
      warnDropped(this.#context, 'null foreign key');
      return undefined;
    }
    const wrapper = record.value() as SubscriptionWrapper;
    const key = CombinedKey.toBytes(this.#serdes.fkBytes(record.key()), wrapper.primaryKey);
    const newValue = ValueAndTimestamp.make(wrapper, record.timestamp())!;
    const deleting = wrapper.instruction === Instruction.DELETE_KEY_AND_PROPAGATE || wrapper.instruction === Instruction.DELETE_KEY_NO_PROPAGATE;
    if (deleting) this.#store.delete(key);
    else this.#store.put(key, newValue);
    return this.#context.forward(record.withValue(newValue));
  }
}

/** Kafka's SubscriptionJoinProcessorSupplier: answers a subscription with the right table's current value. */
export class SubscriptionJoinProcessor implements Processor<unknown, unknown, unknown, unknown> {
  #context!: Ctx;
  #serdes!: Resolved;

  constructor(private readonly serdes: FkJoinSerdes, private readonly foreignValues: ValueGetter) {}

  init(context: Ctx): void {
    this.#context = context;
    this.#serdes = new Resolved(context, this.serdes);
    this.foreignValues.init(context);
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    const subscription = record.value() as ValueAndTimestamp<SubscriptionWrapper>;
    const wrapper = subscription.value();
    const foreign = isNull(record.key()) ? null : this.foreignValues.get(record.key());
    const timestamp = foreign === null ? subscription.timestamp() : Math.max(subscription.timestamp(), foreign.timestamp());
    let foreignValue: unknown;
    switch (wrapper.instruction) {
      case Instruction.DELETE_KEY_AND_PROPAGATE:
        foreignValue = null;
        break;
      case Instruction.PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE:
        foreignValue = foreign === null ? null : foreign.value();
        break;
      case Instruction.PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE:
        if (foreign === null) return undefined;
        foreignValue = foreign.value();
        break;
      default:
        return undefined;
    }
    const s = this.#serdes;
    const primaryKey = s.pk.deserializer().deserialize(s.pkTopic, wrapper.primaryKey);
    const response: SubscriptionResponseWrapper<unknown> = { originalValueHash: wrapper.hash, foreignValue, primaryPartition: wrapper.primaryPartition };
    return this.#context.forward(record.withKey(primaryKey).withValue(response).withTimestamp(timestamp));
  }
}

/**
 * Kafka's ForeignTableJoinProcessorSupplier: a right-table change answers every subscription to its key, found by
 * a prefix scan of the subscription store (asynchronous: ranges are, DESIGN.md decision 4).
 */
export class ForeignTableJoinProcessor implements Processor<unknown, unknown, unknown, unknown> {
  #context!: Ctx;
  #store!: TimestampedKeyValueStore<Buffer, SubscriptionWrapper>;
  #serdes!: Resolved;

  constructor(private readonly serdes: FkJoinSerdes, private readonly storeName: string) {}

  init(context: Ctx): void {
    this.#context = context;
    this.#store = context.getStateStore<TimestampedKeyValueStore<Buffer, SubscriptionWrapper>>(this.storeName);
    this.#serdes = new Resolved(context, this.serdes);
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    const key = record.key();
    if (isNull(key)) {
      warnDropped(this.#context, 'null key');
      return undefined;
    }
    const change = record.value() as Change<unknown>;
    if (isNull(change.newValue) && isNull(change.oldValue)) return undefined;
    return this.#respond(record, CombinedKey.prefix(this.#serdes.fkBytes(key)), change.newValue ?? null);
  }

  async #respond(record: Record<unknown, unknown>, prefix: Buffer, foreignValue: unknown): Promise<void> {
    const s = this.#serdes;
    const iterator = this.#store.range(prefix, null);
    try {
      for await (const { key: combined, value } of iterator) {
        if (combined.length < prefix.length || !combined.subarray(0, prefix.length).equals(prefix)) break;
        const wrapper = value.value();
        const primaryKey = s.pk.deserializer().deserialize(s.pkTopic, CombinedKey.primaryKey(combined));
        const response: SubscriptionResponseWrapper<unknown> = { originalValueHash: wrapper.hash, foreignValue, primaryPartition: wrapper.primaryPartition };
        void this.#context.forward(record.withKey(primaryKey).withValue(response).withTimestamp(Math.max(record.timestamp(), value.timestamp())));
      }
    } finally {
      await iterator.close();
    }
  }
}

/**
 * Kafka's ResponseJoinProcessorSupplier: joins a response with the left row it answers - if that row still has
 * the value the response was computed for (same hash); stale responses are dropped.
 */
export class ResponseJoinProcessor implements Processor<unknown, unknown, unknown, unknown> {
  #context!: Ctx;
  #serdes!: Resolved;

  constructor(
    private readonly serdes: FkJoinSerdes,
    private readonly primaryValues: ValueGetter,
    private readonly joiner: (left: unknown, right: unknown) => unknown,
    private readonly leftJoin: boolean,
  ) {}

  init(context: Ctx): void {
    this.#context = context;
    this.#serdes = new Resolved(context, this.serdes);
    this.primaryValues.init(context);
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    const response = record.value() as SubscriptionResponseWrapper<unknown>;
    const current = this.primaryValues.get(record.key());
    const currentHash = current === null ? null : this.#serdes.hash(current.value());
    const matches = currentHash === null ? response.originalValueHash === null : response.originalValueHash !== null && currentHash.equals(response.originalValueHash);
    if (!matches) return undefined; // stale: the left value changed after this subscription was sent
    const foreign = response.foreignValue;
    const result = isNull(foreign) && (!this.leftJoin || current === null) ? null : this.joiner(current === null ? null : current.value(), foreign ?? null);
    return this.#context.forward(record.withValue(result));
  }
}
