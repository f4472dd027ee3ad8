import { describe, expect, it } from 'vitest';
import { GroupMetadataValue } from '@tributary/protocol';
import {
  decodeCoordinatorKey,
  decodeGroupMetadataValue,
  decodeOffsetCommitValue,
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
} from '../../src/group/record-codec.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/[\s|]/g, ''), 'hex');
/** int16 length + UTF-8 bytes, as Kafka's non-flexible `string`. */
const str = (s: string): string => Buffer.from(s).length.toString(16).padStart(4, '0') + Buffer.from(s).toString('hex');
const i32 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
const i64 = (n: bigint): string => BigInt.asUintN(64, n).toString(16).padStart(16, '0');
const bytes = (b: Buffer): string => i32(b.length) + b.toString('hex');

describe('__consumer_offsets keys', () => {
  it('writes an OffsetCommitKey v1 as 00 01 | group | topic | partition', () => {
    expect(encodeOffsetCommitKey('g', 't', 0)).toEqual(hex('0001 | 0001 67 | 0001 74 | 00000000'));
    expect(encodeOffsetCommitKey('grp', 'topic', 7)).toEqual(hex('0001' + str('grp') + str('topic') + i32(7)));
  });

  it('writes a GroupMetadataKey v2 as 00 02 | group', () => {
    expect(encodeGroupMetadataKey('g')).toEqual(hex('0002 | 0001 67'));
  });

  it('reads key versions 0 and 1 as offsets, 2 as group metadata, others as unknown', () => {
    expect(decodeCoordinatorKey(hex('0000 | 0001 67 | 0001 74 | 00000003'))).toEqual({ type: 'offset', group: 'g', topic: 't', partition: 3 });
    expect(decodeCoordinatorKey(encodeOffsetCommitKey('é', 'ü', 2))).toEqual({ type: 'offset', group: 'é', topic: 'ü', partition: 2 });
    expect(decodeCoordinatorKey(hex('0002 0001 67'))).toEqual({ type: 'group', group: 'g' });
    expect(decodeCoordinatorKey(hex('0003 0001 67'))).toEqual({ type: 'unknown', version: 3 });
  });

  it('rejects truncated keys with a decode error', () => {
    expect(() => decodeCoordinatorKey(hex('0001 0005 67'))).toThrow(expect.objectContaining({ code: 'PROTOCOL_DECODE' }));
  });
});

describe('OffsetCommitValue', () => {
  it('writes version 3 (with the leader epoch) when no expire timestamp is set', () => {
    const buf = encodeOffsetCommitValue({ offset: 5n, leaderEpoch: 7, metadata: 'm', commitTimestamp: 1000n, expireTimestamp: -1n });
    expect(buf).toEqual(hex('0003' + i64(5n) + i32(7) + str('m') + i64(1000n)));
  });

  it('writes version 1 (the only one with an expire timestamp) when one is set', () => {
    const buf = encodeOffsetCommitValue({ offset: 5n, leaderEpoch: 7, metadata: 'm', commitTimestamp: 1000n, expireTimestamp: 2000n });
    expect(buf).toEqual(hex('0001' + i64(5n) + str('m') + i64(1000n) + i64(2000n)));
  });

  it('reads versions 0 to 3 as Kafka wrote them', () => {
    expect(decodeOffsetCommitValue(hex('0000' + i64(9n) + str('x') + i64(5n))).value).toMatchObject({ offset: 9n, metadata: 'x', commitTimestamp: 5n, leaderEpoch: -1, expireTimestamp: -1n });
    expect(decodeOffsetCommitValue(hex('0001' + i64(9n) + str('x') + i64(5n) + i64(6n))).value).toMatchObject({ offset: 9n, expireTimestamp: 6n });
    expect(decodeOffsetCommitValue(hex('0002' + i64(9n) + str('') + i64(5n))).value).toMatchObject({ offset: 9n, metadata: '', leaderEpoch: -1 });
    expect(decodeOffsetCommitValue(hex('0003' + i64(9n) + i32(4) + str('é') + i64(5n))).value).toMatchObject({ offset: 9n, leaderEpoch: 4, metadata: 'é' });
  });

  it('reads a version newer than it knows with the newest layout (KIP-915)', () => {
    // Version 4 layout (flexible: compact string, then empty tagged fields), labelled 5.
    const v4 = hex('0004' + i64(9n) + i32(1) + '02' + '78' + i64(5n) + '00');
    expect(decodeOffsetCommitValue(v4)).toMatchObject({ version: 4, value: { offset: 9n, leaderEpoch: 1, metadata: 'x' } });
    const v5 = Buffer.concat([hex('0005'), v4.subarray(2)]);
    expect(decodeOffsetCommitValue(v5)).toMatchObject({ version: 5, value: { offset: 9n, metadata: 'x' } });
  });
});

