import { ProtocolDecodeError, ProtocolEncodeError } from '../errors/tributary-error.js';
import { encodeRecordBatch } from './batch-encode.js';
import { NO_PARTITION_LEADER_EPOCH, NO_SEQUENCE, type Record, type RecordBatch } from './record-types.js';

/**
 * Control records (Kafka's `ControlRecordType`, `EndTransactionMarker`): the single record of a control batch.
 * Key = int16 version + int16 type; for ABORT/COMMIT the value = int16 version + int32 coordinator epoch.
 */
export const ControlRecordType = {
  ABORT: 0,
  COMMIT: 1,
  LEADER_CHANGE: 2,
  SNAPSHOT_HEADER: 3,
  SNAPSHOT_FOOTER: 4,
  KRAFT_VERSION: 5,
  KRAFT_VOTERS: 6,
} as const;
export type ControlRecordType = (typeof ControlRecordType)[keyof typeof ControlRecordType];

const CONTROL_KEY_VERSION = 0;
const END_TXN_MARKER_VERSION = 0;

/** A decoded control record key. `type` may be a number this version does not know. */
export interface ControlRecordKey {
  version: number;
  type: number;
}

/** A transaction marker (Kafka's `EndTransactionMarker`). */
export interface EndTxnMarker {
  type: typeof ControlRecordType.ABORT | typeof ControlRecordType.COMMIT;
  coordinatorEpoch: number;
}

export function encodeControlRecordKey(type: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeInt16BE(CONTROL_KEY_VERSION, 0);
  b.writeInt16BE(type, 2);
  return b;
}

/** Reads a control record key; Kafka requires at least the 4 bytes of version and type. */
export function decodeControlRecordKey(key: Buffer | null): ControlRecordKey {
  if (key === null || key.length < 4) throw new ProtocolDecodeError(`control record key needs 4 bytes, has ${key?.length ?? 'null'}`);
  const version = key.readInt16BE(0);
  if (version < 0) throw new ProtocolDecodeError(`negative control record key version ${version}`);
  return { version, type: key.readInt16BE(2) };
}

export function encodeEndTxnMarkerValue(coordinatorEpoch: number): Buffer {
  const b = Buffer.allocUnsafe(6);
  b.writeInt16BE(END_TXN_MARKER_VERSION, 0);
  b.writeInt32BE(coordinatorEpoch, 2);
  return b;
}

/** Reads an end-transaction marker value; newer versions may append fields, which are ignored. */
export function decodeEndTxnMarkerValue(value: Buffer | null): { version: number; coordinatorEpoch: number } {
  if (value === null || value.length < 6) {
    throw new ProtocolDecodeError(`end transaction marker value needs 6 bytes, has ${value?.length ?? 'null'}`);
  }
  const version = value.readInt16BE(0);
  if (version < 0) throw new ProtocolDecodeError(`negative end transaction marker version ${version}`);
  return { version, coordinatorEpoch: value.readInt32BE(2) };
}

/** The marker carried by a control record, or null if the record is another kind of control record. */
export function decodeEndTxnMarker(record: Record): EndTxnMarker | null {
  const { type } = decodeControlRecordKey(record.key);
  if (type !== ControlRecordType.ABORT && type !== ControlRecordType.COMMIT) return null;
  return { type, coordinatorEpoch: decodeEndTxnMarkerValue(record.value).coordinatorEpoch };
}

/** What a transaction coordinator writes to end a producer's transaction on one partition. */
export interface EndTxnMarkerBatchInit extends EndTxnMarker {
  producerId: number;
  producerEpoch: number;
  timestamp: number;
  baseOffset?: number;
  partitionLeaderEpoch?: number;
}

/**
 * Encodes the control batch holding one COMMIT or ABORT marker (Kafka's
 * `MemoryRecords.withEndTransactionMarker`): transactional and control bits set, base sequence -1.
 */
export function encodeEndTxnMarkerBatch(init: EndTxnMarkerBatchInit): Buffer {
  if (init.type !== ControlRecordType.ABORT && init.type !== ControlRecordType.COMMIT) {
    throw new ProtocolEncodeError(`transaction marker type must be ABORT (0) or COMMIT (1), got ${String(init.type)}`);
  }
  return encodeRecordBatch({
    baseOffset: init.baseOffset ?? 0,
    partitionLeaderEpoch: init.partitionLeaderEpoch ?? NO_PARTITION_LEADER_EPOCH,
    isTransactional: true,
    isControl: true,
    producerId: init.producerId,
    producerEpoch: init.producerEpoch,
    baseSequence: NO_SEQUENCE,
    records: [
      {
        timestamp: init.timestamp,
        key: encodeControlRecordKey(init.type),
        value: encodeEndTxnMarkerValue(init.coordinatorEpoch),
      },
    ],
  });
}

/** The marker of a decoded control batch, or null if it is not a transaction-marker batch. */
export function endTxnMarkerOf(batch: RecordBatch): EndTxnMarker | null {
  const first = batch.records[0];
  if (!batch.isControl || first === undefined) return null;
  return decodeEndTxnMarker(first);
}
