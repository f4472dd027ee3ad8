import type { Kafka as KjsKafka, KafkaConfig } from 'kafkajs';
import { Kafka, logLevel } from '../internal/kafkajs/runtime.js';
import type { Admin } from '../contract/admin.js';
import type { AdminConfig, CommonClientConfig, ConsumerConfig, ProducerConfig } from '../contract/config.js';
import type { Consumer } from '../contract/consumer.js';
import { ClientError } from '../contract/errors.js';
import type { Producer } from '../contract/producer.js';
import type { Transport } from '../contract/transport.js';
import { consumerSettings } from '../internal/consumer/consumer-settings.js';
import { KafkajsAdmin } from '../internal/kafkajs/admin.js';
import { registerKafkajsCodecs } from '../internal/kafkajs/codecs.js';
import { KafkajsConsumer } from '../internal/kafkajs/consumer.js';
import { KafkajsProduceBackend } from '../internal/kafkajs/produce-backend.js';
import { BatchingProducer, producerSettings } from '../internal/producer/batching-producer.js';

/** Settings of the kafkajs transport: the common client keys plus kafkajs's own retry options. */
export interface KafkajsTransportConfig extends CommonClientConfig {
  readonly 'bootstrap.servers': string;
  /** kafkajs retry options for every client (default: kafkajs's). */
  readonly retry?: KafkaConfig['retry'];
  /** kafkajs's connection timeout in ms (default kafkajs's 1000). */
  readonly 'connections.timeout.ms'?: number;
}

let clientSeq = 0;

/**
 * The kafkajs transport: the contract's clients over kafkajs 2.2.4, for our broker over TCP or any Kafka
 * cluster. Keys are partitioned with Kafka's murmur2 by our producer (kafkajs gets explicit partitions), so
 * records land where the in-process transport and the Java client put them. kafkajs's limits show through:
 * no static membership, no `auto.offset.reset=none`, rebalance listeners called after kafkajs rejoined.
 *
 * @example
 * ```ts
 * const transport = kafkajs({ 'bootstrap.servers': 'localhost:9092' });
 * const admin = transport.admin();
 * await admin.createTopics([{ name: 'orders', numPartitions: 3 }]);
 * ```
 */
export function kafkajs(config: KafkajsTransportConfig): Transport {
  if (!config['bootstrap.servers']) throw new ClientError('CLIENT_CONFIG', 'the kafkajs transport needs bootstrap.servers');
  registerKafkajsCodecs();
  const open = new Set<{ close(): Promise<void> }>();
  const brokers = config['bootstrap.servers'].split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const kafkaFor = (c: CommonClientConfig, fallbackId: string): KjsKafka =>
    new Kafka({
      clientId: c['client.id'] ?? config['client.id'] ?? fallbackId,
      brokers,
      logLevel: logLevel.NOTHING,
      requestTimeout: c['request.timeout.ms'] ?? config['request.timeout.ms'] ?? 30000,
      ...(config['connections.timeout.ms'] !== undefined ? { connectionTimeout: config['connections.timeout.ms'] } : {}),
      ...(config.retry !== undefined ? { retry: config.retry } : {}),
    });
  const track = <T extends { close(): Promise<void> }>(make: (untrack: () => void) => T): T => {
    let self: T | undefined;
    self = make(() => open.delete(self!));
    open.add(self);
    return self;
  };
  return {
    name: 'kafkajs',
    admin(c: AdminConfig = {}): Admin {
      const kafka = kafkaFor(c, `adminclient-${++clientSeq}`);
      return track((untrack) => new KafkajsAdmin(kafka.admin(), untrack));
    },
    producer(c: ProducerConfig = {}): Producer {
      const kafka = kafkaFor(c, `producer-${++clientSeq}`);
      const idempotent = c['enable.idempotence'] ?? true;
      if (idempotent && c.acks !== undefined && c.acks !== 'all' && c.acks !== -1) {
        throw new ClientError('CLIENT_CONFIG', 'enable.idempotence needs acks=all (set enable.idempotence=false for other acks)');
      }
      const producer = kafka.producer({ idempotent, maxInFlightRequests: idempotent ? 1 : (c['max.in.flight.requests.per.connection'] ?? 5), allowAutoTopicCreation: true });
      const backend = new KafkajsProduceBackend(producer, kafka.admin(), c, idempotent);
      return track((untrack) => new BatchingProducer(backend, producerSettings(c), untrack));
    },
    consumer(c: ConsumerConfig = {}): Consumer {
      const settings = consumerSettings(c);
      const kafka = kafkaFor(c, `consumer-${settings.groupId ?? 'nogroup'}-${++clientSeq}`);
      return track((untrack) => new KafkajsConsumer(kafka, kafka.admin(), settings, untrack));
    },
    async close(): Promise<void> {
      await Promise.all([...open].map((x) => x.close().catch(() => undefined)));
      open.clear();
    },
  };
}
