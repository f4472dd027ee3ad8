// KStream-KTable and KStream-GlobalKTable joins (Kafka's KStreamKTableJoin, KStreamGlobalKTableJoin and their
// KStreamKTableJoinProcessor): each stream record looks its key - or, for a global table, the key its
// KeyValueMapper derives - up in the table and is joined with the value found; the table side never triggers a
// result. The result keeps the stream record's key and timestamp. A versioned table is looked up as of the
// stream record's timestamp (KIP-914), and may be given a grace period during which stream records wait so
// that late table updates are seen (KIP-923, stream-table-grace.ts).

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
import { GraceBuffer, graceBufferBuilder, type GraceSpec } from './stream-table-grace.js';
import { lookup, storeGetter, valueGetterSupplier, type TableLike, type ValueGetter, type ValueGetterSupplier } from './value-getters.js';
import { isOutputVersioned } from './versioned-tables.js';

type Ctx = ProcessorContext<unknown, unknown>;
export type StreamTableJoiner = (key: unknown, streamValue: unknown, tableValue: unknown) => unknown;

/** Kafka's KStreamImpl prefixes of stream-table joins. */
export const StreamTablePrefix = { JOIN: 'KSTREAM-JOIN-', LEFTJOIN: 'KSTREAM-LEFTJOIN-' } as const;

const isNull = (v: unknown): boolean => v === null || v === undefined;

/** Kafka's KStreamKTableJoinProcessor: one lookup per stream record, through the grace buffer when there is one. */
export class StreamTableJoinProcessor implements Processor<unknown, unknown, unknown, unknown> {
  #context!: Ctx;
  readonly #grace: GraceBuffer | undefined;

  constructor(
    private readonly getter: ValueGetter,
    private readonly keyMapper: (key: unknown, value: unknown) => unknown,
    private readonly joiner: StreamTableJoiner,
    private readonly leftJoin: boolean,
    grace?: GraceSpec,
  ) {
    this.#grace = grace === undefined ? undefined : new GraceBuffer(grace);
  }

  init(context: Ctx): void {
    this.#context = context;
    this.getter.init(context);
    this.#grace?.init(context);
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
    const grace = this.#grace;
    if (grace === undefined || isNull(key)) return this.#join(record, mapped);
    const out: Promise<void>[] = [];
    const collect = (r: MaybePromise): void => void (r instanceof Promise && out.push(r));
    if (!grace.put(record, this.#context)) collect(this.#join(record, mapped));
    for (const r of grace.release()) {
      const released = record.withKey(r.key).withValue(r.value).withTimestamp(r.timestamp).withHeaders(r.headers);
      collect(this.#join(released, this.keyMapper(r.key, r.value)));
    }
    return out.length === 0 ? undefined : Promise.all(out).then(() => undefined);
  }

  /** Joins with the table's value - as of the record's timestamp when the table is versioned. */
  #join(record: Record<unknown, unknown>, mapped: unknown): MaybePromise {
    const found = isNull(mapped) ? null : lookup(this.getter, mapped, record.timestamp());
    const tableValue = found === null ? null : found.value();
    if (!this.leftJoin && isNull(tableValue)) return undefined;
    return this.#context.forward(record.withValue(this.joiner(record.key(), record.value(), tableValue ?? null)));
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
    private readonly grace?: GraceSpec,
  ) {
    this.parents = [parent];
  }

  write(builder: InternalTopologyBuilder): void {
    builder.addProcessor(this.nodeName, plain(this.create), [this.parents[0]!.nodeName]);
    if (this.grace !== undefined) builder.addStateStore(graceBufferBuilder(this.grace), [this.nodeName]);
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
  if (joined?.gracePeriodMs !== undefined && !isOutputVersioned(table)) {
    throw new IllegalArgumentException('KTable must be versioned to use a grace period in a stream table join.');
  }
  let stream: StreamState = self;
  if (stream.repartitionRequired) stream = repartitionForJoin({ ...stream, builder }, opName ?? stream.name, joined?.keySerde, joined?.valueSerde);
  const name = opName ?? builder.newProcessorName(leftJoin ? StreamTablePrefix.LEFTJOIN : StreamTablePrefix.JOIN);
  const getters = valueGetterSupplier(table);
  // A grace period of zero is no grace period (KIP-923); the buffer is named after the join, as Kafka's.
  const grace: GraceSpec | undefined =
    joined?.gracePeriodMs === undefined || joined.gracePeriodMs === 0
      ? undefined
      : { storeName: `${name}-Buffer`, gracePeriodMs: joined.gracePeriodMs, keySerde: joined.keySerde ?? stream.keySerde, valueSerde: joined.valueSerde ?? stream.valueSerde };
  const node = new StreamTableJoinGraphNode(
    name,
    stream.graphNode,
    () => new StreamTableJoinProcessor(getters.get(), (k) => k, joiner, leftJoin, grace),
    getters.storeNames(),
    table.graphNode,
    grace,
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
