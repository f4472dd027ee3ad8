// Shared helpers of the admin-API tests: a real broker on a temp dir and an ephemeral port, requests through
// the in-process door (with the response encoded and decoded as the network would) or over TCP, a kafkajs
// admin client, and record production.
import { Socket } from 'node:net';
import {
  CreateTopicsRequest,
  DescribeConfigsRequest,
  KafkaErrorCode,
  ProduceRequest,
  decodeResponseFrame,
  encodeRecordBatch,
  encodeRequestFrame,
  encodeResponseFrame,
  type ApiMessages,
} from '@tributary/protocol';
import type { Broker, BrokerConfigInput } from '@tributary/broker';
import { startTestBroker, type TestBroker } from '@tributary/test-kit';
import kafkajs from 'kafkajs';
import { afterEach } from 'vitest';

const { Kafka, logLevel } = kafkajs;

/** Brokers started by {@link useBrokers}' `start`, stopped (and their dirs removed) after each test. */
export function useBrokers(): { start(config?: BrokerConfigInput): Promise<TestBroker> } {
  const started: TestBroker[] = [];
  afterEach(async () => {
    for (const b of started.splice(0)) await b.cleanup();
  });
  return {
    async start(config: BrokerConfigInput = {}) {
      const b = await startTestBroker({ config });
      started.push(b);
      return b;
    },
  };
}

/**
 * Calls an API through the in-process door, then encodes the response at `version` and decodes it back, as
 * a client on the network would see it: a field the version lacks but the handler set fails here (Kafka's
 * writer rule), and fields the version lacks come back at their defaults.
 */
export async function call<K extends keyof ApiMessages>(broker: Broker, apiKey: K, version: number, request: ApiMessages[K]['request']): Promise<ApiMessages[K]['response']> {
  const response = await broker.handle(apiKey, version, request);
  if (response === null) throw new Error(`api ${apiKey} v${version} gave no response`);
  const frame = Buffer.concat(encodeResponseFrame(apiKey, version, 7, response));
  return decodeResponseFrame(frame.subarray(4), apiKey, version).body;
}

/** Sends one request over TCP to `bootstrap` and decodes the answer (a real client's framing, headers and all). */
export async function wire<K extends keyof ApiMessages>(bootstrap: string, apiKey: K, version: number, request: ApiMessages[K]['request']): Promise<ApiMessages[K]['response']> {
  const [host, port] = [bootstrap.slice(0, bootstrap.lastIndexOf(':')), Number(bootstrap.slice(bootstrap.lastIndexOf(':') + 1))];
  const socket = new Socket();
  try {
    const frame = await new Promise<Buffer>((resolve, reject) => {
      let buffered = Buffer.alloc(0);
      socket.on('error', reject);
      socket.on('close', () => reject(new Error(`connection closed before the api ${apiKey} v${version} response`)));
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        if (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) resolve(buffered.subarray(4, 4 + buffered.readInt32BE(0)));
      });
      socket.connect(port, host, () => socket.write(encodeRequestFrame(apiKey, version, 42, 'admin-test', request)));
    });
    const decoded = decodeResponseFrame(frame, apiKey, version);
    if (decoded.correlationId !== 42) throw new Error(`correlation id ${decoded.correlationId}, expected 42`);
    return decoded.body;
  } finally {
    socket.destroy();
  }
}

/** A resource's configs whose source is `source` (1: topic override, 2: per-broker, 3: cluster default), as name → value. */
export async function configsFrom(broker: Broker, resourceType: number, resourceName: string, source: number): Promise<Record<string, string | null>> {
  const r = await call(broker, 32, 1, DescribeConfigsRequest.create({ resources: [{ resourceType, resourceName, configurationKeys: null }] }));
  if (r.results[0]!.errorCode !== 0) throw new Error(`describing ${resourceName}: error ${r.results[0]!.errorCode}`);
  return Object.fromEntries(r.results[0]!.configs.filter((c) => c.configSource === source).map((c) => [c.name, c.value]));
}

/** Creates a topic through CreateTopics and fails loudly if that does not work. */
export async function createTopic(broker: Broker, name: string, numPartitions = 1, configs: Record<string, string> = {}): Promise<void> {
  const r = await call(
    broker,
    19,
    4,
    CreateTopicsRequest.create({
      topics: [{ name, numPartitions, replicationFactor: 1, configs: Object.entries(configs).map(([n, value]) => ({ name: n, value })) }],
      timeoutMs: 5000,
    }),
  );
  const t = r.topics[0]!;
  if (t.errorCode !== 0) throw new Error(`creating ${name}: error ${t.errorCode} ${t.errorMessage}`);
}

/** Produces `count` records of `valueBytes` each (one batch) to a partition; returns the Produce partition answer and the batch size. */
export async function produce(broker: Broker, topic: string, partition: number, count: number, valueBytes = 10, timestamp?: number) {
  const batch = encodeRecordBatch({
    records: Array.from({ length: count }, (_, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.alloc(valueBytes, 97 + (i % 26)), ...(timestamp === undefined ? {} : { timestamp }) })),
  });
  const r = await call(broker, 0, 8, ProduceRequest.create({ acks: 1, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: partition, records: batch }] }] }));
  return { ...r.responses[0]!.partitionResponses[0]!, batchBytes: batch.length };
}

/** A kafkajs 2.2.4 admin client for `bootstrap`, connected; quiet and with short retries. */
export async function kafkajsAdmin(bootstrap: string) {
  const kafka = new Kafka({ clientId: 'admin-test', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 1, initialRetryTime: 50 }, connectionTimeout: 3000 });
  const admin = kafka.admin();
  await admin.connect();
  return admin;
}

/** A kafkajs producer for `bootstrap`, connected. */
export async function kafkajsProducer(bootstrap: string) {
  const kafka = new Kafka({ clientId: 'admin-test-producer', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 1, initialRetryTime: 50 }, connectionTimeout: 3000 });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  return producer;
}

/** Kafka's error codes by name. */
export const E = KafkaErrorCode;
