// The base of every store decorator (Kafka's WrappedStateStore): forwards the life cycle to the wrapped store.
// Decorators pass `root` (the outermost store) down unchanged: the innermost store registers `root` with the
// task, so the runtime sees the store the topology sees.

import type { StateStore, StateStoreContext } from '../../processor/state-store.js';

export abstract class WrappedStore<S extends StateStore> implements StateStore {
  constructor(protected readonly wrapped: S) {}

  /** The wrapped store (the next layer down). */
  inner(): S {
    return this.wrapped;
  }

  name(): string {
    return this.wrapped.name();
  }

  init(context: StateStoreContext, root: StateStore): void | Promise<void> {
    return this.wrapped.init(context, root);
  }

  flush(): void | Promise<void> {
    return this.wrapped.flush();
  }

  close(): void | Promise<void> {
    return this.wrapped.close();
  }

  persistent(): boolean {
    return this.wrapped.persistent();
  }

  isOpen(): boolean {
    return this.wrapped.isOpen();
  }
}

/** The innermost store under a decorator stack (walks `inner()`). */
export function innermost(store: StateStore): StateStore {
  let s: StateStore = store;
  while (s instanceof WrappedStore) s = (s as WrappedStore<StateStore>).inner();
  return s;
}
