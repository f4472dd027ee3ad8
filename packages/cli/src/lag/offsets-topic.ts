import { GroupMetadataKey, GroupMetadataValue, OffsetCommitKey, OffsetCommitValue, Reader, type MessageCodec } from '@tributary/protocol';
import { decodeAssignment } from '../kafka/consumer-protocol.js';

/** The internal topic where groups commit offsets (Kafka's `__consumer_offsets`). */
export const OFFSETS_TOPIC = '__consumer_offsets';

/** What one `__consumer_offsets` record says, as Burrow's consumer module reads it. */
export type OffsetsTopicRecord =
  | { readonly type: 'commit'; readonly group: string; readonly topic: string; readonly partition: number; readonly offset: number; readonly timestamp: number }
  | { readonly type: 'commit-deleted'; readonly group: string; readonly topic: string; readonly partition: number }
  | { readonly type: 'group'; readonly group: string; readonly owners: Map<string, { owner: string; clientId: string }> }
  | { readonly type: 'group-deleted'; readonly group: string }
  | { readonly type: 'other' };

/** Reads a struct whose version may be newer than the codec knows (newer versions only add fields). */
function readVersioned<T>(codec: MessageCodec<T>, reader: Reader, version: number): T {
  return codec.read(reader, Math.min(version, codec.validVersions.max));
}

/**
 * Decodes a `__consumer_offsets` record: key version 0/1 is an offset commit (value: offset and commit time),
 * key version 2 group metadata (value: members with their client ids, hosts and assignments); a null value
 * deletes. Newer record types (Kafka 3.7+ consumer protocol) and undecodable bytes are `other`.
 */
export function decodeOffsetsTopicRecord(key: Buffer | null, value: Buffer | null): OffsetsTopicRecord {
  if (key === null || key.length < 2) return { type: 'other' };
  try {
    const kr = new Reader(key);
    const keyVersion = kr.readInt16();
    if (keyVersion === 0 || keyVersion === 1) {
      const k = OffsetCommitKey.read(kr, keyVersion);
      if (value === null) return { type: 'commit-deleted', group: k.group, topic: k.topic, partition: k.partition };
      const vr = new Reader(value);
      const v = readVersioned(OffsetCommitValue, vr, vr.readInt16());
      return { type: 'commit', group: k.group, topic: k.topic, partition: k.partition, offset: Number(v.offset), timestamp: Number(v.commitTimestamp) };
    }
    if (keyVersion === 2) {
      const group = GroupMetadataKey.read(kr, 2).group;
      if (value === null) return { type: 'group-deleted', group };
      const vr = new Reader(value);
      const v = readVersioned(GroupMetadataValue, vr, vr.readInt16());
      const owners = new Map<string, { owner: string; clientId: string }>();
      if (v.protocolType === 'consumer') {
        for (const m of v.members) {
          for (const p of decodeAssignment(m.assignment)) owners.set(`${p.topic}-${p.partition}`, { owner: m.clientHost, clientId: m.clientId });
        }
      }
      return { type: 'group', group, owners };
    }
  } catch {
    // Bytes this reader does not understand are skipped, as Burrow skips them.
  }
  return { type: 'other' };
}
