// Kafka's TimeWindowedCogroupedKStreamImpl, SlidingWindowedCogroupedKStreamImpl and
// SessionWindowedCogroupedKStreamImpl with CogroupedStreamAggregateBuilder: one windowed aggregate processor per
// grouped stream (behind its repartition topic when its key changed), all writing one window or session store,
// merged by a pass-through node that is the resulting table.

import type { Aggregator, Initializer } from '../../../kstream/functions.js';
import type { KTable } from '../../../kstream/ktable.js';
import type { Materialized } from '../../../kstream/materialized.js';
import type { Merger, SessionWindowedCogroupedKStream } from '../../../kstream/session-windowed-kstream.js';
import type { TimeWindowedCogroupedKStream } from '../../../kstream/time-windowed-kstream.js';
import type { Windowed } from '../../../kstream/windowed.js';
import { EmitStrategy } from '../../../kstream/windows/emit-strategy.js';
import { SessionWindows } from '../../../kstream/windows/session-windows.js';
import { SlidingWindows } from '../../../kstream/windows/sliding-windows.js';
import type { Serde } from '../../../serialization/serde.js';
import { SessionWindowedSerde, TimeWindowedSerde } from '../../../serialization/windowed/windowed-serdes.js';
import type { InternalStreamsBuilder } from '../internal-streams-builder.js';
import type { KGroupedStreamImpl } from '../kgrouped-stream-impl.js';
import { KTableImpl } from '../ktable-impl.js';
import { MaterializedInternal } from '../materialized-internal.js';
import { KTablePassThrough } from '../table/ktable-pass-through.js';
import { namedAndMaterialized, suffixedOrGenerated } from '../table-args.js';
import { TableProcessorGraphNode } from '../table-graph-nodes.js';
import { KStreamSessionWindowAggregateSupplier } from './kstream-session-window-aggregate.js';
import { KStreamSlidingWindowAggregateSupplier } from './kstream-sliding-window-aggregate.js';
import { KStreamWindowAggregateSupplier } from './kstream-window-aggregate.js';
import { windowSizeOf, type TimeWindowSpec } from './time-windowed-kstream-impl.js';
import { sessionStore, slidingWindowStore, timeWindowStore, type LazyWindowedStore } from './window-store-materializer.js';
import type { WindowedAggregateSupplier } from './windowed-common.js';
import type { WindowsArg } from './windowed-by.js';

/** The grouped streams of a cogroup with their aggregators. */
export type CogroupGroups = ReadonlyMap<KGroupedStreamImpl<unknown, unknown>, Aggregator<unknown, unknown, unknown>>;

/** Kafka's CogroupedKStreamImpl name prefixes. */
const AGGREGATE = 'COGROUPKSTREAM-AGGREGATE-';
const MERGE = 'COGROUPKSTREAM-MERGE-';

/** `cogroupedStream.windowedBy(windows)` (Kafka's CogroupedKStream.windowedBy overloads). */
export function cogroupWindowedBy<K, V>(builder: InternalStreamsBuilder, groups: CogroupGroups, windows: SessionWindows): SessionWindowedCogroupedKStream<K, V>;
export function cogroupWindowedBy<K, V>(builder: InternalStreamsBuilder, groups: CogroupGroups, windows: WindowsArg): TimeWindowedCogroupedKStream<K, V>;
export function cogroupWindowedBy<K, V>(builder: InternalStreamsBuilder, groups: CogroupGroups, windows: WindowsArg): unknown {
  if (windows instanceof SessionWindows) return new SessionWindowedCogroupedImpl<K, V>(builder, groups, windows);
  const spec: TimeWindowSpec = windows instanceof SlidingWindows ? { kind: 'sliding', windows } : { kind: 'fixed', windows };
  return new TimeWindowedCogroupedImpl<K, V>(builder, groups, spec);
}

class TimeWindowedCogroupedImpl<K, V> implements TimeWindowedCogroupedKStream<K, V> {
  constructor(
    private readonly builder: InternalStreamsBuilder,
    private readonly groups: CogroupGroups,
    private readonly spec: TimeWindowSpec,
  ) {}

