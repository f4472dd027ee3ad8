/** One key/value record the coordinator writes to `__consumer_offsets`; a `null` value is a tombstone. */
export interface CoordinatorRecord {
  readonly key: Buffer;
  readonly value: Buffer | null;
  /** Create time in milliseconds. */
  readonly timestamp: number;
}

/** One record read back from a `__consumer_offsets` partition. */
export interface StoredCoordinatorRecord {
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
}

/**
 * The coordinator's view of its log: the broker implements it over the real `__consumer_offsets` partitions.
 * The coordinator answers a request only after `append` has resolved (the records are durable), and rebuilds
 * its state after a restart by replaying `readAll` of each partition it owns.
 *
 * `append` may reject with an error carrying a numeric Kafka `errorCode` (a `KafkaProtocolError`, for instance
 * `NOT_LEADER_OR_FOLLOWER`); the coordinator maps it to the error its clients expect, as Kafka does.
 */
export interface CoordinatorLog {
  append(partition: number, records: ReadonlyArray<CoordinatorRecord>): Promise<void>;
  readAll(partition: number): AsyncIterable<StoredCoordinatorRecord>;
}

/** The Kafka error code an append failure carries, or `null` if it carries none. */
export function appendErrorCode(err: unknown): number | null {
  if (typeof err === 'object' && err !== null && 'errorCode' in err) {
    const code = (err as { errorCode: unknown }).errorCode;
    if (typeof code === 'number') return code;
  }
  return null;
}
