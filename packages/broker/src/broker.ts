import type { ApiMessages } from '@tributary/protocol';
import { LogManager, logConfigFromBrokerProps, parseLogConfig } from '@tributary/storage';
import { Dispatcher } from './api/dispatcher.js';
import type { BrokerServices, RequestContext } from './api/types.js';
import { BrokerConfig, type BrokerConfigInput, type Endpoint } from './config/broker-config.js';
import { brokerLogDefaults } from './configs/dynamic-broker-configs.js';
import { Controller } from './controller/controller.js';
import { OFFSETS_TOPIC, OffsetsTopicLog } from './coordinator/offsets-topic.js';
import { GroupCoordinator, groupCoordinatorConfigFrom } from './group/index.js';
import { handlerTable } from './handlers/index.js';
import { MetadataImage } from './metadata/image.js';
import { ensureFormatted } from './metadata/meta-properties.js';
import { METADATA_TOPIC, METADATA_TOPIC_CONFIG, MetadataLog } from './metadata/metadata-log.js';
import type { MetadataRecord } from './metadata/records.js';
import { SocketServer } from './network/server.js';
import { ReplicaManager } from './replica/replica-manager.js';

/** Options of {@link Broker.start} beyond the Kafka configuration. */
export interface BrokerStartOptions {
  /** Open the configured listeners (default true). `false` runs in-process only, with no port at all. */
  readonly listen?: boolean;
  /** The cluster id to format fresh log dirs with (default: random, as `kafka-storage random-uuid`). */
  readonly clusterId?: string;
  /** Where broker warnings go (default: console.warn). */
  readonly log?: (message: string) => void;
}

/** Producer ids are taken from the controller in blocks, as Kafka's AllocateProducerIds does. */
const PRODUCER_ID_BLOCK = 1000;

/**
 * A Kafka-protocol broker: Kafka's `KafkaServer`/`BrokerServer` for one node. Reached over TCP by unmodified
 * Kafka clients, or in-process through {@link Broker.handle} with no socket at all.
 *
 * @example
 * ```ts
 * const broker = await Broker.start({ 'node.id': 1, 'log.dirs': '/tmp/tributary', listeners: 'PLAINTEXT://127.0.0.1:9092' });
 * console.log(broker.bootstrapServers()); // 127.0.0.1:9092
 * await broker.stop();
 * ```
 */
export class Broker {
  private server: SocketServer | null = null;
  private endpoints: Endpoint[] = [];
  private producerIdNext = 0;
  private producerIdEnd = 0;
  private stopped = false;
  private groups: GroupCoordinator | null = null;
  private offsetsLog: OffsetsTopicLog | null = null;

  private constructor(
    readonly config: BrokerConfig,
    readonly clusterId: string,
    private readonly logManager: LogManager,
    private readonly metadataLog: MetadataLog,
    private readonly image: MetadataImage,
    private readonly controller: Controller,
    private readonly replicas: ReplicaManager,
    private readonly dispatcher: Dispatcher,
  ) {}

