import { brokerConfigDef } from '../config/broker-config-keys.js';
import type { BrokerConfig } from '../config/broker-config.js';
import { LONG_MAX, type ConfigKey, type ConfigValue } from '../config/config-def.js';
import type { MetadataImage } from '../metadata/image.js';
import { ConfigSource, type ConfigSynonym } from './config-ids.js';

/** Kafka's `Long.MAX_VALUE` as Kafka prints it; our configs hold it as the largest safe integer. */
export const KAFKA_LONG_MAX_STRING = '9223372036854775807';

/**
 * Broker-level defaults of topic-config synonyms that our broker configuration does not define (Kafka 3.9's
 * `KafkaConfig` defaults). DescribeConfigs needs them to report a topic config's DEFAULT_CONFIG synonym.
 */
const KAFKA_ONLY_DEFAULTS: Readonly<Record<string, string>> = {
  'compression.gzip.level': '-1',
  'compression.lz4.level': '9',
  'compression.zstd.level': '3',
  'log.local.retention.bytes': '-2',
  'log.local.retention.ms': '-2',
  'log.message.format.version': '3.0-IV1',
  'log.message.timestamp.after.max.ms': KAFKA_LONG_MAX_STRING,
  'log.message.timestamp.before.max.ms': KAFKA_LONG_MAX_STRING,
  'log.message.timestamp.difference.max.ms': KAFKA_LONG_MAX_STRING,
  'log.roll.jitter.hours': '0',
};

/**
 * The broker keys that hold one setting in different units, highest precedence first (Kafka's
 * `DynamicBrokerConfig.brokerConfigSynonyms`); any other key is its own only synonym.
 */
export function brokerSynonymNames(name: string): readonly string[] {
  switch (name) {
    case 'log.roll.ms':
    case 'log.roll.hours':
      return ['log.roll.ms', 'log.roll.hours'];
    case 'log.roll.jitter.ms':
    case 'log.roll.jitter.hours':
      return ['log.roll.jitter.ms', 'log.roll.jitter.hours'];
    case 'log.flush.interval.ms':
      // Kafka falls back on the flush scheduler interval when log.flush.interval.ms is unset.
      return ['log.flush.interval.ms', 'log.flush.scheduler.interval.ms'];
    case 'log.retention.ms':
    case 'log.retention.minutes':
    case 'log.retention.hours':
      return ['log.retention.ms', 'log.retention.minutes', 'log.retention.hours'];
    default:
      return [name];
  }
}

/** A parsed broker value as Kafka prints it: lists comma-joined, `Long.MAX_VALUE` in full, doubles as Java does. */
export function formatBrokerValue(key: ConfigKey, value: ConfigValue): string | null {
  if (value === null) return null;
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'number') {
    if (key.type === 'long' && value >= LONG_MAX) return KAFKA_LONG_MAX_STRING;
    if (key.type === 'double' && Number.isInteger(value)) return `${value}.0`;
  }
  return String(value);
}

/** The built-in default of a broker key as Kafka prints it, or null when it has none. */
export function brokerDefault(name: string): string | null {
  const key = brokerConfigDef.get(name);
  if (key) return key.default === undefined ? null : formatBrokerValue(key, key.default);
  return KAFKA_ONLY_DEFAULTS[name] ?? null;
}

/**
 * Every layer a broker setting can come from, in Kafka's precedence: a dynamic per-broker override, a
 * dynamic cluster default, `server.properties`, the built-in default. Built per request from the broker's
 * static config and the metadata image (dynamic overrides live there, so they survive restarts).
 */
export class BrokerConfigLayers {
  readonly perBroker: ReadonlyMap<string, string>;
  readonly clusterDefault: ReadonlyMap<string, string>;

  constructor(
    private readonly config: BrokerConfig,
    image: MetadataImage,
    nodeId: number,
    overrides: { perBroker?: ReadonlyMap<string, string>; clusterDefault?: ReadonlyMap<string, string> } = {},
  ) {
    this.perBroker = overrides.perBroker ?? image.brokerConfigs.get(String(nodeId)) ?? new Map();
    this.clusterDefault = overrides.clusterDefault ?? image.brokerConfigs.get('') ?? new Map();
  }

  /** The value `server.properties` gave `name`, or undefined. */
  staticValue(name: string): string | undefined {
    if (!this.config.supplied.has(name)) return undefined;
    const key = brokerConfigDef.get(name);
    return key ? (formatBrokerValue(key, this.config.get(name)) ?? undefined) : undefined;
  }

  /** The value in force for `name` on this broker (null if no layer sets it). */
  effectiveValue(name: string): string | null {
    return this.perBroker.get(name) ?? this.clusterDefault.get(name) ?? this.staticValue(name) ?? brokerDefault(name);
  }

  /**
   * The synonyms of broker setting `name` (Kafka's `ConfigHelper.configSynonyms`): for each layer in
   * precedence order, each of `names` that the layer sets; then everything before the first entry for
   * `name` itself is dropped, so a value set only through a coarser unit (`log.retention.hours`) is not
   * reported as a synonym of the finer one (`log.retention.ms`) — Kafka's behaviour.
   */
  synonyms(name: string, names: readonly string[]): ConfigSynonym[] {
    const out: ConfigSynonym[] = [];
    const layers: Array<[number, (n: string) => string | null | undefined]> = [
      [ConfigSource.DYNAMIC_BROKER_CONFIG, (n) => this.perBroker.get(n)],
      [ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, (n) => this.clusterDefault.get(n)],
      [ConfigSource.STATIC_BROKER_CONFIG, (n) => this.staticValue(n)],
      [ConfigSource.DEFAULT_CONFIG, (n) => brokerDefault(n)],
    ];
    for (const [source, lookup] of layers) {
      for (const n of names) {
        const value = lookup(n);
        if (value !== undefined && value !== null) out.push({ name: n, value, source });
      }
    }
    const first = out.findIndex((s) => s.name === name);
    return first < 0 ? [] : out.slice(first);
  }

  /**
   * The broker properties that shape topic defaults: what `server.properties` set, overlaid by the dynamic
   * cluster defaults and then this broker's dynamic overrides.
   */
  logProperties(): Record<string, string> {
    const props: Record<string, string> = {};
    for (const k of this.config.supplied) {
      const v = this.staticValue(k);
      if (v !== undefined) props[k] = v;
    }
    for (const [k, v] of this.clusterDefault) props[k] = v;
    for (const [k, v] of this.perBroker) props[k] = v;
    return props;
  }
}