  aggregate(initializer: Initializer<V>, ...rest: unknown[]): KTable<Windowed<K>, V> {
    const { spec } = this;
    return buildCogroup<K, V>(this.builder, this.groups, rest, (m) => {
      const grace = spec.windows.gracePeriodMs();
      const lazy = spec.kind === 'fixed' ? timeWindowStore(this.builder, m, spec.windows.size(), grace) : slidingWindowStore(this.builder, m, spec.windows.timeDifferenceMs(), grace);
      const common = { storeName: m.storeName!, emitStrategy: EmitStrategy.onWindowUpdate(), retentionMs: lazy.retentionMs, initializer: initializer as Initializer<unknown> };
      const supplier = (aggregator: Aggregator<unknown, unknown, unknown>): WindowedAggregateSupplier =>
        spec.kind === 'fixed'
          ? new KStreamWindowAggregateSupplier({ ...common, windows: spec.windows, aggregator })
          : new KStreamSlidingWindowAggregateSupplier({ ...common, windows: spec.windows, aggregator });
      const keySerde = m.keySerde === undefined ? undefined : (new TimeWindowedSerde(m.keySerde, windowSizeOf(spec)) as Serde<unknown>);
      return { lazy, supplier, keySerde };
    });
  }
}

class SessionWindowedCogroupedImpl<K, V> implements SessionWindowedCogroupedKStream<K, V> {
  constructor(
    private readonly builder: InternalStreamsBuilder,
    private readonly groups: CogroupGroups,
    private readonly windows: SessionWindows,
  ) {}

  aggregate(initializer: Initializer<V>, sessionMerger: Merger<K, V>, ...rest: unknown[]): KTable<Windowed<K>, V> {
    const { windows } = this;
    return buildCogroup<K, V>(this.builder, this.groups, rest, (m) => {
      const strategy = EmitStrategy.onWindowUpdate();
      const lazy = sessionStore(this.builder, m, windows.inactivityGap(), windows.gracePeriodMs(), strategy);
      const supplier = (aggregator: Aggregator<unknown, unknown, unknown>): WindowedAggregateSupplier =>
        new KStreamSessionWindowAggregateSupplier({
          windows, storeName: m.storeName!, emitStrategy: strategy, retentionMs: lazy.retentionMs,
          initializer: initializer as Initializer<unknown>, aggregator, merger: sessionMerger as Merger<unknown, unknown>,
        });
      const keySerde = m.keySerde === undefined ? undefined : (new SessionWindowedSerde(m.keySerde) as Serde<unknown>);
      return { lazy, supplier, keySerde };
    });
  }
}

interface CogroupParts {
  readonly lazy: LazyWindowedStore;
  readonly supplier: (aggregator: Aggregator<unknown, unknown, unknown>) => WindowedAggregateSupplier;
  readonly keySerde: Serde<unknown> | undefined;
}

/** Kafka's CogroupedStreamAggregateBuilder.build: the per-stream processors, the shared store, the merge node. */
function buildCogroup<K, V>(builder: InternalStreamsBuilder, groups: CogroupGroups, rest: readonly unknown[], parts: (m: MaterializedInternal<unknown, unknown>) => CogroupParts): KTable<Windowed<K>, V> {
  const { named, materialized } = namedAndMaterialized<unknown, unknown>(rest);
  const m = new MaterializedInternal(materialized as Materialized<unknown, unknown> | undefined, builder, AGGREGATE);
  const storeName = m.storeName!;
  const { lazy, supplier, keySerde } = parts(m);
  const parents = [...groups.keys()].map((g) => g.aggregateBuilder.parentFor(storeName));
  const suppliers: WindowedAggregateSupplier[] = [];
  const nodes: TableProcessorGraphNode[] = [];
  let counter = 0;
  for (const aggregator of groups.values()) {
    const s = supplier(aggregator);
    const name = suffixedOrGenerated(builder, named, `-cogroup-agg-${counter}`, AGGREGATE);
    // The first processor adds the shared store; the others connect to it.
    const node =
      counter === 0 ? new TableProcessorGraphNode(name, [parents[counter]!], s, () => [lazy.store()]) : new TableProcessorGraphNode(name, [parents[counter]!], s, () => [], [storeName]);
    counter++;
    builder.addGraphNode(node);
    suppliers.push(s);
    nodes.push(node);
  }
  const mergeName = suffixedOrGenerated(builder, named, '-cogroup-merge', MERGE);
  const passThrough = new KTablePassThrough(suppliers);
  const mergeNode = new TableProcessorGraphNode(mergeName, nodes, passThrough);
  builder.addGraphNode(mergeNode);
  return new KTableImpl<Windowed<K>, V>(builder, {
    name: mergeName, graphNode: mergeNode, supplier: passThrough,
    keySerde, valueSerde: m.valueSerde, queryableName: m.queryableStoreName(),
  });
}
