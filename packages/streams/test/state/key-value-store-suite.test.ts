import { Stores } from '../../src/index.js';
import { keyValueStoreSuite } from '../../src/testing/index.js';
import { DECORATIONS, KV_SUPPLIERS, decorate } from './stacks.js';

for (const impl of KV_SUPPLIERS) {
  for (const stack of DECORATIONS) {
    keyValueStoreSuite(`${impl.name}, ${stack.name}`, (name, k, v) => decorate(Stores.keyValueStoreBuilder(impl.supplier(name), k, v), stack).build());
    // A cache of 0 bytes evicts on every put: the same behaviour, every write forwarded at once.
    if (stack.caching) {
      keyValueStoreSuite(`${impl.name}, ${stack.name}, cache 0 bytes`, (name, k, v) => decorate(Stores.keyValueStoreBuilder(impl.supplier(name), k, v), stack).build(), { cacheMaxBytes: 0 });
    }
  }
}
