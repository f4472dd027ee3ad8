import { describe, expect, it } from 'vitest';
import {
  ControlRecordType,
  ProtocolDecodeError,
  decodeControlRecordKey,
  decodeEndTxnMarkerValue,
  decodeRecordBatch,
  encodeControlRecordKey,
  encodeEndTxnMarkerBatch,
  endTxnMarkerOf,
  validateBatchForAppend,
} from '@tributary/protocol';

describe('control records', () => {
  it('encodes keys as int16 version 0 + int16 type and values as int16 version 0 + int32 epoch', () => {
    expect(encodeControlRecordKey(ControlRecordType.COMMIT).toString('hex')).toBe('00000001');
    const batch = decodeRecordBatch(encodeEndTxnMarkerBatch({ type: ControlRecordType.ABORT, coordinatorEpoch: 0x01020304, producerId: 9, producerEpoch: 2, timestamp: 77 }));
    expect(batch.records[0]!.key!.toString('hex')).toBe('00000000');
    expect(batch.records[0]!.value!.toString('hex')).toBe('000001020304');
  });

  it('writes a transactional control batch with one marker record and base sequence -1', () => {
    const bytes = encodeEndTxnMarkerBatch({ type: ControlRecordType.COMMIT, coordinatorEpoch: 5, producerId: 1234, producerEpoch: 7, timestamp: 1_700_000_000_000, baseOffset: 40, partitionLeaderEpoch: 2 });
    const b = decodeRecordBatch(bytes);
    expect(b).toMatchObject({ isControl: true, isTransactional: true, producerId: 1234, producerEpoch: 7, baseSequence: -1, baseOffset: 40, partitionLeaderEpoch: 2, lastOffsetDelta: 0 });
    expect(b.records).toHaveLength(1);
    expect(endTxnMarkerOf(b)).toEqual({ type: ControlRecordType.COMMIT, coordinatorEpoch: 5 });
    // A producer may not write one; a replica may.
    expect(validateBatchForAppend(bytes, { origin: 'replication' }).ok).toBe(true);
  });

  it('reads unknown types as numbers and newer marker versions by their known prefix', () => {
    const key = Buffer.from('0001000900ff', 'hex');
    expect(decodeControlRecordKey(key)).toEqual({ version: 1, type: 9 });
    expect(decodeEndTxnMarkerValue(Buffer.from('00010000000700aa', 'hex'))).toEqual({ version: 1, coordinatorEpoch: 7 });
  });

  it('rejects short keys and values with ProtocolDecodeError', () => {
    expect(() => decodeControlRecordKey(Buffer.from('0000', 'hex'))).toThrow(ProtocolDecodeError);
    expect(() => decodeControlRecordKey(null)).toThrow(ProtocolDecodeError);
    expect(() => decodeEndTxnMarkerValue(Buffer.from('00000000', 'hex'))).toThrow(ProtocolDecodeError);
  });

  it('refuses to encode a marker type other than ABORT or COMMIT', () => {
    expect(() =>
      encodeEndTxnMarkerBatch({ type: 3 as typeof ControlRecordType.COMMIT, coordinatorEpoch: 0, producerId: 1, producerEpoch: 0, timestamp: 0 }),
    ).toThrow(expect.objectContaining({ code: 'PROTOCOL_ENCODE' }));
  });
});
