import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import type { MaybePromise } from '../../runtime/async.js';
import type { TableProcessor, TableProcessorSupplier } from './table-supplier.js';

/**
 * Kafka's KTablePassThrough, the merge node of a cogroup: forwards the changes of the per-stream aggregate
 * processors; asking it for old values asks all of them.
 */
export class KTablePassThrough implements TableProcessorSupplier {
  constructor(private readonly parents: readonly TableProcessorSupplier[]) {}

  enableSendingOldValues(forceMaterialization: boolean): boolean {
    for (const parent of this.parents) parent.enableSendingOldValues(forceMaterialization);
    return true;
  }

  get(): TableProcessor {
    return new PassThrough();
  }
}

class PassThrough implements TableProcessor {
  #context!: ProcessorContext<unknown, unknown>;

  init(context: ProcessorContext<unknown, unknown>): void {
    this.#context = context;
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    return this.#context.forward(record);
  }
}
