import type { Serde } from '../serialization/serde.js';
import { validateMillis } from './windows/duration.js';
import { validateName } from './named.js';

/** Kafka's `ValueJoiner`: the joined value from a value of this side and one of the other (null when missing). */
export type ValueJoiner<V1, V2, VR> = (value1: V1, value2: V2) => VR;

/** Kafka's `ValueJoinerWithKey`: like {@link ValueJoiner}, also given the (read-only) join key. */
export type ValueJoinerWithKey<K, V1, V2, VR> = (readOnlyKey: K, value1: V1, value2: V2) => VR;

interface JoinedFields<K, V, VO> {
  readonly name: string | undefined;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  readonly otherValueSerde: Serde<VO> | undefined;
  readonly gracePeriodMs: number | undefined;
}

/**
 * Options of a stream-table join (Kafka's `Joined`): the serdes of the key, of the stream's values and of the
 * table's values (used when the stream must be repartitioned first), a name for the processor and the
 * repartition topic, and a grace period - a buffer that lets late stream records find the table version of
 * their time when the table is versioned. Immutable: every `with*` returns a new instance.
 *
 * @example
 * ```ts
 * views.join(users, (view, user) => ({ ...view, region: user.region }), Joined.with(Serdes.String(), viewSerde, userSerde));
 * ```
 */
export class Joined<K, V, VO> implements JoinedFields<K, V, VO> {
  readonly name: string | undefined;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  readonly otherValueSerde: Serde<VO> | undefined;
  readonly gracePeriodMs: number | undefined;

  private constructor(fields: Partial<JoinedFields<K, V, VO>>) {
    this.name = fields.name;
    this.keySerde = fields.keySerde;
    this.valueSerde = fields.valueSerde;
    this.otherValueSerde = fields.otherValueSerde;
    this.gracePeriodMs = fields.gracePeriodMs;
  }

  /** Serdes, optionally a name and a grace period (Kafka's `Joined.with`). */
  static with<K, V, VO>(
    keySerde: Serde<K> | undefined,
    valueSerde: Serde<V> | undefined,
    otherValueSerde: Serde<VO> | undefined,
    name?: string,
    gracePeriodMs?: number,
  ): Joined<K, V, VO> {
    return new Joined<K, V, VO>({
      keySerde,
      valueSerde,
      otherValueSerde,
      name: name === undefined ? undefined : validateName(name),
      gracePeriodMs: gracePeriodMs === undefined ? undefined : validateMillis(gracePeriodMs, 'gracePeriod'),
    });
  }

  /** Only the key serde (Kafka's `Joined.keySerde`). */
  static keySerde<K, V, VO>(keySerde: Serde<K>): Joined<K, V, VO> {
    return new Joined<K, V, VO>({ keySerde });
  }

  /** Only the stream's value serde (Kafka's `Joined.valueSerde`). */
  static valueSerde<K, V, VO>(valueSerde: Serde<V>): Joined<K, V, VO> {
    return new Joined<K, V, VO>({ valueSerde });
  }

  /** Only the table's value serde (Kafka's `Joined.otherValueSerde`). */
  static otherValueSerde<K, V, VO>(otherValueSerde: Serde<VO>): Joined<K, V, VO> {
    return new Joined<K, V, VO>({ otherValueSerde });
  }

  /** Only the name (Kafka's `Joined.as`). */
  static as<K, V, VO>(name: string): Joined<K, V, VO> {
    return new Joined<K, V, VO>({ name: validateName(name) });
  }

  withKeySerde(keySerde: Serde<K>): Joined<K, V, VO> {
    return new Joined<K, V, VO>({ ...this.#fields(), keySerde });
  }

  withValueSerde(valueSerde: Serde<V>): Joined<K, V, VO> {
    return new Joined<K, V, VO>({ ...this.#fields(), valueSerde });
  }

  withOtherValueSerde(otherValueSerde: Serde<VO>): Joined<K, V, VO> {
    return new Joined<K, V, VO>({ ...this.#fields(), otherValueSerde });
  }

  withName(name: string): Joined<K, V, VO> {
    return new Joined<K, V, VO>({ ...this.#fields(), name: validateName(name) });
  }

  /**
   * Buffers stream records for `gracePeriodMs` so late ones join the table version of their timestamp (Kafka's
   * `withGracePeriod`); the table must be versioned.
   */
  withGracePeriod(gracePeriodMs: number): Joined<K, V, VO> {
    return new Joined<K, V, VO>({ ...this.#fields(), gracePeriodMs: validateMillis(gracePeriodMs, 'gracePeriod') });
  }

  #fields(): JoinedFields<K, V, VO> {
    return { name: this.name, keySerde: this.keySerde, valueSerde: this.valueSerde, otherValueSerde: this.otherValueSerde, gracePeriodMs: this.gracePeriodMs };
  }
}