describe('GroupMetadataValue', () => {
  const member = { memberId: 'm-1', groupInstanceId: null, clientId: 'c', clientHost: '/1.2.3.4', rebalanceTimeout: 30000, sessionTimeout: 10000, subscription: Buffer.from([0, 0, 1]), assignment: Buffer.from([9]) };
  const value = GroupMetadataValue.create({ protocolType: 'consumer', generation: 3, protocol: 'range', leader: 'm-1', currentStateTimestamp: 1234n, members: [member] });

  it('writes version 3 field by field as the schema lays it out', () => {
    const expected =
      '0003' +
      str('consumer') +
      i32(3) +
      str('range') +
      str('m-1') +
      i64(1234n) +
      i32(1) +
      str('m-1') +
      'ffff' + // null groupInstanceId
      str('c') +
      str('/1.2.3.4') +
      i32(30000) +
      i32(10000) +
      bytes(member.subscription) +
      bytes(member.assignment);
    expect(encodeGroupMetadataValue(value)).toEqual(hex(expected));
  });

  it('writes an empty group with null protocol and leader', () => {
    const empty = GroupMetadataValue.create({ protocolType: 'consumer', generation: 4, protocol: null, leader: null, currentStateTimestamp: 99n, members: [] });
    expect(encodeGroupMetadataValue(empty)).toEqual(hex('0003' + str('consumer') + i32(4) + 'ffff' + 'ffff' + i64(99n) + i32(0)));
  });

  it('reads version 0 records (no rebalance timeout, no state timestamp) as Kafka 0.10.0 wrote them', () => {
    const v0 = '0000' + str('consumer') + i32(1) + str('range') + str('m') + i32(1) + str('m') + str('c') + str('/h') + i32(6000) + bytes(Buffer.from('s')) + bytes(Buffer.from('a'));
    const { version, value: v } = decodeGroupMetadataValue(hex(v0));
    expect(version).toBe(0);
    expect(v).toMatchObject({ protocolType: 'consumer', generation: 1, protocol: 'range', leader: 'm', currentStateTimestamp: -1n });
    expect(v.members[0]).toMatchObject({ memberId: 'm', clientHost: '/h', sessionTimeout: 6000, rebalanceTimeout: -1, groupInstanceId: null });
  });

  it('round-trips every version 0-4', () => {
    const withInstance = { ...value, members: [{ ...member, groupInstanceId: 'i-1' }] };
    for (let v = 0; v <= 4; v++) {
      const back = decodeGroupMetadataValue(encodeGroupMetadataValue(withInstance, v));
      expect(back.version).toBe(v);
      expect(back.value.generation).toBe(3);
      expect(back.value.members[0]!.memberId).toBe('m-1');
      expect(back.value.members[0]!.assignment).toEqual(member.assignment);
      expect(back.value.members[0]!.groupInstanceId).toBe(v >= 3 ? 'i-1' : null);
      expect(back.value.currentStateTimestamp).toBe(v >= 2 ? 1234n : -1n);
    }
  });
});
