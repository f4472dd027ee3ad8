export { Record, FixedKeyRecord } from './record.js';
export type { Processor, FixedKeyProcessor, ProcessorSupplier, FixedKeyProcessorSupplier } from './processor.js';
export type { ProcessingContext, ProcessorContext, FixedKeyProcessorContext } from './processor-context.js';
export { PunctuationType, type Punctuator, type Cancellable } from './punctuation.js';
export { TaskId } from './task-id.js';
export type { RecordMetadata, RecordContext } from './metadata.js';
export type { StateStore, StoreBuilder, StateStoreContext, StateRestoreCallback, StateRestoreListener, ChangelogRecord } from './state-store.js';
export {
  FailOnInvalidTimestamp,
  LogAndSkipOnInvalidTimestamp,
  UsePartitionTimeOnInvalidTimestamp,
  WallclockTimestampExtractor,
  type ConsumerRecord,
  type TimestampExtractor,
  type TopicNameExtractor,
  type StreamPartitioner,
} from './extractors.js';
