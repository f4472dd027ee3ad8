import { randomUUID } from 'node:crypto';
import { kafkajs, type Transport } from '@tributary/client';
import { Observable } from 'rxjs';
import { IllegalArgumentException, IllegalStateException, StreamsException } from '../common/errors.js';
import { resolveStreamsConfig, type ResolvedStreamsConfig, type StreamsProps } from '../config/streams-config.js';
import { changelogTopics, type ChangelogSpec } from '../internal/app/changelog-topics.js';
import { adminConfig } from '../internal/app/client-configs.js';
import { GlobalStreamThread } from '../internal/app/global-stream-thread.js';
import { createChangelogTopics, createRepartitionTopics, prepareInternalTopics } from '../internal/app/internal-topics.js';
import { MetricsRegistry } from '../internal/metrics/metrics-registry.js';
import { StateDirectory } from '../internal/processor-state/state-directory.js';
import type { MetricsSnapshot } from './metrics.js';
import type { StateRestoreListener } from '../processor/state-store.js';
import type { StreamPartitioner } from '../processor/extractors.js';
import { InteractiveQueries } from '../internal/query/interactive-queries.js';
import { HostInfo } from '../query/host-info.js';
import type { KeyQueryMetadata } from '../query/key-query-metadata.js';
import type { StoreQueryParameters } from '../query/store-query-parameters.js';
import type { StreamsMetadata } from '../query/streams-metadata.js';
import type { Serializer } from '../serialization/serde.js';
import type { AssignorContext } from '../internal/app/streams-assignor.js';
import { StreamThread } from '../internal/app/stream-thread.js';
import { repartitionTopics, topicGroups, type TopicGroup } from '../internal/app/topic-groups.js';
import type { InternalTopologyBuilder } from '../internal/topology/internal-topology-builder.js';
import { internalTopologyBuilder, type Topology } from '../topology/topology.js';
import {
  isRunningOrRebalancing,
  isValidTransition,
  KafkaStreamsState,
  StreamThreadExceptionResponse,
  type StateChange,
  type StateListener,
  type StreamsUncaughtExceptionHandler,
  type ThreadMetadata,
} from './state.js';

/** `application.server`, validated as `host:port` (Kafka's config check). */
function applicationServer(props: StreamsProps): string | undefined {
  const value = props['application.server'];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new IllegalArgumentException(`Invalid value ${String(value)} for configuration application.server: must be host:port`);
  return HostInfo.buildFromEndpoint(value)!.endpoint();
}

/**
 * A running Kafka Streams application (Kafka's `KafkaStreams`): `num.stream.threads` stream threads, each a
 * member of the consumer group `application.id`, running the tasks the Streams assignor gives it.
 *
 * The third argument plays Kafka's `KafkaClientSupplier`: a `@tributary/client` Transport - `inProcess(broker)`
 * for the embedded broker, or `kafkajs(...)` for a cluster. Without one, a kafkajs transport to
 * `bootstrap.servers` is made.
 *
 * @example
 * ```ts
 * const streams = new KafkaStreams(builder.build(), { 'application.id': 'app', 'default.key.serde': Serdes.String() }, inProcess(broker));
 * streams.setStateListener((now, before) => console.log(`${before} -> ${now}`));
 * streams.start();
 * ...
 * await streams.close();
 * ```
 */
export class KafkaStreams {
  /** Kafka's nested `KafkaStreams.State`. */
  static readonly State = KafkaStreamsState;

  readonly #config: ResolvedStreamsConfig;
  readonly #builder: InternalTopologyBuilder;
  readonly #groups: readonly TopicGroup[];
  readonly #transport: Transport;
  readonly #ownsTransport: boolean;
  readonly #processId = randomUUID();
  readonly #clientId: string;
  readonly #threads = new Set<StreamThread>();
  readonly #stateDirectory: StateDirectory;
  readonly #changelogs: readonly ChangelogSpec[];
  #globalThread: GlobalStreamThread | undefined;
  #restoreListener: StateRestoreListener | undefined;
  readonly #observers = new Set<(change: StateChange) => void>();
  #threadSeq = 0;
  #state: KafkaStreamsState = KafkaStreamsState.CREATED;
  #listener: StateListener | undefined;
  #handler: StreamsUncaughtExceptionHandler | undefined;
  #closing: Promise<void> | undefined;
  #internalTopics: Promise<void> | undefined;
  readonly #queries: InteractiveQueries;
  readonly #metrics = new MetricsRegistry();

