// kafkajs is a CommonJS package whose exports Node's ESM loader cannot name statically: take its values from
// the default export (module.exports). Types still come from `import type ... from 'kafkajs'`.
import kafkajsModule from 'kafkajs';

export const { Kafka, logLevel, CompressionTypes, CompressionCodecs, ConfigResourceTypes } = kafkajsModule;
