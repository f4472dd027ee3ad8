import type { ForeachAction, KeyValueLike, KeyValueMapper, Predicate } from '../../../kstream/functions.js';
import type { Processor, ProcessorContext } from '../../../processor/index.js';
import type { Record } from '../../../processor/record.js';
import type { MaybePromise } from '../../runtime/async.js';

// The stateless DSL operators' processors (Kafka's KStreamFilter, KStreamMap, KStreamMapValues, KStreamFlatMap,
// KStreamFlatMapValues, KStreamPeek, ForeachProcessor, PassThrough). Each forwards with the Record's with*
// methods, so timestamps and headers travel unchanged.

type Ctx = ProcessorContext<unknown, unknown>;
type Rec = Record<unknown, unknown>;

abstract class Forwarding implements Processor<unknown, unknown, unknown, unknown> {
  protected ctx!: Ctx;

  init(context: Ctx): void {
    this.ctx = context;
  }

  abstract process(record: Rec): MaybePromise;
}

export class FilterProcessor extends Forwarding {
  constructor(private readonly predicate: Predicate<unknown, unknown>, private readonly filterNot: boolean) {
    super();
  }

  process(record: Rec): MaybePromise {
    if (this.filterNot !== this.predicate(record.key(), record.value())) return this.ctx.forward(record);
    return undefined;
  }
}

function checkPair(pair: KeyValueLike<unknown, unknown> | null | undefined, what: string): KeyValueLike<unknown, unknown> {
  if (pair === null || pair === undefined) throw new TypeError(`The provided KeyValueMapper returned null which is not allowed for ${what}`);
  return pair;
}

export class MapProcessor extends Forwarding {
  constructor(private readonly mapper: KeyValueMapper<unknown, unknown, KeyValueLike<unknown, unknown>>) {
    super();
  }

  process(record: Rec): MaybePromise {
    const pair = checkPair(this.mapper(record.key(), record.value()), 'map');
    return this.ctx.forward(record.withKey(pair.key).withValue(pair.value));
  }
}

export class SelectKeyProcessor extends Forwarding {
  constructor(private readonly mapper: KeyValueMapper<unknown, unknown, unknown>) {
    super();
  }

  process(record: Rec): MaybePromise {
    return this.ctx.forward(record.withKey(this.mapper(record.key(), record.value())));
  }
}

export class MapValuesProcessor extends Forwarding {
  constructor(private readonly mapper: (key: unknown, value: unknown) => unknown) {
    super();
  }

  process(record: Rec): MaybePromise {
    return this.ctx.forward(record.withValue(this.mapper(record.key(), record.value())));
  }
}

export class FlatMapProcessor extends Forwarding {
  constructor(private readonly mapper: KeyValueMapper<unknown, unknown, Iterable<KeyValueLike<unknown, unknown>>>) {
    super();
  }

  process(record: Rec): MaybePromise {
    for (const pair of this.mapper(record.key(), record.value())) {
      const kv = checkPair(pair, 'flatMap');
      void this.ctx.forward(record.withKey(kv.key).withValue(kv.value));
    }
    return undefined;
  }
}

export class FlatMapValuesProcessor extends Forwarding {
  constructor(private readonly mapper: (key: unknown, value: unknown) => Iterable<unknown>) {
    super();
  }

  process(record: Rec): MaybePromise {
    for (const value of this.mapper(record.key(), record.value())) void this.ctx.forward(record.withValue(value));
    return undefined;
  }
}

export class PeekProcessor extends Forwarding {
  constructor(private readonly action: ForeachAction<unknown, unknown>) {
    super();
  }

  process(record: Rec): MaybePromise {
    this.action(record.key(), record.value());
    return this.ctx.forward(record);
  }
}

export class ForeachProcessor implements Processor<unknown, unknown> {
  constructor(private readonly action: ForeachAction<unknown, unknown>) {}

  process(record: Rec): void {
    this.action(record.key(), record.value());
  }
}

/** Forwards unchanged (Kafka's PassThrough): merge nodes and split branches. */
export class PassThroughProcessor extends Forwarding {
  process(record: Rec): MaybePromise {
    return this.ctx.forward(record);
  }
}

