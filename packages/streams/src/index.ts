/**
 * `@tributary/streams`: Kafka Streams for TypeScript. The StreamsBuilder DSL, the Processor API, `Topology` with
 * Kafka's `describe()` output, serdes with Kafka's byte layouts, and the runtime. Names mirror Kafka Streams'
 * Java API in camelCase, so its documentation reads true. The test driver lives at `@tributary/streams/testing`.
 *
 * @packageDocumentation
 */
export * from './common/index.js';
export * from './serialization/index.js';
export * from './processor/index.js';
export * from './topology/index.js';
export * from './handlers/index.js';
export * from './config/index.js';
export * from './kstream/index.js';
export * from './app/index.js';
export * from './state/index.js';
export * from './query/index.js';
