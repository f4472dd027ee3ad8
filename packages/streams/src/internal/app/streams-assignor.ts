import type {
  ClusterView,
  ConsumerGroupMetadata,
  ConsumerPartitionAssignor,
  GroupAssignment,
  GroupSubscription,
  Assignment,
  TopicPartition,
} from '@tributary/client';
import { fullMatch } from '../topology/node-factories.js';
import type { ChangelogSpec } from './changelog-topics.js';
import { changelogCounts } from './internal-topics.js';
import { enforceCopartitioning, sizeRepartitionTopics, type RepartitionTopics, type TopicGroup } from './topic-groups.js';

/** Kafka's AssignorError codes, carried in the assignment's user data. */
export const AssignorError = { NONE: 0, INCOMPLETE_SOURCE_TOPIC_METADATA: 1, ASSIGNMENT_ERROR: 3, SHUTDOWN_REQUESTED: 4 } as const;

interface SubscriptionInfo {
  readonly v: 1;
  readonly processId: string;
  /** The instance's `application.server` (`host:port`), when it serves interactive queries. */
  readonly endpoint?: string;
  /** Tasks this member ran before (for stickiness). */
  readonly prevTasks: readonly string[];
  readonly shutdownRequested: boolean;
}

interface AssignmentInfo {
  readonly v: 1;
  readonly error: number;
  /** Source partitions by `application.server` endpoint, for every member that has one (Kafka's partitionsByHost). */
  readonly hosts?: { readonly [endpoint: string]: readonly (readonly [string, number])[] };
}

/** What the leader needs beyond the subscriptions. */
export interface AssignorContext {
  readonly groups: readonly TopicGroup[];
  readonly repartition: RepartitionTopics;
  /** Co-partitioned topic groups (decorated names). */
  readonly copartitionGroups: readonly (readonly string[])[];
  /** Creates missing repartition topics with the given partition counts. */
  createRepartitionTopics(counts: ReadonlyMap<string, number>): Promise<void>;
  /** The changelog topics of the logged stores. */
  readonly changelogs: readonly ChangelogSpec[];
  /** Creates missing changelog topics with the given partition counts. */
  createChangelogTopics(counts: ReadonlyMap<string, number>): Promise<void>;
  warn(message: string): void;
  /** This instance's `application.server`, shared with the group for interactive queries. */
  readonly endpoint?: string | undefined;
  /** Hears every assignment's partitions by host (interactive-query metadata). */
  onHostsChanged?(partitionsByHost: ReadonlyMap<string, readonly TopicPartition[]>): void;
}

/** A task and its input partitions. */
interface TaskSpec {
  readonly id: string;
  readonly partitions: TopicPartition[];
}

/**
 * Kafka Streams' partition assignor ("stream"), reduced to what a stateless application needs: the leader sizes
 * and creates repartition topics, forms one task per sub-topology and partition number (Kafka's
 * DefaultPartitionGrouper: task `g_p` reads partition p of every topic of sub-topology g, so co-partitioned
 * topics meet in one task), and spreads tasks over members, keeping a member's previous tasks where it can.
 * Members derive their tasks from their partitions, so the assignment carries only an error code.
 */
export class StreamsPartitionAssignor implements ConsumerPartitionAssignor {
  readonly name = 'stream';
  /** Set to ask every instance to shut down (StreamThreadExceptionResponse.SHUTDOWN_APPLICATION). */
  shutdownRequested = false;
  /** The error code of this member's latest assignment. */
  lastError: number = AssignorError.NONE;

  constructor(
    private readonly processId: string,
    private readonly context: AssignorContext,
    private readonly previousTasks: () => readonly string[],
  ) {}

  subscriptionUserData(): Buffer {
    const endpoint = this.context.endpoint;
    const info: SubscriptionInfo = {
      v: 1,
      processId: this.processId,
      prevTasks: this.previousTasks(),
      shutdownRequested: this.shutdownRequested,
      ...(endpoint === undefined ? {} : { endpoint }),
    };
    return Buffer.from(JSON.stringify(info));
  }

  onAssignment(assignment: Assignment, _metadata: ConsumerGroupMetadata): void {
    const info = parse<AssignmentInfo>(assignment.userData);
    this.lastError = info?.error ?? AssignorError.NONE;
    if (info?.hosts !== undefined) {
      const byHost = new Map(Object.entries(info.hosts).map(([endpoint, tps]) => [endpoint, tps.map(([topic, partition]) => ({ topic, partition }))]));
      this.context.onHostsChanged?.(byHost);
    }
  }

