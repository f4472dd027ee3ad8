import type { Header } from '../../common/headers.js';
import type { ResolvedStreamsConfig } from '../../config/streams-config.js';
import type { Cancellable, PunctuationType, Punctuator } from '../../processor/punctuation.js';
import type { StateStore } from '../../processor/state-store.js';
import type { TaskId } from '../../processor/task-id.js';
import type { Record } from '../../processor/record.js';
import type { TaskMetrics } from '../metrics/task-metrics.js';
import type { StoreRecordContext } from '../state/store-context.js';
import type { RuntimeNode } from './nodes.js';

/** The source record being processed: its metadata (Kafka's ProcessorRecordContext minus timestamp/headers). */
export interface CurrentRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** A serialized record leaving a sink. */
export interface SerializedRecord {
  readonly topic: string;
  readonly partition: number | undefined;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly Header[];
  /**
   * The input record being processed when this was sent (the production exception handler's context); every
   * sender sets it - sinks and changelog writes - undefined during a punctuation.
   */
  readonly source?: CurrentRecord | undefined;
}

/** Where sinks write (Kafka's RecordCollector): the test driver captures, the runtime produces. */
export interface RecordCollector {
  send(record: SerializedRecord, sinkName: string): void;
  /** The partition count of a topic, for a StreamPartitioner; undefined when unknown. */
  partitionsFor(topic: string): number | undefined;
  /**
   * The offset of the last acknowledged record per `topic-partition` key, for records sent with an explicit
   * partition (changelog records always are): what the checkpoint file records (Kafka's `offsets()`).
   */
  offsets(): ReadonlyMap<string, number>;
}

/** What a task offers its nodes and their contexts. */
export interface TaskServices {
  readonly taskId: TaskId;
  readonly config: ResolvedStreamsConfig;
  readonly collector: RecordCollector;
  /** The task-level sensors (dropped records, ...); undefined for the global task. */
  readonly metrics?: TaskMetrics | undefined;
  /** The input record being processed, undefined during a punctuation. */
  current: CurrentRecord | undefined;
  /**
   * What the running node received: its timestamp and headers are the record context a store captures (Kafka
   * sets the record context on every forward). A StoreRecordContext while a punctuation runs or a caching store
   * forwards a flushed entry; undefined outside processing.
   */
  nodeRecord: Record<unknown, unknown> | StoreRecordContext | undefined;
  streamTime(): number;
  wallClockTime(): number;
  schedule(node: RuntimeNode, intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable;
  requestCommit(): void;
  stateStore(name: string): StateStore | undefined;
  /** A global store by name (reachable from every processor without being connected), or undefined. */
  globalStateStore(name: string): StateStore | undefined;
}
