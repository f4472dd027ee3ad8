// Change-logging of session stores (Kafka's ChangeLoggingSessionBytesStore): each put or remove is logged with
// the changelog key [key][end][start] and the aggregate (null for a remove), at the current record's timestamp.

import type { KeyValue } from '../../../common/key-value.js';
import type { Windowed } from '../../../kstream/windowed.js';
import type { StateStore, StateStoreContext } from '../../../processor/state-store.js';
import type { KeyValueIterator } from '../../../state/key-value-store.js';
import { andThen } from '../maybe-async.js';
import { isInternalContext, type InternalStateStoreContext } from '../store-context.js';
import { WrappedStore } from '../wrapped-store.js';
import type { SessionBytesStore } from './segmented-session-store.js';
import { toSessionBinary } from './session-key-schema.js';

export class ChangeLoggingSessionStore extends WrappedStore<SessionBytesStore> implements SessionBytesStore {
  #context: InternalStateStoreContext | undefined;

  override init(context: StateStoreContext, root: StateStore): void | Promise<void> {
    return andThen(super.init(context, root), () => {
      this.#context = isInternalContext(context) ? context : undefined;
    });
  }

  put(sessionKey: Windowed<Buffer>, aggregate: Buffer | null): void {
    this.wrapped.put(sessionKey, aggregate);
    this.#log(sessionKey, aggregate);
  }

  remove(sessionKey: Windowed<Buffer>): void {
    this.wrapped.remove(sessionKey);
    this.#log(sessionKey, null);
  }

  findSessions(key: Buffer, earliestSessionEndTime: number, latestSessionStartTime: number): Array<KeyValue<Windowed<Buffer>, Buffer>> {
    return this.wrapped.findSessions(key, earliestSessionEndTime, latestSessionStartTime);
  }

  fetchSession(key: Buffer, sessionStartTime: number, sessionEndTime: number): Buffer | null {
    return this.wrapped.fetchSession(key, sessionStartTime, sessionEndTime);
  }

  fetch(key: Buffer): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.wrapped.fetch(key);
  }

  backwardFetch(key: Buffer): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.wrapped.backwardFetch(key);
  }

  fetchRange(keyFrom: Buffer | null, keyTo: Buffer | null): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.wrapped.fetchRange(keyFrom, keyTo);
  }

  #log(sessionKey: Windowed<Buffer>, aggregate: Buffer | null): void {
    const ctx = this.#context;
    if (ctx === undefined) return;
    const w = sessionKey.window();
    ctx.logChange(this.name(), toSessionBinary(sessionKey.key(), w.start(), w.end()), aggregate, ctx.recordContext().timestamp, undefined);
  }
}
