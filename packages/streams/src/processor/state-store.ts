import type { ProcessorContext } from './processor-context.js';

/**
 * A state store as the topology sees it (Kafka's `StateStore`). Only what the Processor API needs to wire a
 * store to its processors and run its life cycle; the store stacks themselves come with the stores module.
 */
export interface StateStore {
  name(): string;
  /** Called once when the task starts (Kafka's `init(StateStoreContext, StateStore root)`). */
  init?(context: ProcessorContext<unknown, unknown>, root: StateStore): void | Promise<void>;
  /** Called at every commit, before offsets are committed. */
  flush?(): void | Promise<void>;
  close?(): void | Promise<void>;
  persistent?(): boolean;
}

/** Builds one store instance per task (Kafka's `StoreBuilder`). */
export interface StoreBuilder<S extends StateStore = StateStore> {
  name(): string;
  build(): S;
  /** Whether the store writes a changelog topic (`<application.id>-<name>-changelog`). */
  loggingEnabled(): boolean;
  /** Topic configs for the changelog. */
  logConfig?(): Readonly<{ [key: string]: string }>;
}
