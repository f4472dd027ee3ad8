/**
 * A key and a value (Kafka's `KeyValue`), what `map`/`flatMap` return and the test driver's output topics read.
 *
 * @example
 * ```ts
 * stream.map((k, v) => KeyValue.pair(v, k));
 * ```
 */
export class KeyValue<K, V> {
  constructor(
    readonly key: K,
    readonly value: V,
  ) {}

  /** Kafka's `KeyValue.pair(key, value)`. */
  static pair<K, V>(key: K, value: V): KeyValue<K, V> {
    return new KeyValue(key, value);
  }

  toString(): string {
    return `KeyValue(${String(this.key)}, ${String(this.value)})`;
  }
}
