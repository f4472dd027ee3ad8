import type { KStream } from './kstream.js';

/**
 * One branch of `split()` (Kafka's `Branched`): its name (appended to the split's name) and what to do with the
 * branch stream - a function whose result lands in the returned map, or a consumer. Immutable.
 *
 * @example
 * ```ts
 * const branches = stream.split(Named.as('Branch-'))
 *   .branch((k, v) => v > 0, Branched.as('positive'))
 *   .defaultBranch(Branched.withConsumer((s) => s.to('rest')));
 * branches.get('Branch-positive');
 * ```
 */
export class Branched<K, V> {
  private constructor(
    readonly name: string | undefined,
    readonly chainFunction: ((stream: KStream<K, V>) => KStream<K, V> | null | undefined) | undefined,
    readonly chainConsumer: ((stream: KStream<K, V>) => void) | undefined,
  ) {}

  static as<K, V>(name: string): Branched<K, V> {
    return new Branched<K, V>(name, undefined, undefined);
  }

  /** The branch stream goes through `chain`; its result (if any) is put in the returned map. */
  static withFunction<K, V>(chain: (stream: KStream<K, V>) => KStream<K, V> | null | undefined, name?: string): Branched<K, V> {
    return new Branched<K, V>(name, chain, undefined);
  }

  /** The branch stream goes to `chain`; nothing is put in the returned map. */
  static withConsumer<K, V>(chain: (stream: KStream<K, V>) => void, name?: string): Branched<K, V> {
    return new Branched<K, V>(name, undefined, chain);
  }

  withName(name: string): Branched<K, V> {
    return new Branched<K, V>(name, this.chainFunction, this.chainConsumer);
  }
}
