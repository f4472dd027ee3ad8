import type { Headers } from '../../common/headers.js';
import type { Windowed } from '../../kstream/windowed.js';
import type { Deserializer, Serializer } from '../serde.js';
import { innerMissing, resolveInner, WINDOWED_INNER_DESERIALIZER_CLASS, WINDOWED_INNER_SERIALIZER_CLASS } from './inner-config.js';
import { sessionKeyFrom, sessionTypedKeyToBinary } from './session-key-schema.js';
import { InnerWindowedSerializer } from './windowed-serializer.js';

/**
 * Writes a session-windowed key as `[inner key bytes][8-byte end][8-byte start]`, big-endian (Kafka's
 * `SessionWindowedSerializer`): the same layout as session store keys.
 */
export class SessionWindowedSerializer<T> extends InnerWindowedSerializer<T> {
  /** Kafka's `SessionWindowedSerializer.WINDOWED_INNER_SERIALIZER_CLASS`. */
  static readonly WINDOWED_INNER_SERIALIZER_CLASS = WINDOWED_INNER_SERIALIZER_CLASS;

  protected encode(data: Windowed<T>, inner: Serializer<T>, topic: string, headers: Headers | undefined): Buffer | null {
    return sessionTypedKeyToBinary(data, inner, topic, headers);
  }
}

/** Reads session-windowed keys (Kafka's `SessionWindowedDeserializer`); empty or null bytes read as null. */
export class SessionWindowedDeserializer<T> implements Deserializer<Windowed<T>> {
  /** Kafka's `SessionWindowedDeserializer.WINDOWED_INNER_DESERIALIZER_CLASS`. */
  static readonly WINDOWED_INNER_DESERIALIZER_CLASS = WINDOWED_INNER_DESERIALIZER_CLASS;
  private inner: Deserializer<T> | undefined;

  /** Without `inner`, {@link SessionWindowedDeserializer.configure} must supply it from the configs. */
  constructor(inner?: Deserializer<T>) {
    this.inner = inner;
  }

  configure(configs: Readonly<Record<string, unknown>>, _isKey: boolean): void {
    this.inner = resolveInner(this.inner, configs, WINDOWED_INNER_DESERIALIZER_CLASS, 'deserializer', (s) => s.deserializer() as Deserializer<T>);
  }

  deserialize(topic: string, data: Buffer | null, headers?: Headers): Windowed<T> {
    const inner = this.inner;
    if (inner === undefined) throw innerMissing('deserializer', 'SessionWindowedDeserializer');
    if (data === null || data.length === 0) return null as unknown as Windowed<T>;
    return sessionKeyFrom(data, inner, topic, headers);
  }

  close(): void {
    this.inner?.close?.();
  }
}
