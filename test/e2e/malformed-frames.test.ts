import { connect, type Socket } from 'node:net';
import { startTestBroker, waitFor, type TestBroker } from '@tributary/test-kit';
import type { Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { kafkaClient } from './support/kafkajs.js';
import { readPartition, recordsOf } from './support/read-log.js';

/** Opens a raw TCP connection, writes `bytes`, and resolves with how the broker ended it (or 'open' after `waitMs`). */
function sendRaw(port: number, bytes: Buffer, waitMs = 5000): Promise<{ ended: 'closed' | 'open'; received: number }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    let received = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ended: 'open', received });
    }, waitMs);
    socket.on('data', (d) => {
      received += d.length;
    });
    socket.on('error', () => {}); // a reset by the broker also ends the connection; 'close' follows.
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ended: 'closed', received });
    });
    socket.on('connect', () => socket.write(bytes));
    socket.setTimeout(waitMs + 1000, () => reject(new Error('socket timeout')));
  });
}

function frame(body: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

// A raw socket sends garbage, an oversized or negative size prefix: the broker closes that connection only,
// keeps serving a kafkajs producer on its own connection, and loses none of the records it acknowledged.
describe('malformed frames', () => {
  let tb: TestBroker;
  let kafka: Kafka;
  let producer: Producer;
  const acked: string[] = [];
  // The broker reports each connection it closes through console.warn; keep the reasons to check (loosely)
  // that it closed for the right cause.
  const warnings: string[] = [];

  async function produceRound(tag: string): Promise<void> {
    const values = Array.from({ length: 50 }, (_, i) => `${tag}-${i}`);
    const r = await producer.send({ topic: 'survivor', acks: -1, messages: values.map((value) => ({ value })) });
    expect(r[0]!.errorCode).toBe(0);
    acked.push(...values);
  }

  beforeAll(async () => {
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
    });
    tb = await startTestBroker({ config: { 'socket.request.max.bytes': 1024 * 1024 } });
    kafka = kafkaClient(tb.bootstrap, 'malformed-e2e');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'survivor' }] });
    await admin.disconnect();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await produceRound('before');
  });
  afterAll(async () => {
    await producer?.disconnect();
    await tb?.cleanup();
    vi.restoreAllMocks();
  });

  const cases: Array<{ name: string; bytes: () => Buffer; reason: RegExp }> = [
    // api key 0x6b6b and garbage after it: no such API, the header cannot be answered.
    { name: 'garbage bytes in a well-sized frame', bytes: () => frame(Buffer.from('kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk')), reason: /api key 27499/i },
    { name: 'a frame too short for a request header', bytes: () => frame(Buffer.from([0, 18])), reason: /header/i },
    {
      name: 'a valid header with a body that does not decode (Produce v8, truncated)',
      bytes: () => {
        const header = Buffer.alloc(10);
        header.writeInt16BE(0, 0); // Produce
        header.writeInt16BE(8, 2);
        header.writeInt32BE(7, 4); // correlation id
        header.writeInt16BE(-1, 8); // null client id
        return frame(Buffer.concat([header, Buffer.from([0xff, 0xff, 0, 0, 0x75, 0x30, 0, 0, 0, 5])]));
      },
      reason: /bytes|decode/i,
    },
    { name: 'a size prefix larger than socket.request.max.bytes', bytes: () => Buffer.from([0x7f, 0xff, 0xff, 0xff, 1, 2, 3]), reason: /2147483647/ },
    { name: 'a negative size prefix', bytes: () => Buffer.from([0xff, 0xff, 0xff, 0xfe, 1, 2, 3]), reason: /-2/ },
  ];

  it.each(cases)('$name: that connection closes, the broker keeps serving and keeps acknowledged records', async ({ bytes, reason }) => {
    const seen = warnings.length;
    const { ended } = await sendRaw(tb.port, bytes());
    expect(ended).toBe('closed');
    expect(warnings.slice(seen)).toEqual([expect.stringMatching(reason)]);
    await produceRound(`after-${acked.length}`);
    const stored = recordsOf(await readPartition(tb.broker, 'survivor', 0)).map((r) => r.value);
    expect(stored).toEqual(acked);
  });

  it('many bad connections at once leave a good client unharmed', async () => {
    const bad = Array.from({ length: 20 }, (_, i) => sendRaw(tb.port, i % 2 ? Buffer.from([0x7f, 0xff, 0xff, 0xff]) : frame(Buffer.alloc(64, i))));
    const good = (async () => {
      for (let i = 0; i < 5; i++) await produceRound(`concurrent-${i}`);
    })();
    const results = await Promise.all(bad);
    await good;
    expect(results.every((r) => r.ended === 'closed')).toBe(true);
    await waitFor('every acknowledged record to be readable', async () => recordsOf(await readPartition(tb.broker, 'survivor', 0)).length === acked.length, { timeoutMs: 5000 });
    expect(recordsOf(await readPartition(tb.broker, 'survivor', 0)).map((r) => r.value)).toEqual(acked);
  });
});
