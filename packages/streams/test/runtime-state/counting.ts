// A Processor API counting topology shared by the runtime-state tests: counts records per key in a store and
// forwards the new count.
import { Record, Serdes, Stores, Topology, type KeyValueBytesStoreSupplier, type KeyValueStore, type Processor, type ProcessorContext } from '../../src/index.js';

export const S = Serdes.String();
export const L = Serdes.Long();

/** Counts per key in store `store` and forwards `key -> count`. */
export class Counter implements Processor<string, string, string, number> {
  #store!: KeyValueStore<string, number>;
  #context!: ProcessorContext<string, number>;

  constructor(private readonly store: string) {}

  init(context: ProcessorContext<string, number>): void {
    this.#context = context;
    this.#store = context.getStateStore<KeyValueStore<string, number>>(this.store);
  }

  process(record: Record<string, string>): void {
    const next = (this.#store.get(record.key()) ?? 0) + 1;
    this.#store.put(record.key(), next);
    this.#context.forward(record.withValue(next));
  }
}

/** input -> Counter(counts) -> output, with the given store supplier (logging on, caching off by default). */
export function countingTopology(input: string, output: string, supplier: KeyValueBytesStoreSupplier, caching = false): Topology {
  const builder = Stores.keyValueStoreBuilder(supplier, S, L);
  if (caching) builder.withCachingEnabled();
  return new Topology()
    .addSource('Source', [input], { keyDeserializer: S.deserializer(), valueDeserializer: S.deserializer() })
    .addProcessor('Counter', () => new Counter(supplier.name()), 'Source')
    .addStateStore(builder, 'Counter')
    .addSink('Sink', output, { keySerializer: S.serializer(), valueSerializer: L.serializer() }, 'Counter');
}
