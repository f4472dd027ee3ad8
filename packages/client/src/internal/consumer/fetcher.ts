import { KafkaErrorCode, KafkaProtocolError } from '@tributary/protocol';
import type { ConsumerRecord } from '../../contract/records.js';
import type { PartitionRecords } from '../../contract/consumer-records.js';
import type { Wire } from '../wire/wire.js';
import { CompletedFetch } from './completed-fetch.js';
import type { PartitionState } from './partition-state.js';

/** The fetch settings (Kafka's consumer config with defaults applied). */
export interface FetchSettings {
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly maxWaitMs: number;
  readonly partitionMaxBytes: number;
  readonly isolationLevel: 0 | 1;
  readonly verifyCrc: boolean;
}

/** What a fetch found wrong with a partition, for the consumer to act on. */
export interface FetchProblem {
  readonly state: PartitionState;
  readonly errorCode: number;
}

/**
 * Sends Fetch requests for the fetchable partitions and buffers what comes back (Kafka's `Fetcher`/
 * `FetchCollector`): one fetch in flight at a time, sent for partitions with nothing buffered, so the next
 * fetch overlaps the application's processing of the last one.
 */
export class Fetcher {
  private readonly buffered = new Map<string, CompletedFetch>();
  private inFlight: Promise<void> | null = null;
  /** Where the next collect starts, so partitions take turns. */
  private rotation = 0;
  readonly problems: FetchProblem[] = [];

  constructor(
    private readonly wire: Wire,
    private readonly settings: FetchSettings,
  ) {}

  /** The fetch in flight, if any (poll waits on it). */
  get pending(): Promise<void> | null {
    return this.inFlight;
  }

  /** Drops buffered data of a partition (after a seek, a reset, a revocation). */
  clear(key: string): void {
    this.buffered.delete(key);
  }

  /** Drops every buffered fetch. */
  clearAll(): void {
    this.buffered.clear();
  }

  /** Whether any fetchable partition has buffered records. */
  hasBuffered(fetchable: (s: PartitionState) => boolean): boolean {
    for (const f of this.buffered.values()) if (fetchable(f.state) && !f.isDrained) return true;
    return false;
  }

  /** Sends a fetch for the fetchable partitions that have nothing buffered, unless one is in flight. */
  maybeSend(partitions: readonly PartitionState[], maxWaitMs: number): void {
    if (this.inFlight) return;
    const wanted = partitions.filter((s) => s.position !== null && !this.buffered.has(s.key));
    if (wanted.length === 0) return;
    const byTopic = new Map<string, PartitionState[]>();
    for (const s of wanted) byTopic.set(s.topic, [...(byTopic.get(s.topic) ?? []), s]);
    const offsets = new Map(wanted.map((s) => [s.key, s.position!]));
    const st = this.settings;
    this.inFlight = this.wire
      .call(1, {
        replicaId: -1,
        maxWaitMs: Math.max(0, Math.min(st.maxWaitMs, maxWaitMs)),
        minBytes: st.minBytes,
        maxBytes: st.maxBytes,
        isolationLevel: st.isolationLevel,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [...byTopic].map(([topic, ss]) => ({
          topic,
          partitions: ss.map((s) => ({ partition: s.partition, currentLeaderEpoch: -1, fetchOffset: BigInt(s.position!), logStartOffset: -1n, partitionMaxBytes: st.partitionMaxBytes })),
        })),
        forgottenTopicsData: [],
        rackId: '',
      })
      .then(async (res) => {
        if (res.errorCode !== 0) throw new KafkaProtocolError(res.errorCode, 'fetch');
        const states = new Map(wanted.map((s) => [s.key, s]));
        for (const t of res.responses) {
          for (const p of t.partitions) {
            const key = `${t.topic}-${p.partitionIndex}`;
            const state = states.get(key);
            // Data for a partition that moved (seek, revocation) while the fetch was out is dropped.
            if (!state || state.position !== offsets.get(key)) continue;
            if (p.errorCode !== 0) {
              this.problems.push({ state, errorCode: p.errorCode });
              continue;
            }
            state.highWatermark = Number(p.highWatermark);
            const blob = p.records === null ? Buffer.alloc(0) : Buffer.isBuffer(p.records) ? p.records : Buffer.concat(p.records);
            if (blob.length === 0) continue;
            const f = new CompletedFetch(state, state.position, blob, st.verifyCrc);
            await f.prepare();
            this.buffered.set(key, f);
          }
        }
      })
      .finally(() => {
        this.inFlight = null;
      });
    // A failed fetch surfaces at the next poll through `pending`; never as an unhandled rejection.
    this.inFlight.catch(() => undefined);
  }

  /** Takes up to `max` records from the buffered fetches of fetchable partitions, partitions taking turns. */
  collect(max: number, fetchable: (s: PartitionState) => boolean): PartitionRecords[] {
    const out: PartitionRecords[] = [];
    const all = [...this.buffered.values()];
    if (all.length === 0) return out;
    let left = max;
    const start = this.rotation++ % all.length;
    for (let i = 0; i < all.length && left > 0; i++) {
      const f = all[(start + i) % all.length]!;
      const state = f.state;
      if (!fetchable(state)) continue;
      const records: ConsumerRecord[] = [];
      f.take(left, records);
      f.settle();
      if (f.isDrained) this.buffered.delete(state.key);
      if (records.length > 0) {
        out.push({ topic: state.topic, partition: state.partition, records });
        left -= records.length;
      }
    }
    return out;
  }
}

/** Errors of a fetched partition the consumer recovers from by refreshing metadata and fetching again. */
export const RETRIABLE_FETCH_ERRORS = new Set<number>([
  KafkaErrorCode.NOT_LEADER_OR_FOLLOWER,
  KafkaErrorCode.LEADER_NOT_AVAILABLE,
  KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  KafkaErrorCode.FENCED_LEADER_EPOCH,
  KafkaErrorCode.UNKNOWN_LEADER_EPOCH,
  KafkaErrorCode.KAFKA_STORAGE_ERROR,
  KafkaErrorCode.OFFSET_NOT_AVAILABLE,
]);
