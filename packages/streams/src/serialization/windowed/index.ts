export { TimeWindowedSerializer, TimeWindowedDeserializer, type WindowedSerializer } from './time-windowed.js';
export { SessionWindowedSerializer, SessionWindowedDeserializer } from './session-windowed.js';
export { WindowedSerdes, TimeWindowedSerde, SessionWindowedSerde, type InnerSerdeSource } from './windowed-serdes.js';
export { WINDOWED_INNER_SERIALIZER_CLASS, WINDOWED_INNER_DESERIALIZER_CLASS, WINDOWED_INNER_CLASS_SERDE } from './inner-config.js';
