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
 * (STOP, an error). Burrow takes "now" in whole seconds; so does this, so that both flip at the same moment.
 */
function stopped(window: readonly OffsetObservation[], nowMs: number): boolean {
  const first = window[0]!.timestamp;
  const last = window[window.length - 1]!.timestamp;
  return Math.floor(nowMs / 1000) * 1000 - last > last - first;
}

/**
 * Burrow's grace for STOP: if one of the log-end offsets seen in the last refreshes was at or below the newest
 * commit, the consumer was caught up moments ago and is not called stopped yet.
 */
function recentlyCaughtUp(window: readonly OffsetObservation[], brokerHistory: readonly number[]): boolean {
  const last = window[window.length - 1]!.offset;
  return brokerHistory.some((end) => end <= last);
}

/** Rule 2: the same offset committed across the whole window while there is lag (STALL, an error). */
function stalled(window: readonly OffsetObservation[]): boolean {
  return window.every((o) => o.offset === window[0]!.offset);
}

/** Rule 3: offsets advance but the lag never decreases between two known observations (WARN). */
function lagNotDecreasing(window: readonly OffsetObservation[]): boolean {
  const known = window.filter((o) => o.lag >= 0);
  return known.every((o, i) => i === 0 || o.lag >= known[i - 1]!.lag);
}

/**
 * The status of one partition's window (oldest first), in the order Burrow 1.2 checks: a consumer caught up
 * now (current lag 0) is OK; one that stopped committing is STOP, even if it once had no lag, unless the
 * log-end offsets seen lately (`brokerHistory`) show it caught up moments ago; otherwise a window with a zero
 * lag is OK, and the rest is REWIND, STALL or WARN, in that order.
 */
export function partitionStatus(window: readonly OffsetObservation[], currentLag: number, nowMs: number, brokerHistory: readonly number[] = []): LagStatus {
  if (window.length === 0 || currentLag <= 0) return 'OK';
  if (stopped(window, nowMs) && !recentlyCaughtUp(window, brokerHistory)) return 'STOP';
  if (lagEverZero(window)) return 'OK';
  if (rewound(window)) return 'REWIND';
  if (stalled(window)) return 'STALL';
  if (lagNotDecreasing(window)) return 'WARN';
  return 'OK';
}

/** Evaluates one partition: its status, the window's first and last observations, and how full the window is. */
export function evaluatePartition(
  p: {
    topic: string;
    partition: number;
    owner: string;
    clientId: string;
    window: readonly OffsetObservation[];
    currentLag: number;
    /** Log-end offsets seen at the last refreshes (Burrow keeps `intervals` of them). */
    brokerHistory?: readonly number[];
  },
  intervals: number,
  nowMs: number,
): PartitionStatus {
  const w = p.window;
  return {
    topic: p.topic,
    partition: p.partition,
    owner: p.owner,
    client_id: p.clientId,
    status: partitionStatus(w, p.currentLag, nowMs, p.brokerHistory ?? []),
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