  async assign(cluster: ClusterView, subscriptions: GroupSubscription): Promise<GroupAssignment> {
    const infos = new Map<string, SubscriptionInfo | undefined>();
    for (const [member, sub] of subscriptions) infos.set(member, parse<SubscriptionInfo>(sub.userData));
    if ([...infos.values()].some((i) => i?.shutdownRequested === true)) return errorToAll(subscriptions, AssignorError.SHUTDOWN_REQUESTED);
    const subscribed = new Set([...subscriptions.values()].flatMap((s) => s.topics));
    const { groups, repartition } = this.context;
    const sourcesOf = (g: TopicGroup) => [...g.sourceTopics, ...[...subscribed].filter((t) => !g.sourceTopics.includes(t) && g.patterns.some((p) => fullMatch(p, t)))];
    await cluster.refresh([...new Set(groups.flatMap(sourcesOf))]);
    const { counts, unresolved } = sizeRepartitionTopics(groups, repartition, sourcesOf, (t) => cluster.partitionCount(t));
    const missing = groups.flatMap(sourcesOf).filter((t) => !repartition.has(t) && cluster.partitionCount(t) === undefined);
    if (missing.length > 0 || unresolved.length > 0) {
      this.context.warn(`Missing source topics: [${[...new Set(missing)].join(', ')}]; the assignment carries INCOMPLETE_SOURCE_TOPIC_METADATA`);
      return errorToAll(subscriptions, AssignorError.INCOMPLETE_SOURCE_TOPIC_METADATA);
    }
    enforceCopartitioning(this.context.copartitionGroups, repartition, counts, (t) => cluster.partitionCount(t));
    const toCreate = new Map([...counts].filter(([t, n]) => cluster.partitionCount(t) !== n));
    if (toCreate.size > 0) {
      await this.context.createRepartitionTopics(toCreate);
      await cluster.refresh([...toCreate.keys()]);
    }
    const countOf = (t: string) => counts.get(t) ?? cluster.partitionCount(t) ?? 0;
    const changelogs = changelogCounts(this.context.changelogs, groups, sourcesOf, countOf);
    const missingChangelogs = new Map([...changelogs].filter(([t]) => cluster.partitionCount(t) === undefined));
    if (missingChangelogs.size > 0) await this.context.createChangelogTopics(missingChangelogs);
    const tasks = groups.flatMap((g) => tasksOf(g, sourcesOf(g), countOf));
    return distribute(tasks, infos);
  }
}

function parse<T>(data: Buffer | null): T | undefined {
  if (data === null || data.length === 0) return undefined;
  try {
    const value = JSON.parse(data.toString('utf8')) as { v?: number };
    return value.v === 1 ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

function encodeAssignment(error: number, hosts?: AssignmentInfo['hosts']): Buffer {
  const info: AssignmentInfo = hosts === undefined ? { v: 1, error } : { v: 1, error, hosts };
  return Buffer.from(JSON.stringify(info));
}

function errorToAll(subscriptions: GroupSubscription, error: number): GroupAssignment {
  return new Map([...subscriptions.keys()].map((m) => [m, { partitions: [], userData: encodeAssignment(error) }]));
}

/** Kafka's DefaultPartitionGrouper for one sub-topology. */
function tasksOf(group: TopicGroup, sources: readonly string[], countOf: (topic: string) => number): TaskSpec[] {
  const max = Math.max(0, ...sources.map(countOf));
  const out: TaskSpec[] = [];
  for (let p = 0; p < max; p++) {
    const partitions = sources.filter((t) => p < countOf(t)).map((topic) => ({ topic, partition: p }));
    out.push({ id: `${group.id}_${p}`, partitions });
  }
  return out;
}

/** Balanced, sticky: previous owners keep their tasks up to an even share; the rest go to the least loaded. */
function distribute(tasks: readonly TaskSpec[], infos: ReadonlyMap<string, SubscriptionInfo | undefined>): GroupAssignment {
  const members = [...infos.keys()].sort((a, b) => {
    const pa = infos.get(a)?.processId ?? '';
    const pb = infos.get(b)?.processId ?? '';
    return pa < pb ? -1 : pa > pb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
  const quota = Math.ceil(tasks.length / Math.max(1, members.length));
  const owned = new Map<string, TaskSpec[]>(members.map((m) => [m, []]));
  const rest: TaskSpec[] = [];
  for (const task of tasks) {
    const previous = members.find((m) => infos.get(m)?.prevTasks.includes(task.id) === true && owned.get(m)!.length < quota);
    if (previous !== undefined) owned.get(previous)!.push(task);
    else rest.push(task);
  }
  for (const task of rest) {
    let target = members[0]!;
    for (const m of members) if (owned.get(m)!.length < owned.get(target)!.length) target = m;
    owned.get(target)!.push(task);
  }
  const hosts: { [endpoint: string]: (readonly [string, number])[] } = {};
  for (const m of members) {
    const endpoint = infos.get(m)?.endpoint;
    if (endpoint === undefined) continue;
    hosts[endpoint] ??= [];
    for (const t of owned.get(m)!) for (const p of t.partitions) hosts[endpoint].push([p.topic, p.partition]);
  }
  const userData = encodeAssignment(AssignorError.NONE, Object.keys(hosts).length > 0 ? hosts : undefined);
  return new Map(members.map((m) => [m, { partitions: owned.get(m)!.flatMap((t) => t.partitions), userData }]));
}
