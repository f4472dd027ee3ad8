// The little cluster a capture server pretends to be: topics with in-memory logs, groups, producer ids.
// Just enough state that real clients proceed through produce, fetch and group membership.
import { iterateRecordEntries, readBatchHeader } from '@tributary/protocol';

/** One partition's log: stored entries (v2 batches, or legacy messages) with their offsets patched in. */
export interface PartitionLog {
  entries: { baseOffset: number; lastOffset: number; bytes: Buffer }[];
  nextOffset: number;
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  protocolName: string;
  metadata: Buffer;
  assignment: Buffer;
}

export interface GroupState {
  generation: number;
  protocolType: string;
  protocolName: string;
  members: Map<string, GroupMember>;
  committed: Map<string, bigint>; // "topic/partition" -> offset
}

export class CaptureState {
  readonly topics = new Map<string, PartitionLog[]>();
  readonly groups = new Map<string, GroupState>();
  private nextProducerId = 1000n;
  private nextMemberId = 1;

  constructor(initialTopics: Record<string, number>) {
    for (const [name, partitions] of Object.entries(initialTopics)) this.createTopic(name, partitions);
  }

  createTopic(name: string, partitions: number): boolean {
    if (this.topics.has(name)) return false;
    this.topics.set(name, Array.from({ length: Math.max(1, partitions) }, () => ({ entries: [], nextOffset: 0 })));
    return true;
  }

  /** The partitions of a topic, creating it with one partition (auto-create) if unknown. */
  partitions(name: string): PartitionLog[] {
    if (!this.topics.has(name)) this.createTopic(name, 1);
    return this.topics.get(name)!;
  }

  /** Appends a produced records blob verbatim (copied), assigning offsets; returns the base offset. */
  append(log: PartitionLog, records: Buffer): number {
    const base = log.nextOffset;
    for (const entry of iterateRecordEntries(records)) {
      const bytes = Buffer.from(entry.bytes);
      const count = entry.magic === 2 ? readBatchHeader(bytes).lastOffsetDelta + 1 : 1;
      bytes.writeBigInt64BE(BigInt(log.nextOffset), 0);
      log.entries.push({ baseOffset: log.nextOffset, lastOffset: log.nextOffset + count - 1, bytes });
      log.nextOffset += count;
    }
    return base;
  }

  /** The stored entries holding offsets at or after `offset`, whole (as Kafka returns them). */
  read(log: PartitionLog, offset: number): Buffer[] {
    return log.entries.filter((e) => e.lastOffset >= offset).map((e) => e.bytes);
  }

  newProducerId(): bigint {
    return this.nextProducerId++;
  }

  newMemberId(clientId: string | null): string {
    return `${clientId ?? 'member'}-${this.nextMemberId++}`;
  }

  group(groupId: string): GroupState {
    let g = this.groups.get(groupId);
    if (g === undefined) {
      g = { generation: 0, protocolType: 'consumer', protocolName: '', members: new Map(), committed: new Map() };
      this.groups.set(groupId, g);
    }
    return g;
  }
}
