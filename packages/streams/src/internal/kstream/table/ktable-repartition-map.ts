import { StreamsException } from '../../../common/errors.js';
import type { KeyValueLike, KeyValueMapper } from '../../../kstream/functions.js';
import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import type { MaybePromise } from '../../runtime/async.js';
import { Change } from '../change.js';
import type { TableProcessor } from './table-supplier.js';

type Pair = KeyValueLike<unknown, unknown> | null | undefined;

function usable(pair: Pair): pair is KeyValueLike<unknown, unknown> {
  return pair !== null && pair !== undefined && pair.key !== null && pair.key !== undefined && pair.value !== null && pair.value !== undefined;
}

/**
 * Kafka's KTableRepartitionMap, the processor of `KTable.groupBy`: maps the old and the new value of each change
 * to their (key, value) pairs. When both land on the same key they travel as one change (old and new together,
 * Kafka 3.5's layout); otherwise the old pair goes first as a removal, then the new pair as an addition. Pairs
 * with a null key or value are skipped.
 */
export class KTableRepartitionMapProcessor implements TableProcessor {
  #context!: ProcessorContext<unknown, unknown>;

  constructor(private readonly mapper: KeyValueMapper<unknown, unknown, Pair>) {}

  init(context: ProcessorContext<unknown, unknown>): void {
    this.#context = context;
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    const key = record.key();
    if (key === null || key === undefined) throw new StreamsException('Record key for the grouping KTable should not be null.');
    const change = record.value() as Change<unknown>;
    // An out-of-order update of a versioned table is not aggregated (KIP-914: table aggregations ignore them).
    if (!change.isLatest) return undefined;
    const newPair = change.newValue === null ? null : this.mapper(key, change.newValue);
    const oldPair = change.oldValue === null ? null : this.mapper(key, change.oldValue);
    const hasOld = usable(oldPair);
    const hasNew = usable(newPair);
    if (hasOld && hasNew && oldPair.key === newPair.key) {
      return this.#context.forward(record.withKey(oldPair.key).withValue(new Change(newPair.value, oldPair.value, change.isLatest)));
    }
    // The context chains a forward behind a pending asynchronous one, so both keep their order (as flatMap's do).
    if (hasOld) void this.#context.forward(record.withKey(oldPair.key).withValue(new Change(null, oldPair.value, change.isLatest)));
    if (hasNew) void this.#context.forward(record.withKey(newPair.key).withValue(new Change(newPair.value, null, change.isLatest)));
    return undefined;
  }
}
