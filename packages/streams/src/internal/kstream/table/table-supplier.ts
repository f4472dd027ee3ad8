import type { Processor } from '../../../processor/processor.js';

/** A processor of the table DSL, as its factory creates it per task. */
export type TableProcessor = Processor<unknown, unknown, unknown, unknown>;

/**
 * The processor behind a KTable (Kafka's KTableSource, KTableProcessorSupplier and KStreamAggProcessorSupplier
 * rolled into one contract). Its flags are set while the DSL program is built - a downstream `groupBy` asks for
 * old values - and read when the topology is written and when each task creates its processor.
 */
export interface TableProcessorSupplier {
  /**
   * Makes the processor forward old values with new ones (Kafka's `enableSendingOldValues(forceMaterialization)`).
   * Returns false when that needs a store this table does not have and `forceMaterialization` is false.
   */
  enableSendingOldValues(forceMaterialization: boolean): boolean;
  /** A new processor instance for one task. */
  get(): TableProcessor;
}
