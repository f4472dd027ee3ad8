import type { StreamPartitioner } from '../processor/extractors.js';
import type { Serde } from '../serialization/serde.js';
import { validateName } from './named.js';

interface ProducedFields<K, V> {
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  readonly partitioner: StreamPartitioner<K, V> | undefined;
  readonly processorName: string | undefined;
}

/**
 * How `to()` writes (Kafka's `Produced`): serdes, a partitioner and the sink's name. Immutable.
 *
 * @example
 * ```ts
 * stream.to('output', Produced.with(Serdes.String(), Serdes.Long()));
 * ```
 */
export class Produced<K, V> implements ProducedFields<K, V> {
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  readonly partitioner: StreamPartitioner<K, V> | undefined;
  readonly processorName: string | undefined;

  private constructor(fields: Partial<ProducedFields<K, V>>) {
    this.keySerde = fields.keySerde;
    this.valueSerde = fields.valueSerde;
    this.partitioner = fields.partitioner;
    this.processorName = fields.processorName;
  }

  static with<K, V>(keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined, partitioner?: StreamPartitioner<K, V>): Produced<K, V> {
    return new Produced<K, V>({ keySerde, valueSerde, partitioner });
  }

  static as<K, V>(processorName: string): Produced<K, V> {
    return new Produced<K, V>({ processorName: validateName(processorName) });
  }

  static keySerde<K, V>(keySerde: Serde<K>): Produced<K, V> {
    return new Produced<K, V>({ keySerde });
  }

  static valueSerde<K, V>(valueSerde: Serde<V>): Produced<K, V> {
    return new Produced<K, V>({ valueSerde });
  }

  static streamPartitioner<K, V>(partitioner: StreamPartitioner<K, V>): Produced<K, V> {
    return new Produced<K, V>({ partitioner });
  }

  withKeySerde(keySerde: Serde<K>): Produced<K, V> {
    return new Produced<K, V>({ ...this.#fields(), keySerde });
  }

  withValueSerde(valueSerde: Serde<V>): Produced<K, V> {
    return new Produced<K, V>({ ...this.#fields(), valueSerde });
  }

  withStreamPartitioner(partitioner: StreamPartitioner<K, V>): Produced<K, V> {
    return new Produced<K, V>({ ...this.#fields(), partitioner });
  }

  withName(processorName: string): Produced<K, V> {
    return new Produced<K, V>({ ...this.#fields(), processorName: validateName(processorName) });
  }

  #fields(): ProducedFields<K, V> {
    return { keySerde: this.keySerde, valueSerde: this.valueSerde, partitioner: this.partitioner, processorName: this.processorName };
  }
}
