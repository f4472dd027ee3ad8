/**
 * kafkajs phases of the broker benchmark, in this (the benchmark's) process: produce batches of
 * {@link KAFKAJS_BATCH} messages with {@link KAFKAJS_IN_FLIGHT} sends in flight (acks=1), and consume with
 * `eachBatch` through a consumer group. The client's CPU is this process's CPU over the timed window, so that
 * the broker's share of the CPU (broker / (broker + client)) can be reported.
 */
import { Kafka, logLevel } from 'kafkajs';
import { MESSAGE_BYTES, messageAt } from './payload.js';
import { selfCpuSeconds } from './processes.js';

/** Messages per `producer.send`. */
export const KAFKAJS_BATCH = 1000;
/** Concurrent `producer.send` calls. */
export const KAFKAJS_IN_FLIGHT = 4;
/** A consume that has not seen every message by then fails instead of hanging the benchmark. */
const CONSUME_TIMEOUT_MS = 120_000;

/** What a kafkajs phase measured. */
export interface KafkajsRun {
  readonly messages: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
}

function client(bootstrap: string, id: string): Kafka {
  return new Kafka({ clientId: id, brokers: [bootstrap], logLevel: logLevel.NOTHING });
}

/** Produces the first `count` messages of `all` to partition 0 of `topic`. */
export async function kafkajsProduce(bootstrap: string, topic: string, all: Buffer, count: number): Promise<KafkajsRun> {
  const producer = client(bootstrap, 'bench-kafkajs-producer').producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    const batches: Array<Array<{ value: Buffer; partition: number }>> = [];
    for (let from = 0; from < count; from += KAFKAJS_BATCH) {
      const n = Math.min(KAFKAJS_BATCH, count - from);
      batches.push(Array.from({ length: n }, (_, i) => ({ value: messageAt(all, from + i), partition: 0 })));
    }
    const cpu0 = selfCpuSeconds();
    const t0 = process.hrtime.bigint();
    let next = 0;
    const sender = async (): Promise<void> => {
      while (next < batches.length) {
        const messages = batches[next++]!;
        await producer.send({ topic, messages, acks: 1 });
      }
    };
    await Promise.all(Array.from({ length: KAFKAJS_IN_FLIGHT }, sender));
    return { messages: count, seconds: Number(process.hrtime.bigint() - t0) / 1e9, cpuSeconds: selfCpuSeconds() - cpu0 };
  } finally {
    await producer.disconnect();
  }
}

/**
 * Consumes `count` messages of `topic` from the beginning with `eachBatch`. The timed window (and the CPU
 * reading) starts when the consumer has joined its group — group formation is not throughput — and ends
 * when the last message has been handed to `eachBatch`. `onJoined` lets the caller read the broker's CPU at
 * the same moment.
 */
export async function kafkajsConsume(
  bootstrap: string,
  topic: string,
  count: number,
  onJoined: () => void,
): Promise<KafkajsRun> {
  const consumer = client(bootstrap, 'bench-kafkajs-consumer').consumer({ groupId: `bench-${topic}` });
  await consumer.connect();
  let cpu0 = 0;
  let t0 = 0n;
  const joined = consumer.on(consumer.events.GROUP_JOIN, () => {
    cpu0 = selfCpuSeconds();
    t0 = process.hrtime.bigint();
    onJoined();
  });
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    let bytes = 0;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`kafkajs consumed ${seen} of ${count} messages of ${topic} in ${CONSUME_TIMEOUT_MS} ms`)), CONSUME_TIMEOUT_MS);
    });
    const done = new Promise<KafkajsRun>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) bytes += m.value?.length ?? 0;
          seen += batch.messages.length;
          if (seen >= count) {
            resolve({ messages: seen, seconds: Number(process.hrtime.bigint() - t0) / 1e9, cpuSeconds: selfCpuSeconds() - cpu0 });
          }
        },
      });
    });
    const run = await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
    if (bytes !== run.messages * MESSAGE_BYTES) throw new Error(`kafkajs consumed ${bytes} bytes for ${run.messages} messages`);
    return run;
  } finally {
    joined();
    await consumer.disconnect();
  }
}
