export { startEmbeddedBroker, createTopics, produce, waitUntilProcessed, readTopic, clock, type EmbeddedBroker, type SampleRecord } from './embedded.js';
