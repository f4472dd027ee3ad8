/**
 * `@tributary/client`: one client contract (Admin, Producer, Consumer) and its transports: `inProcess(broker)`
 * straight into the embedded broker's handlers, and `kafkajs(config)` for any Kafka-protocol cluster.
 *
 * @packageDocumentation
 */
export * from './contract/index.js';
export { RangeAssignor, RoundRobinAssignor } from './assignors/index.js';
export { murmur2, toPositive, partitionForKey } from './internal/producer/murmur2.js';
export { inProcess } from './transports/in-process.js';
export { kafkajs, type KafkajsTransportConfig } from './transports/kafkajs.js';
export { fromConsumer, toProducer, type FromConsumerOptions } from './rx/index.js';
