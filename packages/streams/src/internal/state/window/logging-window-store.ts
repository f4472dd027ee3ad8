// Change-logging of window stores (Kafka's ChangeLoggingWindowBytesStore): each put is logged with the
// changelog key [key][window start][seqnum] (seqnum 0, or the next one when the store retains duplicates).
// The timestamped variant logs the plain value with the value's timestamp (Kafka's
// ChangeLoggingTimestampedWindowBytesStore). Without a runtime context nothing is logged.

import type { Windowed } from '../../../kstream/windowed.js';
import type { StateStore, StateStoreContext } from '../../../processor/state-store.js';
import type { KeyValueIterator } from '../../../state/key-value-store.js';
import type { WindowStoreIterator } from '../../../state/window-store.js';
import { andThen } from '../maybe-async.js';
import { rawValueOf, timestampOf } from '../restore-converters.js';
import { isInternalContext, type InternalStateStoreContext } from '../store-context.js';
import { WrappedStore } from '../wrapped-store.js';
import type { WindowBytesStore } from './segmented-window-store.js';
import { toStoreKeyBinary } from './window-key-schema.js';

export class ChangeLoggingWindowStore extends WrappedStore<WindowBytesStore> implements WindowBytesStore {
  protected context: InternalStateStoreContext | undefined;
  #seqnum = 0;

  constructor(
    inner: WindowBytesStore,
    private readonly retainDuplicates: boolean,
  ) {
    super(inner);
  }

  override init(context: StateStoreContext, root: StateStore): void | Promise<void> {
    return andThen(super.init(context, root), () => {
      this.context = isInternalContext(context) ? context : undefined;
    });
  }

  put(key: Buffer, value: Buffer | null, windowStartTimestamp: number): void {
    this.wrapped.put(key, value, windowStartTimestamp);
    if (this.retainDuplicates) this.#seqnum = (this.#seqnum + 1) & 0x7fffffff;
    this.log(toStoreKeyBinary(key, windowStartTimestamp, this.retainDuplicates ? this.#seqnum : 0), value);
  }

  fetch(key: Buffer, windowStartTime: number): Buffer | null;
  fetch(key: Buffer, timeFrom: number, timeTo: number): WindowStoreIterator<Buffer>;
  fetch(key: Buffer, timeFrom: number, timeTo?: number): Buffer | null | WindowStoreIterator<Buffer> {
    return timeTo === undefined ? this.wrapped.fetch(key, timeFrom) : this.wrapped.fetch(key, timeFrom, timeTo);
  }

  backwardFetch(key: Buffer, timeFrom: number, timeTo: number): WindowStoreIterator<Buffer> {
    return this.wrapped.backwardFetch(key, timeFrom, timeTo);
  }

  fetchRange(keyFrom: Buffer | null, keyTo: Buffer | null, timeFrom: number, timeTo: number): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.wrapped.fetchRange(keyFrom, keyTo, timeFrom, timeTo);
  }

  backwardFetchRange(keyFrom: Buffer | null, keyTo: Buffer | null, timeFrom: number, timeTo: number): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.wrapped.backwardFetchRange(keyFrom, keyTo, timeFrom, timeTo);
  }

  all(): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.wrapped.all();
  }

  backwardAll(): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.wrapped.backwardAll();
  }

  fetchAll(timeFrom: number, timeTo: number): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.wrapped.fetchAll(timeFrom, timeTo);
  }

  backwardFetchAll(timeFrom: number, timeTo: number): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.wrapped.backwardFetchAll(timeFrom, timeTo);
  }

  protected log(storeKey: Buffer, value: Buffer | null): void {
    const ctx = this.context;
    if (ctx === undefined) return;
    ctx.logChange(this.name(), storeKey, value, ctx.recordContext().timestamp, undefined);
  }
}

export class ChangeLoggingTimestampedWindowStore extends ChangeLoggingWindowStore {
  protected override log(storeKey: Buffer, value: Buffer | null): void {
    const ctx = this.context;
    if (ctx === undefined) return;
    if (value === null) ctx.logChange(this.name(), storeKey, null, ctx.recordContext().timestamp, undefined);
    else ctx.logChange(this.name(), storeKey, rawValueOf(value), timestampOf(value), undefined);
  }
}
