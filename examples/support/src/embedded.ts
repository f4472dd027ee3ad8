/**
 * The plumbing the examples share: an embedded broker in this process (no port), topic creation, producing
 * sample records with explicit timestamps, waiting until the application has processed everything, and reading
 * an output topic to its end. Not part of Tributary's API: the examples' own helpers, in one place.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Broker } from '@tributary/broker';
import { inProcess, type ConsumerRecord, type NewTopic, type Transport } from '@tributary/client';

/** A broker running inside this process, the in-process transport to reach it, and a state directory. */
export interface EmbeddedBroker {
  readonly transport: Transport;
  /** A fresh `state.dir` for the application, removed with the broker's data: runs never share local state. */
  readonly stateDir: string;
  stop(): Promise<void>;
}

export async function startEmbeddedBroker(name: string): Promise<EmbeddedBroker> {
  const dir = await mkdtemp(join(tmpdir(), `tributary-${name}-`));
  const broker = await Broker.start({ 'node.id': 1, 'log.dirs': join(dir, 'broker'), 'offsets.topic.replication.factor': 1, 'group.initial.rebalance.delay.ms': 0 }, { listen: false, log: () => {} });
  const transport = inProcess(broker);
  return {
    transport,
    stateDir: join(dir, 'state'),
    async stop() {
      await transport.close();
      await broker.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function createTopics(transport: Transport, topics: readonly NewTopic[]): Promise<void> {
  const admin = transport.admin();
  try {
    await admin.createTopics(topics);
  } finally {
    await admin.close();
  }
}

/** One input record: a key, a JSON-serializable value (null: a tombstone) and its event time. */
export interface SampleRecord {
  readonly key: string;
  readonly value: unknown;
  readonly timestamp: number;
}

/** Produces the records in order (one producer, acks awaited) as JSON values with String keys. */
export async function produce(transport: Transport, topic: string, records: readonly SampleRecord[]): Promise<void> {
  const producer = transport.producer();
  try {
    for (const r of records) {
      const value = r.value === null ? null : Buffer.from(JSON.stringify(r.value));
      await producer.send({ topic, key: Buffer.from(r.key), value, timestamp: r.timestamp });
    }
  } finally {
    await producer.close();
  }
}

/**
 * Waits until the application has committed every record of its inputs and of its repartition topics. Kafka
 * Streams commits only after flushing its stores and getting every output record acknowledged, so by then all
 * output the inputs cause is in the output topics. Committed offsets are read before the end offsets: a
 * repartition topic's end read afterwards already holds everything the committed input records produced.
 */
export async function waitUntilProcessed(transport: Transport, applicationId: string, inputs: readonly string[]): Promise<void> {
  const admin = transport.admin();
  try {
    const repartition = (await admin.listTopics()).filter((t) => t.startsWith(`${applicationId}-`) && t.endsWith('-repartition'));
    const described = await admin.describeTopics([...inputs, ...repartition]);
    const partitions = described.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })));
    let lastReport = Date.now();
    for (;;) {
      // Right after the broker starts, the group coordinator may still be loading: a retriable error, try again.
      const offsets = await admin.listGroupOffsets(applicationId, partitions).catch((e: unknown) => retryIf(e));
      const ends = await admin.listOffsets(partitions.map((p) => ({ ...p, spec: 'latest' as const })));
      const committed = new Map((offsets ?? []).map((c) => [`${c.topic}-${c.partition}`, Number(c.offset)]));
      const behind = ends.filter((e) => Math.max(0, committed.get(`${e.topic}-${e.partition}`) ?? 0) < Number(e.offset));
      if (offsets !== undefined && behind.length === 0) return;
      if (Date.now() - lastReport > 2000) {
        console.log(`waiting for ${applicationId} to process ${behind.map((e) => `${e.topic}-${e.partition}`).join(', ')}`);
        lastReport = Date.now();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await admin.close();
  }
}

function retryIf(error: unknown): undefined {
  if ((error as { retriable?: unknown }).retriable === true) return undefined;
  throw error;
}

/** Every record of a topic, from its start to its current end, partition by partition. */
export async function readTopic(transport: Transport, topic: string): Promise<ConsumerRecord[]> {
  const admin = transport.admin();
  const [described] = await admin.describeTopics([topic]);
  const assigned = described!.partitions.map((p) => ({ topic, partition: p.partition }));
  const ends = await admin.listOffsets(assigned.map((tp) => ({ ...tp, spec: 'latest' as const })));
  await admin.close();
  const consumer = transport.consumer({ 'auto.offset.reset': 'earliest', 'fetch.max.wait.ms': 50 });
  consumer.assign(assigned);
  const out: ConsumerRecord[] = [];
  try {
    const atEnd = async () => (await Promise.all(ends.map(async (e) => (await consumer.position(e)) >= Number(e.offset)))).every(Boolean);
    while (!(await atEnd())) for (const r of await consumer.poll(100)) out.push(r);
  } finally {
    await consumer.close();
  }
  return out;
}

/** `10:02:30` for a timestamp (UTC), the way the examples print event times. */
export function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}
