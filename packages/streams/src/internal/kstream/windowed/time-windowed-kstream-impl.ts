import type { Aggregator, Initializer, Reducer } from '../../../kstream/functions.js';
import type { KTable } from '../../../kstream/ktable.js';
import type { Materialized } from '../../../kstream/materialized.js';
import type { TimeWindowedKStream } from '../../../kstream/time-windowed-kstream.js';
import type { Window, Windowed } from '../../../kstream/windowed.js';
import { EmitStrategy } from '../../../kstream/windows/emit-strategy.js';
import type { SlidingWindows } from '../../../kstream/windows/sliding-windows.js';
import type { EnumerableWindowDefinition } from '../../../kstream/windows/windows.js';
import type { Serde } from '../../../serialization/serde.js';
import { Serdes } from '../../../serialization/serdes.js';
import { TimeWindowedSerde } from '../../../serialization/windowed/windowed-serdes.js';
import { GroupedPrefix, type KGroupedStreamImpl } from '../kgrouped-stream-impl.js';
import { MaterializedInternal } from '../materialized-internal.js';
import { namedAndMaterialized } from '../table-args.js';
import { KStreamSlidingWindowAggregateSupplier } from './kstream-sliding-window-aggregate.js';
import { KStreamWindowAggregateSupplier } from './kstream-window-aggregate.js';
import { slidingWindowStore, timeWindowStore } from './window-store-materializer.js';
import type { WindowedAggregateSupplier } from './windowed-common.js';

/** The windows of a time-windowed stream: fixed-size (tumbling, hopping, unlimited) or sliding. */
export type TimeWindowSpec =
  | { readonly kind: 'fixed'; readonly windows: EnumerableWindowDefinition<Window> }
  | { readonly kind: 'sliding'; readonly windows: SlidingWindows };

/** Kafka's count functions (KGroupedStreamImpl's countInitializer/countAggregator). */
export const countInitializer: Initializer<unknown> = () => 0;
export const countAggregator: Aggregator<unknown, unknown, unknown> = (_key, _value, aggregate) => (aggregate as number) + 1;

/** Kafka's reduce as an aggregation: the first value is the aggregate, then the reducer folds (aggregatorForReducer). */
export function reduceAggregator(reducer: Reducer<unknown>): Aggregator<unknown, unknown, unknown> {
  return (_key, value, aggregate) => (aggregate === null || aggregate === undefined ? value : reducer(aggregate, value));
}

/** The size of the spec's windows: what the result's windowed key serde rebuilds window ends with. */
export function windowSizeOf(spec: TimeWindowSpec): number {
  return spec.kind === 'fixed' ? spec.windows.size() : spec.windows.timeDifferenceMs();
}

/**
 * Kafka's TimeWindowedKStreamImpl and SlidingWindowedKStreamImpl: count, reduce and aggregate into a timestamped
 * window store, through the grouping's repartition topic when its key changed.
 */
export class TimeWindowedKStreamImpl<K, V> implements TimeWindowedKStream<K, V> {
  constructor(
    private readonly grouped: KGroupedStreamImpl<K, V>,
    private readonly spec: TimeWindowSpec,
    private readonly strategy: EmitStrategy = EmitStrategy.onWindowUpdate(),
  ) {}

  emitStrategy(emitStrategy: EmitStrategy): TimeWindowedKStream<K, V> {
    return new TimeWindowedKStreamImpl(this.grouped, this.spec, emitStrategy);
  }

  count(...rest: unknown[]): KTable<Windowed<K>, number> {
    return this.#aggregate(GroupedPrefix.AGGREGATE, rest, Serdes.Long() as Serde<unknown>, countInitializer, countAggregator);
  }

  reduce(reducer: Reducer<V>, ...rest: unknown[]): KTable<Windowed<K>, V> {
    return this.#aggregate(GroupedPrefix.REDUCE, rest, this.grouped.state.valueSerde, () => null, reduceAggregator(reducer as Reducer<unknown>));
  }

  aggregate<VR>(initializer: Initializer<VR>, aggregator: Aggregator<K, V, VR>, ...rest: unknown[]): KTable<Windowed<K>, VR> {
    return this.#aggregate(GroupedPrefix.AGGREGATE, rest, undefined, initializer, aggregator as Aggregator<unknown, unknown, unknown>);
  }

  #aggregate<VR>(
    prefix: string,
    rest: readonly unknown[],
    valueSerde: Serde<unknown> | undefined,
    initializer: Initializer<unknown>,
    aggregator: Aggregator<unknown, unknown, unknown>,
  ): KTable<Windowed<K>, VR> {
    const { builder, state, aggregateBuilder } = this.grouped;
    const { named, materialized } = namedAndMaterialized<unknown, unknown>(rest);
    // As Kafka: the store name (generated or not) before the processor name.
    const m = new MaterializedInternal(materialized as Materialized<unknown, unknown> | undefined, builder, prefix);
    m.keySerde ??= state.keySerde;
    m.valueSerde ??= valueSerde;
    const name = named ?? builder.newProcessorName(prefix);
    const { spec, strategy } = this;
    const storeName = m.storeName!;
    let supplier: WindowedAggregateSupplier;
    let lazy;
    if (spec.kind === 'fixed') {
      lazy = timeWindowStore(builder, m, spec.windows.size(), spec.windows.gracePeriodMs());
      supplier = new KStreamWindowAggregateSupplier({ windows: spec.windows, storeName, emitStrategy: strategy, retentionMs: lazy.retentionMs, initializer, aggregator });
    } else {
      lazy = slidingWindowStore(builder, m, spec.windows.timeDifferenceMs(), spec.windows.gracePeriodMs());
      supplier = new KStreamSlidingWindowAggregateSupplier({ windows: spec.windows, storeName, emitStrategy: strategy, retentionMs: lazy.retentionMs, initializer, aggregator });
    }
    return aggregateBuilder.build<Windowed<K>, VR>(name, storeName, lazy.store, supplier, {
      keySerde: m.keySerde === undefined ? undefined : (new TimeWindowedSerde(m.keySerde, windowSizeOf(spec)) as Serde<unknown>),
      valueSerde: m.valueSerde,
      queryableName: m.queryableStoreName(),
    });
  }
}
