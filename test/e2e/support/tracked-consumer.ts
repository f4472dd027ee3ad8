import type { Consumer, ConsumerConfig, Kafka } from 'kafkajs';

/** One message as a member of a group saw it. */
export interface Consumed {
  readonly member: string;
  readonly partition: number;
  readonly offset: number;
  readonly value: string;
  /** How many assignments this member had received when it consumed the message (1 = its first). */
  readonly assignmentNo: number;
}

/**
 * A kafkajs consumer-group member that records what it consumes and its latest assignment (from kafkajs's
 * GROUP_JOIN event, which fires once per generation the member joins).
 */
export class TrackedConsumer {
  readonly consumed: Consumed[] = [];
  /** Partitions of `topic` in the latest assignment, sorted; null before the first join. */
  assignment: number[] | null = null;
  /** How many GROUP_JOIN events this member has seen. */
  joins = 0;
  crashed: Error | null = null;

  private constructor(
    readonly name: string,
    private readonly consumer: Consumer,
  ) {}

  /** Connects, subscribes to `topic` (from the beginning when the group has no committed offset) and runs. */
  static async start(kafka: Kafka, name: string, topic: string, config: ConsumerConfig, log?: Consumed[]): Promise<TrackedConsumer> {
    const consumer = kafka.consumer({ heartbeatInterval: 300, sessionTimeout: 10_000, rebalanceTimeout: 10_000, maxWaitTimeInMs: 200, ...config });
    const tracked = new TrackedConsumer(name, consumer);
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      tracked.joins++;
      tracked.assignment = [...(e.payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b);
    });
    consumer.on(consumer.events.CRASH, (e) => {
      tracked.crashed = e.payload.error;
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const c = { member: name, partition, offset: Number(message.offset), value: message.value?.toString('utf8') ?? '', assignmentNo: tracked.joins };
        tracked.consumed.push(c);
        log?.push(c);
      },
    });
    return tracked;
  }

  /** Leaves the group (LeaveGroup) and disconnects; bounded so a stuck broker cannot hang the test. */
  async stop(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.consumer.disconnect().catch(() => {}),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }
}

/** Whether `members` hold disjoint assignments covering partitions 0..n-1 with the given sizes (any order). */
export function isSpread(members: readonly TrackedConsumer[], partitions: number, sizes: readonly number[]): boolean {
  const assignments = members.map((m) => m.assignment);
  if (assignments.some((a) => a === null)) return false;
  const all = assignments.flatMap((a) => a!);
  const sorted = [...all].sort((a, b) => a - b);
  const expected = Array.from({ length: partitions }, (_, i) => i);
  const got = assignments.map((a) => a!.length).sort();
  return JSON.stringify(sorted) === JSON.stringify(expected) && JSON.stringify(got) === JSON.stringify([...sizes].sort());
}
