// KStream-KTable and KStream-GlobalKTable joins (Kafka's KStreamKTableJoin, KStreamGlobalKTableJoin and their
// KStreamKTableJoinProcessor): each stream record looks its key - or, for a global table, the key its
// KeyValueMapper derives - up in the table and is joined with the value found; the table side never triggers a
// result. The result keeps the stream record's key and timestamp.

import { IllegalArgumentException } from '../../../common/errors.js';
import type { GlobalKTable } from '../../../kstream/ktable.js';
import type { Joined } from '../../../kstream/joined.js';
import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Processor } from '../../../processor/processor.js';
import type { Record } from '../../../processor/record.js';
import type { InternalTopologyBuilder } from '../../topology/internal-topology-builder.js';
import type { MaybePromise } from '../../runtime/async.js';
import type { GraphNode } from '../internal-streams-builder.js';
import type { StreamContext, StreamState } from '../kstream-impl.js';
import { plain } from '../naming.js';
import { warnDropped } from '../table/dropped-records.js';
import { subTopologySourceNodes } from './copartition.js';
import { repartitionForJoin } from './stream-stream-join.js';
import { storeGetter, valueGetterSupplier, type TableLike, type ValueGetter, type ValueGetterSupplier } from './value-getters.js';

type Ctx = ProcessorContext<unknown, unknown>;
export type StreamTableJoiner = (key: unknown, streamValue: unknown, tableValue: unknown) => unknown;

/** Kafka's KStreamImpl prefixes of stream-table joins. */
export const StreamTablePrefix = { JOIN: 'KSTREAM-JOIN-', LEFTJOIN: 'KSTREAM-LEFTJOIN-' } as const;

const isNull = (v: unknown): boolean => v === null || v === undefined;

/** Kafka's KStreamKTableJoinProcessor: one lookup per stream record. */
export class StreamTableJoinProcessor implements Processor<unknown, unknown, unknown, unknown> {
  #context!: Ctx;

  constructor(
    private readonly getter: ValueGetter,
    private readonly keyMapper: (key: unknown, value: unknown) => unknown,
    private readonly joiner: StreamTableJoiner,
    private readonly leftJoin: boolean,
  ) {}

  init(context: Ctx): void {
    this.#context = context;
    this.getter.init(context);
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    const key = record.key();
    const value = record.value();
    // A null value has nothing to join; a null (mapped) key cannot be looked up - a left join still passes the
    // record on with a null table value (Kafka 3.7+, KIP-962).
    const mapped = isNull(key) ? null : this.keyMapper(key, value);
    if (isNull(value) || (!this.leftJoin && isNull(mapped))) {
      warnDropped(this.#context, 'null join key or value');
      return undefined;
    }
    const found = isNull(mapped) ? null : this.getter.get(mapped);
    const tableValue = found === null ? null : found.value();
    if (!this.leftJoin && isNull(tableValue)) return undefined;
    return this.#context.forward(record.withValue(this.joiner(key, value, tableValue ?? null)));
  }
}

/** Kafka's StreamTableJoinNode: the join processor, connected to the table's stores. */
class StreamTableJoinGraphNode implements GraphNode {
  readonly parents: readonly GraphNode[];

  constructor(
    readonly nodeName: string,
    parent: GraphNode,
    private readonly create: () => StreamTableJoinProcessor,
    private readonly storeNames: readonly string[],
    /** The table's node, for co-partitioning; undefined for a global table. */
    private readonly tableNode: GraphNode | undefined,
  ) {
    this.parents = [parent];
  }

  write(builder: InternalTopologyBuilder): void {
    builder.addProcessor(this.nodeName, plain(this.create), [this.parents[0]!.nodeName]);
    for (const store of this.storeNames) builder.connectProcessorAndStateStore(this.nodeName, store);
    if (this.tableNode !== undefined) builder.copartitionSources([...subTopologySourceNodes(this.parents[0]!), ...subTopologySourceNodes(this.tableNode)]);
  }
}

/** What a stream-table join needs of the table. */
export interface JoinableTable extends TableLike {
  readonly graphNode: GraphNode;
}

/** Kafka's KStreamImpl.join/leftJoin(KTable, joiner, Joined). */
export function joinStreamTable(
  self: StreamContext,
  table: JoinableTable,
  joiner: StreamTableJoiner,
  joined: Joined<unknown, unknown, unknown> | undefined,
  leftJoin: boolean,
): StreamState {
  const { builder } = self;
  const opName = joined?.name;
  if (joined?.gracePeriodMs !== undefined) {
    // Only versioned tables buffer stream records for a grace period, and this port has no versioned stores yet.
    throw new IllegalArgumentException('KTable must be versioned to use a grace period in a stream table join.');
  }
  let stream: StreamState = self;
  if (stream.repartitionRequired) stream = repartitionForJoin({ ...stream, builder }, opName ?? stream.name, joined?.keySerde, joined?.valueSerde);
  const name = opName ?? builder.newProcessorName(leftJoin ? StreamTablePrefix.LEFTJOIN : StreamTablePrefix.JOIN);
  const getters = valueGetterSupplier(table);
  const node = new StreamTableJoinGraphNode(
    name,
    stream.graphNode,
    () => new StreamTableJoinProcessor(getters.get(), (k) => k, joiner, leftJoin),
    getters.storeNames(),
    table.graphNode,
  );
  builder.addGraphNode(node);
  return { name, keySerde: joined?.keySerde ?? stream.keySerde, valueSerde: undefined, graphNode: node, repartitionRequired: false };
}

/**
 * Kafka's KStreamImpl.join/leftJoin(GlobalKTable, keySelector, joiner, named): no repartition and no
 * co-partitioning - every instance holds the whole table.
 */
export function joinStreamGlobalTable(
  self: StreamContext,
  table: GlobalKTable<unknown, unknown>,
  keySelector: (key: unknown, value: unknown) => unknown,
  joiner: StreamTableJoiner,
  named: string | undefined,
  leftJoin: boolean,
): StreamState {
  const { builder } = self;
  const name = named ?? builder.newProcessorName(leftJoin ? StreamTablePrefix.LEFTJOIN : StreamTablePrefix.JOIN);
  const getters: ValueGetterSupplier = storeGetter(table.queryableStoreName());
  // Global stores are reachable from every processor without being connected.
  const node = new StreamTableJoinGraphNode(name, self.graphNode, () => new StreamTableJoinProcessor(getters.get(), keySelector, joiner, leftJoin), [], undefined);
  builder.addGraphNode(node);
  return { name, keySerde: self.keySerde, valueSerde: undefined, graphNode: node, repartitionRequired: false };
}
