// The processors of a KTable-KTable join (Kafka's KTableKTableInnerJoin, KTableKTableLeftJoin,
// KTableKTableRightJoin, KTableKTableOuterJoin and KTableKTableJoinMerger). Each side's processor receives its
// table's changes and looks the key up in the other table; the merge forwards (and, if materialized, stores) the
// result changes. A result's timestamp is the larger of the two rows'.

import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import type { TimestampedKeyValueStore } from '../../../state/key-value-store.js';
import { ValueAndTimestamp } from '../../../state/value-and-timestamp.js';
import type { MaybePromise } from '../../runtime/async.js';
import { Change } from '../change.js';
import { warnDropped } from '../table/dropped-records.js';
import type { TableProcessor, TableProcessorSupplier } from '../table/table-supplier.js';
import { TimestampedTupleForwarder } from '../table/tuple-forwarder.js';
import { storeGetter, type ValueGetter, type ValueGetterSupplier } from './value-getters.js';

type Ctx = ProcessorContext<unknown, unknown>;
type Joiner = (thisValue: unknown, otherValue: unknown) => unknown;

/**
 * `inner`, `left` and `outer` for the join's own side; `right` is the other side of a left join (Kafka's
 * KTableKTableRightJoin): it emits only where this side has a row.
 */
export type TableJoinKind = 'inner' | 'left' | 'right' | 'outer';

/** What a join side asks of its input tables: old values (Kafka's `enableSendingOldValues(true)`). */
export interface OldValueSource {
  enableSendingOldValues(forceMaterialization: boolean): boolean;
}

const isNull = (v: unknown): boolean => v === null || v === undefined;

/** One side's processor supplier. `joiner` is oriented (this side's value, the other side's value). */
export class TableTableJoinSide implements TableProcessorSupplier {
  sendOldValues = false;

  constructor(
    readonly kind: TableJoinKind,
    private readonly thisTable: OldValueSource,
    private readonly otherTable: OldValueSource,
    private readonly thisGetter: ValueGetterSupplier,
    private readonly otherGetter: ValueGetterSupplier,
    private readonly joiner: Joiner,
  ) {}

  /** Old results need both inputs' old values (Kafka: "table-table joins require upstream materialization"). */
  enableSendingOldValues(_forceMaterialization: boolean): boolean {
    this.thisTable.enableSendingOldValues(true);
    this.otherTable.enableSendingOldValues(true);
    this.sendOldValues = true;
    return true;
  }

  get(): TableProcessor {
    return new TableTableJoinProcessor(this.kind, this.otherGetter.get(), this.joiner, this.sendOldValues);
  }

  /** The result's value for a key, computed from both tables (Kafka's join value getter suppliers). */
  view(): ValueGetterSupplier {
    const { kind, joiner } = this;
    const thisGetter = this.thisGetter;
    const otherGetter = this.otherGetter;
    return {
      storeNames: () => [...new Set([...thisGetter.storeNames(), ...otherGetter.storeNames()])],
      get: () => {
        const a = thisGetter.get();
        const b = otherGetter.get();
        return {
          init: (context) => {
            a.init(context);
            b.init(context);
          },
          get: (key) => joinedView(kind, a.get(key), b.get(key), joiner),
        };
      },
    };
  }
}

function joinedView(kind: TableJoinKind, left: ValueAndTimestamp<unknown> | null, right: ValueAndTimestamp<unknown> | null, joiner: Joiner): ValueAndTimestamp<unknown> | null {
  if (left === null && (kind !== 'outer' || right === null)) return null;
  if (right === null && kind === 'inner') return null;
  const timestamp = Math.max(left?.timestamp() ?? -1, right?.timestamp() ?? -1);
  return ValueAndTimestamp.make(joiner(left?.value() ?? null, right?.value() ?? null), timestamp);
}

class TableTableJoinProcessor implements TableProcessor {
  #context!: Ctx;

  constructor(
    private readonly kind: TableJoinKind,
    private readonly getter: ValueGetter,
    private readonly joiner: Joiner,
    private readonly sendOldValues: boolean,
  ) {}

