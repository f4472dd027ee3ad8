export type { Serializer, Deserializer, Serde } from './serde.js';
export { serdeFrom } from './serde.js';
export { Serdes } from './serdes.js';
export {
  WindowedSerdes,
  TimeWindowedSerde,
  SessionWindowedSerde,
  TimeWindowedSerializer,
  TimeWindowedDeserializer,
  SessionWindowedSerializer,
  SessionWindowedDeserializer,
  type WindowedSerializer,
  type InnerSerdeSource,
} from './windowed/index.js';
