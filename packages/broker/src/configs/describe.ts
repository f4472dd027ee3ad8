import { CONFIG_TABLE, InvalidConfigError, logConfigToProps, parseLogConfig } from '@tributary/storage';
import type { BrokerServices } from '../api/types.js';
import { brokerConfigDef } from '../config/broker-config-keys.js';
import { topicNameProblem } from '../metadata/topic-names.js';
import { brokerSynonymNames, BrokerConfigLayers } from './broker-values.js';
import { ConfigSource, describedTypeId, type DescribedConfig, type DescribedResource } from './config-ids.js';
import { brokerLogDefaults, DYNAMIC_BROKER_CONFIGS } from './dynamic-broker-configs.js';
import { TOPIC_CONFIG_DOCS } from './topic-config-docs.js';

/** `configurationKeys` of a request: null or empty asks for every config (Kafka's `createResponseConfig`). */
function wanted(keys: readonly string[] | null): (name: string) => boolean {
  if (keys === null || keys.length === 0) return () => true;
  const set = new Set(keys);
  return (name) => set.has(name);
}

/**
 * Every config of a topic as Kafka's `ConfigHelper.createTopicConfigEntry` reports it: the value in force
 * (the topic's override, else the broker's default for topics), its source, and its synonyms — the topic
 * override first, then the broker settings that supply the default (dynamic per-broker, dynamic cluster
 * default, `server.properties`, built-in default). Defaults are listed too, with source DEFAULT_CONFIG or
 * the broker layer that set them.
 */
export function describeTopic(broker: BrokerServices, name: string, keys: readonly string[] | null): DescribedResource {
  const problem = topicNameProblem(name);
  if (problem) return { ok: false, error: 'INVALID_TOPIC_EXCEPTION', message: problem };
  const topic = broker.image.topic(name);
  // Kafka answers an unknown topic with the error code alone.
  if (!topic) return { ok: false, error: 'UNKNOWN_TOPIC_OR_PARTITION', message: null };
  const layers = new BrokerConfigLayers(broker.config, broker.image, broker.nodeId);
  let values: Record<string, string>;
  try {
    values = logConfigToProps(parseLogConfig(Object.fromEntries(topic.configs), brokerLogDefaults(broker.config, broker.image, layers)));
  } catch (e) {
    if (e instanceof InvalidConfigError) return { ok: false, error: 'INVALID_CONFIG', message: e.message };
    throw e;
  }
  const include = wanted(keys);
  const configs: DescribedConfig[] = [];
  for (const row of CONFIG_TABLE) {
    if (!include(row.name)) continue;
    const value = values[row.name] ?? null;
    const primary = row.brokerSynonyms[0];
    const synonyms = primary === undefined ? [] : layers.synonyms(primary, brokerSynonymNames(primary));
    if (topic.configs.has(row.name)) synonyms.unshift({ name: row.name, value, source: ConfigSource.TOPIC_CONFIG });
    configs.push({
      name: row.name,
      value,
      source: synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG,
      readOnly: false,
      sensitive: false,
      synonyms,
      type: describedTypeId(row.type),
      documentation: TOPIC_CONFIG_DOCS[row.name] ?? null,
    });
  }
  return { ok: true, configs };
}

/** Kafka's `resourceNameToBrokerId`: the broker id a resource name stands for, or an INVALID_REQUEST message. */
export function parseBrokerId(name: string, label = 'Broker id'): number | string {
  // Java's Integer.parseInt: an optional sign and digits, nothing else (no spaces).
  const n = /^[+-]?\d+$/.test(name) ? Number(name) : NaN;
  if (!Number.isSafeInteger(n) || n < -2147483648 || n > 2147483647) return `${label} must be an integer, but it is: ${name}`;
  return n;
}

/**
 * The broker's configs (Kafka's `createBrokerConfigEntry`). `resourceName` '' describes only the dynamic
 * cluster defaults that are set; this broker's id describes every key with the value in force. Another id
 * is INVALID_REQUEST, as in Kafka.
 */
export function describeBroker(broker: BrokerServices, resourceName: string, keys: readonly string[] | null): DescribedResource {
  const perBroker = resourceName !== '';
  if (perBroker) {
    const id = parseBrokerId(resourceName);
    if (typeof id === 'string') return { ok: false, error: 'INVALID_REQUEST', message: id };
    if (id !== broker.nodeId) {
      return { ok: false, error: 'INVALID_REQUEST', message: `Unexpected broker id, expected ${broker.nodeId} or empty string, but received ${resourceName}` };
    }
  }
  const layers = new BrokerConfigLayers(broker.config, broker.image, broker.nodeId);
  const include = wanted(keys);
  const names = perBroker ? brokerConfigDef.names() : [...layers.clusterDefault.keys()].sort();
  const configs: DescribedConfig[] = [];
  for (const name of names) {
    if (!include(name)) continue;
    const key = brokerConfigDef.get(name);
    let synonyms = layers.synonyms(name, brokerSynonymNames(name));
    // The cluster-default resource reports only its own layer.
    if (!perBroker) synonyms = synonyms.filter((s) => s.source === ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
    const value = perBroker ? layers.effectiveValue(name) : (layers.clusterDefault.get(name) ?? null);
    const sensitive = key?.type === 'password';
    configs.push({
      name,
      value: sensitive ? null : value,
      source: synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG,
      readOnly: !DYNAMIC_BROKER_CONFIGS.has(name),
      sensitive,
      synonyms: sensitive ? synonyms.map((s) => ({ ...s, value: null })) : synonyms,
      type: describedTypeId(key?.type ?? 'unknown'),
      documentation: key?.doc ?? null,
    });
  }
  return { ok: true, configs };
}

/**
 * Broker loggers (resource type 8): Tributary has no log4j loggers to list, so a valid request for this
 * broker answers an empty list; the resource-name checks are Kafka's.
 */
export function describeBrokerLoggers(broker: BrokerServices, resourceName: string): DescribedResource {
  if (resourceName === '') return { ok: false, error: 'INVALID_REQUEST', message: 'Broker id must not be empty' };
  const id = parseBrokerId(resourceName);
  if (typeof id === 'string') return { ok: false, error: 'INVALID_REQUEST', message: id };
  if (id !== broker.nodeId) return { ok: false, error: 'INVALID_REQUEST', message: `Unexpected broker id, expected ${broker.nodeId} but received ${resourceName}` };
  return { ok: true, configs: [] };
}
