import { evaluateGroup, evaluatePartition, type GroupStatus, type OffsetObservation } from './evaluator.js';

/** Settings of the window kept per partition, named after Burrow's storage options. */
export interface LagStoreSettings {
  /** Observations kept per partition (Burrow's `intervals`, default 10). */
  readonly intervals: number;
  /** Commits closer together than this replace the newest observation instead of adding one (Burrow's `min-distance`, 1 s). */
  readonly minDistanceMs: number;
}

interface PartitionState {
  window: OffsetObservation[];
  owner: string;
  clientId: string;
}

/**
 * What the lag monitor knows (Burrow's in-memory storage): the latest log-end offset of every partition, and
 * for every group and partition a window of its last offset commits, each with the lag at commit time.
 */
export class LagStore {
  /** The last `intervals` log-end offsets seen per partition, oldest first (Burrow's broker offset ring). */
  private readonly brokerOffsets = new Map<string, number[]>();
  private readonly groups = new Map<string, Map<string, PartitionState & { topic: string; partition: number }>>();
  /** The latest membership of each group, applied to its partitions as they appear. */
  private readonly owners = new Map<string, ReadonlyMap<string, { owner: string; clientId: string }>>();

  constructor(private readonly settings: LagStoreSettings) {}

  /** Records a partition's log-end offset (from ListOffsets). */
  setBrokerOffset(topic: string, partition: number, offset: number): void {
    const key = `${topic}-${partition}`;
    const ring = this.brokerOffsets.get(key) ?? [];
    ring.push(offset);
    if (ring.length > this.settings.intervals) ring.splice(0, ring.length - this.settings.intervals);
    this.brokerOffsets.set(key, ring);
  }

  /** The log-end offset last seen for a partition, or -1. */
  brokerOffset(topic: string, partition: number): number {
    const ring = this.brokerOffsets.get(`${topic}-${partition}`);
    return ring?.[ring.length - 1] ?? -1;
  }

  /** Adds an offset commit; the lag is computed against the latest known log-end offset (-1 when unknown). */
  addCommit(group: string, topic: string, partition: number, offset: number, commitTimestamp: number, observedAt: number): void {
    let g = this.groups.get(group);
    if (!g) this.groups.set(group, (g = new Map()));
    const key = `${topic}-${partition}`;
    let p = g.get(key);
    if (!p) {
      const o = this.owners.get(group)?.get(key);
      g.set(key, (p = { topic, partition, window: [], owner: o?.owner ?? '', clientId: o?.clientId ?? '' }));
    }
    const end = this.brokerOffset(topic, partition);
    const observation = { offset, timestamp: commitTimestamp, observedAt, lag: end < 0 ? -1 : Math.max(0, end - offset) };
    const last = p.window[p.window.length - 1];
    if (last && commitTimestamp < last.timestamp) return; // an older commit seen late changes nothing
    if (last && commitTimestamp - last.timestamp < this.settings.minDistanceMs) p.window[p.window.length - 1] = observation;
    else p.window.push(observation);
    if (p.window.length > this.settings.intervals) p.window.splice(0, p.window.length - this.settings.intervals);
  }

  /** Forgets a partition's commits (its offset was deleted: a tombstone in `__consumer_offsets`). */
  deleteCommit(group: string, topic: string, partition: number): void {
    const g = this.groups.get(group);
    g?.delete(`${topic}-${partition}`);
    if (g?.size === 0) this.groups.delete(group);
  }

  /** Forgets a group. */
  deleteGroup(group: string): void {
    this.groups.delete(group);
    this.owners.delete(group);
  }

  /** Sets the owner (client host) and client id of partitions, from the group's membership. */
  setOwners(group: string, owners: ReadonlyMap<string, { owner: string; clientId: string }>): void {
    this.owners.set(group, owners);
    const g = this.groups.get(group);
    if (!g) return;
    for (const [key, p] of g) {
      const o = owners.get(key);
      p.owner = o?.owner ?? '';
      p.clientId = o?.clientId ?? '';
    }
  }

  /** Every group with committed offsets, sorted. */
  groupNames(): string[] {
    return [...this.groups.keys()].sort();
  }

  /** Burrow's evaluation of a group now, or `null` when the group is unknown (NOTFOUND). */
  evaluate(cluster: string, group: string, nowMs: number): GroupStatus | null {
    const g = this.groups.get(group);
    if (!g) return null;
    const partitions = [...g.values()]
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition))
      .map((p) => {
        const end = this.brokerOffset(p.topic, p.partition);
        const last = p.window[p.window.length - 1];
        const currentLag = end < 0 || !last ? -1 : Math.max(0, end - last.offset);
        const brokerHistory = this.brokerOffsets.get(`${p.topic}-${p.partition}`) ?? [];
        return evaluatePartition({ topic: p.topic, partition: p.partition, owner: p.owner, clientId: p.clientId, window: p.window, currentLag, brokerHistory }, this.settings.intervals, nowMs);
      });
    return evaluateGroup(cluster, group, partitions);
  }
}
