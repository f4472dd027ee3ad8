// The window and session stores of windowed aggregations (Kafka's WindowStoreMaterializer,
// SlidingWindowStoreMaterializer and SessionStoreMaterializer): retention checked when the DSL call is made,
// the store built when the topology is written (the default store type is known then).

import { IllegalArgumentException } from '../../../common/errors.js';
import type { EmitStrategy } from '../../../kstream/windows/emit-strategy.js';
import type { StoreBuilder } from '../../../processor/state-store.js';
import type { Serde } from '../../../serialization/serde.js';
import { Stores } from '../../../state/stores.js';
import type { SessionBytesStoreSupplier, WindowBytesStoreSupplier } from '../../../state/suppliers.js';
import type { InternalStreamsBuilder } from '../internal-streams-builder.js';
import type { MaterializedInternal } from '../materialized-internal.js';

/** A store to build at write time, with the retention it was validated with. */
export interface LazyWindowedStore {
  readonly retentionMs: number;
  readonly store: () => StoreBuilder;
}

type M = MaterializedInternal<unknown, unknown>;

/** A time-windowed store: retention defaults to size + grace and may not be smaller. */
export function timeWindowStore(builder: InternalStreamsBuilder, m: M, sizeMs: number, graceMs: number): LazyWindowedStore {
  const retentionMs = m.retentionMs ?? sizeMs + graceMs;
  if (sizeMs + graceMs > retentionMs) {
    throw new IllegalArgumentException(
      `The retention period of the window store ${m.storeName!} must be no smaller than its window size plus the grace period. ` +
        `Got size=[${sizeMs}], grace=[${graceMs}], retention=[${retentionMs}]`,
    );
  }
  return { retentionMs, store: () => windowStoreBuilder(builder, m, retentionMs, sizeMs) };
}

/**
 * A sliding-window store: windows of the time difference, retention defaulting to 2 x difference + grace (the
 * earliest window a late record may create a right window for starts 2 x difference before it).
 */
export function slidingWindowStore(builder: InternalStreamsBuilder, m: M, timeDifferenceMs: number, graceMs: number): LazyWindowedStore {
  const retentionMs = m.retentionMs ?? 2 * timeDifferenceMs + graceMs;
  if (2 * timeDifferenceMs + graceMs > retentionMs) {
    throw new IllegalArgumentException(
      `The retention period of the window store ${m.storeName!} must be no smaller than 2 * time difference plus the grace period. ` +
        `Got time difference=[${timeDifferenceMs}], grace=[${graceMs}], retention=[${retentionMs}]`,
    );
  }
  return { retentionMs, store: () => windowStoreBuilder(builder, m, retentionMs, timeDifferenceMs) };
}

function windowStoreBuilder(builder: InternalStreamsBuilder, m: M, retentionMs: number, sizeMs: number): StoreBuilder {
  const name = m.storeName!;
  const type = m.storeType ?? builder.defaultStoreType;
  const supplier =
    (m.storeSupplier as WindowBytesStoreSupplier | undefined) ??
    (type === 'in_memory' ? Stores.inMemoryWindowStore(name, retentionMs, sizeMs, false) : Stores.persistentTimestampedWindowStore(name, retentionMs, sizeMs, false));
  const b = Stores.timestampedWindowStoreBuilder(supplier, m.keySerde as Serde<unknown> | undefined, m.valueSerde as Serde<unknown> | undefined);
  if (m.loggingEnabled) b.withLoggingEnabled({ ...m.topicConfig });
  else b.withLoggingDisabled();
  if (m.cachingEnabled) b.withCachingEnabled();
  return b;
}

/** A session store: retention defaults to gap + grace and may not be smaller; emit-on-close disables the cache. */
export function sessionStore(builder: InternalStreamsBuilder, m: M, gapMs: number, graceMs: number, emitStrategy: EmitStrategy): LazyWindowedStore {
  const retentionMs = m.retentionMs ?? gapMs + graceMs;
  if (gapMs + graceMs > retentionMs) {
    throw new IllegalArgumentException(
      `The retention period of the session store ${m.storeName!} must be no smaller than the session inactivity gap plus the grace period. ` +
        `Got gap=[${gapMs}], grace=[${graceMs}], retention=[${retentionMs}]`,
    );
  }
  const store = (): StoreBuilder => {
    const name = m.storeName!;
    const type = m.storeType ?? builder.defaultStoreType;
    const supplier =
      (m.storeSupplier as SessionBytesStoreSupplier | undefined) ??
      (type === 'in_memory' ? Stores.inMemorySessionStore(name, retentionMs) : Stores.persistentSessionStore(name, retentionMs));
    const b = Stores.sessionStoreBuilder(supplier, m.keySerde as Serde<unknown> | undefined, m.valueSerde as Serde<unknown> | undefined);
    if (m.loggingEnabled) b.withLoggingEnabled({ ...m.topicConfig });
    else b.withLoggingDisabled();
    if (m.cachingEnabled && emitStrategy.type() !== 'ON_WINDOW_CLOSE') b.withCachingEnabled();
    return b;
  };
  return { retentionMs, store };
}
