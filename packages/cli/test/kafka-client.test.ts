import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '@tributary/protocol';
import { startTestBroker, type TestBroker } from '@tributary/test-kit';
import { KafkaClient, parseBootstrapServers } from '../src/kafka/client.js';
import { murmur2, partitionForKey, StickyPartitioner } from '../src/kafka/partitioner.js';
import { ApiVersionTable } from '../src/kafka/versions.js';
import { rangeAssign } from '../src/kafka/group-member.js';

// The CLI's own Kafka client: pure pieces checked against Kafka's reference values, the network layer against
// a real broker and a silent socket.

function settings(bootstrapServers: string, apiTimeoutMs = 5000) {
  return { bootstrapServers, clientId: 'test', requestTimeoutMs: 1000, apiTimeoutMs, connectTimeoutMs: 1000, retryBackoffMs: 50, softwareVersion: '0' };
}

describe('partitioner', () => {
  it('hashes keys exactly as Kafka\'s Utils.murmur2 (values from Kafka\'s UtilsTest)', () => {
    const cases: Array<[string, number]> = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of cases) expect(murmur2(Buffer.from(key))).toBe(hash);
    expect(partitionForKey(Buffer.from('foobar'), 3)).toBe((-790332482 & 0x7fffffff) % 3);
  });

  it('sticks keyless records to one partition until batch.size bytes went there', () => {
    let n = 0;
    const sticky = new StickyPartitioner(100, () => [0.1, 0.9, 0.5][n++ % 3]!);
    const picks = Array.from({ length: 6 }, () => sticky.partition('t', 3, 40));
    expect(picks).toEqual([0, 0, 0, 2, 2, 2]);
  });
});

describe('versions and bootstrap', () => {
  it('picks the highest version both sides support, within the tools\' caps', () => {
    const table = ApiVersionTable.from([
      { apiKey: ApiKey.Metadata, minVersion: 0, maxVersion: 8 },
      { apiKey: ApiKey.Fetch, minVersion: 4, maxVersion: 17 },
      { apiKey: ApiKey.DescribeLogDirs, minVersion: 9, maxVersion: 9 },
    ]);
    expect(table.pick(ApiKey.Metadata)).toBe(8);
    expect(table.pick(ApiKey.Fetch)).toBe(12);
    expect(table.pick(ApiKey.Fetch, false)).toBe(17);
    expect(table.pick(ApiKey.DescribeLogDirs)).toBe(-1);
    expect(table.pick(ApiKey.Produce)).toBe(-1);
  });

  it('parses bootstrap lists with IPv6 hosts and names a bad entry', () => {
    expect(parseBootstrapServers('a:1, [::1]:9092')).toEqual([{ host: 'a', port: 1 }, { host: '::1', port: 9092 }]);
    expect(() => parseBootstrapServers('nohost')).toThrow('Invalid url in bootstrap.servers: nohost');
  });
});

describe('range assignor', () => {
  it('splits each topic into contiguous ranges, earlier members taking the extra partitions', () => {
    const plan = rangeAssign(new Map([['b', ['t', 'u']], ['a', ['t']]]), new Map([['t', 5], ['u', 2]]));
    expect(plan.get('a')).toEqual([0, 1, 2].map((partition) => ({ topic: 't', partition })));
    expect(plan.get('b')).toEqual([{ topic: 't', partition: 3 }, { topic: 't', partition: 4 }, { topic: 'u', partition: 0 }, { topic: 'u', partition: 1 }]);
  });
});

describe('KafkaClient against a broker', () => {
  let broker: TestBroker;
  let silent: Server;
  let silentPort = 0;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    broker = await startTestBroker();
    silent = createServer((socket) => void sockets.push(socket)); // accepts connections and never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    await broker.cleanup();
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  });

  it('negotiates versions, reads metadata and reaches the partition leader', async () => {
    const client = new KafkaClient(settings(broker.bootstrap));
    try {
      const conn = await client.any();
      expect(conn.versions.pick(ApiKey.Metadata)).toBe(8);
      const md = await client.refresh();
      expect([...md.brokers.keys()]).toEqual([1]);
      expect(md.clusterId).toBe(broker.broker.clusterId);
    } finally {
      client.close();
    }
  });

  it('gives up on a broker that accepts but never answers within its timeouts', async () => {
    const client = new KafkaClient(settings(`127.0.0.1:${silentPort}`, 1500));
    const started = Date.now();
    await expect(client.any()).rejects.toMatchObject({ code: 'CLI_CLUSTER_UNREACHABLE' });
    expect(Date.now() - started).toBeLessThan(4000);
    client.close();
  });
});
