import { UsageError } from '../../args.js';
import type { FetchSettings } from '../../kafka/fetcher.js';
import type { MemberSettings } from '../../kafka/group-member.js';

function intProp(props: ReadonlyMap<string, string>, key: string, fallback: number): number {
  const v = props.get(key);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v.trim())) throw new UsageError(`invalid value "${v}" for ${key}`);
  return Number(v);
}

/** Fetch settings from Kafka consumer configs, Kafka's defaults where absent. */
export function consumerSettings(props: ReadonlyMap<string, string>): FetchSettings {
  const isolation = (props.get('isolation.level') ?? 'read_uncommitted').trim().toLowerCase();
  if (isolation !== 'read_committed' && isolation !== 'read_uncommitted') {
    throw new UsageError(`invalid isolation level "${isolation}" (read_committed or read_uncommitted)`, '--isolation-level');
  }
  const reset = (props.get('auto.offset.reset') ?? 'latest').trim().toLowerCase();
  if (reset !== 'earliest' && reset !== 'latest' && reset !== 'none') throw new UsageError(`invalid auto.offset.reset "${reset}" (earliest, latest or none)`);
  return {
    isolationLevel: isolation === 'read_committed' ? 1 : 0,
    maxWaitMs: intProp(props, 'fetch.max.wait.ms', 500),
    minBytes: intProp(props, 'fetch.min.bytes', 1),
    maxBytes: intProp(props, 'fetch.max.bytes', 52_428_800),
    maxPartitionBytes: intProp(props, 'max.partition.fetch.bytes', 1_048_576),
    autoOffsetReset: reset,
  };
}

/** Group membership settings from Kafka consumer configs. */
export function groupSettings(props: ReadonlyMap<string, string>, groupId: string): MemberSettings {
  return {
    groupId,
    sessionTimeoutMs: intProp(props, 'session.timeout.ms', 45_000),
    rebalanceTimeoutMs: intProp(props, 'max.poll.interval.ms', 300_000),
    heartbeatIntervalMs: intProp(props, 'heartbeat.interval.ms', 3_000),
  };
}
