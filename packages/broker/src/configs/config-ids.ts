/**
 * The small wire enums of the config APIs (DescribeConfigs, AlterConfigs, IncrementalAlterConfigs), with
 * Kafka's numbers: where a described value comes from, its data type, the resource kinds and the
 * incremental operations.
 */

/** Kafka's `DescribeConfigsResponse.ConfigSource`: where a described value (or synonym) comes from. */
export const ConfigSource = {
  UNKNOWN: 0,
  /** A topic-level override (Kafka calls it DYNAMIC_TOPIC_CONFIG in the admin client). */
  TOPIC_CONFIG: 1,
  /** A dynamic override for this one broker (`resourceName` = its id). */
  DYNAMIC_BROKER_CONFIG: 2,
  /** A dynamic cluster-wide default (`resourceName` = ''). */
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  /** Set in `server.properties` (or the in-process config object). */
  STATIC_BROKER_CONFIG: 4,
  /** Nobody set it: the built-in default. */
  DEFAULT_CONFIG: 5,
  DYNAMIC_BROKER_LOGGER_CONFIG: 6,
} as const;

/** Kafka's `DescribeConfigsResponse.ConfigType` (DescribeConfigs v3+ `configType`). */
export const DescribedConfigType = {
  UNKNOWN: 0,
  BOOLEAN: 1,
  STRING: 2,
  INT: 3,
  SHORT: 4,
  LONG: 5,
  DOUBLE: 6,
  LIST: 7,
  CLASS: 8,
  PASSWORD: 9,
} as const;

/** Kafka's `ConfigResource.Type` ids. */
export const ConfigResourceType = {
  UNKNOWN: 0,
  ANY: 1,
  TOPIC: 2,
  BROKER: 4,
  BROKER_LOGGER: 8,
  CLIENT_METRICS: 16,
  GROUP: 32,
} as const;

/** Kafka's `AlterConfigOp.OpType` ids (IncrementalAlterConfigs `configOperation`). */
export const AlterConfigOp = {
  SET: 0,
  DELETE: 1,
  APPEND: 2,
  SUBTRACT: 3,
} as const;

/** The DescribeConfigs `configType` id of a config-definition type name (`int`, `long`, `list`, ...). */
export function describedTypeId(type: string): number {
  switch (type) {
    case 'boolean':
      return DescribedConfigType.BOOLEAN;
    case 'string':
      return DescribedConfigType.STRING;
    case 'int':
      return DescribedConfigType.INT;
    case 'short':
      return DescribedConfigType.SHORT;
    case 'long':
      return DescribedConfigType.LONG;
    case 'double':
      return DescribedConfigType.DOUBLE;
    case 'list':
      return DescribedConfigType.LIST;
    case 'class':
      return DescribedConfigType.CLASS;
    case 'password':
      return DescribedConfigType.PASSWORD;
    default:
      return DescribedConfigType.UNKNOWN;
  }
}

/** One config as DescribeConfigs reports it, before the version-specific fields are chosen. */
export interface DescribedConfig {
  readonly name: string;
  readonly value: string | null;
  readonly source: number;
  readonly readOnly: boolean;
  readonly sensitive: boolean;
  /** Every place the value could come from, highest precedence first (the first one is `source`). */
  readonly synonyms: readonly ConfigSynonym[];
  /** A {@link DescribedConfigType} id. */
  readonly type: number;
  readonly documentation: string | null;
}

/** One synonym of a described config: a name, the value it holds there, and its {@link ConfigSource}. */
export interface ConfigSynonym {
  readonly name: string;
  readonly value: string | null;
  readonly source: number;
}

/** What describing one resource gave: its configs, or a Kafka error name and message. */
export type DescribedResource =
  | { readonly ok: true; readonly configs: readonly DescribedConfig[] }
  | { readonly ok: false; readonly error: string; readonly message: string | null };
