/**
 * `@tributary/protocol`: the Kafka wire protocol, sans-io. Bytes in, typed messages out, and back.
 *
 * - primitives: {@link Reader} and {@link Writer} for Kafka's types;
 * - messages: codecs generated from Kafka's JSON message specs, every API and every version;
 * - framing: size-prefixed frames, request and response headers;
 * - records: v2 record batches, legacy message sets, CRC-32C, compression.
 *
 * @packageDocumentation
 */
export * from './errors/index.js';
export { Reader } from './primitives/reader.js';
export { Writer, type Placeholder } from './primitives/writer.js';
export * from './messages/index.js';
export * from './generated/index.js';
export * from './framing/index.js';
export * from './records/index.js';
export * from './compression/index.js';
