import { CONFIG_TABLE, logConfigFromBrokerProps, type LogConfig } from '@tributary/storage';
import { brokerConfigDef } from '../config/broker-config-keys.js';
import type { BrokerConfig } from '../config/broker-config.js';
import type { MetadataImage } from '../metadata/image.js';
import { BrokerConfigLayers } from './broker-values.js';

/**
 * Broker configs that AlterConfigs / IncrementalAlterConfigs may change at run time, for the whole cluster
 * (`resourceName` '') or one broker: the broker-level defaults of topic configs (`log.retention.ms`,
 * `log.cleanup.policy`, `message.max.bytes`, ...), which Kafka also treats as dynamic (its
 * `DynamicLogConfig.ReconfigurableConfigs`: the first broker synonym of every topic config). They take
 * effect at once as the defaults of every log without a topic override. Kafka accepts a few more dynamic
 * keys (thread pools, listeners, SSL); we refuse those, since we would not act on them.
 */
export const DYNAMIC_BROKER_CONFIGS: ReadonlySet<string> = new Set(
  CONFIG_TABLE.map((row) => row.brokerSynonyms[0]).filter((name): name is string => name !== undefined && brokerConfigDef.get(name) !== undefined),
);

/**
 * The default topic config of this broker: the `log.*` settings of `server.properties`, overlaid by the
 * dynamic cluster defaults and per-broker overrides of the metadata image (or the `layers` given, to check a
 * change before committing it). Throws the storage's `InvalidConfigError` if the result is inconsistent.
 */
export function brokerLogDefaults(config: BrokerConfig, image: MetadataImage, layers?: BrokerConfigLayers): LogConfig {
  const l = layers ?? new BrokerConfigLayers(config, image, config.nodeId);
  return logConfigFromBrokerProps(l.logProperties());
}
