export { StreamsException, TopologyException, SerializationException, IllegalStateException, IllegalArgumentException } from './errors.js';
export { Headers, type Header } from './headers.js';
export { KeyValue } from './key-value.js';
