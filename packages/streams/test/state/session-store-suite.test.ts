import { Stores } from '../../src/index.js';
import { sessionStoreSuite } from '../../src/testing/index.js';
import { DECORATIONS, decorate } from './stacks.js';

const IMPLS = [
  { name: 'level', supplier: (n: string, r: number) => Stores.persistentSessionStore(n, r) },
  { name: 'in-memory', supplier: (n: string, r: number) => Stores.inMemorySessionStore(n, r) },
];

for (const impl of IMPLS) {
  for (const stack of DECORATIONS) {
    sessionStoreSuite(`${impl.name}, ${stack.name}`, (name, r, k, v) => decorate(Stores.sessionStoreBuilder(impl.supplier(name, r), k, v), stack).build());
    if (stack.caching) {
      sessionStoreSuite(`${impl.name}, ${stack.name}, cache 0 bytes`, (name, r, k, v) => decorate(Stores.sessionStoreBuilder(impl.supplier(name, r), k, v), stack).build(), { cacheMaxBytes: 0 });
    }
  }
}
