import type { TimestampExtractor } from '../processor/extractors.js';
import type { Serde } from '../serialization/serde.js';
import { AutoOffsetReset } from '../topology/auto-offset-reset.js';
import { validateName } from './named.js';

interface ConsumedFields<K, V> {
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  readonly timestampExtractor: TimestampExtractor | undefined;
  readonly offsetResetPolicy: AutoOffsetReset | undefined;
  readonly processorName: string | undefined;
}

/**
 * How a source topic is read (Kafka's `Consumed`): serdes, timestamp extractor, offset reset and the source's
 * name. Immutable: every `with*` returns a new instance.
 *
 * @example
 * ```ts
 * builder.stream('orders', Consumed.with(Serdes.String(), Serdes.JSON<Order>()).withName('orders-source'));
 * ```
 */
export class Consumed<K, V> implements ConsumedFields<K, V> {
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  readonly timestampExtractor: TimestampExtractor | undefined;
  readonly offsetResetPolicy: AutoOffsetReset | undefined;
  readonly processorName: string | undefined;

  private constructor(fields: Partial<ConsumedFields<K, V>>) {
    this.keySerde = fields.keySerde;
    this.valueSerde = fields.valueSerde;
    this.timestampExtractor = fields.timestampExtractor;
    this.offsetResetPolicy = fields.offsetResetPolicy;
    this.processorName = fields.processorName;
  }

  /** Serdes, and optionally a timestamp extractor and an offset reset policy. */
  static with<K, V>(keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined, timestampExtractor?: TimestampExtractor, offsetResetPolicy?: AutoOffsetReset): Consumed<K, V>;
  /** Only a timestamp extractor (Kafka's `Consumed.with(TimestampExtractor)`). */
  static with<K, V>(timestampExtractor: TimestampExtractor): Consumed<K, V>;
  /** Only an offset reset policy (Kafka's `Consumed.with(AutoOffsetReset)`). */
  static with<K, V>(offsetResetPolicy: AutoOffsetReset): Consumed<K, V>;
  static with<K, V>(...args: unknown[]): Consumed<K, V> {
    const [first] = args;
    if (args.length === 1 && first instanceof AutoOffsetReset) return new Consumed<K, V>({ offsetResetPolicy: first });
    if (args.length === 1 && typeof (first as TimestampExtractor | undefined)?.extract === 'function') {
      return new Consumed<K, V>({ timestampExtractor: first as TimestampExtractor });
    }
    const [keySerde, valueSerde, timestampExtractor, offsetResetPolicy] = args as [Serde<K>?, Serde<V>?, TimestampExtractor?, AutoOffsetReset?];
    return new Consumed<K, V>({ keySerde, valueSerde, timestampExtractor, offsetResetPolicy });
  }

  /** Only the source's name (Kafka's `Consumed.as(processorName)`). */
  static as<K, V>(processorName: string): Consumed<K, V> {
    return new Consumed<K, V>({ processorName: validateName(processorName) });
  }

  withKeySerde<K2>(keySerde: Serde<K2>): Consumed<K2, V> {
    return new Consumed<K2, V>({ ...this.#fields(), keySerde });
  }

  withValueSerde<V2>(valueSerde: Serde<V2>): Consumed<K, V2> {
    return new Consumed<K, V2>({ ...this.#fields(), valueSerde });
  }

  withTimestampExtractor(timestampExtractor: TimestampExtractor): Consumed<K, V> {
    return new Consumed<K, V>({ ...this.#fields(), timestampExtractor });
  }

  withOffsetResetPolicy(offsetResetPolicy: AutoOffsetReset): Consumed<K, V> {
    return new Consumed<K, V>({ ...this.#fields(), offsetResetPolicy });
  }

  withName(processorName: string): Consumed<K, V> {
    return new Consumed<K, V>({ ...this.#fields(), processorName: validateName(processorName) });
  }

  #fields(): ConsumedFields<K, V> {
    return { keySerde: this.keySerde, valueSerde: this.valueSerde, timestampExtractor: this.timestampExtractor, offsetResetPolicy: this.offsetResetPolicy, processorName: this.processorName };
  }
}
