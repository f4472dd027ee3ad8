// The part every caching layer shares (Kafka's caching stores all do this in init): attach to the thread's record
// cache under the namespace `<taskId>-<store>`, hear its evictions, and keep the flush listener a KTable sets.
// Without a runtime context or a thread cache, `cache` stays undefined and the layer passes everything through.

import type { StateStore, StateStoreContext } from '../../processor/state-store.js';
import { ThreadCache, type DirtyEntry } from './cache/thread-cache.js';
import type { CacheFlushListener } from './flush-listener.js';
import { andThen } from './maybe-async.js';
import { isInternalContext, type InternalStateStoreContext } from './store-context.js';
import { WrappedStore } from './wrapped-store.js';

export abstract class CachingStore<S extends StateStore> extends WrappedStore<S> {
  protected context: InternalStateStoreContext | undefined;
  protected cache: ThreadCache | undefined;
  protected namespace = '';
  protected listener: CacheFlushListener<Buffer, Buffer> | undefined;
  protected sendOldValues = false;

  override init(context: StateStoreContext, root: StateStore): void | Promise<void> {
    return andThen(super.init(context, root), () => {
      if (!isInternalContext(context)) return;
      const cache = context.threadCache();
      if (!(cache instanceof ThreadCache)) return;
      this.context = context;
      this.cache = cache;
      this.namespace = `${context.taskId().toString()}-${this.name()}`;
      cache.addDirtyEntryFlushListener(this.namespace, (entries) => {
        for (const e of entries) this.putAndMaybeForward(e);
      });
    });
  }

  setFlushListener(listener: CacheFlushListener<Buffer, Buffer>, sendOldValues: boolean): boolean {
    this.listener = listener;
    this.sendOldValues = sendOldValues;
    return true;
  }

  /** Writes an evicted or flushed dirty entry to the store below and hands it to the flush listener. */
  protected abstract putAndMaybeForward(entry: DirtyEntry): void;
}
