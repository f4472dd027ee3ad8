/**
 * `@tributary/streams/testing`: run a topology without a broker (Kafka's `kafka-streams-test-utils`).
 *
 * @packageDocumentation
 */
export { TopologyTestDriver } from './topology-test-driver.js';
export { TestInputTopic } from './test-input-topic.js';
export { TestOutputTopic } from './test-output-topic.js';
export { TestRecord } from './test-record.js';
export * from './state-suites/index.js';
