// KStream-KStream join, outer join and left join (Kafka's KStreamImpl.join/leftJoin/outerJoin and
// KStreamImplJoin): repartitions a side whose key changed, then adds the two windowed processors with their
// join stores, the two join processors, the merge, and - for left/outer joins with the spurious-result fix -
// the shared store of unmatched records, all named as Kafka names them.

import { StreamsException } from '../../../common/errors.js';
import type { JoinWindows } from '../../../kstream/windows/join-windows.js';
import type { StreamJoined } from '../../../kstream/stream-joined.js';
import type { StoreBuilder } from '../../../processor/state-store.js';
import { Serdes } from '../../../serialization/serdes.js';
import type { Serde } from '../../../serialization/serde.js';
import { Stores } from '../../../state/stores.js';
import type { WindowBytesStoreSupplier } from '../../../state/suppliers.js';
import type { InternalTopologyBuilder } from '../../topology/internal-topology-builder.js';
import type { GraphNode, InternalStreamsBuilder } from '../internal-streams-builder.js';
import type { StreamContext, StreamState } from '../kstream-impl.js';
import { plain, Prefix } from '../naming.js';
import { PassThroughProcessor } from '../processors/stateless.js';
import { createRepartitionedSource } from '../repartition-source.js';
import { suffixedOrGenerated } from '../table-args.js';
import { subTopologySourceNodes } from './copartition.js';
import { bucketWidth } from './join-buffer.js';
import { JoinWindowProcessor, StreamStreamJoinProcessor, type JoinStoreSpec } from './kstream-kstream-join.js';
import { TimeTrackers } from './outer-join-store.js';

/** Kafka's KStreamImpl name prefixes of stream-stream joins. */
export const JoinPrefix = {
  WINDOWED: 'KSTREAM-WINDOWED-',
  JOINTHIS: 'KSTREAM-JOINTHIS-',
  JOINOTHER: 'KSTREAM-JOINOTHER-',
  OUTERTHIS: 'KSTREAM-OUTERTHIS-',
  OUTEROTHER: 'KSTREAM-OUTEROTHER-',
  OUTERSHARED: 'KSTREAM-OUTERSHARED-',
} as const;

export type JoinerWithKey = (key: unknown, left: unknown, right: unknown) => unknown;

/** Kafka's `repartitionForJoin`: `<name>-repartition` behind a side whose key changed. */
export function repartitionForJoin(self: StreamState & { builder: InternalStreamsBuilder }, prefix: string, keySerde: Serde<unknown> | undefined, valueSerde: Serde<unknown> | undefined): StreamState {
  const k = keySerde ?? self.keySerde;
  const v = valueSerde ?? self.valueSerde;
  const node = createRepartitionedSource(self.builder, self.graphNode, prefix, k, v);
  self.builder.addGraphNode(node);
  return { name: node.nodeName, keySerde: k, valueSerde: v, graphNode: node, repartitionRequired: false };
}

/** One side's store: the name and how to build it once the DSL store type is known. */
interface SideStore {
  readonly spec: JoinStoreSpec;
  readonly supplier: WindowBytesStoreSupplier | undefined;
  readonly keySerde: Serde<unknown> | undefined;
}

/**
 * Kafka's KStreamImplJoin.join. `leftOuter`: this side emits unmatched records (leftJoin, outerJoin);
 * `rightOuter`: the other side does too (outerJoin).
 */
export function joinStreams(
  self: StreamContext,
  otherStream: StreamState,
  joiner: JoinerWithKey,
  windows: JoinWindows,
  streamJoined: StreamJoined<unknown, unknown, unknown> | undefined,
  leftOuter: boolean,
  rightOuter: boolean,
): StreamState {
  const { builder } = self;
  const opName = streamJoined?.name;
  const keySerde = streamJoined?.keySerde;
  let left: StreamState = self;
  let right: StreamState = otherStream;
  if (left.repartitionRequired) left = repartitionForJoin({ ...left, builder }, opName !== undefined ? `${opName}-left` : left.name, keySerde, streamJoined?.valueSerde);
  if (right.repartitionRequired) right = repartitionForJoin({ ...right, builder }, opName !== undefined ? `${opName}-right` : right.name, keySerde, streamJoined?.otherValueSerde);

  const names = joinNames(builder, opName, leftOuter, rightOuter);
  const stores = joinStores(names, windows, streamJoined, leftOuter, rightOuter);
  const { thisStore, otherStore, outerStoreName } = stores;
  const thisSupplier = streamJoined?.thisStoreSupplier;

  const trackers = new TimeTrackers();
  const common = {
    outerStoreName,
    beforeMs: windows.beforeMs,
    afterMs: windows.afterMs,
    graceMs: windows.gracePeriodMs(),
    joiner,
    trackers,
    keySerde,
    leftValueSerde: streamJoined?.valueSerde,
    rightValueSerde: streamJoined?.otherValueSerde,
  };
  const node = new StreamStreamJoinGraphNode({
    builder,
    parents: [left.graphNode, right.graphNode],
    names,
    thisStore,
    otherStore,
    outerStoreName,
    persistentOuter: thisSupplier === undefined ? undefined : thisSupplier.metricsScope() !== 'in-memory',
    logging: streamJoined?.loggingEnabled ?? true,
    topicConfig: streamJoined?.topicConfig ?? {},
    createThis: () => new StreamStreamJoinProcessor({ ...common, isLeftSide: true, otherStore: otherStore.spec, outer: leftOuter }),
    createOther: () => new StreamStreamJoinProcessor({ ...common, isLeftSide: false, otherStore: thisStore.spec, outer: rightOuter }),
  });
  builder.addGraphNode(node);
  // The result has no value serde; the key serde is the StreamJoined's only (Kafka cannot tell the sides' apart).
  return { name: names.merge, keySerde, valueSerde: undefined, graphNode: node, repartitionRequired: false };
}

