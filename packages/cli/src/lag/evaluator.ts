/**
 * Consumer-lag evaluation as Burrow does it (LinkedIn's Burrow, `core/internal/evaluator`): no thresholds,
 * but rules over a sliding window of the group's committed offsets per partition.
 */

/** Burrow's statuses, in increasing severity; a group is never worse than `ERR`. */
export const LagStatus = ['NOTFOUND', 'OK', 'WARN', 'ERR', 'STOP', 'STALL', 'REWIND'] as const;
export type LagStatus = (typeof LagStatus)[number];

/** One observation of a partition: an offset commit, when it was committed and seen, and the lag then (-1: unknown). */
export interface OffsetObservation {
  readonly offset: number;
  /** Commit time, ms since epoch. */
  readonly timestamp: number;
  /** When the monitor saw the commit, ms since epoch. */
  readonly observedAt: number;
  readonly lag: number;
}

/** A partition's evaluation, in the shape of Burrow's `PartitionStatus`. */
export interface PartitionStatus {
  readonly topic: string;
  readonly partition: number;
  readonly owner: string;
  readonly client_id: string;
  readonly status: LagStatus;
  readonly start: OffsetObservation | null;
  readonly end: OffsetObservation | null;
  readonly current_lag: number;
  /** Fraction of the window filled with observations (1: full). */
  readonly complete: number;
}

/** A group's evaluation, in the shape of Burrow's `ConsumerGroupStatus`. */
export interface GroupStatus {
  readonly cluster: string;
  readonly group: string;
  readonly status: LagStatus;
  /** Fraction of partitions whose window is full. */
  readonly complete: number;
  readonly partitions: PartitionStatus[];
  readonly partition_count: number;
  readonly maxlag: PartitionStatus | null;
  readonly totallag: number;
}

const severity = (s: LagStatus): number => LagStatus.indexOf(s);

/** Rule 1 (and 5): a zero lag anywhere in the window, or an unknown one (-1, broker offsets not known yet), is OK. */
function lagEverZero(window: readonly OffsetObservation[]): boolean {
  return window.some((o) => o.lag <= 0);
}

/** The committed offset went backwards at some point: the consumer rewound (REWIND, an error). */
function rewound(window: readonly OffsetObservation[]): boolean {
  return window.some((o, i) => i > 0 && o.offset < window[i - 1]!.offset);
}

/**
 * Rule 4: the time since the newest commit exceeds the span of the window: the consumer stopped committing
 * (STOP, an error).
 */
function stopped(window: readonly OffsetObservation[], nowMs: number): boolean {
  const first = window[0]!.timestamp;
  const last = window[window.length - 1]!.timestamp;
  return nowMs - last > last - first;
}

/** Rule 2: the same offset committed across the whole window while there is lag (STALL, an error). */
function stalled(window: readonly OffsetObservation[]): boolean {
  return window.every((o) => o.offset === window[0]!.offset);
}

/** Rule 3: offsets advance but the lag never decreases between two observations (WARN). */
function lagNotDecreasing(window: readonly OffsetObservation[]): boolean {
  return window.every((o, i) => i === 0 || o.lag >= window[i - 1]!.lag);
}

/**
 * The status of one partition's window (oldest first). A partition whose consumer is caught up (current lag 0)
 * or whose window shows a zero lag is OK; otherwise the checks run from the worst: REWIND, STOP, STALL, WARN.
 */
export function partitionStatus(window: readonly OffsetObservation[], currentLag: number, nowMs: number): LagStatus {
  if (window.length === 0 || currentLag <= 0 || lagEverZero(window)) return 'OK';
  if (rewound(window)) return 'REWIND';
  if (stopped(window, nowMs)) return 'STOP';
  if (stalled(window)) return 'STALL';
  if (lagNotDecreasing(window)) return 'WARN';
  return 'OK';
}

/** Evaluates one partition: its status, the window's first and last observations, and how full the window is. */
export function evaluatePartition(
  p: { topic: string; partition: number; owner: string; clientId: string; window: readonly OffsetObservation[]; currentLag: number },
  intervals: number,
  nowMs: number,
): PartitionStatus {
  const w = p.window;
  return {
    topic: p.topic,
    partition: p.partition,
    owner: p.owner,
    client_id: p.clientId,
    status: partitionStatus(w, p.currentLag, nowMs),
    start: w[0] ?? null,
    end: w[w.length - 1] ?? null,
    current_lag: Math.max(0, p.currentLag),
    complete: intervals <= 0 ? 1 : Math.min(1, w.length / intervals),
  };
}

/** A group's status: the worst of its partitions (capped at ERR), the partition with the most lag, and the total. */
export function evaluateGroup(cluster: string, group: string, partitions: readonly PartitionStatus[]): GroupStatus {
  let status: LagStatus = 'OK';
  let maxlag: PartitionStatus | null = null;
  let totallag = 0;
  let complete = 0;
  for (const p of partitions) {
    if (severity(p.status) > severity(status)) status = severity(p.status) > severity('ERR') ? 'ERR' : p.status;
    if (maxlag === null || p.current_lag > maxlag.current_lag) maxlag = p;
    totallag += p.current_lag;
    if (p.complete >= 1) complete++;
  }
  return {
    cluster,
    group,
    status,
    complete: partitions.length === 0 ? 1 : complete / partitions.length,
    partitions: [...partitions],
    partition_count: partitions.length,
    maxlag,
    totallag,
  };
}
