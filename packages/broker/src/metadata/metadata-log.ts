import { decodeRecordBatch, encodeRecordBatch, iterateRecordEntries } from '@tributary/protocol';
import type { Log, LogManager } from '@tributary/storage';
import { decodeMetadataRecord, encodeMetadataRecord, type MetadataRecord } from './records.js';

/** The metadata topic, as in KRaft. */
export const METADATA_TOPIC = '__cluster_metadata';

/**
 * Topic configs of the metadata log, fixed rather than derived from the `log.*` broker keys (Kafka has
 * separate `metadata.log.*` settings): never deleted by retention, since it is the source of truth, and not
 * limited by a small `log.segment.bytes` or `message.max.bytes` meant for user topics.
 */
export const METADATA_TOPIC_CONFIG: Readonly<Record<string, string>> = {
  'retention.ms': '-1',
  'retention.bytes': '-1',
  'cleanup.policy': 'delete',
  'segment.bytes': '1073741824',
  'segment.ms': '604800000',
  'max.message.bytes': '8388608',
  'compression.type': 'producer',
  'message.timestamp.type': 'CreateTime',
};

/**
 * The `__cluster_metadata-0` log: every metadata change as a record batch (JSON values), flushed before the
 * change takes effect, and replayed in order at startup. A single-node stand-in for the Raft log of KRaft;
 * replication of this log comes with the controller quorum.
 */
export class MetadataLog {
  private constructor(private readonly log: Log) {}

  /** Opens (or creates) `__cluster_metadata-0` through the log manager, which loads and checkpoints it like any log. */
  static async open(logManager: LogManager): Promise<MetadataLog> {
    const log = await logManager.getOrCreateLog({ topic: METADATA_TOPIC, partition: 0 }, METADATA_TOPIC_CONFIG);
    return new MetadataLog(log);
  }

  /** Replays every stored record, in order. */
  async *replay(): AsyncGenerator<MetadataRecord> {
    let offset = this.log.logStartOffset;
    for (;;) {
      const read = await this.log.readBytes(offset, 1 << 20, this.log.logEndOffset);
      if (read.errorCode !== 0 || read.records.length === 0) return;
      for (const entry of iterateRecordEntries(read.records)) {
        const batch = decodeRecordBatch(read.records, entry.position);
        for (const r of batch.records) {
          if (r.offset < offset || r.value === null) continue;
          yield decodeMetadataRecord(r.value);
        }
        offset = batch.baseOffset + batch.lastOffsetDelta + 1;
      }
    }
  }

  /** Appends records as one batch and flushes it before returning (the change is durable). */
  async append(records: readonly MetadataRecord[]): Promise<void> {
    if (records.length === 0) return;
    const batch = encodeRecordBatch({ records: records.map((r) => ({ value: encodeMetadataRecord(r) })) });
    const result = await this.log.append(batch, 0);
    if ('message' in result) throw new Error(`metadata append failed: ${result.message}`);
    this.log.updateHighWatermark(this.log.logEndOffset);
    await this.log.flush();
  }

}