  /** Starts a broker: loads or formats its log dirs, replays metadata, recovers logs, opens listeners. */
  static async start(input: BrokerConfigInput | BrokerConfig, options: BrokerStartOptions = {}): Promise<Broker> {
    const config = input instanceof BrokerConfig ? input : new BrokerConfig(input);
    const warn = options.log ?? ((m: string) => console.warn(`[broker] ${m}`));
    for (const w of config.warnings) warn(w);
    const nodeId = config.nodeId;
    const clusterId = await ensureFormatted(config.logDirs, nodeId, options.clusterId);
    const brokerProps = Object.fromEntries([...config.supplied].map((k) => [k, config.display(k) ?? '']));
    const image = new MetadataImage();
    const logManager = await LogManager.open({
      logDirs: config.logDirs,
      defaultLogConfig: logConfigFromBrokerProps({ ...brokerProps, 'log.retention.ms': String(config.retentionMs), 'log.roll.ms': String(config.segmentMs) }),
      topicConfigs: (topic) => (topic === METADATA_TOPIC ? METADATA_TOPIC_CONFIG : undefined),
      retentionCheckIntervalMs: config.int('log.retention.check.interval.ms'),
      cleanerEnable: config.bool('log.cleaner.enable'),
      cleanerBackoffMs: config.int('log.cleaner.backoff.ms'),
    });
    let broker: Broker | undefined;
    try {
      const metadataLog = await MetadataLog.open(logManager);
      for await (const record of metadataLog.replay()) image.replay(record);
      for (const topic of image.topics()) logManager.updateTopicConfig(topic.name, Object.fromEntries(topic.configs));
      // Dynamic broker configs (AlterConfigs on a broker resource) replayed from the metadata log shape the topic defaults.
      if (image.brokerConfigs.size > 0) logManager.updateDefaultConfig(brokerLogDefaults(config, image));

      const replicas = new ReplicaManager(nodeId, logManager, image);
      const controller = new Controller(image, metadataLog, {
        nodeId,
        defaultPartitions: config.int('num.partitions'),
        defaultReplicationFactor: config.int('default.replication.factor'),
        validateTopicConfig: (configs) => {
          try {
            parseLogConfig(configs);
            return null;
          } catch (e) {
            return (e as Error).message;
          }
        },
        onCommit: (records) => broker!.applyCommitted(records),
      });
      let dispatcher: Dispatcher | undefined;
      const table = handlerTable(() => dispatcher!.apiVersions());
      const services = Broker.services(() => broker!, config, nodeId, clusterId, image, controller, replicas);
      dispatcher = new Dispatcher(table, services);
      broker = new Broker(config, clusterId, logManager, metadataLog, image, controller, replicas, dispatcher);
      for (const topic of image.topics()) await replicas.hostTopic(topic);
      await broker.startGroupCoordinator(warn);
      await broker.openListeners(options.listen !== false);
    } catch (e) {
      // Leave nothing running behind a failed start: listeners, timers, open files.
      await broker?.server?.close().catch(() => undefined);
      await logManager.close().catch(() => undefined);
      throw e;
    }
    return broker;
  }

  private static services(
    self: () => Broker,
    config: BrokerConfig,
    nodeId: number,
    clusterId: string,
    image: MetadataImage,
    controller: Controller,
    replicas: ReplicaManager,
  ): BrokerServices {
    return {
      config,
      nodeId,
      clusterId,
      image,
      controller,
      replicas,
      advertisedEndpoints: () => self().endpoints,
      autoCreateTopic: async (name) => {
        // Internal topics are created with their own layout and configs, as Kafka's getTopicMetadata does,
        // whatever auto.create.topics.enable says; __transaction_state waits for the transaction coordinator.
        if (name === OFFSETS_TOPIC) {
          await self().groupCoordinator();
          return 'created';
        }
        if (Controller.isInternal(name)) return 'disabled';
        if (!config.bool('auto.create.topics.enable')) return 'disabled';
        const r = await controller.createTopic({ name, numPartitions: -1, replicationFactor: -1, configs: {} });
        if (r.ok) return 'created';
        return r.error === 'TOPIC_ALREADY_EXISTS' ? 'exists' : 'invalid';
      },
      nextProducerId: () => self().nextProducerId(),
      groups: () => self().groupCoordinator(),
      now: () => Date.now(),
    };
  }

  private async openListeners(listen: boolean): Promise<void> {
    const advertised = this.config.advertisedListeners();
    if (listen) {
      this.server = new SocketServer((frame, conn) => this.dispatcher.handleFrame(frame, conn), {
        maxFrameBytes: this.config.int('socket.request.max.bytes'),
        maxInFlight: this.config.int('queued.max.requests'),
        idleTimeoutMs: this.config.int('connections.max.idle.ms'),
        onError: (conn, e) => console.warn(`[broker] closing connection ${conn.id} from ${conn.remoteAddress}: ${(e as Error).message}`),
      });
      const bound = await this.server.listen(this.config.listeners());
      // A listener on port 0 gets an ephemeral port: advertise the port actually bound.
      this.endpoints = advertised.map((a) => {
        const b = bound.find((l) => l.endpoint.name === a.name);
        return b && a.port === 0 ? { ...a, port: b.port } : a;
      });
    } else {
      this.endpoints = advertised;
    }
    const registered = this.image.brokers.get(this.config.nodeId);
    const endpoints = this.endpoints.map((e) => ({ name: e.name, host: e.host, port: e.port, securityProtocol: e.securityProtocol }));
    const rack = this.config.string('broker.rack');
    if (!registered || JSON.stringify(registered.endpoints) !== JSON.stringify(endpoints) || registered.rack !== rack) {
      await this.controller.registerBroker({ type: 'RegisterBrokerRecord', brokerId: this.config.nodeId, endpoints, rack });
    }
  }

