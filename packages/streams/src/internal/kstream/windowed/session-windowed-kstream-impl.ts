import type { Aggregator, Initializer, Reducer } from '../../../kstream/functions.js';
import type { KTable } from '../../../kstream/ktable.js';
import type { Materialized } from '../../../kstream/materialized.js';
import type { Merger, SessionWindowedKStream } from '../../../kstream/session-windowed-kstream.js';
import type { Windowed } from '../../../kstream/windowed.js';
import { EmitStrategy } from '../../../kstream/windows/emit-strategy.js';
import type { SessionWindows } from '../../../kstream/windows/session-windows.js';
import type { Serde } from '../../../serialization/serde.js';
import { Serdes } from '../../../serialization/serdes.js';
import { SessionWindowedSerde } from '../../../serialization/windowed/windowed-serdes.js';
import { GroupedPrefix, type KGroupedStreamImpl } from '../kgrouped-stream-impl.js';
import { MaterializedInternal } from '../materialized-internal.js';
import { namedAndMaterialized } from '../table-args.js';
import { KStreamSessionWindowAggregateSupplier } from './kstream-session-window-aggregate.js';
import { countAggregator, countInitializer, reduceAggregator } from './time-windowed-kstream-impl.js';
import { sessionStore } from './window-store-materializer.js';

/** Kafka's countMerger: two sessions' counts add up. */
const countMerger: Merger<unknown, unknown> = (_key, one, two) => (one as number) + (two as number);

/** Kafka's mergerForAggregator: merging folds the other session's aggregate in like one more value. */
function mergerForAggregator(aggregator: Aggregator<unknown, unknown, unknown>): Merger<unknown, unknown> {
  return (key, one, two) => aggregator(key, two, one);
}

/** Kafka's SessionWindowedKStreamImpl: count, reduce and aggregate into a session store. */
export class SessionWindowedKStreamImpl<K, V> implements SessionWindowedKStream<K, V> {
  constructor(
    private readonly grouped: KGroupedStreamImpl<K, V>,
    private readonly windows: SessionWindows,
    private readonly strategy: EmitStrategy = EmitStrategy.onWindowUpdate(),
  ) {}

  emitStrategy(emitStrategy: EmitStrategy): SessionWindowedKStream<K, V> {
    return new SessionWindowedKStreamImpl(this.grouped, this.windows, emitStrategy);
  }

  count(...rest: unknown[]): KTable<Windowed<K>, number> {
    return this.#aggregate(GroupedPrefix.AGGREGATE, rest, Serdes.Long() as Serde<unknown>, countInitializer, countAggregator, countMerger);
  }

  reduce(reducer: Reducer<V>, ...rest: unknown[]): KTable<Windowed<K>, V> {
    const aggregator = reduceAggregator(reducer as Reducer<unknown>);
    return this.#aggregate(GroupedPrefix.REDUCE, rest, this.grouped.state.valueSerde, () => null, aggregator, mergerForAggregator(aggregator));
  }

  aggregate<VR>(initializer: Initializer<VR>, aggregator: Aggregator<K, V, VR>, sessionMerger: Merger<K, VR>, ...rest: unknown[]): KTable<Windowed<K>, VR> {
    return this.#aggregate(GroupedPrefix.AGGREGATE, rest, undefined, initializer, aggregator as Aggregator<unknown, unknown, unknown>, sessionMerger as Merger<unknown, unknown>);
  }

  #aggregate<VR>(
    prefix: string,
    rest: readonly unknown[],
    valueSerde: Serde<unknown> | undefined,
    initializer: Initializer<unknown>,
    aggregator: Aggregator<unknown, unknown, unknown>,
    merger: Merger<unknown, unknown>,
  ): KTable<Windowed<K>, VR> {
    const { builder, state, aggregateBuilder } = this.grouped;
    const { named, materialized } = namedAndMaterialized<unknown, unknown>(rest);
    const m = new MaterializedInternal(materialized as Materialized<unknown, unknown> | undefined, builder, prefix);
    m.keySerde ??= state.keySerde;
    m.valueSerde ??= valueSerde;
    const name = named ?? builder.newProcessorName(prefix);
    const { windows, strategy } = this;
    const lazy = sessionStore(builder, m, windows.inactivityGap(), windows.gracePeriodMs(), strategy);
    const supplier = new KStreamSessionWindowAggregateSupplier({
      windows, storeName: m.storeName!, emitStrategy: strategy, retentionMs: lazy.retentionMs, initializer, aggregator, merger,
    });
    return aggregateBuilder.build<Windowed<K>, VR>(name, m.storeName!, lazy.store, supplier, {
      keySerde: m.keySerde === undefined ? undefined : (new SessionWindowedSerde(m.keySerde) as Serde<unknown>),
      valueSerde: m.valueSerde,
      queryableName: m.queryableStoreName(),
    });
  }
}
