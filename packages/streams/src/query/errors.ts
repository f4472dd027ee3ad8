import { InvalidStateStoreException } from '../state/errors.js';

/** `store()` was called before `start()` (Kafka's `StreamsNotStartedException`). */
export class StreamsNotStartedException extends InvalidStateStoreException {}

/** `store()` named a store the topology does not have (Kafka's `UnknownStateStoreException`). */
export class UnknownStateStoreException extends InvalidStateStoreException {}

/** `store()` asked for a partition this instance does not host (Kafka's `InvalidStateStorePartitionException`). */
export class InvalidStateStorePartitionException extends InvalidStateStoreException {}
