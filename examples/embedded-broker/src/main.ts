/**
 * The embedded broker, end to end with no port: start it in-process, create a topic, produce a record batch,
 * fetch it back and print what comes out — every step a real Kafka request and response, handed to the
 * broker's handlers directly. (The word-count streams demo takes this command's place once streams land.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Broker } from '@tributary/broker';
import { ApiKey, CreateTopicsRequest, FetchRequest, ProduceRequest, decodeRecordBatches, encodeRecordBatch } from '@tributary/protocol';

const dir = await mkdtemp(join(tmpdir(), 'tributary-demo-'));
const broker = await Broker.start({ 'node.id': 1, 'log.dirs': dir }, { listen: false, log: () => {} });
try {
  console.log(`embedded broker ${broker.nodeId} of cluster ${broker.clusterId} (in-process, no port), logs in ${dir}`);

  const created = await broker.handle(ApiKey.CreateTopics, 4, CreateTopicsRequest.create({ topics: [{ name: 'greetings', numPartitions: 1, replicationFactor: 1 }], timeoutMs: 5000 }));
  console.log(`CreateTopics greetings -> error code ${created?.topics[0]?.errorCode}`);

  const lines = ['hello kafka', 'hello tributary', 'kafka streams for typescript'];
  const batch = encodeRecordBatch({ records: lines.map((line, i) => ({ key: Buffer.from(`line-${i}`), value: Buffer.from(line) })) });
  const produced = await broker.handle(ApiKey.Produce, 8, ProduceRequest.create({ acks: -1, timeoutMs: 5000, topicData: [{ name: 'greetings', partitionData: [{ index: 0, records: batch }] }] }));
  const p = produced?.responses[0]?.partitionResponses[0];
  console.log(`Produce ${lines.length} records -> error code ${p?.errorCode}, base offset ${p?.baseOffset}`);

  const fetched = await broker.handle(ApiKey.Fetch, 11, FetchRequest.create({ maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20, topics: [{ topic: 'greetings', partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1 << 20 }] }] }));
  const records = fetched?.responses[0]?.partitions[0]?.records;
  for (const b of decodeRecordBatches(Buffer.isBuffer(records) ? records : Buffer.alloc(0))) {
    for (const r of b.records) console.log(`  offset ${r.offset}  ${r.key?.toString()} = ${r.value?.toString()}`);
  }
} finally {
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
}
