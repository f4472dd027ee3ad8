import type { Serde } from '../serialization/serde.js';
import { validateName } from './named.js';

interface GroupedFields<K, V> {
  readonly name: string | undefined;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
}

/**
 * How `groupBy`/`groupByKey` group and, when the key changed, repartition (Kafka's `Grouped`): serdes of the
 * repartition topic and the name that replaces the generated one in `<application.id>-<name>-repartition` (and,
 * for `groupBy`, names the key-selecting processor). Immutable.
 *
 * @example
 * ```ts
 * stream.groupBy((k, v) => v.word, Grouped.with('by-word', Serdes.String(), Serdes.JSON<Event>()));
 * ```
 */
export class Grouped<K, V> implements GroupedFields<K, V> {
  readonly name: string | undefined;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;

  private constructor(fields: Partial<GroupedFields<K, V>>) {
    this.name = fields.name;
    this.keySerde = fields.keySerde;
    this.valueSerde = fields.valueSerde;
  }

  /** Only the name (Kafka's `Grouped.as`). */
  static as<K, V>(name: string): Grouped<K, V> {
    return new Grouped<K, V>({ name: validateName(name) });
  }

  /** Serdes, optionally after a name (Kafka's `Grouped.with(keySerde, valueSerde)` and `with(name, keySerde, valueSerde)`). */
  static with<K, V>(keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined): Grouped<K, V>;
  static with<K, V>(name: string, keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined): Grouped<K, V>;
  static with<K, V>(...args: [Serde<K> | undefined, Serde<V> | undefined] | [string, Serde<K> | undefined, Serde<V> | undefined]): Grouped<K, V> {
    if (typeof args[0] === 'string') {
      const [name, keySerde, valueSerde] = args as [string, Serde<K> | undefined, Serde<V> | undefined];
      return new Grouped<K, V>({ name: validateName(name), keySerde, valueSerde });
    }
    const [keySerde, valueSerde] = args as [Serde<K> | undefined, Serde<V> | undefined];
    return new Grouped<K, V>({ keySerde, valueSerde });
  }

  static keySerde<K, V>(keySerde: Serde<K>): Grouped<K, V> {
    return new Grouped<K, V>({ keySerde });
  }

  static valueSerde<K, V>(valueSerde: Serde<V>): Grouped<K, V> {
    return new Grouped<K, V>({ valueSerde });
  }

  withName(name: string): Grouped<K, V> {
    return new Grouped<K, V>({ ...this.#fields(), name: validateName(name) });
  }

  withKeySerde<K2>(keySerde: Serde<K2>): Grouped<K2, V> {
    return new Grouped<K2, V>({ name: this.name, valueSerde: this.valueSerde, keySerde });
  }

  withValueSerde<V2>(valueSerde: Serde<V2>): Grouped<K, V2> {
    return new Grouped<K, V2>({ name: this.name, keySerde: this.keySerde, valueSerde });
  }

  #fields(): GroupedFields<K, V> {
    return { name: this.name, keySerde: this.keySerde, valueSerde: this.valueSerde };
  }
}
