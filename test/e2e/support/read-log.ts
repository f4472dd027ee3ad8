import type { Broker } from '@tributary/broker';
import { FetchRequest, decodeRecordBatchesAsync, type RecordBatch } from '@tributary/protocol';

/**
 * Reads a partition back through the broker's in-process door (Fetch v11, read-uncommitted) and decodes the
 * stored batches — to check what a real client wrote, batch by batch, independent of any client's decoder.
 */
export async function readPartition(broker: Broker, topic: string, partition: number, fromOffset = 0): Promise<RecordBatch[]> {
  const batches: RecordBatch[] = [];
  let offset = fromOffset;
  for (;;) {
    const response = await broker.handle(
      1,
      11,
      FetchRequest.create({
        maxWaitMs: 0,
        minBytes: 0,
        maxBytes: 64 * 1024 * 1024,
        topics: [{ topic, partitions: [{ partition, fetchOffset: BigInt(offset), partitionMaxBytes: 16 * 1024 * 1024 }] }],
      }),
    );
    const p = response?.responses[0]?.partitions[0];
    if (!p) throw new Error(`no fetch response for ${topic}-${partition}`);
    if (p.errorCode !== 0) throw new Error(`fetch of ${topic}-${partition} answered error code ${p.errorCode}`);
    const blob = p.records === null ? null : Buffer.isBuffer(p.records) ? p.records : Buffer.concat(p.records);
    if (blob === null || blob.length === 0) return batches;
    const got = (await decodeRecordBatchesAsync(blob)).filter((b) => b.baseOffset + b.lastOffsetDelta >= offset);
    if (got.length === 0) return batches;
    batches.push(...got);
    offset = got[got.length - 1]!.baseOffset + got[got.length - 1]!.lastOffsetDelta + 1;
    if (offset >= Number(p.highWatermark)) return batches;
  }
}

/** The records of `batches` as `{offset, key, value}` strings (null key as null). */
export function recordsOf(batches: readonly RecordBatch[]): Array<{ offset: number; key: string | null; value: string | null }> {
  return batches.flatMap((b) =>
    b.records.map((r) => ({ offset: r.offset, key: r.key?.toString('utf8') ?? null, value: r.value?.toString('utf8') ?? null })),
  );
}

/** The set of compression codes of every stored batch of `topic` partitions `0..partitions-1`. */
export async function storedCompressions(broker: Broker, topic: string, partitions: number): Promise<Set<number>> {
  const codes = new Set<number>();
  for (let p = 0; p < partitions; p++) for (const b of await readPartition(broker, topic, p)) codes.add(b.compression);
  return codes;
}