  constructor(topology: Topology, props: StreamsProps, clientSupplier?: Transport) {
    this.#config = resolveStreamsConfig(props);
    this.#builder = internalTopologyBuilder(topology);
    this.#groups = topicGroups(this.#builder, this.#config.applicationId);
    this.#stateDirectory = new StateDirectory(this.#config.stateDir, this.#config.applicationId);
    this.#changelogs = changelogTopics(this.#builder, this.#groups, this.#config.applicationId, this.#config.props);
    this.#clientId = typeof props['client.id'] === 'string' ? props['client.id'] : `${this.#config.applicationId}-${this.#processId}`;
    const queryHost = {
      state: () => this.#state,
      localStores: (name: string) => [...this.#threads].flatMap((t) => t.storesNamed(name)),
      globalStore: (name: string) => this.#globalThread?.store(name),
    };
    this.#queries = new InteractiveQueries(queryHost, this.#builder, this.#groups, applicationServer(props));
    if (clientSupplier !== undefined) {
      this.#transport = clientSupplier;
      this.#ownsTransport = false;
    } else {
      const servers = props['bootstrap.servers'];
      if (servers === undefined) throw new IllegalArgumentException('Missing required configuration "bootstrap.servers" (or pass a Transport)');
      this.#transport = kafkajs({ 'bootstrap.servers': servers });
      this.#ownsTransport = true;
    }
  }

  /**
   * The instance's metrics (Kafka's `metrics()`): the task-level metrics of the running tasks, group
   * `stream-task-metrics`, tags `thread-id` and `task-id` - `dropped-records-total`/`-rate`,
   * `enforced-processing-total`/`-rate`, `process-total`/`-rate`. A task's metrics go when the task closes.
   */
  metrics(): MetricsSnapshot {
    return this.#metrics.snapshot();
  }

  /** The current state (Kafka's `state()`). */
  state(): KafkaStreamsState {
    return this.#state;
  }

  /** Listens to state changes; only before `start()` (Kafka's `setStateListener`). */
  setStateListener(listener: StateListener): void {
    if (this.#state !== KafkaStreamsState.CREATED) throw new IllegalStateException('Can only set StateListener before calling start(). Current state is: ' + this.#state);
    this.#listener = listener;
  }

  /** The state changes from now on as an rxjs Observable; completes when the instance reaches NOT_RUNNING or ERROR. */
  stateChanges(): Observable<StateChange> {
    return new Observable<StateChange>((subscriber) => {
      if (this.#state === KafkaStreamsState.NOT_RUNNING || this.#state === KafkaStreamsState.ERROR) {
        subscriber.complete();
        return undefined;
      }
      const observer = (change: StateChange) => {
        subscriber.next(change);
        if (change.newState === KafkaStreamsState.NOT_RUNNING || change.newState === KafkaStreamsState.ERROR) subscriber.complete();
      };
      this.#observers.add(observer);
      return () => void this.#observers.delete(observer);
    });
  }

  /** Decides what a thread's death means (Kafka's `setUncaughtExceptionHandler`); default SHUTDOWN_CLIENT. */
  setUncaughtExceptionHandler(handler: StreamsUncaughtExceptionHandler): void {
    if (this.#state !== KafkaStreamsState.CREATED) throw new IllegalStateException('Can only set UncaughtExceptionHandler before calling start(). Current state is: ' + this.#state);
    this.#handler = handler;
  }

  /**
   * Hears about every store restoration, global stores' bootstrap included; only before `start()` (Kafka's
   * `setGlobalStateRestoreListener`).
   */
  setGlobalStateRestoreListener(listener: StateRestoreListener): void {
    if (this.#state !== KafkaStreamsState.CREATED) throw new IllegalStateException('Can only set GlobalStateRestoreListener before calling start(). Current state is: ' + this.#state);
    this.#restoreListener = listener;
  }

  /**
   * Starts the stream threads (Kafka's `start()`); the instance goes REBALANCING, then RUNNING once assigned.
   * With global stores, the global thread first reads the global topics to their end, then the stream threads
   * start.
   */
  start(): void {
    if (this.#state !== KafkaStreamsState.CREATED) throw new IllegalStateException('The client is either already started or already stopped, cannot re-start');
    this.#setState(KafkaStreamsState.REBALANCING);
    if (this.#builder.globalStateFactories.size === 0) {
      for (let i = 0; i < this.#config.numStreamThreads; i++) this.#startThread();
      return;
    }
    const global = new GlobalStreamThread({
      name: `${this.#clientId}-GlobalStreamThread`,
      builder: this.#builder,
      config: this.#config,
      transport: this.#transport,
      stateDirectory: this.#stateDirectory,
      cacheMaxBytes: this.#threadCacheBytes(),
      restoreListener: () => this.#restoreListener,
      warn: (m) => console.warn(`[kafka-streams ${this.#config.applicationId}] ${m}`),
      onError: (e) => void this.#fail(e),
    });
    this.#globalThread = global;
    global.start().then(
      () => {
        if (this.#closing !== undefined) return;
        for (let i = 0; i < this.#config.numStreamThreads; i++) this.#startThread();
      },
      (e: unknown) => {
        console.error(`[kafka-streams ${this.#config.applicationId}] the global stream thread failed to bootstrap`, e);
        void this.#fail(e instanceof Error ? e : new Error(String(e)));
      },
    );
  }

  /** Kafka splits the record cache evenly among the stream threads and the global thread. */
  #threadCacheBytes(): number {
    const threads = this.#config.numStreamThreads + (this.#builder.globalStateFactories.size > 0 ? 1 : 0);
    return Math.floor(this.#config.cacheMaxBytes / threads);
  }

  /**
   * Stops every thread - each commits and closes its tasks - then the clients (Kafka's `close(Duration)`).
   * Resolves true when all of it finished within `timeoutMs` (default: no limit).
   */
  async close(options: { timeoutMs?: number } = {}): Promise<boolean> {
    if (this.#closing === undefined) {
      if (this.#state !== KafkaStreamsState.ERROR && this.#state !== KafkaStreamsState.PENDING_ERROR) this.#setState(KafkaStreamsState.PENDING_SHUTDOWN);
      this.#closing = this.#shutdownThreads().then(() => {
        if (this.#state === KafkaStreamsState.PENDING_SHUTDOWN) this.#setState(KafkaStreamsState.NOT_RUNNING);
      });
    }
    if (options.timeoutMs === undefined) {
      await this.#closing;
      return true;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), options.timeoutMs)));
    const result = await Promise.race([this.#closing.then(() => true), timedOut]);
    clearTimeout(timer);
    return result;
  }

  /** Deletes this application's local state directory (Kafka's `cleanUp()`); only when not running. */
  async cleanUp(): Promise<void> {
    if (isRunningOrRebalancing(this.#state) || this.#state === KafkaStreamsState.PENDING_SHUTDOWN) throw new IllegalStateException('Cannot clean up while running.');
    this.#stateDirectory.clean();
  }

  /**
   * A read-only view of a state store of this instance, over every local task that hosts it (Kafka's
   * `store(StoreQueryParameters)`). Point reads are synchronous; ranges are async iterators.
   *
   * @example
   * ```ts
   * const counts = streams.store(StoreQueryParameters.fromNameAndType('counts-store', QueryableStoreTypes.keyValueStore<string, number>()));
   * counts.get('kafka');
   * ```
   */
  store<T>(params: StoreQueryParameters<T>): T {
    return this.#queries.store(params);
  }

  /** Every instance of the application with an `application.server`, and what it hosts (Kafka's `metadataForAllStreamsClients()`). */
  metadataForAllStreamsClients(): StreamsMetadata[] {
    return this.#queries.metadata.allMetadata();
  }

  /** The instances hosting a store (Kafka's `streamsMetadataForStore(storeName)`). */
  streamsMetadataForStore(storeName: string): StreamsMetadata[] {
    return this.#queries.metadata.allMetadataForStore(storeName);
  }

  /**
   * The instance and partition of a key of a store (Kafka's `queryMetadataForKey`): the key's partition by the
   * serializer (murmur2 of its bytes, as the default partitioner) or by a StreamPartitioner.
   */
  queryMetadataForKey<K>(storeName: string, key: K, keySerializerOrPartitioner: Serializer<K> | StreamPartitioner<K, unknown>): KeyQueryMetadata {
    return typeof keySerializerOrPartitioner === 'function'
      ? this.#queries.metadata.keyQueryMetadata(storeName, key, undefined, keySerializerOrPartitioner)
      : this.#queries.metadata.keyQueryMetadata(storeName, key, keySerializerOrPartitioner);
  }

  /** The local threads and their tasks (Kafka's `metadataForLocalThreads()`). */
  metadataForLocalThreads(): ThreadMetadata[] {
    return [...this.#threads].map((t) => ({
      threadName: t.name,
      threadState: t.state,
      activeTasks: t.activeTasks(),
      consumerClientId: t.consumerClientId,
      producerClientIds: [t.producerClientId],
    }));
  }

  #startThread(): void {
    const thread = new StreamThread({
      name: `${this.#clientId}-StreamThread-${++this.#threadSeq}`,
      processId: this.#processId,
      builder: this.#builder,
      groups: this.#groups,
      config: this.#config,
      transport: this.#transport,
      assignorContext: this.#assignorContext(),
      beforeSubscribe: () => (this.#internalTopics ??= this.#prepareInternalTopics()),
      onStateChange: () => this.#onThreadStateChange(),
      onError: (t, e) => this.#onThreadError(t, e),
      onShutdownRequested: () => void this.#fail(new StreamsException('The application was asked to shut down by one of its instances', { code: 'SHUTDOWN_REQUESTED' })),
      warn: (m) => console.warn(`[kafka-streams ${this.#config.applicationId}] ${m}`),
      stateDirectory: this.#stateDirectory,
      cacheMaxBytes: this.#threadCacheBytes(),
      restoreListener: () => this.#restoreListener,
      globalStores: (name) => this.#globalThread?.store(name),
      metrics: this.#metrics,
    });
    this.#threads.add(thread);
    thread.start();
  }

  #prepareInternalTopics(): Promise<void> {
    const context = this.#assignorContext();
    return prepareInternalTopics(this.#transport, this.#config.props, this.#clientId, context);
  }

  #assignorContext(): AssignorContext {
    const repartition = repartitionTopics(this.#builder, this.#config.applicationId);
    const appId = this.#config.applicationId;
    const copartitionGroups = this.#builder.copartitionSourceGroups.map((nodes) =>
      [...nodes].flatMap((n) => {
        const def = this.#builder.nodeFactories.get(n);
        return def?.kind === 'source' ? (def.topics ?? []).map((t) => this.#builder.decorateTopic(t, appId)) : [];
      }),
    );
    return {
      groups: this.#groups,
      repartition,
      copartitionGroups,
      changelogs: this.#changelogs,
      createChangelogTopics: async (counts) => {
        const admin = this.#transport.admin(adminConfig(this.#config.props, `${this.#clientId}-admin`));
        try {
          await createChangelogTopics(admin, this.#changelogs, counts, this.#config.props['replication.factor']);
        } finally {
          await admin.close();
        }
      },
      warn: (m) => console.warn(`[kafka-streams ${appId}] ${m}`),
      endpoint: applicationServer(this.#config.props),
      onHostsChanged: (byHost) => this.#queries.metadata.onChange(byHost),
      createRepartitionTopics: async (counts) => {
        const admin = this.#transport.admin(adminConfig(this.#config.props, `${this.#clientId}-admin`));
        try {
          await createRepartitionTopics(admin, counts, this.#config.props['replication.factor']);
        } finally {
          await admin.close();
        }
      },
    };
  }

  #onThreadStateChange(): void {
    if (!isRunningOrRebalancing(this.#state)) return;
    const alive = [...this.#threads].filter((t) => t.state !== 'DEAD' && t.state !== 'PENDING_SHUTDOWN');
    if (alive.length > 0 && alive.every((t) => t.state === 'RUNNING')) this.#setState(KafkaStreamsState.RUNNING);
    else if (alive.some((t) => t.state === 'PARTITIONS_REVOKED' || t.state === 'STARTING' || t.state === 'PARTITIONS_ASSIGNED')) this.#setState(KafkaStreamsState.REBALANCING);
  }

  #onThreadError(thread: StreamThread, error: Error): void {
    this.#threads.delete(thread);
    if (!isRunningOrRebalancing(this.#state)) return;
    let response: StreamThreadExceptionResponse = StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    try {
      if (this.#handler !== undefined) response = this.#handler(error);
    } catch (e) {
      console.error('The uncaught exception handler threw; shutting the client down', e);
    }
    if (response === StreamThreadExceptionResponse.REPLACE_THREAD) {
      this.#setState(KafkaStreamsState.REBALANCING);
      this.#startThread();
    } else if (response === StreamThreadExceptionResponse.SHUTDOWN_APPLICATION && this.#threads.size > 0) {
      [...this.#threads][0]!.requestApplicationShutdown();
    } else {
      // SHUTDOWN_CLIENT, or SHUTDOWN_APPLICATION with no live thread left to carry the request (as Kafka warns).
      void this.#fail(error);
    }
  }

  async #fail(_error: Error): Promise<void> {
    if (this.#closing !== undefined || !isRunningOrRebalancing(this.#state)) return;
    this.#setState(KafkaStreamsState.PENDING_ERROR);
    this.#closing = this.#shutdownThreads().then(() => this.#setState(KafkaStreamsState.ERROR));
    await this.#closing;
  }

  async #shutdownThreads(): Promise<void> {
    await Promise.all([...this.#threads].map((t) => t.shutdown()));
    this.#threads.clear();
    await this.#globalThread?.shutdown().catch((e: unknown) => console.warn(`[kafka-streams ${this.#config.applicationId}] closing the global thread failed: ${(e as Error).message}`));
    this.#globalThread = undefined;
    if (this.#ownsTransport) await this.#transport.close();
  }

  #setState(next: KafkaStreamsState): void {
    const old = this.#state;
    if (old === next || !isValidTransition(old, next)) return;
    this.#state = next;
    this.#listener?.(next, old);
    for (const o of [...this.#observers]) o({ newState: next, oldState: old });
  }
}
