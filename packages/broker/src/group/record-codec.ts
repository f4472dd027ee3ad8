import { GroupMetadataKey, GroupMetadataValue, OffsetCommitKey, OffsetCommitValue, Reader, Writer, type MessageCodec } from '@tributary/protocol';

/*
 * The key and value layouts of `__consumer_offsets`, as Kafka writes them: an int16 schema version, then the
 * fields of that version of the schema (the generated codecs of `OffsetCommitKey`, `OffsetCommitValue`,
 * `GroupMetadataKey`, `GroupMetadataValue`). Key versions 0 and 1 are offset commits and 2 is group metadata;
 * anything else (the newer consumer-protocol records of Kafka 3.7+) is reported as unknown and skipped.
 */

/** Key version Kafka 3.x writes for offset commits. */
export const OFFSET_COMMIT_KEY_VERSION = 1;
/** Key version of group metadata records. */
export const GROUP_METADATA_KEY_VERSION = 2;
/** Value version Kafka 3.x writes for group metadata (with `groupInstanceId`, not yet flexible). */
export const GROUP_METADATA_VALUE_VERSION = 3;

/** What a `__consumer_offsets` key names. */
export type CoordinatorKey =
  | { readonly type: 'offset'; readonly group: string; readonly topic: string; readonly partition: number }
  | { readonly type: 'group'; readonly group: string }
  | { readonly type: 'unknown'; readonly version: number };

function prefixed<T>(codec: MessageCodec<T>, version: number, value: T): Buffer {
  const w = new Writer(64);
  w.writeInt16(version);
  codec.write(w, version, value);
  return w.toBuffer();
}

/**
 * Reads a version-prefixed value. A version newer than the codec knows is read with the newest layout it
 * knows, which KIP-915 makes safe (later versions only add tagged fields); trailing bytes are ignored, as
 * Kafka's readers do.
 */
function readPrefixed<T>(codec: MessageCodec<T>, buf: Buffer): { version: number; value: T } {
  const reader = new Reader(buf);
  const version = reader.readInt16();
  const readAs = Math.min(version, codec.validVersions.max);
  return { version, value: codec.read(reader, readAs) };
}

/** An offset commit key (version 1): `00 01 | group | topic | partition`. */
export function encodeOffsetCommitKey(group: string, topic: string, partition: number): Buffer {
  return prefixed(OffsetCommitKey, OFFSET_COMMIT_KEY_VERSION, { group, topic, partition });
}

/** A group metadata key (version 2): `00 02 | group`. */
export function encodeGroupMetadataKey(group: string): Buffer {
  return prefixed(GroupMetadataKey, GROUP_METADATA_KEY_VERSION, { group });
}

/** Decodes any `__consumer_offsets` key; raises `ProtocolDecodeError` on malformed bytes. */
export function decodeCoordinatorKey(buf: Buffer): CoordinatorKey {
  const reader = new Reader(buf);
  const version = reader.readInt16();
  if (version === 0 || version === 1) {
    const k = OffsetCommitKey.read(reader, version);
    return { type: 'offset', group: k.group, topic: k.topic, partition: k.partition };
  }
  if (version === GROUP_METADATA_KEY_VERSION) return { type: 'group', group: GroupMetadataKey.read(reader, version).group };
  return { type: 'unknown', version };
}

/**
 * An offset commit value as Kafka 3.x writes it: version 3 (with the leader epoch), or version 1 when the
 * commit carries an explicit expire timestamp (OffsetCommit v2-v4 with a retention time), the only version
 * with that field.
 */
export function encodeOffsetCommitValue(value: OffsetCommitValue): Buffer {
  return prefixed(OffsetCommitValue, value.expireTimestamp >= 0n ? 1 : 3, value);
}

/** Decodes an offset commit value of any version 0-4 (or newer, read as 4). */
export function decodeOffsetCommitValue(buf: Buffer): { version: number; value: OffsetCommitValue } {
  return readPrefixed(OffsetCommitValue, buf);
}

/** A group metadata value, version 3 unless another is asked for (tests write older ones, as older brokers did). */
export function encodeGroupMetadataValue(value: GroupMetadataValue, version: number = GROUP_METADATA_VALUE_VERSION): Buffer {
  return prefixed(GroupMetadataValue, version, value);
}

/** Decodes a group metadata value of any version 0-4 (or newer, read as 4). */
export function decodeGroupMetadataValue(buf: Buffer): { version: number; value: GroupMetadataValue } {
  return readPrefixed(GroupMetadataValue, buf);
}
