import { IllegalArgumentException } from '../../common/errors.js';
import type { Headers } from '../../common/headers.js';
import type { Windowed } from '../../kstream/windowed.js';
import type { Deserializer, Serializer } from '../serde.js';
import { innerMissing, resolveInner, WINDOWED_INNER_DESERIALIZER_CLASS, WINDOWED_INNER_SERIALIZER_CLASS } from './inner-config.js';
import { from, fromStoreKey, toBinary } from './window-key-schema.js';
import { InnerWindowedSerializer } from './windowed-serializer.js';

export type { WindowedSerializer } from './windowed-serializer.js';

/**
 * Writes a time-windowed key as `[inner key bytes][8-byte big-endian window start]` (Kafka's
 * `TimeWindowedSerializer`); the window end is not written.
 */
export class TimeWindowedSerializer<T> extends InnerWindowedSerializer<T> {
  /** Kafka's `TimeWindowedSerializer.WINDOWED_INNER_SERIALIZER_CLASS`. */
  static readonly WINDOWED_INNER_SERIALIZER_CLASS = WINDOWED_INNER_SERIALIZER_CLASS;

  protected encode(data: Windowed<T>, inner: Serializer<T>, topic: string, headers: Headers | undefined): Buffer | null {
    return toBinary(data, inner, topic, headers);
  }
}

/**
 * Reads time-windowed keys (Kafka's `TimeWindowedDeserializer`). The bytes hold only the window start, so the
 * deserializer needs the window size to rebuild the end: give it to the constructor or as `window.size.ms`.
 * With {@link TimeWindowedDeserializer.setIsChangelogTopic} it reads window store changelog keys, which carry a
 * 4-byte sequence number after the start. Empty or null bytes read as null.
 */
export class TimeWindowedDeserializer<T> implements Deserializer<Windowed<T>> {
  /** Kafka's `TimeWindowedDeserializer.WINDOW_SIZE_MS_CONFIG`. */
  static readonly WINDOW_SIZE_MS_CONFIG = 'window.size.ms';
  /** Kafka's `TimeWindowedDeserializer.WINDOWED_INNER_DESERIALIZER_CLASS`. */
  static readonly WINDOWED_INNER_DESERIALIZER_CLASS = WINDOWED_INNER_DESERIALIZER_CLASS;
  private inner: Deserializer<T> | undefined;
  private windowSize: number | undefined;
  private isChangelogTopic = false;

  /** Without `inner` or `windowSize`, {@link TimeWindowedDeserializer.configure} must supply them. */
  constructor(inner?: Deserializer<T>, windowSize?: number) {
    this.inner = inner;
    this.windowSize = windowSize;
  }

  /** The window size in ms, once known. */
  getWindowSize(): number | undefined {
    return this.windowSize;
  }

  configure(configs: Readonly<Record<string, unknown>>, _isKey: boolean): void {
    this.configureWindowSize(configs);
    this.inner = resolveInner(this.inner, configs, WINDOWED_INNER_DESERIALIZER_CLASS, 'deserializer', (s) => s.deserializer() as Deserializer<T>);
  }

  /** Reads keys in the window store changelog form `[key][start][seqnum]` instead of the topic form. */
  setIsChangelogTopic(isChangelogTopic: boolean): void {
    this.isChangelogTopic = isChangelogTopic;
  }

  deserialize(topic: string, data: Buffer | null, headers?: Headers): Windowed<T> {
    const inner = this.inner;
    if (inner === undefined) throw innerMissing('deserializer', 'TimeWindowedDeserializer');
    if (data === null || data.length === 0) return null as unknown as Windowed<T>;
    const size = this.windowSize;
    if (size === undefined) {
      throw new IllegalArgumentException(
        'Window size needs to be set either through the time windowed deserializer constructor or the window.size.ms config but not both',
      );
    }
    return this.isChangelogTopic ? fromStoreKey(data, size, inner, topic, headers) : from(data, size, inner, topic, headers);
  }

  close(): void {
    this.inner?.close?.();
  }

  private configureWindowSize(configs: Readonly<Record<string, unknown>>): void {
    const raw = configs[TimeWindowedDeserializer.WINDOW_SIZE_MS_CONFIG];
    const configured = raw === undefined || raw === null ? undefined : parseWindowSize(raw);
    if (this.windowSize !== undefined && configured !== undefined) {
      throw new IllegalArgumentException(
        'Window size should not be set in both the time windowed deserializer constructor and the window.size.ms config',
      );
    }
    if (this.windowSize === undefined && configured === undefined) {
      throw new IllegalArgumentException(
        'Window size needs to be set either through the time windowed deserializer constructor or the window.size.ms config but not both',
      );
    }
    this.windowSize ??= configured;
  }
}

function parseWindowSize(raw: unknown): number {
  // Kafka takes a Long or a String parsed with Long.parseLong.
  const value = typeof raw === 'string' && /^[+-]?\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new IllegalArgumentException(`Invalid value ${String(raw)} for configuration window.size.ms: not a long`);
  }
  return value;
}
