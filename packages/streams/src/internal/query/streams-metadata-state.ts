import { partitionForKey, type TopicPartition } from '@tributary/client';
import type { StreamPartitioner } from '../../processor/extractors.js';
import type { Serializer } from '../../serialization/serde.js';
import { HostInfo } from '../../query/host-info.js';
import { KeyQueryMetadata } from '../../query/key-query-metadata.js';
import { StreamsMetadata } from '../../query/streams-metadata.js';

/** Which topics feed each store: the source topics of the sub-topology that holds it (decorated names). */
export type StoreSources = ReadonlyMap<string, readonly string[]>;

/**
 * Where every store of the application lives (Kafka's StreamsMetadataState), from the latest assignment: the
 * source partitions each instance (by `application.server` endpoint) runs, and the topology's store sources.
 * Global stores are on every instance.
 */
export class StreamsMetadataState {
  #byHost: ReadonlyMap<string, readonly TopicPartition[]> = new Map();
  #ready = false;

  constructor(
    private readonly thisHost: HostInfo | undefined,
    private readonly storeSources: StoreSources,
    private readonly globalStores: ReadonlySet<string>,
  ) {}

  /** A new assignment's view of the group: source partitions by `host:port` of every member. */
  onChange(partitionsByHost: ReadonlyMap<string, readonly TopicPartition[]>): void {
    this.#byHost = partitionsByHost;
    this.#ready = true;
  }

  /** Every instance and what it hosts; empty before the first assignment (Kafka's `getAllMetadata`). */
  allMetadata(): StreamsMetadata[] {
    if (!this.#ready) return [];
    return [...this.#byHost].map(([endpoint, partitions]) => this.#metadata(HostInfo.buildFromEndpoint(endpoint)!, partitions));
  }

  /** The instances hosting `storeName` (Kafka's `getAllMetadataForStore`). */
  allMetadataForStore(storeName: string): StreamsMetadata[] {
    if (this.globalStores.has(storeName)) return this.allMetadata();
    return this.allMetadata().filter((m) => m.stateStoreNames().has(storeName));
  }

  /** This instance's metadata (Kafka's `getLocalMetadata`). */
  localMetadata(): StreamsMetadata | undefined {
    if (this.thisHost === undefined) return undefined;
    return this.allMetadata().find((m) => m.hostInfo().equals(this.thisHost)) ?? this.#metadata(this.thisHost, []);
  }

  /**
   * The instance and partition of `key` in `storeName` (Kafka's `getKeyQueryMetadataForKey`): the key's partition
   * of the store's source topic - murmur2 of the serialized key, or the given partitioner - and the host running
   * that partition. NOT_AVAILABLE before the first assignment or for an unknown store.
   */
  keyQueryMetadata<K>(storeName: string, key: K, keySerializer: Serializer<K> | undefined, partitioner?: StreamPartitioner<K, unknown>): KeyQueryMetadata {
    if (!this.#ready) return KeyQueryMetadata.NOT_AVAILABLE;
    if (this.globalStores.has(storeName)) return this.thisHost === undefined ? KeyQueryMetadata.NOT_AVAILABLE : new KeyQueryMetadata(this.thisHost, new Set(), -1);
    const sources = this.storeSources.get(storeName);
    if (sources === undefined) return KeyQueryMetadata.NOT_AVAILABLE;
    for (const topic of sources) {
      const count = this.#partitionCount(topic);
      if (count === 0) continue;
      let partition: number | undefined;
      if (partitioner !== undefined) partition = partitioner(topic, key, null, count) ?? undefined;
      if (partition === undefined) {
        const bytes = keySerializer?.serialize(topic, key);
        if (bytes === null || bytes === undefined) return KeyQueryMetadata.NOT_AVAILABLE;
        partition = partitionForKey(bytes, count);
      }
      for (const [endpoint, partitions] of this.#byHost) {
        if (partitions.some((p) => p.topic === topic && p.partition === partition)) return new KeyQueryMetadata(HostInfo.buildFromEndpoint(endpoint)!, new Set(), partition);
      }
      return new KeyQueryMetadata(HostInfo.unavailable(), new Set(), partition);
    }
    return KeyQueryMetadata.NOT_AVAILABLE;
  }

  #partitionCount(topic: string): number {
    let max = -1;
    for (const partitions of this.#byHost.values()) for (const p of partitions) if (p.topic === topic && p.partition > max) max = p.partition;
    return max + 1;
  }

  #metadata(host: HostInfo, partitions: readonly TopicPartition[]): StreamsMetadata {
    const stores = new Set<string>(this.globalStores);
    for (const [store, sources] of this.storeSources) if (partitions.some((p) => sources.includes(p.topic))) stores.add(store);
    return new StreamsMetadata(host, stores, partitions);
  }
}
