import type { Consumer } from '../contract/consumer.js';
import type { ConsumerRecord } from '../contract/records.js';

/** Polls until `n` records came (or fails after `timeoutMs`, saying how many it has), returning them in poll order. */
export async function pollRecords(consumer: Consumer, n: number, timeoutMs = 15000): Promise<ConsumerRecord[]> {
  const out: ConsumerRecord[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < n) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${n} records, got ${out.length}`);
    const polled = await consumer.poll(200);
    for (const r of polled) out.push(r);
  }
  return out;
}

/**
 * Polls every consumer concurrently (as separate application threads would) until `done()` holds, failing
 * with `what` after `timeoutMs`. Records polled meanwhile are handed to `onRecord`.
 */
export async function pollAllUntil(
  consumers: readonly Consumer[],
  done: () => boolean,
  what: string,
  timeoutMs = 20000,
  onRecord: (consumerIndex: number, r: ConsumerRecord) => void = () => {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let finished = false;
  const loops = consumers.map(async (c, i) => {
    while (!finished && Date.now() < deadline) {
      const polled = await c.poll(100);
      for (const r of polled) onRecord(i, r);
      if (done()) finished = true;
    }
  });
  await Promise.all(loops);
  if (!done()) throw new Error(`waited ${timeoutMs} ms for ${what}`);
}

/** The UTF-8 text of a buffer, `null` for null. */
export function text(b: Buffer | null): string | null {
  return b === null ? null : b.toString('utf8');
}
