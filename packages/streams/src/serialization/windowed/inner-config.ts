import { IllegalArgumentException, IllegalStateException } from '../../common/errors.js';
import type { Serde } from '../serde.js';

// The windowed serializers and deserializers may get their inner serde from configs, as Kafka's do for console
// tools (KIP-1019 names; the older windowed.inner.class.serde still works). Java configs name a Serde class;
// here the value is a Serde, a function returning one (such as `Serdes.String`), or a Serde class.

/** Config of the inner serializer of windowed serializers (Kafka's `WINDOWED_INNER_SERIALIZER_CLASS`). */
export const WINDOWED_INNER_SERIALIZER_CLASS = 'windowed.inner.serializer.class';
/** Config of the inner deserializer of windowed deserializers (Kafka's `WINDOWED_INNER_DESERIALIZER_CLASS`). */
export const WINDOWED_INNER_DESERIALIZER_CLASS = 'windowed.inner.deserializer.class';
/** The deprecated config of both (Kafka's `StreamsConfig.WINDOWED_INNER_CLASS_SERDE`). */
export const WINDOWED_INNER_CLASS_SERDE = 'windowed.inner.class.serde';

function isSerde(value: unknown): value is Serde<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Serde<unknown>).serializer === 'function' && typeof (value as Serde<unknown>).deserializer === 'function';
}

function toSerde(key: string, value: unknown): Serde<unknown> {
  if (isSerde(value)) return value;
  if (typeof value === 'function') {
    // A class has a prototype with its methods; a factory function (arrow or Serdes.X) is called.
    const made: unknown = isSerde((value as { prototype?: unknown }).prototype)
      ? new (value as new () => unknown)()
      : (value as () => unknown)();
    if (isSerde(made)) return made;
  }
  throw new IllegalArgumentException(`Invalid value ${String(value)} for configuration ${key}: Serde class ${String(value)} could not be found.`);
}

/** The configured inner serde and the config key it came from, or null when neither config is set. */
export function configuredInnerSerde(configs: Readonly<Record<string, unknown>>, key: string): { serde: Serde<unknown>; from: string } | null {
  const value = configs[key];
  if (value !== undefined && value !== null) return { serde: toSerde(key, value), from: key };
  const deprecated = configs[WINDOWED_INNER_CLASS_SERDE];
  if (deprecated !== undefined && deprecated !== null) return { serde: toSerde(WINDOWED_INNER_CLASS_SERDE, deprecated), from: WINDOWED_INNER_CLASS_SERDE };
  return null;
}

/** The class name Kafka compares and prints; plain objects all read `Object`. */
export function className(value: object): string {
  return value.constructor.name;
}

/** Kafka's `verifyInnerSerializerNotNull`/`verifyInnerDeserializerNotNull` for a wrapper built without an inner one. */
export function innerMissing(role: 'serializer' | 'deserializer', wrapper: string): IllegalStateException {
  const type = role === 'serializer' ? 'Serializer' : 'Deserializer';
  return new IllegalStateException(
    `Inner ${role} is \`null\`. User code must use constructor \`${wrapper}(final ${type}<T> inner)\` instead of the no-arg constructor.`,
  );
}

/**
 * The inner serializer or deserializer after `configure`, as Kafka decides it: the constructor's, checked against
 * the config's class when both are set; the config's when only it is set; an error when neither is.
 */
export function resolveInner<I extends object>(
  current: I | undefined,
  configs: Readonly<Record<string, unknown>>,
  key: string,
  role: 'serializer' | 'deserializer',
  pick: (serde: Serde<unknown>) => I,
): I {
  const configured = configuredInnerSerde(configs, key);
  if (current !== undefined && configured !== null) {
    const fromConfig = pick(configured.serde);
    if (className(current) !== className(fromConfig)) {
      throw new IllegalArgumentException(
        `Inner class ${role} set using constructor (${className(current)}) is different from the one set in ${configured.from} ` +
          `config (${className(fromConfig)}).`,
      );
    }
    return current;
  }
  if (current !== undefined) return current;
  if (configured === null) {
    throw new IllegalArgumentException(`Inner class ${role} should be set either via constructor or via the ${key} config`);
  }
  return pick(configured.serde);
}
