import { javaString } from './processors/print.js';

/**
 * One update of a table row as KTable operators forward it (Kafka's internal `Change<T>`): the new value and,
 * when a downstream operator asked for old values, the previous one. `null` is Java's null: a delete, or an old
 * value that is absent or was not asked for.
 */
export class Change<T> {
  constructor(
    readonly newValue: T | null,
    readonly oldValue: T | null,
    /** False only for an out-of-order update of a versioned store (Kafka's `isLatest`); always true here. */
    readonly isLatest: boolean = true,
  ) {}

  equals(other: unknown): boolean {
    return other instanceof Change && other.newValue === this.newValue && other.oldValue === this.oldValue;
  }

  /** Kafka's `(new<-old)`. */
  toString(): string {
    return `(${javaString(this.newValue)}<-${javaString(this.oldValue)})`;
  }
}

