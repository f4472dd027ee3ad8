import { StreamsException } from '../../common/errors.js';
import type { ResolvedStreamsConfig } from '../../config/streams-config.js';
import type { Cancellable, PunctuationType, Punctuator } from '../../processor/punctuation.js';
import type { Record } from '../../processor/record.js';
import type { StateStore, StoreBuilder } from '../../processor/state-store.js';
import { TaskId } from '../../processor/task-id.js';
import { andThen, isThenable, type MaybePromise } from '../runtime/async.js';
import { NodeFailure } from '../runtime/node-failure.js';
import type { RuntimeNode } from '../runtime/nodes.js';
import { RecordQueue, type IncomingRecord } from '../runtime/record-queue.js';
import { buildTaskTopology, sourceFor, type TaskTopology } from '../runtime/task-topology.js';
import type { CurrentRecord, RecordCollector, TaskServices } from '../runtime/task-services.js';
import type { StoreRecordContext } from '../state/store-context.js';
import type { InternalTopologyBuilder } from '../topology/internal-topology-builder.js';
import { tpKey } from './checkpoint-file.js';
import { TaskStateManager, sequence, type StateOptions } from './task-state-manager.js';

const GLOBAL_TASK_ID = new TaskId(-1, -1);

/** Global state update processors have no sinks: anything they send is a topology error. */
const NO_SINKS: RecordCollector = {
  send: () => {
    throw new StreamsException('A global store processor cannot forward records to sinks');
  },
  partitionsFor: () => undefined,
  offsets: () => new Map(),
};

/**
 * The global stores of one KafkaStreams instance or test driver (Kafka's GlobalStateUpdateTask with its
 * GlobalStateManager): every global source and state update processor in one "task" whose directory is
 * `<state.dir>/<application.id>/global`. Its checkpoint holds the next offset to read of every global
 * partition, written at each flush.
 */
export class GlobalTask implements TaskServices {
  readonly taskId = GLOBAL_TASK_ID;
  readonly collector = NO_SINKS;
  readonly topology: TaskTopology;
  readonly stateManager: TaskStateManager;
  current: CurrentRecord | undefined = undefined;
  nodeRecord: Record<unknown, unknown> | StoreRecordContext | undefined = undefined;
  readonly #queues = new Map<string, RecordQueue>();
  /** The next offset to read per global partition (what the checkpoint records). */
  readonly #positions = new Map<string, number>();
  #streamTime = -1;

  constructor(
    builder: InternalTopologyBuilder,
    readonly config: ResolvedStreamsConfig,
    state: StateOptions,
    private readonly time: () => number,
    private readonly warn: (message: string) => void,
  ) {
    this.topology = buildTaskTopology(builder, builder.globalNodeNames(), this);
    const builders = new Map<string, StoreBuilder>();
    for (const name of this.topology.stores.keys()) builders.set(name, builder.globalStateFactories.get(name)!);
    this.stateManager = new TaskStateManager(this, this.topology.stores, builders, this.topology.storeUsers, state, state.directory.globalDir(), false);
  }

  /** The topics of the global stores. */
  topics(): string[] {
    return [...this.topology.sourceByTopic.keys()];
  }

  // --- TaskServices ------------------------------------------------------------------------------------------

  streamTime(): number {
    return this.#streamTime;
  }

  wallClockTime(): number {
    return this.time();
  }

  schedule(_node: RuntimeNode, _intervalMs: number, _type: PunctuationType, _punctuator: Punctuator): Cancellable {
    throw new StreamsException('Global state update processors cannot schedule punctuations', { code: 'UNSUPPORTED' });
  }

  requestCommit(): void {}

  stateStore(name: string): StateStore | undefined {
    return this.topology.stores.get(name);
  }

  globalStateStore(name: string): StateStore | undefined {
    return this.topology.stores.get(name);
  }

  // --- life cycle --------------------------------------------------------------------------------------------

  /** Opens the stores (wiping untrustworthy local state) and initialises the processors. */
  initialize(): MaybePromise {
    return andThen(this.stateManager.initialize(), () => {
      for (const [key, offset] of this.stateManager.loadedCheckpoint ?? []) this.#positions.set(key, offset);
      return sequence(this.topology.nodes.map((node) => () => node.run(() => node.init())));
    });
  }

  /** The checkpointed next offset of a partition, or undefined (read it from the beginning). */
  position(topic: string, partition: number): number | undefined {
    return this.#positions.get(tpKey(topic, partition));
  }

  /** Runs records of one partition through the global processors, in order (Kafka's GlobalStateUpdateTask.update). */
  update(topic: string, partition: number, records: readonly IncomingRecord[]): MaybePromise {
    const key = tpKey(topic, partition);
    let queue = this.#queues.get(key);
    if (queue === undefined) {
      const source = sourceFor(this.topology, topic);
      if (source === undefined) throw new StreamsException(`No global store reads topic ${topic}`);
      queue = new RecordQueue(topic, partition, source, this.taskId, this.config.deserializationHandler, this.warn);
      this.#queues.set(key, queue);
    }
    queue.add(records);
    return this.#drain(queue, key);
  }

  #drain(queue: RecordQueue, key: string): MaybePromise {
    for (;;) {
      const stamped = queue.poll();
      if (stamped === undefined) return undefined;
      this.#positions.set(key, stamped.raw.offset + 1);
      if (stamped.record === undefined) continue;
      if (stamped.timestamp > this.#streamTime) this.#streamTime = stamped.timestamp;
      this.current = stamped.raw;
      let r: MaybePromise;
      try {
        r = queue.source.invoke(stamped.record);
      } catch (e) {
        this.current = undefined;
        throw this.#error(e, stamped.raw);
      }
      if (isThenable(r)) {
        const raw = stamped.raw;
        return r.then(
          () => {
            this.current = undefined;
            return this.#drain(queue, key);
          },
          (e: unknown) => {
            this.current = undefined;
            throw this.#error(e, raw);
          },
        );
      }
      this.current = undefined;
    }
  }

  #error(e: unknown, raw: IncomingRecord): StreamsException {
    const cause = e instanceof NodeFailure ? e.cause : e;
    return new StreamsException(`Exception caught while updating global state from ${raw.topic}-${raw.partition} at offset ${raw.offset}`, { cause });
  }

  /** Flushes the global stores and checkpoints the positions (Kafka's GlobalStateUpdateTask.flushState). */
  flushState(): MaybePromise {
    return andThen(this.stateManager.flush(), () => this.stateManager.writeCheckpoint(this.#positions));
  }

  /** Flushes, checkpoints and closes (clean), or just closes. */
  close(clean: boolean): MaybePromise {
    const closeNodes = () => sequence(this.topology.nodes.map((node) => () => node.close()));
    const closeState = () => this.stateManager.close(false);
    if (!clean) return andThen(closeNodes(), closeState);
    return andThen(this.flushState(), () => andThen(closeNodes(), closeState));
  }
}
