import type { StateStore, StoreBuilder } from '../../processor/state-store.js';
import type { Serde } from '../../serialization/serde.js';

/** One day: Kafka's `windowstore.changelog.additional.retention.ms` default. */
export const DEFAULT_ADDITIONAL_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * The common part of the store builders (Kafka's `AbstractStoreBuilder`): name, serdes, and the caching and
 * logging switches. Fluent and mutable like Kafka's: the `with...` methods change this builder and return it.
 * Logging is enabled and caching disabled by default, as in Kafka.
 */
export abstract class AbstractStoreBuilder<K, V, S extends StateStore> implements StoreBuilder<S> {
  protected enableCaching = false;
  protected enableLogging = true;
  protected userLogConfig: { [key: string]: string } = {};

  constructor(
    protected readonly storeName: string,
    protected readonly keySerde: Serde<K> | undefined,
    protected readonly valueSerde: Serde<V> | undefined,
  ) {}

  name(): string {
    return this.storeName;
  }

  abstract build(): S;

  /** Puts the thread's record cache in front of the store (Kafka's `withCachingEnabled`). */
  withCachingEnabled(): this {
    this.enableCaching = true;
    return this;
  }

  withCachingDisabled(): this {
    this.enableCaching = false;
    return this;
  }

  /** Logs every write to `<application.id>-<name>-changelog`, created with `config` over the defaults. */
  withLoggingEnabled(config: Readonly<{ [key: string]: string }> = {}): this {
    this.enableLogging = true;
    this.userLogConfig = { ...config };
    return this;
  }

  withLoggingDisabled(): this {
    this.enableLogging = false;
    this.userLogConfig = {};
    return this;
  }

  loggingEnabled(): boolean {
    return this.enableLogging;
  }

  cachingEnabled(): boolean {
    return this.enableCaching;
  }

  /** The topic configs the user gave to `withLoggingEnabled` (Kafka's `logConfig()`). */
  logConfig(): Readonly<{ [key: string]: string }> {
    return { ...this.userLogConfig };
  }

  /**
   * The full config to create the changelog topic with: the defaults of Kafka (`cleanup.policy=compact`; for
   * windowed stores `compact,delete` and `retention.ms` = store retention + `additionalRetentionMs`) with the
   * user's `logConfig()` over them.
   */
  changelogConfig(additionalRetentionMs: number = DEFAULT_ADDITIONAL_RETENTION_MS): Readonly<{ [key: string]: string }> {
    const retention = this.retentionPeriod();
    if (retention === undefined) return { 'cleanup.policy': 'compact', ...this.userLogConfig };
    const retentionMs = Math.min(Number.MAX_SAFE_INTEGER, retention + additionalRetentionMs);
    return { 'cleanup.policy': 'compact,delete', 'retention.ms': String(retentionMs), ...this.userLogConfig };
  }

  /** The retention of a windowed store (ms); undefined for key-value stores. */
  retentionPeriod(): number | undefined {
    return undefined;
  }
}