  /** Acts on committed metadata: hosts new partitions, deletes removed topics, applies config changes. */
  private async applyCommitted(records: readonly MetadataRecord[]): Promise<void> {
    const touched = new Set<string>();
    let brokerConfigsChanged = false;
    for (const r of records) {
      if (r.type === 'TopicRecord') touched.add(r.name);
      else if (r.type === 'PartitionRecord') {
        const t = this.image.topicById(r.topicId);
        if (t) touched.add(t.name);
      } else if (r.type === 'RemoveTopicRecord') await this.replicas.unhostTopic(r.topicId);
      else if (r.type === 'ConfigRecord' && r.resourceType === 'topic') {
        const t = this.image.topic(r.resourceName);
        if (t) this.replicas.updateTopicConfig(t);
      } else if (r.type === 'ConfigRecord' && r.resourceType === 'broker') brokerConfigsChanged = true;
    }
    if (brokerConfigsChanged) this.replicas.updateDefaultLogConfig(brokerLogDefaults(this.config, this.image));
    for (const name of touched) {
      const t = this.image.topic(name);
      if (t) await this.replicas.hostTopic(t);
    }
  }

  /** Starts the group coordinator over `__consumer_offsets`, loading every partition if the topic exists. */
  private async startGroupCoordinator(warn: (message: string) => void): Promise<void> {
    this.offsetsLog = new OffsetsTopicLog(this.config, this.image, this.controller, this.replicas, warn);
    this.groups = new GroupCoordinator({
      log: this.offsetsLog,
      config: groupCoordinatorConfigFrom((key) => this.config.int(key)),
      partitionExists: (topic, partition) => (this.image.topic(topic)?.partitions.length ?? 0) > partition,
      onError: (e: unknown) => warn(`group coordinator: ${(e as Error).message}`),
    });
    const existing = this.image.topic(OFFSETS_TOPIC);
    await this.groups.startup(existing ? existing.partitions.map((p) => p.partitionId) : []);
  }

  /** The group coordinator, creating and loading `__consumer_offsets` on first use. */
  private async groupCoordinator(): Promise<GroupCoordinator> {
    const groups = this.groups!;
    if (await this.offsetsLog!.ensure()) {
      const topic = this.image.topic(OFFSETS_TOPIC)!;
      await groups.startup(topic.partitions.map((p) => p.partitionId));
    }
    return groups;
  }

  private async nextProducerId(): Promise<bigint> {
    if (this.producerIdNext >= this.producerIdEnd) {
      this.producerIdNext = await this.controller.allocateProducerIds(this.config.nodeId, PRODUCER_ID_BLOCK);
      this.producerIdEnd = this.producerIdNext + PRODUCER_ID_BLOCK;
    }
    return BigInt(this.producerIdNext++);
  }

  /** The node id (`node.id`). */
  get nodeId(): number {
    return this.config.nodeId;
  }

  /** The endpoints clients are told to use (bound ports filled in). */
  get advertisedEndpoints(): readonly Endpoint[] {
    return this.endpoints;
  }

  /** `host:port` of the first advertised listener, for a client's `bootstrap.servers`. */
  bootstrapServers(): string {
    const e = this.endpoints[0];
    if (!e) throw new Error('the broker has no listener');
    return `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`;
  }

  /** The APIs and versions this broker serves (what ApiVersions answers). */
  apiVersions(): Array<{ apiKey: number; minVersion: number; maxVersion: number }> {
    return this.dispatcher.apiVersions();
  }

  /**
   * The in-process door: one request body in, its response body out — the same handlers the network uses,
   * with no socket and no copy of record bytes. `null` for requests that get no response (acks=0 produce).
   */
  handle<K extends keyof ApiMessages>(
    apiKey: K,
    apiVersion: number,
    request: ApiMessages[K]['request'],
    context: Partial<RequestContext> = {},
  ): Promise<ApiMessages[K]['response'] | null> {
    return this.dispatcher.handle(apiKey, apiVersion, request, context);
  }

  /** Clean shutdown: stop accepting, answer parked requests, flush and checkpoint every log, close files. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.server?.close();
    await this.groups?.shutdown();
    await this.replicas.close();
    await this.logManager.close();
  }
}
