/**
 * `@tributary/protocol`: the Kafka wire protocol, sans-io. Bytes in, typed messages out, and back.
 *
 * @packageDocumentation
 */
export { TributaryError, ProtocolDecodeError, ProtocolEncodeError } from './errors/tributary-error.js';
export { Reader } from './primitives/reader.js';
export { Writer, type Placeholder } from './primitives/writer.js';
