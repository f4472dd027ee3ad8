/**
 * `@tributary/broker`: a Kafka-protocol broker over `@tributary/storage`, reached over TCP by unmodified
 * Kafka clients, or in-process with no port.
 *
 * @packageDocumentation
 */
export { BrokerConfig, type BrokerConfigInput, type Endpoint } from './config/broker-config.js';
export { brokerConfigDef } from './config/broker-config-keys.js';
export { ConfigDef, type ConfigKey, type ConfigType, type ConfigValue } from './config/config-def.js';
export { ConfigError, parseProperties } from './config/properties.js';
export { Broker, type BrokerStartOptions } from './broker.js';
export type { RequestContext } from './api/types.js';
