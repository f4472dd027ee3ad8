export type { Serializer, Deserializer, Serde } from './serde.js';
export { serdeFrom } from './serde.js';
export { Serdes } from './serdes.js';
