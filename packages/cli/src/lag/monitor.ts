import { listOffsets, OffsetSpec } from '../kafka/admin.js';
import type { KafkaClient } from '../kafka/client.js';
import { Fetcher } from '../kafka/fetcher.js';
import { decodeOffsetsTopicRecord, OFFSETS_TOPIC } from './offsets-topic.js';
import type { LagStore } from './store.js';

/**
 * Feeds a {@link LagStore} the way Burrow's cluster and consumer modules do: the log-end offset of every
 * partition from ListOffsets, refreshed on demand, and every offset commit and group membership read from
 * `__consumer_offsets` from its beginning.
 */
export class LagMonitor {
  private readonly fetcher: Fetcher;
  private assigned = false;

  constructor(
    private readonly client: KafkaClient,
    private readonly store: LagStore,
    private readonly now: () => number = Date.now,
  ) {
    this.fetcher = new Fetcher(client, { isolationLevel: 0, maxWaitMs: 250, minBytes: 1, maxBytes: 52_428_800, maxPartitionBytes: 1_048_576, autoOffsetReset: 'earliest' });
  }

  /** Fetches the log-end offset of every partition of every topic (Burrow's `offset-refresh`). */
  async refreshBrokerOffsets(): Promise<void> {
    const md = await this.client.refresh();
    const parts = [...md.topics.values()].filter((t) => t.errorCode === 0 && t.name !== OFFSETS_TOPIC).flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition, timestamp: OffsetSpec.LATEST })));
    if (parts.length === 0) return;
    for (const [key, r] of await listOffsets(this.client, parts)) {
      if (!r.ok) continue;
      const i = key.lastIndexOf('-');
      this.store.setBrokerOffset(key.slice(0, i), Number(key.slice(i + 1)), r.value.offset);
    }
  }

  /** Reads `__consumer_offsets` from where it stopped until its current end; false when the topic does not exist yet. */
  async catchUp(deadline: number): Promise<boolean> {
    const topic = (await this.client.refresh()).topics.get(OFFSETS_TOPIC);
    if (!topic || topic.errorCode !== 0) return false;
    if (!this.assigned) {
      await this.fetcher.seekTo(topic.partitions.map((p) => ({ topic: OFFSETS_TOPIC, partition: p.partition })), 'earliest');
      this.assigned = true;
    }
    const ends = await listOffsets(this.client, topic.partitions.map((p) => ({ topic: OFFSETS_TOPIC, partition: p.partition, timestamp: OffsetSpec.LATEST })));
    const behind = (): boolean =>
      [...this.fetcher.positions.values()].some((p) => {
        const end = ends.get(`${p.topic}-${p.partition}`);
        return end?.ok === true && p.offset < end.value.offset;
      });
    while (behind() && Date.now() < deadline) await this.pollOnce();
    return true;
  }

  /** One fetch round of `__consumer_offsets`, applied to the store. */
  async pollOnce(): Promise<void> {
    const records = await this.fetcher.poll();
    for (const r of records) {
      const rec = decodeOffsetsTopicRecord(r.key, r.value);
      if (rec.type === 'commit') this.store.addCommit(rec.group, rec.topic, rec.partition, rec.offset, rec.timestamp, this.now());
      else if (rec.type === 'commit-deleted') this.store.deleteCommit(rec.group, rec.topic, rec.partition);
      else if (rec.type === 'group-deleted') this.store.deleteGroup(rec.group);
      else if (rec.type === 'group') this.store.setOwners(rec.group, rec.owners);
    }
  }
}
