export { StoreTestContext } from './store-test-context.js';
export type { LoggedChange, StoreTestContextOptions } from './store-test-context.js';
export { keyValueStoreSuite } from './key-value-store-suite.js';
export type { KeyValueStoreFactory } from './key-value-store-suite.js';
export { windowStoreSuite } from './window-store-suite.js';
export type { WindowStoreFactory } from './window-store-suite.js';
export { sessionStoreSuite } from './session-store-suite.js';
export type { SessionStoreFactory } from './session-store-suite.js';
