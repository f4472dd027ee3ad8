import type { FixedKeyProcessorContext, ProcessorContext } from './processor-context.js';
import type { FixedKeyRecord, Record } from './record.js';
import type { StoreBuilder } from './state-store.js';

/**
 * A node of the topology that processes records one at a time (Kafka's `api.Processor<KIn, VIn, KOut, VOut>`).
 *
 * `process` is synchronous like Kafka's, with an escape hatch: it may return a Promise, and the task then
 * starts its next record only after this one - with everything it forwarded - has settled. Records of a task
 * are always processed in order. When nothing returns a Promise, the runtime stays on a synchronous fast path.
 *
 * @example
 * ```ts
 * class Upper implements Processor<string, string, string, string> {
 *   #ctx!: ProcessorContext<string, string>;
 *   init(ctx: ProcessorContext<string, string>) { this.#ctx = ctx; }
 *   process(r: Record<string, string>) { this.#ctx.forward(r.withValue(r.value().toUpperCase())); }
 * }
 * topology.addProcessor('upper', () => new Upper(), 'source');
 * ```
 */
export interface Processor<KIn, VIn, KOut = never, VOut = never> {
  /** Called once before the first record; keep the context to forward and schedule. May return a Promise. */
  init?(context: ProcessorContext<KOut, VOut>): void | Promise<void>;
  process(record: Record<KIn, VIn>): void | Promise<void>;
  /** Called once when the task closes. */
  close?(): void | Promise<void>;
}

/**
 * A processor that cannot change the key (Kafka's `api.FixedKeyProcessor`), used by `processValues`: since the
 * key stays, so does the partitioning, and no repartition is ever needed downstream.
 */
export interface FixedKeyProcessor<KIn, VIn, VOut = never> {
  init?(context: FixedKeyProcessorContext<KIn, VOut>): void | Promise<void>;
  process(record: FixedKeyRecord<KIn, VIn>): void | Promise<void>;
  close?(): void | Promise<void>;
}

/**
 * Makes a new processor instance per task (Kafka's `ProcessorSupplier`): a function, or an object with `get()`
 * and optionally `stores()` (Kafka's `ConnectedStoreProvider`) naming stores to add and connect.
 * Each call must return a new instance.
 */
export type ProcessorSupplier<KIn, VIn, KOut = never, VOut = never> =
  | (() => Processor<KIn, VIn, KOut, VOut>)
  | { get(): Processor<KIn, VIn, KOut, VOut>; stores?(): readonly StoreBuilder[] };

/** Makes a new fixed-key processor instance per task (Kafka's `FixedKeyProcessorSupplier`). */
export type FixedKeyProcessorSupplier<KIn, VIn, VOut = never> =
  | (() => FixedKeyProcessor<KIn, VIn, VOut>)
  | { get(): FixedKeyProcessor<KIn, VIn, VOut>; stores?(): readonly StoreBuilder[] };
