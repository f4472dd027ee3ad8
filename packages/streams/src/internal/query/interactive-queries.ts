import { IllegalStateException } from '../../common/errors.js';
import type { StateStore } from '../../processor/state-store.js';
import { InvalidStateStorePartitionException, StreamsNotStartedException, UnknownStateStoreException } from '../../query/errors.js';
import { HostInfo } from '../../query/host-info.js';
import type { StoreQueryParameters } from '../../query/store-query-parameters.js';
import { InvalidStateStoreException } from '../../state/errors.js';
import { KafkaStreamsState } from '../../app/state.js';
import type { TopicGroup } from '../app/topic-groups.js';
import type { InternalTopologyBuilder } from '../topology/internal-topology-builder.js';
import { StreamsMetadataState } from './streams-metadata-state.js';

/** What interactive queries need of a running KafkaStreams. */
export interface QueryHost {
  state(): KafkaStreamsState;
  /** The running tasks' stores of that name on this instance, with their partitions. */
  localStores(name: string): { partition: number; store: StateStore }[];
  /** A global store of that name, if the topology has one. */
  globalStore(name: string): StateStore | undefined;
}

/** The source topics of the sub-topology holding each (non-global) store. */
function storeSources(builder: InternalTopologyBuilder, groups: readonly TopicGroup[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, { users }] of builder.stateFactories) {
    const group = groups.find((g) => [...users].some((u) => g.nodeNames.has(u)));
    if (group !== undefined) out.set(name, [...group.sourceTopics]);
  }
  return out;
}

/**
 * Kafka Streams' interactive queries for one instance (Kafka's QueryableStoreProvider + StreamsMetadataState):
 * read-only views of local stores, and where every store and key lives in the application.
 */
export class InteractiveQueries {
  readonly metadata: StreamsMetadataState;
  readonly #knownStores: ReadonlySet<string>;

  constructor(
    private readonly host: QueryHost,
    builder: InternalTopologyBuilder,
    groups: readonly TopicGroup[],
    applicationServer: string | undefined,
  ) {
    const globals = new Set(builder.globalStateFactories.keys());
    this.metadata = new StreamsMetadataState(HostInfo.buildFromEndpoint(applicationServer), storeSources(builder, groups), globals);
    this.#knownStores = new Set([...builder.stateFactories.keys(), ...globals]);
  }

  /** Kafka's `KafkaStreams.store(StoreQueryParameters)`. */
  store<T>(params: StoreQueryParameters<T>): T {
    const state = this.host.state();
    if (state === KafkaStreamsState.CREATED) throw new StreamsNotStartedException('KafkaStreams has not been started, you can retry after calling start()');
    if (state !== KafkaStreamsState.RUNNING && state !== KafkaStreamsState.REBALANCING) throw new IllegalStateException(`KafkaStreams is not running. State is ${state}.`);
    const name = params.storeName();
    if (!this.#knownStores.has(name)) throw new UnknownStateStoreException(`Cannot get state store ${name} because no such store is registered in the topology.`);
    const type = params.queryableStoreType();
    const global = this.host.globalStore(name);
    const partition = params.partition();
    const resolve = (): StateStore[] => {
      if (global !== undefined) return [global];
      const found = this.host.localStores(name);
      if (partition !== null) {
        const one = found.filter((s) => s.partition === partition);
        if (one.length === 0) throw new InvalidStateStorePartitionException(`The specified partition ${partition} for store ${name} does not exist.`);
        return one.map((s) => s.store);
      }
      return found.map((s) => s.store);
    };
    for (const s of resolve()) {
      if (!type.accepts(s)) {
        throw new InvalidStateStoreException(`Cannot get state store ${name} because the queryable store type does not accept the actual store type [${s.constructor.name}].`);
      }
    }
    return type.create(() => {
      const now = this.host.state();
      if (now !== KafkaStreamsState.RUNNING && now !== KafkaStreamsState.REBALANCING) {
        throw new InvalidStateStoreException(`Cannot get state store ${name} because the KafkaStreams instance is ${now}, not RUNNING`);
      }
      return resolve();
    }, name);
  }
}
