export { HostInfo } from './host-info.js';
export { StreamsMetadata } from './streams-metadata.js';
export { KeyQueryMetadata } from './key-query-metadata.js';
export { QueryableStoreTypes, type QueryableStoreType } from './queryable-store-types.js';
export { StoreQueryParameters } from './store-query-parameters.js';
export { StreamsNotStartedException, UnknownStateStoreException, InvalidStateStorePartitionException } from './errors.js';
