// Change-logging (Kafka's ChangeLoggingKeyValueBytesStore): every write also goes to the store's changelog
// topic through the task's record collector, with the current record's timestamp. The timestamped variant
// (Kafka's ChangeLoggingTimestampedKeyValueBytesStore) logs the plain value and uses the value's own timestamp
// as the record timestamp, so its changelog reads like a plain one.
//
// With a context that is not a runtime context (a user's mock context in a unit test) there is no changelog:
// the layer passes writes through and logs nothing.

import type { KeyValue } from '../../../common/key-value.js';
import type { StateStore, StateStoreContext } from '../../../processor/state-store.js';
import type { Serializer } from '../../../serialization/serde.js';
import type { KeyValueIterator } from '../../../state/key-value-store.js';
import { andThen } from '../maybe-async.js';
import { rawValueOf, timestampOf } from '../restore-converters.js';
import { isInternalContext, type InternalStateStoreContext } from '../store-context.js';
import { WrappedStore } from '../wrapped-store.js';
import type { KeyValueBytesStore } from './engine-key-value-store.js';

export class ChangeLoggingKeyValueStore extends WrappedStore<KeyValueBytesStore> implements KeyValueBytesStore {
  protected context: InternalStateStoreContext | undefined;

  override init(context: StateStoreContext, root: StateStore): void | Promise<void> {
    return andThen(super.init(context, root), () => {
      this.context = isInternalContext(context) ? context : undefined;
    });
  }

  get(key: Buffer): Buffer | null {
    return this.wrapped.get(key);
  }

  put(key: Buffer, value: Buffer | null): void {
    this.wrapped.put(key, value);
    this.log(key, value);
  }

  putIfAbsent(key: Buffer, value: Buffer | null): Buffer | null {
    const previous = this.wrapped.putIfAbsent(key, value);
    if (previous === null) this.log(key, value);
    return previous;
  }

  putAll(entries: readonly KeyValue<Buffer, Buffer | null>[]): void {
    this.wrapped.putAll(entries);
    for (const e of entries) this.log(e.key, e.value);
  }

  delete(key: Buffer): Buffer | null {
    const old = this.wrapped.delete(key);
    this.log(key, null);
    return old;
  }

  range(from: Buffer | null, to: Buffer | null): KeyValueIterator<Buffer, Buffer> {
    return this.wrapped.range(from, to);
  }

  reverseRange(from: Buffer | null, to: Buffer | null): KeyValueIterator<Buffer, Buffer> {
    return this.wrapped.reverseRange(from, to);
  }

  all(): KeyValueIterator<Buffer, Buffer> {
    return this.wrapped.all();
  }

  reverseAll(): KeyValueIterator<Buffer, Buffer> {
    return this.wrapped.reverseAll();
  }

  prefixScan<P>(prefix: P, prefixKeySerializer: Serializer<P>): KeyValueIterator<Buffer, Buffer> {
    return this.wrapped.prefixScan(prefix, prefixKeySerializer);
  }

  approximateNumEntries(): number {
    return this.wrapped.approximateNumEntries();
  }

  protected log(key: Buffer, value: Buffer | null): void {
    const ctx = this.context;
    if (ctx === undefined) return;
    ctx.logChange(this.name(), key, value, ctx.recordContext().timestamp, undefined);
  }
}

/** Logs the plain value of a timestamped value, with the value's timestamp as the record timestamp. */
export class ChangeLoggingTimestampedKeyValueStore extends ChangeLoggingKeyValueStore {
  protected override log(key: Buffer, value: Buffer | null): void {
    const ctx = this.context;
    if (ctx === undefined) return;
    if (value === null) ctx.logChange(this.name(), key, null, ctx.recordContext().timestamp, undefined);
    else ctx.logChange(this.name(), key, rawValueOf(value), timestampOf(value), undefined);
  }
}
