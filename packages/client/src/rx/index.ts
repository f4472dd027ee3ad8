export { fromConsumer, type FromConsumerOptions } from './from-consumer.js';
export { toProducer } from './to-producer.js';
