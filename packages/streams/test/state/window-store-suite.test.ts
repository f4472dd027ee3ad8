import { Stores } from '../../src/index.js';
import { windowStoreSuite } from '../../src/testing/index.js';
import { DECORATIONS, decorate } from './stacks.js';

const IMPLS = [
  { name: 'level', supplier: (n: string, r: number, w: number) => Stores.persistentWindowStore(n, r, w, false) },
  { name: 'in-memory', supplier: (n: string, r: number, w: number) => Stores.inMemoryWindowStore(n, r, w, false) },
];

for (const impl of IMPLS) {
  for (const stack of DECORATIONS) {
    windowStoreSuite(`${impl.name}, ${stack.name}`, (name, r, w, k, v) => decorate(Stores.windowStoreBuilder(impl.supplier(name, r, w), k, v), stack).build());
    if (stack.caching) {
      windowStoreSuite(`${impl.name}, ${stack.name}, cache 0 bytes`, (name, r, w, k, v) => decorate(Stores.windowStoreBuilder(impl.supplier(name, r, w), k, v), stack).build(), { cacheMaxBytes: 0 });
    }
  }
}
