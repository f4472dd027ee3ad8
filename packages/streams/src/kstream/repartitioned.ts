import { IllegalArgumentException } from '../common/errors.js';
import type { StreamPartitioner } from '../processor/extractors.js';
import type { Serde } from '../serialization/serde.js';
import { validateName } from './named.js';

interface RepartitionedFields<K, V> {
  readonly name: string | undefined;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  readonly numberOfPartitions: number | undefined;
  readonly partitioner: StreamPartitioner<K, V> | undefined;
}

function checkPartitions(n: number | undefined): number | undefined {
  if (n !== undefined && !(Number.isInteger(n) && n > 0)) throw new IllegalArgumentException(`Number of partitions must be a positive integer, got ${n}`);
  return n;
}

/**
 * How `repartition()` writes its internal topic `<application.id>-<name>-repartition` (Kafka's `Repartitioned`):
 * its name, serdes, partition count and partitioner. Immutable.
 *
 * Like Kafka, the repartition topic's key serde is the one given here, else `default.key.serde` (not the
 * stream's own key serde); the value serde falls back to the stream's.
 */
export class Repartitioned<K, V> implements RepartitionedFields<K, V> {
  readonly name: string | undefined;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  readonly numberOfPartitions: number | undefined;
  readonly partitioner: StreamPartitioner<K, V> | undefined;

  private constructor(fields: Partial<RepartitionedFields<K, V>>) {
    this.name = fields.name;
    this.keySerde = fields.keySerde;
    this.valueSerde = fields.valueSerde;
    this.numberOfPartitions = checkPartitions(fields.numberOfPartitions);
    this.partitioner = fields.partitioner;
  }

  static as<K, V>(name: string): Repartitioned<K, V> {
    return new Repartitioned<K, V>({ name: validateName(name) });
  }

  static with<K, V>(keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined): Repartitioned<K, V> {
    return new Repartitioned<K, V>({ keySerde, valueSerde });
  }

  static numberOfPartitions<K, V>(numberOfPartitions: number): Repartitioned<K, V> {
    return new Repartitioned<K, V>({ numberOfPartitions });
  }

  static streamPartitioner<K, V>(partitioner: StreamPartitioner<K, V>): Repartitioned<K, V> {
    return new Repartitioned<K, V>({ partitioner });
  }

  withName(name: string): Repartitioned<K, V> {
    return new Repartitioned<K, V>({ ...this.#fields(), name: validateName(name) });
  }

  withKeySerde(keySerde: Serde<K>): Repartitioned<K, V> {
    return new Repartitioned<K, V>({ ...this.#fields(), keySerde });
  }

  withValueSerde(valueSerde: Serde<V>): Repartitioned<K, V> {
    return new Repartitioned<K, V>({ ...this.#fields(), valueSerde });
  }

  withNumberOfPartitions(numberOfPartitions: number): Repartitioned<K, V> {
    return new Repartitioned<K, V>({ ...this.#fields(), numberOfPartitions });
  }

  withStreamPartitioner(partitioner: StreamPartitioner<K, V>): Repartitioned<K, V> {
    return new Repartitioned<K, V>({ ...this.#fields(), partitioner });
  }

  #fields(): RepartitionedFields<K, V> {
    return { name: this.name, keySerde: this.keySerde, valueSerde: this.valueSerde, numberOfPartitions: this.numberOfPartitions, partitioner: this.partitioner };
  }
}
