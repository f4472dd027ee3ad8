export { StreamsBuilder } from './streams-builder.js';
export type { KStream, BranchedKStream } from './kstream.js';
export type { Predicate, ValueMapper, ValueMapperWithKey, KeyValueMapper, ForeachAction, KeyValueLike } from './functions.js';
export { Named } from './named.js';
export { Consumed } from './consumed.js';
export { Produced } from './produced.js';
export { Repartitioned } from './repartitioned.js';
export { Printed } from './printed.js';
export { Branched } from './branched.js';
