import type { KeyValueMapper } from './functions.js';
import { validateName } from './named.js';

interface PrintedFields<K, V> {
  readonly target: { readonly kind: 'stdout' } | { readonly kind: 'file'; readonly path: string };
  readonly label: string | undefined;
  readonly mapper: KeyValueMapper<K, V, string> | undefined;
  readonly processorName: string | undefined;
}

/**
 * Where and how `print()` writes (Kafka's `Printed`): `[label]: key, value` per record, the label defaulting to
 * the name of the printed stream's processor. Immutable.
 *
 * @example
 * ```ts
 * stream.print(Printed.toSysOut<string, number>().withLabel('counts'));  // [counts]: hello, 3
 * ```
 */
export class Printed<K, V> implements PrintedFields<K, V> {
  readonly target: PrintedFields<K, V>['target'];
  readonly label: string | undefined;
  readonly mapper: KeyValueMapper<K, V, string> | undefined;
  readonly processorName: string | undefined;

  private constructor(fields: PrintedFields<K, V>) {
    this.target = fields.target;
    this.label = fields.label;
    this.mapper = fields.mapper;
    this.processorName = fields.processorName;
  }

  /** Prints to standard output. */
  static toSysOut<K, V>(): Printed<K, V> {
    return new Printed<K, V>({ target: { kind: 'stdout' }, label: undefined, mapper: undefined, processorName: undefined });
  }

  /** Prints to a file (created or truncated when the task starts). */
  static toFile<K, V>(filePath: string): Printed<K, V> {
    return new Printed<K, V>({ target: { kind: 'file', path: filePath }, label: undefined, mapper: undefined, processorName: undefined });
  }

  withLabel(label: string): Printed<K, V> {
    return new Printed<K, V>({ ...this.#fields(), label });
  }

  /** Replaces the default `key, value` text. */
  withKeyValueMapper(mapper: KeyValueMapper<K, V, string>): Printed<K, V> {
    return new Printed<K, V>({ ...this.#fields(), mapper });
  }

  withName(processorName: string): Printed<K, V> {
    return new Printed<K, V>({ ...this.#fields(), processorName: validateName(processorName) });
  }

  #fields(): PrintedFields<K, V> {
    return { target: this.target, label: this.label, mapper: this.mapper, processorName: this.processorName };
  }
}
