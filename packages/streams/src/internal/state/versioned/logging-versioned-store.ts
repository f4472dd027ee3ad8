// Change-logging of a versioned store (Kafka's ChangeLoggingVersionedKeyValueBytesStore): every put and delete
// also goes to the store's changelog as [key, plain value or null] with the version's timestamp as the record
// timestamp - the format Kafka's versioned changelogs use, so restoring replays the versions in order. Like
// Kafka, a write the store refused (older than its grace period) is logged too; restoration skips it again.
// With a context that is not the runtime's (a hand-made one in a unit test) nothing is logged.

import type { StateStore, StateStoreContext } from '../../../processor/state-store.js';
import type { VersionedKeyValueStore, VersionedRecord } from '../../../state/versioned-key-value-store.js';
import { andThen } from '../maybe-async.js';
import { isInternalContext, type InternalStateStoreContext } from '../store-context.js';
import { WrappedStore } from '../wrapped-store.js';

export type VersionedBytesStore = VersionedKeyValueStore<Buffer, Buffer>;

export class ChangeLoggingVersionedStore extends WrappedStore<VersionedBytesStore> implements VersionedBytesStore {
  #context: InternalStateStoreContext | undefined;

  override init(context: StateStoreContext, root: StateStore): void | Promise<void> {
    return andThen(super.init(context, root), () => {
      this.#context = isInternalContext(context) ? context : undefined;
    });
  }

  put(key: Buffer, value: Buffer | null, timestamp: number): number {
    const validTo = this.wrapped.put(key, value, timestamp);
    this.#log(key, value, timestamp);
    return validTo;
  }

  delete(key: Buffer, timestamp: number): VersionedRecord<Buffer> | null {
    const old = this.wrapped.delete(key, timestamp);
    this.#log(key, null, timestamp);
    return old;
  }

  get(key: Buffer, asOfTimestamp?: number): VersionedRecord<Buffer> | null {
    return this.wrapped.get(key, asOfTimestamp);
  }

  #log(key: Buffer, value: Buffer | null, timestamp: number): void {
    this.#context?.logChange(this.name(), key, value, timestamp, undefined);
  }
}
