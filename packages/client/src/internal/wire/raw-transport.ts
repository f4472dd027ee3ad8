import type { Admin } from '../../contract/admin.js';
import type { AdminConfig, ConsumerConfig, ProducerConfig } from '../../contract/config.js';
import type { Consumer } from '../../contract/consumer.js';
import type { Producer } from '../../contract/producer.js';
import type { Transport } from '../../contract/transport.js';
import { RawAdmin } from '../admin/raw-admin.js';
import { consumerSettings } from '../consumer/consumer-settings.js';
import { RawConsumer } from '../consumer/raw-consumer.js';
import { BatchingProducer, producerSettings } from '../producer/batching-producer.js';
import { RawProduceBackend } from '../producer/raw-backend.js';
import { MetadataCache } from './metadata.js';
import { Wire, type SendRequest } from './wire.js';

/** How a raw-request transport reaches the broker: a request sender per client id, and the served versions. */
export interface RawConnector {
  sender(clientId: string): SendRequest;
  readonly versions: ReadonlyMap<number, { min: number; max: number }>;
  /** Whether requests reach the broker in the order they are sent (see ProduceBackend.pipelinesPartitions). */
  readonly pipelined: boolean;
}

let clientSeq = 0;

/**
 * A {@link Transport} whose clients speak Kafka requests through a {@link SendRequest}: the producer, the
 * consumer (with its classic group member) and the admin client are the same for any such connector.
 */
export class RawTransport implements Transport {
  private readonly open = new Set<{ close(): Promise<void> }>();

  constructor(
    readonly name: string,
    private readonly connector: RawConnector,
  ) {}

  admin(config: AdminConfig = {}): Admin {
    const wire = this.wire(config['client.id'] ?? `adminclient-${++clientSeq}`);
    let self: Admin | undefined;
    self = new RawAdmin(wire, () => this.open.delete(self!), config);
    return this.track(self);
  }

  producer(config: ProducerConfig = {}): Producer {
    const wire = this.wire(config['client.id'] ?? `producer-${++clientSeq}`);
    const backend = new RawProduceBackend(wire, new MetadataCache(wire, true), config, this.connector.pipelined);
    let self: Producer | undefined;
    self = new BatchingProducer(backend, producerSettings(config), () => this.open.delete(self!));
    return this.track(self);
  }

  consumer(config: ConsumerConfig = {}): Consumer {
    const settings = consumerSettings(config);
    const wire = this.wire(config['client.id'] ?? `consumer-${settings.groupId ?? 'nogroup'}-${++clientSeq}`);
    let self: Consumer | undefined;
    self = new RawConsumer(wire, new MetadataCache(wire, settings.allowAutoCreateTopics), settings, () => this.open.delete(self!));
    return this.track(self);
  }

  async close(): Promise<void> {
    await Promise.all([...this.open].map((c) => c.close().catch(() => undefined)));
    this.open.clear();
  }

  private wire(clientId: string): Wire {
    return new Wire(this.connector.sender(clientId), this.connector.versions);
  }

  private track<T extends { close(): Promise<void> }>(client: T): T {
    this.open.add(client);
    return client;
  }
}