/** The processor names of a stream-stream join, drawn in Kafka's order, and the generated side names. */
interface JoinNames {
  readonly thisWindowed: string;
  readonly otherWindowed: string;
  readonly joinThis: string;
  readonly joinOther: string;
  readonly merge: string;
  readonly thisGenerated: string;
  readonly otherGenerated: string;
  readonly thisSuffix: string;
  readonly otherSuffix: string;
}

function joinNames(builder: InternalStreamsBuilder, opName: string | undefined, leftOuter: boolean, rightOuter: boolean): JoinNames {
  const thisSuffix = rightOuter ? '-outer-this-join' : '-this-join';
  const otherSuffix = leftOuter ? '-outer-other-join' : '-other-join';
  // Kafka draws an index for each generated name even when the user named the join (suffixWithOrElseGet).
  const thisWindowed = suffixedOrGenerated(builder, opName, '-this-windowed', JoinPrefix.WINDOWED);
  const otherWindowed = suffixedOrGenerated(builder, opName, '-other-windowed', JoinPrefix.WINDOWED);
  const thisGenerated = builder.newProcessorName(rightOuter ? JoinPrefix.OUTERTHIS : JoinPrefix.JOINTHIS);
  const otherGenerated = builder.newProcessorName(leftOuter ? JoinPrefix.OUTEROTHER : JoinPrefix.JOINOTHER);
  const joinThis = opName !== undefined ? opName + thisSuffix : thisGenerated;
  const joinOther = opName !== undefined ? opName + otherSuffix : otherGenerated;
  const merge = suffixedOrGenerated(builder, opName, '-merge', Prefix.MERGE);
  return { thisWindowed, otherWindowed, joinThis, joinOther, merge, thisGenerated, otherGenerated, thisSuffix, otherSuffix };
}

/** The two join stores and the shared outer store, named as Kafka names them (KStreamImplJoin). */
function joinStores(
  names: JoinNames,
  windows: JoinWindows,
  streamJoined: StreamJoined<unknown, unknown, unknown> | undefined,
  leftOuter: boolean,
  rightOuter: boolean,
): { thisStore: SideStore; otherStore: SideStore; outerStoreName: string | undefined } {
  const thisSupplier = streamJoined?.thisStoreSupplier;
  const otherSupplier = streamJoined?.otherStoreSupplier;
  if (thisSupplier !== undefined && otherSupplier !== undefined && thisSupplier.name() === otherSupplier.name()) {
    throw new StreamsException('Both StoreSuppliers have the same name.  StoreSuppliers must provide unique names');
  }
  const baseStore = streamJoined?.storeName;
  const retentionMs = windows.size() + windows.gracePeriodMs();
  const side = (supplier: WindowBytesStoreSupplier | undefined, generated: string, suffix: string, valueSerde: Serde<unknown> | undefined): SideStore => {
    if (supplier !== undefined) assertWindowSettings(supplier, windows);
    const name = supplier?.name() ?? `${baseStore === undefined ? generated : baseStore + suffix}-store`;
    return { spec: { name, windowSizeMs: windows.size(), retentionMs, valueSerde }, supplier, keySerde: streamJoined?.keySerde };
  };
  const thisStore = side(thisSupplier, names.thisGenerated, names.thisSuffix, streamJoined?.valueSerde);
  const otherStore = side(otherSupplier, names.otherGenerated, names.otherSuffix, streamJoined?.otherValueSerde);
  // The shared store exists for left/outer joins with the spurious-result fix only.
  if (!leftOuter || !windows.enableSpuriousResultFix) return { thisStore, otherStore, outerStoreName: undefined };
  const sharedSuffix = rightOuter ? '-outer-shared-join' : '-left-shared-join';
  const base =
    thisSupplier !== undefined && thisSupplier.name() !== ''
      ? thisSupplier.name() + sharedSuffix
      : baseStore !== undefined
        ? baseStore + sharedSuffix
        : JoinPrefix.OUTERSHARED + names.thisGenerated.substring((rightOuter ? JoinPrefix.OUTERTHIS : JoinPrefix.JOINTHIS).length);
  return { thisStore, otherStore, outerStoreName: `${base}-store` };
}

