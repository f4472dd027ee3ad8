import type { CommittedOffset } from './types.js';

/** A topic-partition and its committed offset. */
export interface OffsetEntry {
  readonly topic: string;
  readonly partition: number;
  readonly committed: CommittedOffset;
}

/**
 * The committed offsets of one group, by topic then partition. Changed only with what was appended to (or
 * replayed from) `__consumer_offsets`, so the live store and a replayed one hold the same entries.
 */
export class OffsetStore {
  private readonly byTopic = new Map<string, Map<number, CommittedOffset>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(topic: string, partition: number): CommittedOffset | undefined {
    return this.byTopic.get(topic)?.get(partition);
  }

  /** Applies one record: a value stores, `null` (a tombstone) removes. */
  apply(topic: string, partition: number, committed: CommittedOffset | null): void {
    if (committed === null) {
      const partitions = this.byTopic.get(topic);
      if (partitions?.delete(partition)) {
        this.count--;
        if (partitions.size === 0) this.byTopic.delete(topic);
      }
      return;
    }
    let partitions = this.byTopic.get(topic);
    if (!partitions) this.byTopic.set(topic, (partitions = new Map()));
    if (!partitions.has(partition)) this.count++;
    partitions.set(partition, committed);
  }

  /** Every entry, sorted by topic then partition (a stable order for responses and tests). */
  entries(): OffsetEntry[] {
    const out: OffsetEntry[] = [];
    for (const topic of [...this.byTopic.keys()].sort()) {
      const partitions = this.byTopic.get(topic)!;
      for (const partition of [...partitions.keys()].sort((a, b) => a - b)) {
        out.push({ topic, partition, committed: partitions.get(partition)! });
      }
    }
    return out;
  }

  /** Whether any offset of `topic` is stored. */
  hasTopic(topic: string): boolean {
    return this.byTopic.has(topic);
  }
}
