import { CONFIG_TABLE, InvalidConfigError, parseLogConfig, type LogConfig } from '@tributary/storage';
import type { BrokerServices } from '../api/types.js';
import { brokerConfigDef } from '../config/broker-config-keys.js';
import { parseConfigValue } from '../config/config-def.js';
import { ConfigError } from '../config/properties.js';
import { topicNameProblem } from '../metadata/topic-names.js';
import { fail, OK, scalaSet, type AlterOutcome, type AlterPlan } from './alter-plan.js';
import { BrokerConfigLayers } from './broker-values.js';
import { parseBrokerId } from './describe.js';
import { brokerLogDefaults, DYNAMIC_BROKER_CONFIGS } from './dynamic-broker-configs.js';

const TOPIC_CONFIG_NAMES: ReadonlySet<string> = new Set(CONFIG_TABLE.map((r) => r.name));

/** Parses `next` as a topic's overrides over `defaults`; the problem as a message, or null. */
function topicConfigProblem(next: ReadonlyMap<string, string>, defaults: LogConfig): string | null {
  try {
    parseLogConfig(Object.fromEntries(next), defaults);
    return null;
  } catch (e) {
    if (e instanceof InvalidConfigError) return e.message;
    throw e;
  }
}

async function commit(broker: BrokerServices, type: 'topic' | 'broker', name: string, plan: AlterPlan): Promise<AlterOutcome> {
  const r = await broker.controller.alterConfigs(type, name, plan.changes, plan.replace);
  return r.ok ? OK : fail(r.error, r.message);
}

/**
 * Alters a topic's overrides, checked as Kafka's controller does (`ControllerConfigurationValidator`, then
 * the topic's existence): the name, every config name (INVALID_CONFIG "Unknown topic config name"), every
 * value and their combination over the broker's current topic defaults (INVALID_CONFIG). Committed through
 * the controller unless `validateOnly`; the broker then applies it to the topic's logs at once.
 */
export async function alterTopic(broker: BrokerServices, name: string, plan: AlterPlan, validateOnly: boolean): Promise<AlterOutcome> {
  if (name === '') return fail('INVALID_REQUEST', 'Default topic resources are not allowed.');
  const nameProblem = topicNameProblem(name);
  if (nameProblem) return fail('INVALID_TOPIC_EXCEPTION', nameProblem);
  const unknown = [...plan.next.keys()].find((k) => !TOPIC_CONFIG_NAMES.has(k));
  if (unknown !== undefined) return fail('INVALID_CONFIG', `Unknown topic config name: ${unknown}`);
  const problem = topicConfigProblem(plan.next, brokerLogDefaults(broker.config, broker.image));
  if (problem) return fail('INVALID_CONFIG', problem);
  if (!broker.image.topic(name)) return fail('UNKNOWN_TOPIC_OR_PARTITION', `The topic '${name}' does not exist.`);
  return validateOnly ? OK : commit(broker, 'topic', name, plan);
}

/** The INVALID_REQUEST message for dynamic broker configs we cannot take, or null. */
function brokerKeysProblem(names: readonly string[]): string | null {
  const unknown = names.filter((n) => !brokerConfigDef.get(n));
  if (unknown.length > 0) return `Unknown broker configs: ${scalaSet(unknown)}`;
  const fixed = names.filter((n) => !DYNAMIC_BROKER_CONFIGS.has(n));
  if (fixed.length > 0) return `Cannot update these configs dynamically: ${scalaSet(fixed)}`;
  return null;
}

/** The INVALID_REQUEST message if the new broker layer makes the topic defaults (or a topic's overrides) invalid. */
function brokerValuesProblem(broker: BrokerServices, perBroker: boolean, next: ReadonlyMap<string, string>): string | null {
  for (const [n, raw] of next) {
    try {
      parseConfigValue(brokerConfigDef.get(n)!, raw);
    } catch (e) {
      if (e instanceof ConfigError) return `Invalid value ${raw} for configuration ${e.message}`;
      throw e;
    }
  }
  const layers = new BrokerConfigLayers(broker.config, broker.image, broker.nodeId, perBroker ? { perBroker: next } : { clusterDefault: next });
  let defaults: LogConfig;
  try {
    defaults = brokerLogDefaults(broker.config, broker.image, layers);
  } catch (e) {
    if (e instanceof InvalidConfigError) return e.message;
    throw e;
  }
  for (const topic of broker.image.topics()) {
    const problem = topicConfigProblem(topic.configs, defaults);
    if (problem) return `the change would make the configs of topic ${topic.name} invalid: ${problem}`;
  }
  return null;
}

/**
 * Alters dynamic broker configs: `name` '' is the cluster-wide default, else it must be this broker's id
 * (Kafka's `validateResourceNameIsCurrentNodeId`). Only {@link DYNAMIC_BROKER_CONFIGS} are accepted; any
 * problem is INVALID_REQUEST, as Kafka reports failed broker-config validation. Once committed the broker
 * recomputes its topic defaults, so every log without an override follows at once.
 */
export async function alterBroker(broker: BrokerServices, name: string, plan: AlterPlan, validateOnly: boolean): Promise<AlterOutcome> {
  if (name !== '') {
    const id = parseBrokerId(name, 'Node id');
    if (typeof id === 'string') return fail('INVALID_REQUEST', id);
    if (id !== broker.nodeId) return fail('INVALID_REQUEST', `Unexpected broker id, expected ${broker.nodeId}, but received ${name}`);
  }
  const keysProblem = brokerKeysProblem([...plan.next.keys()]);
  if (keysProblem) return fail('INVALID_REQUEST', keysProblem);
  const valuesProblem = brokerValuesProblem(broker, name !== '', plan.next);
  if (valuesProblem) return fail('INVALID_REQUEST', valuesProblem);
  return validateOnly ? OK : commit(broker, 'broker', name, plan);
}
