import { describe, expect, it } from 'vitest';
import { decodeRecordBatch, encodeRecordBatch, TimestampType, type FetchedRecord } from '../../src/index.js';

describe('decoding with an origin gives consumer-shaped records', () => {
  it('carries topic, partition, the batch timestamp type and leader epoch on each record', () => {
    const bytes = encodeRecordBatch({
      baseOffset: 40,
      partitionLeaderEpoch: 7,
      records: [
        { timestamp: 1000, key: Buffer.from('a'), value: Buffer.from('1') },
        { timestamp: 1005, key: null, value: null, headers: [{ key: 'h', value: Buffer.from('v') }] },
      ],
    });
    const plain = decodeRecordBatch(bytes);
    const fetched = decodeRecordBatch(bytes, 0, { origin: { topic: 'orders', partition: 3 } }).records as FetchedRecord[];
    expect(fetched.map((r) => ({ ...r }))).toEqual(
      plain.records.map((r) => ({ ...r, topic: 'orders', partition: 3, timestampType: 'CreateTime', leaderEpoch: 7 })),
    );
    expect(fetched[1]).toMatchObject({ offset: 41, timestamp: 1005, key: null, value: null });
  });

  it('reports LogAppendTime batches with the batch max timestamp', () => {
    const bytes = encodeRecordBatch({ timestampType: TimestampType.LOG_APPEND_TIME, maxTimestamp: 9999, records: [{ timestamp: 1, value: Buffer.from('x') }] });
    const [r] = decodeRecordBatch(bytes, 0, { origin: { topic: 't', partition: 0 } }).records as FetchedRecord[];
    expect(r).toMatchObject({ topic: 't', partition: 0, timestampType: 'LogAppendTime', timestamp: 9999 });
  });
});
