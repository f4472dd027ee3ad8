import { TopologyException } from '../../common/errors.js';
import { Materialized } from '../../kstream/materialized.js';
import { Named, validateName } from '../../kstream/named.js';
import type { TimestampedKeyValueStore } from '../../state/key-value-store.js';
import type { StoreBuilder } from '../../processor/state-store.js';
import type { InternalStreamsBuilder } from './internal-streams-builder.js';
import type { MaterializedInternal } from './materialized-internal.js';
import { materializeTimestampedKeyValueStore } from './store-materializer.js';

/** The optional trailing `(named?, materialized?)` of Kafka's table-side overloads, in either combination. */
export interface NamedAndMaterialized<K, V> {
  readonly named: string | undefined;
  readonly materialized: Materialized<K, V> | undefined;
}

/** Sorts the trailing arguments of an overloaded table operator into its Named and its Materialized. */
export function namedAndMaterialized<K, V>(args: readonly unknown[]): NamedAndMaterialized<K, V> {
  let named: string | undefined;
  let materialized: Materialized<K, V> | undefined;
  for (const arg of args) {
    if (arg === undefined) continue;
    if (arg instanceof Named) named = arg.name;
    else if (arg instanceof Materialized) materialized = arg as Materialized<K, V>;
    else throw new TopologyException(`Expected Named or Materialized, got ${String(arg)}`);
  }
  return { named, materialized };
}

/**
 * Kafka's NamedInternal.suffixWithOrElseGet: `<name><suffix>` for a user's name, else a generated name. An index
 * is drawn either way, as Kafka does to keep later generated names where they were.
 */
export function suffixedOrGenerated(builder: InternalStreamsBuilder, named: string | undefined, suffix: string, prefix: string): string {
  const generated = builder.newProcessorName(prefix);
  return named !== undefined ? validateName(`${named}${suffix}`) : generated;
}

/** The store builder of a Materialized, made when the topology is written (default store type known then). */
export function lazyStore(builder: InternalStreamsBuilder, materialized: MaterializedInternal<unknown, unknown>): () => StoreBuilder<TimestampedKeyValueStore<unknown, unknown>> {
  return () => materializeTimestampedKeyValueStore(materialized, builder.defaultStoreType);
}
