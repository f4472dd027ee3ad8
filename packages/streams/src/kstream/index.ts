export { StreamsBuilder } from './streams-builder.js';
export type { KStream, BranchedKStream } from './kstream.js';
export type { KTable, KGroupedStream, KGroupedTable, CogroupedKStream, GlobalKTable } from './ktable.js';
export type {
  Predicate,
  ValueMapper,
  ValueMapperWithKey,
  KeyValueMapper,
  ForeachAction,
  KeyValueLike,
  Initializer,
  Aggregator,
  Reducer,
} from './functions.js';
export type { TimeWindowedKStream, TimeWindowedCogroupedKStream } from './time-windowed-kstream.js';
export type { SessionWindowedKStream, SessionWindowedCogroupedKStream, Merger } from './session-windowed-kstream.js';
export { Suppressed, BufferConfig, type StrictBufferConfig, type EagerBufferConfig, type BufferFullStrategy, type SuppressionKind } from './suppressed.js';
export { Materialized, StoreType, type MaterializedStoreSupplier } from './materialized.js';
export { Grouped } from './grouped.js';
export { Named } from './named.js';
export { Consumed } from './consumed.js';
export { Produced } from './produced.js';
export { Repartitioned } from './repartitioned.js';
export { Printed } from './printed.js';
export { Branched } from './branched.js';
export { Window, TimeWindow, SessionWindow, Windowed } from './windowed.js';
export {
  Windows,
  TimeWindows,
  SlidingWindows,
  SessionWindows,
  JoinWindows,
  UnlimitedWindows,
  UnlimitedWindow,
  MAX_WINDOW_END_MS,
  EmitStrategy,
  UnsupportedOperationException,
  type EnumerableWindowDefinition,
  type EmitStrategyType,
} from './windows/index.js';
export { Joined, type ValueJoiner, type ValueJoinerWithKey } from './joined.js';
export { StreamJoined } from './stream-joined.js';
export { TableJoined } from './table-joined.js';
