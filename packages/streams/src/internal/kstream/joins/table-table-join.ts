// KTable-KTable join, leftJoin and outerJoin (Kafka's KTableImpl.doJoin and KTableKTableJoinNode): the merge
// name first (after a generated store name when an unnamed Materialized asks for a store), old values from the
// left table for left/outer joins and from the right table for outer joins, the two side processors connected to
// each other's table stores, and the merge with the result's store when materialized.

import type { Materialized } from '../../../kstream/materialized.js';
import type { StoreBuilder } from '../../../processor/state-store.js';
import type { Serde } from '../../../serialization/serde.js';
import type { InternalTopologyBuilder } from '../../topology/internal-topology-builder.js';
import type { GraphNode, InternalStreamsBuilder } from '../internal-streams-builder.js';
import { MaterializedInternal } from '../materialized-internal.js';
import { plain } from '../naming.js';
import { materializeTimestampedKeyValueStore } from '../store-materializer.js';
import { namedAndMaterialized, suffixedOrGenerated } from '../table-args.js';
import type { TableProcessorSupplier } from '../table/table-supplier.js';
import { subTopologySourceNodes } from './copartition.js';
import { TableTableJoinMerger, TableTableJoinSide, type OldValueSource } from './ktable-ktable-join.js';
import { valueGetterSupplier, type TableLike } from './value-getters.js';

/** Kafka's KTableImpl prefixes of table-table joins. */
export const TableJoinPrefix = { JOINTHIS: 'KTABLE-JOINTHIS-', JOINOTHER: 'KTABLE-JOINOTHER-', MERGE: 'KTABLE-MERGE-' } as const;

/** What a table-table join needs of each table. */
export interface JoinTable extends TableLike, OldValueSource {
  readonly name: string;
  readonly graphNode: GraphNode;
  readonly keySerde: Serde<unknown> | undefined;
}

/** The state of the join's result table. */
export interface JoinedTableState {
  readonly name: string;
  readonly keySerde: Serde<unknown> | undefined;
  readonly valueSerde: Serde<unknown> | undefined;
  readonly graphNode: GraphNode;
  readonly queryableName: string | undefined;
  readonly supplier: TableProcessorSupplier;
}

/** Kafka's KTableImpl.doJoin. `rest` is the optional `(named?, materialized?)` of the overloads. */
export function joinTables(
  builder: InternalStreamsBuilder,
  self: JoinTable,
  other: JoinTable,
  joiner: (left: unknown, right: unknown) => unknown,
  leftOuter: boolean,
  rightOuter: boolean,
  rest: readonly unknown[],
): JoinedTableState {
  const { named, materialized } = namedAndMaterialized<unknown, unknown>(rest);
  const m = materialized === undefined ? undefined : new MaterializedInternal(materialized as Materialized<unknown, unknown>, builder, TableJoinPrefix.MERGE);
  const mergeName = named ?? builder.newProcessorName(TableJoinPrefix.MERGE);
  if (leftOuter) self.enableSendingOldValues(true);
  if (rightOuter) other.enableSendingOldValues(true);

  const thisGetter = valueGetterSupplier(self);
  const otherGetter = valueGetterSupplier(other);
  const reverse = (a: unknown, b: unknown) => joiner(b, a);
  const thisKind = leftOuter ? (rightOuter ? 'outer' : 'left') : 'inner';
  const otherKind = leftOuter ? (rightOuter ? 'outer' : 'right') : 'inner';
  const joinThis = new TableTableJoinSide(thisKind, self, other, thisGetter, otherGetter, joiner);
  const joinOther = new TableTableJoinSide(otherKind, other, self, otherGetter, thisGetter, reverse);
  const joinThisName = suffixedOrGenerated(builder, named, '-join-this', TableJoinPrefix.JOINTHIS);
  const joinOtherName = suffixedOrGenerated(builder, named, '-join-other', TableJoinPrefix.JOINOTHER);

  if (m !== undefined && m.keySerde === undefined) m.keySerde = self.keySerde;
  const merger = new TableTableJoinMerger(joinThis, joinOther, m?.queryableStoreName());
  const node = new TableTableJoinGraphNode(mergeName, [self.graphNode, other.graphNode], {
    joinThis: [joinThisName, joinThis],
    joinOther: [joinOtherName, joinOther],
    merger,
    thisStores: thisGetter.storeNames(),
    otherStores: otherGetter.storeNames(),
    store: m === undefined ? undefined : () => materializeTimestampedKeyValueStore(m, builder.defaultStoreType),
  });
  builder.addGraphNode(node);
  return {
    name: mergeName,
    keySerde: m?.keySerde ?? self.keySerde,
    valueSerde: m?.valueSerde,
    graphNode: node,
    queryableName: m?.queryableStoreName(),
    supplier: merger,
  };
}

interface TableJoinParts {
  readonly joinThis: readonly [string, TableTableJoinSide];
  readonly joinOther: readonly [string, TableTableJoinSide];
  readonly merger: TableTableJoinMerger;
  readonly thisStores: readonly string[];
  readonly otherStores: readonly string[];
  readonly store: (() => StoreBuilder) | undefined;
}

/** Kafka's KTableKTableJoinNode. */
class TableTableJoinGraphNode implements GraphNode {
  constructor(
    readonly nodeName: string,
    readonly parents: readonly [GraphNode, GraphNode],
    private readonly parts: TableJoinParts,
  ) {}

  write(builder: InternalTopologyBuilder): void {
    const { joinThis, joinOther, merger } = this.parts;
    const [thisName, thisSide] = joinThis;
    const [otherName, otherSide] = joinOther;
    builder.addProcessor(thisName, plain(() => thisSide.get()), [this.parents[0].nodeName]);
    builder.addProcessor(otherName, plain(() => otherSide.get()), [this.parents[1].nodeName]);
    builder.addProcessor(this.nodeName, plain(() => merger.get()), [thisName, otherName]);
    for (const store of this.parts.otherStores) builder.connectProcessorAndStateStore(thisName, store);
    for (const store of this.parts.thisStores) builder.connectProcessorAndStateStore(otherName, store);
    if (this.parts.store !== undefined) builder.addStateStore(this.parts.store(), [this.nodeName]);
    builder.copartitionSources([...subTopologySourceNodes(this.parents[0]), ...subTopologySourceNodes(this.parents[1])]);
  }
}
