/**
 * A value with the timestamp of its last update (Kafka's `ValueAndTimestamp`): what timestamped key-value stores
 * hold and what KTables are materialized as.
 */
export class ValueAndTimestamp<V> {
  private constructor(
    readonly valueField: V,
    readonly timestampField: number,
  ) {}

  /** `null` when `value` is null (Kafka's `make`): a store never holds a timestamped null. */
  static make<V>(value: V | null, timestamp: number): ValueAndTimestamp<V> | null {
    return value === null ? null : new ValueAndTimestamp(value, timestamp);
  }

  /** Like `make` but never null; the value may be null (Kafka's `makeAllowNullable`). */
  static makeAllowNullable<V>(value: V, timestamp: number): ValueAndTimestamp<V> {
    return new ValueAndTimestamp(value, timestamp);
  }

  /** The value of `vat`, or null when `vat` is null (Kafka's `getValueOrNull`). */
  static getValueOrNull<V>(vat: ValueAndTimestamp<V> | null | undefined): V | null {
    return vat == null ? null : vat.valueField;
  }

  value(): V {
    return this.valueField;
  }

  timestamp(): number {
    return this.timestampField;
  }

  equals(other: unknown): boolean {
    return other instanceof ValueAndTimestamp && other.timestampField === this.timestampField && other.valueField === this.valueField;
  }

  toString(): string {
    return `<${String(this.valueField)},${this.timestampField}>`;
  }
}
