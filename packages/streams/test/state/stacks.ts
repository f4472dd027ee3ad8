// The store stacks every conformance suite runs against: each implementation (LevelDB, in-memory) under each
// decorator combination (plain, logged, cached, cached + logged).
import { Stores, type KeyValueBytesStoreSupplier } from '../../src/index.js';

export interface Stack {
  readonly name: string;
  readonly logging: boolean;
  readonly caching: boolean;
}

export const DECORATIONS: readonly Stack[] = [
  { name: 'plain', logging: false, caching: false },
  { name: 'logged', logging: true, caching: false },
  { name: 'cached', logging: false, caching: true },
  { name: 'cached+logged', logging: true, caching: true },
];

export const KV_SUPPLIERS: ReadonlyArray<{ readonly name: string; readonly supplier: (name: string) => KeyValueBytesStoreSupplier }> = [
  { name: 'level', supplier: (n) => Stores.persistentKeyValueStore(n) },
  { name: 'in-memory', supplier: (n) => Stores.inMemoryKeyValueStore(n) },
];

/** Applies a decoration to a builder (Kafka's builders are fluent and mutable). */
export function decorate<B extends { withCachingEnabled(): B; withCachingDisabled(): B; withLoggingEnabled(c?: Record<string, string>): B; withLoggingDisabled(): B }>(builder: B, stack: Stack): B {
  const cached = stack.caching ? builder.withCachingEnabled() : builder.withCachingDisabled();
  return stack.logging ? cached.withLoggingEnabled({}) : cached.withLoggingDisabled();
}
