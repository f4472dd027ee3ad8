import type { Windowed } from './windowed.js';

/**
 * What a suppression buffer does when it is full (Kafka's `BufferConfigInternal.BufferFullStrategy`): `EMIT`
 * forwards the oldest buffered records early, `SHUT_DOWN` fails the task.
 */
export type BufferFullStrategy = 'EMIT' | 'SHUT_DOWN';

/** Java's `Long.MAX_VALUE` as Kafka prints an unbounded limit in its messages. */
export const UNBOUNDED_LIMIT_TEXT = '9223372036854775807';

/**
 * The size limits of a suppression buffer and what happens when they are exceeded (Kafka's
 * `Suppressed.BufferConfig`). Immutable: every method returns a new config. `S` tells whether the buffer emits
 * early ({@link EagerBufferConfig}) or shuts down ({@link StrictBufferConfig}) when full; only a strict config
 * may suppress until windows close, because emitting early would break the promise of one final result.
 *
 * @example
 * ```ts
 * BufferConfig.unbounded();                                   // strict, never full
 * BufferConfig.maxRecords(1_000).emitEarlyWhenFull();         // eager
 * BufferConfig.maxBytes(1 << 20).shutDownWhenFull();          // strict
 * ```
 */
export class BufferConfig<S extends BufferFullStrategy = BufferFullStrategy> {
  private constructor(
    /** The most records the buffer holds (`Infinity`: no limit). */
    readonly maxRecordsLimit: number,
    /** The most bytes the buffer holds, as Kafka estimates them (`Infinity`: no limit). */
    readonly maxBytesLimit: number,
    /** What happens when a limit is exceeded. */
    readonly fullStrategy: S,
    /** Whether the buffer writes a changelog (default true). */
    readonly loggingEnabled: boolean,
    /** Topic configs of the changelog over the defaults. */
    readonly logConfig: Readonly<{ [key: string]: string }>,
  ) {}

  /** A buffer of at most `recordLimit` records that emits early when full (Kafka's `BufferConfig.maxRecords`). */
  static maxRecords(recordLimit: number): EagerBufferConfig {
    return new BufferConfig(recordLimit, Infinity, 'EMIT', true, {});
  }

  /** A buffer of at most `byteLimit` bytes that emits early when full (Kafka's `BufferConfig.maxBytes`). */
  static maxBytes(byteLimit: number): EagerBufferConfig {
    return new BufferConfig(Infinity, byteLimit, 'EMIT', true, {});
  }

  /** A buffer without limits (Kafka's `BufferConfig.unbounded`): it is never full, and may use all memory. */
  static unbounded(): StrictBufferConfig {
    return new BufferConfig(Infinity, Infinity, 'SHUT_DOWN', true, {});
  }

  /** The same config with a record limit (Kafka's `withMaxRecords`). */
  withMaxRecords(recordLimit: number): BufferConfig<S> {
    return new BufferConfig(recordLimit, this.maxBytesLimit, this.fullStrategy, this.loggingEnabled, this.logConfig);
  }

  /** The same config with a byte limit (Kafka's `withMaxBytes`). */
  withMaxBytes(byteLimit: number): BufferConfig<S> {
    return new BufferConfig(this.maxRecordsLimit, byteLimit, this.fullStrategy, this.loggingEnabled, this.logConfig);
  }

  /** No limits at all (Kafka's `withNoBound`): a strict, unbounded buffer. */
  withNoBound(): StrictBufferConfig {
    return new BufferConfig(Infinity, Infinity, 'SHUT_DOWN', this.loggingEnabled, this.logConfig);
  }

  /** Fail the task when a limit is exceeded (Kafka's `shutDownWhenFull`). */
  shutDownWhenFull(): StrictBufferConfig {
    return new BufferConfig(this.maxRecordsLimit, this.maxBytesLimit, 'SHUT_DOWN', this.loggingEnabled, this.logConfig);
  }

  /** Emit the oldest records early when a limit is exceeded (Kafka's `emitEarlyWhenFull`). */
  emitEarlyWhenFull(): EagerBufferConfig {
    return new BufferConfig(this.maxRecordsLimit, this.maxBytesLimit, 'EMIT', this.loggingEnabled, this.logConfig);
  }

  /** No changelog: the buffer's contents are lost on failure (Kafka's `withLoggingDisabled`). */
  withLoggingDisabled(): BufferConfig<S> {
    return new BufferConfig(this.maxRecordsLimit, this.maxBytesLimit, this.fullStrategy, false, {});
  }

  /** A changelog with these topic configs over the defaults (Kafka's `withLoggingEnabled`). */
  withLoggingEnabled(config: Readonly<{ [key: string]: string }> = {}): BufferConfig<S> {
    return new BufferConfig(this.maxRecordsLimit, this.maxBytesLimit, this.fullStrategy, true, { ...config });
  }
}

/** A buffer config that fails the task when full (Kafka's `Suppressed.StrictBufferConfig`). */
export type StrictBufferConfig = BufferConfig<'SHUT_DOWN'>;
/** A buffer config that emits early when full (Kafka's `Suppressed.EagerBufferConfig`). */
export type EagerBufferConfig = BufferConfig<'EMIT'>;

/** Which suppression: final results of windows, or a time limit per key. */
export type SuppressionKind = 'UNTIL_WINDOW_CLOSES' | 'UNTIL_TIME_LIMIT';

/**
 * How `KTable.suppress` holds back updates (Kafka's `Suppressed<K>`): until the window of a windowed key closes
 * (one final result per window), or until a time limit has passed since the first buffered update of a key
 * (rate limiting). Time is stream time: the buffer emits only when later records arrive.
 *
 * @example
 * ```ts
 * counts.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()));
 * table.suppress(Suppressed.untilTimeLimit<string>(60_000, BufferConfig.maxRecords(1_000).emitEarlyWhenFull()).withName('rate-limit'));
 * ```
 */
export class Suppressed<K> {
  /** Only types the key: a `Suppressed<Windowed<K>>` fits only a windowed table. Never set. */
  declare readonly keyType?: (key: K) => void;

  private constructor(
    readonly kind: SuppressionKind,
    /** The processor's name (the buffer store is `<name>-store`), or undefined for generated names. */
    readonly name: string | undefined,
    /** For `UNTIL_TIME_LIMIT`: how long to wait for more updates of a key, in ms. */
    readonly timeToWaitMs: number,
    readonly bufferConfig: BufferConfig,
  ) {}

  /**
   * Only the final result of each window, emitted once stream time passes window end + grace period (Kafka's
   * `Suppressed.untilWindowCloses`). The table must come from a windowed aggregation.
   */
  static untilWindowCloses<K extends Windowed<unknown>>(bufferConfig: StrictBufferConfig): Suppressed<K> {
    return new Suppressed<K>('UNTIL_WINDOW_CLOSES', undefined, 0, bufferConfig as BufferConfig);
  }

  /**
   * The latest update of a key once `timeToWaitForMoreEventsMs` of stream time passed since its first buffered
   * update (Kafka's `Suppressed.untilTimeLimit`).
   */
  static untilTimeLimit<K>(timeToWaitForMoreEventsMs: number, bufferConfig: BufferConfig): Suppressed<K> {
    return new Suppressed<K>('UNTIL_TIME_LIMIT', undefined, timeToWaitForMoreEventsMs, bufferConfig);
  }

  /** The same suppression with a processor name (Kafka's `withName`). */
  withName(name: string): Suppressed<K> {
    return new Suppressed<K>(this.kind, name, this.timeToWaitMs, this.bufferConfig);
  }
}