  init(context: Ctx): void {
    this.#context = context;
    this.getter.init(context);
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    const key = record.key();
    if (isNull(key)) {
      warnDropped(this.#context, 'null key');
      return undefined;
    }
    const change = record.value() as Change<unknown>;
    // An out-of-order update of a versioned table is not the table's current row: no new result (KIP-914).
    if (!change.isLatest) {
      warnDropped(this.#context, 'out-of-order record from versioned table');
      return undefined;
    }
    const other = this.getter.get(key);
    const otherValue = other === null ? null : other.value();
    const result = this.#compute(change, otherValue);
    if (result === undefined) return undefined;
    const timestamp = other === null ? record.timestamp() : Math.max(record.timestamp(), other.timestamp());
    return this.#context.forward(record.withValue(new Change(result[0], result[1], change.isLatest)).withTimestamp(timestamp));
  }

  /** The new and old result per Kafka's processor of this kind, or undefined when it forwards nothing. */
  #compute(change: Change<unknown>, other: unknown): [unknown, unknown] | undefined {
    const { joiner, sendOldValues } = this;
    const hasOther = !isNull(other);
    const hasNew = !isNull(change.newValue);
    const hasOld = !isNull(change.oldValue);
    switch (this.kind) {
      case 'inner':
        if (!hasOther) return undefined;
        return [hasNew ? joiner(change.newValue, other) : null, sendOldValues && hasOld ? joiner(change.oldValue, other) : null];
      case 'left':
        if (!hasOther && !hasNew && !hasOld) return undefined;
        return [hasNew ? joiner(change.newValue, null2(other)) : null, sendOldValues && hasOld ? joiner(change.oldValue, null2(other)) : null];
      case 'right':
        // This side is the right table of a left join: results exist only where the left row does.
        if (!hasOther) return undefined;
        return [joiner(null2(change.newValue), other), sendOldValues ? joiner(null2(change.oldValue), other) : null];
      case 'outer':
        if (!hasOther && !hasNew && !hasOld) return undefined;
        return [
          hasOther || hasNew ? joiner(null2(change.newValue), null2(other)) : null,
          sendOldValues && (hasOther || hasOld) ? joiner(null2(change.oldValue), null2(other)) : null,
        ];
    }
  }
}

/** Java's null for an absent value. */
function null2(v: unknown): unknown {
  return v === undefined ? null : v;
}

/**
 * Kafka's KTableKTableJoinMerger (KTABLE-MERGE-...): passes both sides' result changes on, storing them first
 * when the join is materialized; old values only when a downstream operator asked for them.
 */
export class TableTableJoinMerger implements TableProcessorSupplier {
  #sendOldValues = false;

  constructor(
    private readonly thisSide: TableTableJoinSide,
    private readonly otherSide: TableTableJoinSide,
    readonly queryableName: string | undefined,
  ) {}

  enableSendingOldValues(forceMaterialization: boolean): boolean {
    // A materialized merge reads old values from its store; otherwise both sides must send them.
    if (this.queryableName === undefined) {
      this.thisSide.enableSendingOldValues(forceMaterialization);
      this.otherSide.enableSendingOldValues(forceMaterialization);
    }
    this.#sendOldValues = true;
    return true;
  }

  view(): ValueGetterSupplier {
    return this.queryableName !== undefined ? storeGetter(this.queryableName) : this.thisSide.view();
  }

  get(): TableProcessor {
    return new MergeProcessor(this.queryableName, this.#sendOldValues);
  }
}

class MergeProcessor implements TableProcessor {
  #context!: Ctx;
  #store: TimestampedKeyValueStore<unknown, unknown> | undefined;
  #forwarder: TimestampedTupleForwarder | undefined;

  constructor(private readonly queryableName: string | undefined, private readonly sendOldValues: boolean) {}

  init(context: Ctx): void {
    this.#context = context;
    if (this.queryableName !== undefined) {
      this.#store = context.getStateStore<TimestampedKeyValueStore<unknown, unknown>>(this.queryableName);
      this.#forwarder = new TimestampedTupleForwarder(this.#store, context, this.sendOldValues);
    }
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    const change = record.value() as Change<unknown>;
    if (this.#store !== undefined) {
      this.#store.put(record.key(), ValueAndTimestamp.make(change.newValue, record.timestamp()));
      return this.#forwarder!.maybeForward(record as Record<unknown, Change<unknown>>);
    }
    if (this.sendOldValues) return this.#context.forward(record);
    return this.#context.forward(record.withValue(new Change(change.newValue, null, change.isLatest)));
  }
}
