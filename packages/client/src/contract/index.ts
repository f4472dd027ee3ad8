// The client contract: what streams and every other user sees, whatever the transport.
export * from './records.js';
export * from './consumer-records.js';
export * from './config.js';
export * from './assignor.js';
export * from './producer.js';
export * from './consumer.js';
export * from './admin.js';
export * from './transport.js';
export * from './errors.js';
