import { IllegalArgumentException } from '../../common/errors.js';
import type { Windowed } from '../../kstream/windowed.js';
import type { Deserializer, Serde } from '../serde.js';
import { SessionWindowedDeserializer, SessionWindowedSerializer } from './session-windowed.js';
import { TimeWindowedDeserializer, TimeWindowedSerializer } from './time-windowed.js';

/** A serde of the inner type, or a function returning one (`Serdes.String`): what Java passes as a `Class<T>`. */
export type InnerSerdeSource<T> = Serde<T> | (() => Serde<T>);

function innerSerde<T>(type: InnerSerdeSource<T> | null | undefined): Serde<T> {
  if (type === null || type === undefined) throw new IllegalArgumentException('type cannot be null');
  return typeof type === 'function' ? type() : type;
}

/**
 * The serde of time-windowed keys (Kafka's `WindowedSerdes.TimeWindowedSerde`): `[key][8-byte start]`, the end
 * rebuilt from the window size.
 */
export class TimeWindowedSerde<T> implements Serde<Windowed<T>> {
  private readonly ser: TimeWindowedSerializer<T>;
  private readonly de: TimeWindowedDeserializer<T>;

  /** Without arguments, `configure` must supply the inner serde and `window.size.ms`. */
  constructor(inner?: Serde<T>, windowSize?: number) {
    this.ser = new TimeWindowedSerializer<T>(inner?.serializer());
    this.de = new TimeWindowedDeserializer<T>(inner?.deserializer(), windowSize);
  }

  /** Whether keys read are window store changelog keys (with a sequence number); returns this serde. */
  forChangelog(isChangelogTopic: boolean): this {
    this.de.setIsChangelogTopic(isChangelogTopic);
    return this;
  }

  serializer(): TimeWindowedSerializer<T> {
    return this.ser;
  }

  deserializer(): TimeWindowedDeserializer<T> {
    return this.de;
  }

  configure(configs: Readonly<Record<string, unknown>>, isKey: boolean): void {
    this.ser.configure(configs, isKey);
    this.de.configure(configs, isKey);
  }

  close(): void {
    this.ser.close();
    this.de.close();
  }
}

/** The serde of session-windowed keys (Kafka's `WindowedSerdes.SessionWindowedSerde`): `[key][8-byte end][8-byte start]`. */
export class SessionWindowedSerde<T> implements Serde<Windowed<T>> {
  private readonly ser: SessionWindowedSerializer<T>;
  private readonly de: SessionWindowedDeserializer<T>;

  /** Without an inner serde, `configure` must supply it. */
  constructor(inner?: Serde<T>) {
    this.ser = new SessionWindowedSerializer<T>(inner?.serializer());
    this.de = new SessionWindowedDeserializer<T>(inner?.deserializer() as Deserializer<T> | undefined);
  }

  serializer(): SessionWindowedSerializer<T> {
    return this.ser;
  }

  deserializer(): SessionWindowedDeserializer<T> {
    return this.de;
  }

  configure(configs: Readonly<Record<string, unknown>>, isKey: boolean): void {
    this.ser.configure(configs, isKey);
    this.de.configure(configs, isKey);
  }

  close(): void {
    this.ser.close();
    this.de.close();
  }
}

/**
 * Serdes of windowed keys (Kafka's `WindowedSerdes`), with Kafka's byte layouts, so windowed results written by
 * a Java application read back here and the other way round.
 *
 * @example
 * ```ts
 * const windows = TimeWindows.ofSizeWithNoGrace(60_000);
 * counts.toStream().to('counts', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(Serdes.String, windows.size()), Serdes.Long()));
 * ```
 */
export const WindowedSerdes = {
  /** The time-windowed serde over `type` for windows of `windowSize` ms (Kafka's `timeWindowedSerdeFrom(Class, long)`). */
  timeWindowedSerdeFrom: <T>(type: InnerSerdeSource<T>, windowSize: number): TimeWindowedSerde<T> =>
    new TimeWindowedSerde<T>(innerSerde(type), windowSize),
  /** The session-windowed serde over `type` (Kafka's `sessionWindowedSerdeFrom(Class)`). */
  sessionWindowedSerdeFrom: <T>(type: InnerSerdeSource<T>): SessionWindowedSerde<T> => new SessionWindowedSerde<T>(innerSerde(type)),
  TimeWindowedSerde,
  SessionWindowedSerde,
} as const;
