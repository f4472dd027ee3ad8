import { StreamsException } from '../../common/errors.js';
import type { Headers } from '../../common/headers.js';
import type { RecordContext } from '../../processor/metadata.js';
import type { FixedKeyProcessor, Processor } from '../../processor/processor.js';
import { internals, type Record } from '../../processor/record.js';
import type { StreamPartitioner, TimestampExtractor, TopicNameExtractor } from '../../processor/extractors.js';
import type { Deserializer, Serializer } from '../../serialization/serde.js';
import { isThenable, type MaybePromise } from './async.js';
import { FixedKeyNodeContext, NodeContext } from './node-context.js';
import { NodeFailure } from './node-failure.js';
import { serializeAndSend } from './sink-send.js';
import type { TaskServices } from './task-services.js';

type AnyRecord = Record<unknown, unknown>;

/**
 * A node as it runs inside one task (Kafka's ProcessorNode): its children in the order they were added to the
 * topology, and its own context.
 */
export abstract class RuntimeNode {
  readonly children: RuntimeNode[] = [];
  readonly childByName = new Map<string, RuntimeNode>();
  readonly context: NodeContext;
  readonly task: TaskServices;

  constructor(
    readonly name: string,
    task: TaskServices,
    storeNames: readonly string[] = [],
    fixedKey = false,
  ) {
    this.task = task;
    this.context = fixedKey ? new FixedKeyNodeContext(this, task, storeNames) : new NodeContext(this, task, storeNames);
  }

  addChild(child: RuntimeNode): void {
    this.children.push(child);
    this.childByName.set(child.name, child);
  }

  init(): MaybePromise {
    return undefined;
  }

  close(): MaybePromise {
    return undefined;
  }

  /** The node's own work for one record. */
  protected abstract process(record: AnyRecord): unknown;

  /**
   * Runs the node on one record: undefined when everything below finished synchronously, else a Promise that
   * settles when this invocation and every forward it made are done. Errors carry the failing node's name.
   */
  invoke(record: AnyRecord): MaybePromise {
    // The record is the node's record context while it runs (what stores capture), restored on return.
    // The body of run() is repeated here rather than called with a closure: this runs for every record at
    // every node, and a closure per call was the largest allocation of the stateless path.
    const task = this.task;
    const outer = task.nodeRecord;
    task.nodeRecord = record;
    const ctx = this.context;
    ctx.active = true;
    let result: unknown;
    try {
      result = this.process(record);
    } catch (e) {
      ctx.active = false;
      ctx.pending = undefined;
      throw NodeFailure.attribute(e, this.name);
    } finally {
      task.nodeRecord = outer;
    }
    if (ctx.pending === undefined && !isThenable(result)) {
      ctx.active = false;
      return undefined;
    }
    return ctx.settle(result);
  }

  /** Runs a callback as an invocation of this node (process or punctuate). */
  run(body: () => unknown): MaybePromise {
    const ctx = this.context;
    ctx.active = true;
    let result: unknown;
    try {
      result = body();
    } catch (e) {
      ctx.active = false;
      ctx.pending = undefined;
      throw NodeFailure.attribute(e, this.name);
    }
    if (ctx.pending === undefined && !isThenable(result)) {
      ctx.active = false;
      return undefined;
    }
    return ctx.settle(result);
  }
}

/** Kafka's SourceNode: deserializes (done by the task's queue) and forwards to its children. */
export class SourceRuntimeNode extends RuntimeNode {
  constructor(
    name: string,
    task: TaskServices,
    readonly keyDeserializer: Deserializer<unknown>,
    readonly valueDeserializer: Deserializer<unknown>,
    readonly timestampExtractor: TimestampExtractor,
  ) {
    super(name, task);
  }

  protected process(record: AnyRecord): MaybePromise {
    return this.context.forward(record);
  }
}

/** A user (or DSL) processor. */
export class ProcessorRuntimeNode extends RuntimeNode {
  constructor(name: string, task: TaskServices, storeNames: readonly string[], readonly processor: Processor<unknown, unknown, unknown, unknown>) {
    super(name, task, storeNames);
  }

  override init(): MaybePromise {
    return this.processor.init?.(this.context);
  }

  override close(): MaybePromise {
    return this.processor.close?.();
  }

  protected process(record: AnyRecord): unknown {
    return this.processor.process(record);
  }
}

/** A fixed-key processor: it sees FixedKeyRecords. */
export class FixedKeyRuntimeNode extends RuntimeNode {
  constructor(name: string, task: TaskServices, storeNames: readonly string[], readonly processor: FixedKeyProcessor<unknown, unknown, unknown>) {
    super(name, task, storeNames, true);
  }

  override init(): MaybePromise {
    return this.processor.init?.(this.context as unknown as Parameters<NonNullable<FixedKeyProcessor<unknown, unknown, unknown>['init']>>[0]);
  }

  override close(): MaybePromise {
    return this.processor.close?.();
  }

  protected process(record: AnyRecord): unknown {
    return this.processor.process(internals.fixedKeyFromRecord(record));
  }
}

/** Kafka's SinkNode: picks the topic, serializes, partitions and hands the record to the collector. */
export class SinkRuntimeNode extends RuntimeNode {
  constructor(
    name: string,
    task: TaskServices,
    readonly topic: string | undefined,
    readonly extractor: TopicNameExtractor<unknown, unknown> | undefined,
    readonly keySerializer: Serializer<unknown>,
    readonly valueSerializer: Serializer<unknown>,
    readonly partitioner: StreamPartitioner<unknown, unknown> | undefined,
  ) {
    super(name, task);
  }

  protected process(record: AnyRecord): void {
    const topic = this.topic ?? this.#extractTopic(record);
    serializeAndSend(this, topic, record);
  }

  #extractTopic(record: AnyRecord): string {
    const current = this.task.current;
    const context: RecordContext = {
      topic: () => current?.topic ?? null,
      partition: () => current?.partition ?? -1,
      offset: () => current?.offset ?? -1,
      timestamp: () => record.timestamp(),
      headers: (): Headers => record.headers(),
    };
    const extractor = this.extractor!;
    const topic = typeof extractor === 'function' ? extractor(record.key(), record.value(), context) : extractor.extract(record.key(), record.value(), context);
    if (typeof topic !== 'string' || topic === '') throw new StreamsException(`TopicNameExtractor of sink ${this.name} returned no topic`);
    return topic;
  }
}
