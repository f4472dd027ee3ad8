import type { Headers } from '../../common/headers.js';
import type { Windowed } from '../../kstream/windowed.js';
import type { Serializer } from '../serde.js';
import { innerMissing, resolveInner, WINDOWED_INNER_SERIALIZER_CLASS } from './inner-config.js';

/**
 * A serializer of windowed keys that can also serialize the plain key (Kafka's `WindowedSerializer`): the
 * windowed partitioner partitions by the plain key's bytes, so all windows of a key share a partition.
 */
export interface WindowedSerializer<T> extends Serializer<Windowed<T>> {
  /** The inner serializer's bytes of the key alone. */
  serializeBaseKey(topic: string, data: Windowed<T>, headers?: Headers): Buffer | null;
}

/**
 * What the time- and session-windowed serializers share: the inner key serializer (given, or configured from
 * `windowed.inner.serializer.class`), null handling and the plain key. Subclasses write the window.
 */
export abstract class InnerWindowedSerializer<T> implements WindowedSerializer<T> {
  private inner: Serializer<T> | undefined;

  /** Without `inner`, `configure` must supply it from the configs. */
  constructor(inner?: Serializer<T>) {
    this.inner = inner;
  }

  configure(configs: Readonly<Record<string, unknown>>, _isKey: boolean): void {
    this.inner = resolveInner(this.inner, configs, WINDOWED_INNER_SERIALIZER_CLASS, 'serializer', (s) => s.serializer() as Serializer<T>);
  }

  serialize(topic: string, data: Windowed<T> | null, headers?: Headers): Buffer | null {
    const inner = this.requireInner();
    if (data === null || data === undefined) return null;
    return this.encode(data, inner, topic, headers);
  }

  serializeBaseKey(topic: string, data: Windowed<T>, headers?: Headers): Buffer | null {
    return this.requireInner().serialize(topic, data.key(), headers);
  }

  close(): void {
    this.inner?.close?.();
  }

  /** The windowed key's bytes: the inner key's, then the window as the subclass's layout has it. */
  protected abstract encode(data: Windowed<T>, inner: Serializer<T>, topic: string, headers: Headers | undefined): Buffer | null;

  private requireInner(): Serializer<T> {
    if (this.inner === undefined) throw innerMissing('serializer', this.constructor.name);
    return this.inner;
  }
}
