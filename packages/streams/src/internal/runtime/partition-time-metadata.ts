// A partition's time travels with its committed offset (Kafka's TopicPartitionMetadata in the offset commit's
// metadata string), so a task that restarts - here or on another instance - goes on from the stream time it had
// reached instead of from "unknown": late records stay late, punctuations do not fire again for the gap.
//
// Layout, base64-encoded: a version byte, then the partition time as a big-endian int64. Kafka 3.x writes version
// 2, which appends processor metadata; we write version 1 (which Kafka still reads) and read both.

/** The partition-time layout we write. */
const VERSION = 1;

/** The commit metadata recording `partitionTime`. */
export function encodePartitionTime(partitionTime: number): string {
  const buf = Buffer.alloc(9);
  buf.writeUInt8(VERSION, 0);
  buf.writeBigInt64BE(BigInt(partitionTime), 1);
  return buf.toString('base64');
}

/** The partition time a commit's metadata records, -1 when it records none (empty, foreign or unknown layout). */
export function decodePartitionTime(metadata: string | null | undefined): number {
  if (metadata === null || metadata === undefined || metadata === '') return -1;
  const buf = Buffer.from(metadata, 'base64');
  const version = buf.length >= 9 ? buf.readUInt8(0) : -1;
  if (version !== 1 && version !== 2) return -1;
  const time = Number(buf.readBigInt64BE(1));
  return Number.isSafeInteger(time) ? time : -1;
}
