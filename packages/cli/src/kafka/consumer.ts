import type { KafkaClient } from './client.js';
import { Fetcher, type ConsumedRecord, type FetchSettings } from './fetcher.js';
import { GroupMember, type MemberSettings, type TopicPartition } from './group-member.js';

/** Hooks a consumer calls around rebalances (Kafka's `ConsumerRebalanceListener`). */
export interface RebalanceListener {
  onRevoked?(partitions: readonly TopicPartition[]): void | Promise<void>;
  onAssigned?(partitions: readonly TopicPartition[]): void | Promise<void>;
}

/** Where a consumer starts reading a manually assigned partition. */
export type StartOffset = number | 'earliest' | 'latest';

/**
 * A consumer for the tools (Kafka's `KafkaConsumer`, reduced): either subscribed to topics as a member of a
 * classic group (positions from committed offsets, else `auto.offset.reset`), or reading manually assigned
 * partitions. `poll()` rejoins first when the group is rebalancing.
 */
export class Consumer {
  private readonly fetcher: Fetcher;
  private started = false;

  private constructor(
    private readonly client: KafkaClient,
    private readonly fetchSettings: FetchSettings,
    private readonly member: GroupMember | null,
    private readonly manual: ReadonlyArray<TopicPartition & { start: StartOffset }>,
    private readonly listener: RebalanceListener,
  ) {
    this.fetcher = new Fetcher(client, fetchSettings);
  }

  /** A group member subscribed to `topics`. */
  static subscribe(client: KafkaClient, topics: readonly string[], group: MemberSettings, fetch: FetchSettings, listener: RebalanceListener = {}): Consumer {
    return new Consumer(client, fetch, new GroupMember(client, group, topics), [], listener);
  }

  /** A consumer of fixed partitions, each starting where given. */
  static assign(client: KafkaClient, partitions: ReadonlyArray<TopicPartition & { start: StartOffset }>, fetch: FetchSettings): Consumer {
    return new Consumer(client, fetch, null, partitions, {});
  }

  /** The group member, when subscribed. */
  get group(): GroupMember | null {
    return this.member;
  }

  /** The partitions read now. */
  assignment(): TopicPartition[] {
    return [...this.fetcher.positions.values()].map((p) => ({ topic: p.topic, partition: p.partition }));
  }

  /** The next offset to read of each assigned partition. */
  positions(): Array<TopicPartition & { offset: number }> {
    return [...this.fetcher.positions.values()].map((p) => ({ ...p }));
  }

  /** Fetches the next records; the first call (and any after a rebalance) joins the group or seeks first. */
  async poll(): Promise<ConsumedRecord[]> {
    if (!this.started) {
      this.started = true;
      if (!this.member) await this.seekManual();
    }
    if (this.member && this.member.rejoinNeeded) await this.rejoin();
    return this.fetcher.poll();
  }

  /**
   * Commits offsets (group consumers only): the given ones, by default the current positions. Offsets of
   * partitions no longer assigned are dropped. Resolves with what was committed.
   */
  async commit(offsets: ReadonlyArray<TopicPartition & { offset: number }> = this.positions()): Promise<Array<TopicPartition & { offset: number }>> {
    if (!this.member || this.member.rejoinNeeded) return [];
    const assigned = new Set(this.assignment().map((p) => `${p.topic}-${p.partition}`));
    const kept = offsets.filter((o) => assigned.has(`${o.topic}-${o.partition}`));
    await this.member.commit(kept, this.client.deadline());
    return kept;
  }

  /** Leaves the group (if any). */
  async close(): Promise<void> {
    await this.member?.leave();
  }

  private async seekManual(): Promise<void> {
    for (const p of this.manual) if (typeof p.start === 'number') this.fetcher.seek(p.topic, p.partition, p.start);
    await this.fetcher.seekTo(this.manual.filter((p) => p.start === 'earliest'), 'earliest');
    await this.fetcher.seekTo(this.manual.filter((p) => p.start === 'latest'), 'latest');
    // A fixed offset beyond the log end resolves through auto.offset.reset on the first fetch.
  }

  private async rejoin(): Promise<void> {
    const member = this.member!;
    const previous = this.assignment();
    if (previous.length > 0 || this.started) await this.listener.onRevoked?.(previous);
    const deadline = this.client.deadline();
    const assigned = await member.join(deadline);
    this.fetcher.retain(new Set());
    const committed = assigned.length > 0 ? await member.committed(assigned, deadline) : new Map<string, number>();
    const missing: TopicPartition[] = [];
    for (const p of assigned) {
      const offset = committed.get(`${p.topic}-${p.partition}`) ?? -1;
      if (offset >= 0) this.fetcher.seek(p.topic, p.partition, offset);
      else missing.push(p);
    }
    if (missing.length > 0 && this.fetchSettings.autoOffsetReset === 'none') {
      throw new Error(`Undefined offset with no reset policy for partitions: ${missing.map((p) => `${p.topic}-${p.partition}`).join(', ')}`);
    }
    await this.fetcher.seekTo(missing, this.fetchSettings.autoOffsetReset === 'earliest' ? 'earliest' : 'latest');
    await this.listener.onAssigned?.(assigned);
  }
}
