import type { Predicate } from '../../../kstream/functions.js';
import type { Processor, ProcessorContext } from '../../../processor/index.js';
import type { Record } from '../../../processor/record.js';
import type { MaybePromise } from '../../runtime/async.js';

/**
 * Kafka's KStreamBranch for split(): the record goes to the child of the first predicate that accepts it, else
 * to the default branch when there is one (the last child name beyond the predicates), else nowhere. The lists
 * are shared with the split builder, which appends branches until the topology is built.
 */
export class BranchProcessor implements Processor<unknown, unknown, unknown, unknown> {
  #ctx!: ProcessorContext<unknown, unknown>;

  constructor(private readonly predicates: readonly Predicate<unknown, unknown>[], private readonly childNames: readonly string[]) {}

  init(context: ProcessorContext<unknown, unknown>): void {
    this.#ctx = context;
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    const { predicates, childNames } = this;
    for (let i = 0; i < predicates.length; i++) {
      if (predicates[i]!(record.key(), record.value())) return this.#ctx.forward(record, childNames[i]);
    }
    if (childNames.length > predicates.length) return this.#ctx.forward(record, childNames[predicates.length]);
    return undefined;
  }
}
