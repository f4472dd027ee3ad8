// Drives kafkajs 2.2.4 through admin, producer and a group consumer against a capture server.
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;

export const KAFKAJS_TOPIC = 'golden-kafkajs';
export const KAFKAJS_GROUP = 'golden-kafkajs-group';
export const KAFKAJS_MESSAGES = [
  { key: 'a', value: 'alpha' },
  { key: 'b', value: 'beta' },
  { key: 'c', value: 'gamma' },
];

function withTimeout<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`kafkajs: ${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

function client(bootstrap: string, clientId: string) {
  return new Kafka({
    clientId,
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 2, initialRetryTime: 50 },
    connectionTimeout: 2000,
  });
}

/** Admin calls: CreateTopics, Metadata, DescribeConfigs, ListOffsets, DeleteTopics. */
async function admin(bootstrap: string): Promise<void> {
  const admin = client(bootstrap, 'golden-kafkajs-admin').admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic: KAFKAJS_TOPIC, numPartitions: 2 }, { topic: `${KAFKAJS_TOPIC}-tmp` }] });
    await admin.fetchTopicMetadata({ topics: [KAFKAJS_TOPIC] });
    await admin.describeConfigs({ resources: [{ type: 2, name: KAFKAJS_TOPIC }], includeSynonyms: false });
    await admin.deleteTopics({ topics: [`${KAFKAJS_TOPIC}-tmp`] });
  } finally {
    await admin.disconnect();
  }
}

/** An acks=1 producer, an idempotent one (InitProducerId, acks=-1) and a transactional one. */
async function produce(bootstrap: string): Promise<void> {
  const kafka = client(bootstrap, 'golden-kafkajs-producer');
  const plain = kafka.producer({ allowAutoTopicCreation: false });
  await plain.connect();
  try {
    await plain.send({ topic: KAFKAJS_TOPIC, acks: 1, messages: KAFKAJS_MESSAGES.map((m) => ({ ...m, partition: 0 })) });
  } finally {
    await plain.disconnect();
  }
  const idempotent = client(bootstrap, 'golden-kafkajs-idempotent').producer({ idempotent: true, maxInFlightRequests: 1 });
  await idempotent.connect();
  try {
    await idempotent.send({ topic: KAFKAJS_TOPIC, messages: [{ key: 'd', value: 'delta', partition: 1 }] });
  } finally {
    await idempotent.disconnect();
  }
  const txn = client(bootstrap, 'golden-kafkajs-txn').producer({ transactionalId: 'golden-kafkajs-txn', maxInFlightRequests: 1, idempotent: true });
  await txn.connect();
  try {
    const tx = await txn.transaction();
    await tx.send({ topic: KAFKAJS_TOPIC, messages: [{ key: 'e', value: 'epsilon', partition: 1 }] });
    await tx.sendOffsets({ consumerGroupId: `${KAFKAJS_GROUP}-txn`, topics: [{ topic: KAFKAJS_TOPIC, partitions: [{ partition: 0, offset: '1' }] }] });
    await tx.commit();
  } finally {
    await txn.disconnect();
  }
}

/** A group consumer reading everything from the beginning, committing, then leaving. */
async function consume(bootstrap: string, expected: number): Promise<void> {
  const kafka = client(bootstrap, 'golden-kafkajs-consumer');
  const consumer = kafka.consumer({ groupId: KAFKAJS_GROUP, heartbeatInterval: 300, maxWaitTimeInMs: 200, sessionTimeout: 6000 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [KAFKAJS_TOPIC], fromBeginning: true });
    let seen = 0;
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      autoCommitInterval: 100,
      eachMessage: async () => {
        if (++seen >= expected) done();
      },
    });
    await withTimeout(`consuming ${expected} messages`, 10_000, finished);
    // Stay one heartbeat longer so a Heartbeat and an OffsetCommit go out.
    await new Promise((r) => setTimeout(r, 700));
  } finally {
    await consumer.disconnect();
  }
}

/** Runs the whole kafkajs session; every step is bounded. */
export async function runKafkajsSession(bootstrap: string): Promise<void> {
  await withTimeout('admin', 10_000, admin(bootstrap));
  await withTimeout('produce', 10_000, produce(bootstrap));
  await withTimeout('consume', 20_000, consume(bootstrap, KAFKAJS_MESSAGES.length + 2));
  const admin2 = client(bootstrap, 'golden-kafkajs-admin').admin();
  await admin2.connect();
  try {
    await withTimeout('fetchTopicOffsets', 5_000, admin2.fetchTopicOffsets(KAFKAJS_TOPIC));
  } finally {
    await admin2.disconnect();
  }
}