/** Kafka's `assertWindowSettings` for user-supplied join stores. */
function assertWindowSettings(supplier: WindowBytesStoreSupplier, windows: JoinWindows): void {
  if (!supplier.retainDuplicates()) {
    throw new StreamsException('The StoreSupplier must set retainDuplicates=true, found retainDuplicates=false');
  }
  if (supplier.retentionPeriod() !== windows.size() + windows.gracePeriodMs() || supplier.windowSize() !== windows.size()) {
    throw new StreamsException(
      `Window settings mismatch. WindowBytesStoreSupplier settings ${supplier.name()} must match JoinWindows settings ${windows.toString()} for the window size and retention period`,
    );
  }
}

interface JoinNodeParts {
  readonly builder: InternalStreamsBuilder;
  readonly parents: readonly [GraphNode, GraphNode];
  readonly names: JoinNames;
  readonly thisStore: SideStore;
  readonly otherStore: SideStore;
  readonly outerStoreName: string | undefined;
  /** Whether the shared store is persistent; undefined: follow the DSL store type. */
  readonly persistentOuter: boolean | undefined;
  readonly logging: boolean;
  readonly topicConfig: Readonly<{ [key: string]: string }>;
  readonly createThis: () => StreamStreamJoinProcessor;
  readonly createOther: () => StreamStreamJoinProcessor;
}

/** Kafka's WindowedStreamProcessorNodes + StreamStreamJoinNode, written in Kafka's order. */
class StreamStreamJoinGraphNode implements GraphNode {
  readonly nodeName: string;
  readonly parents: readonly GraphNode[];

  constructor(private readonly parts: JoinNodeParts) {
    this.nodeName = parts.names.merge;
    this.parents = parts.parents;
  }

  write(topology: InternalTopologyBuilder): void {
    const { names, thisStore, otherStore, parents } = this.parts;
    topology.addProcessor(names.thisWindowed, plain(() => new JoinWindowProcessor(thisStore.spec)), [parents[0].nodeName]);
    topology.addProcessor(names.otherWindowed, plain(() => new JoinWindowProcessor(otherStore.spec)), [parents[1].nodeName]);
    topology.addProcessor(names.joinThis, plain(this.parts.createThis), [names.thisWindowed]);
    topology.addProcessor(names.joinOther, plain(this.parts.createOther), [names.otherWindowed]);
    topology.addProcessor(names.merge, plain(() => new PassThroughProcessor()), [names.joinThis, names.joinOther]);
    topology.addStateStore(this.#windowStore(thisStore), [names.thisWindowed, names.joinOther]);
    topology.addStateStore(this.#windowStore(otherStore), [names.otherWindowed, names.joinThis]);
    if (this.parts.outerStoreName !== undefined) topology.addStateStore(this.#outerStore(this.parts.outerStoreName), [names.joinThis, names.joinOther]);
    topology.copartitionSources([...subTopologySourceNodes(parents[0]), ...subTopologySourceNodes(parents[1])]);
  }

  #inMemory(): boolean {
    return this.parts.builder.defaultStoreType === 'in_memory';
  }

  /**
   * The bucketed join store (see join-buffer.ts): a window store without duplicates whose windows are buckets.
   * A user's supplier contributes its name and kind (LevelDB or in-memory); its store instance is not used,
   * because its duplicates layout has no synchronous range lookup.
   */
  #windowStore(side: SideStore): StoreBuilder {
    const { name, retentionMs, windowSizeMs } = side.spec;
    const inMemory = side.supplier !== undefined ? side.supplier.metricsScope() === 'in-memory' : this.#inMemory();
    const retention = retentionMs + bucketWidth(windowSizeMs);
    const supplier = inMemory ? Stores.inMemoryWindowStore(name, retention, windowSizeMs, false) : Stores.persistentWindowStore(name, retention, windowSizeMs, false);
    const builder = Stores.windowStoreBuilder(supplier, side.keySerde, Serdes.Buffer());
    return this.parts.logging ? builder.withLoggingEnabled(this.parts.topicConfig) : builder.withLoggingDisabled();
  }

  #outerStore(name: string): StoreBuilder {
    const persistent = this.parts.persistentOuter ?? !this.#inMemory();
    const supplier = persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    const builder = Stores.keyValueStoreBuilder(supplier, Serdes.Buffer(), Serdes.Buffer());
    return this.parts.logging ? builder.withLoggingEnabled(this.parts.topicConfig) : builder.withLoggingDisabled();
  }
}
