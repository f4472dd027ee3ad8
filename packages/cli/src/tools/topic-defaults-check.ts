import { ConfigError, type BrokerConfig } from '@tributary/broker';
import { CONFIG_TABLE, parseLogConfig } from '@tributary/storage';

/**
 * Checks that the cluster-wide topic defaults the broker derives from its `log.*` keys are valid topic
 * configs, naming the broker key at fault.
 *
 * `BrokerConfig` checks each key's type and range, but a few values pass it and are refused only inside
 * `Broker.start` by the storage layer's topic-config rules (after the log dirs were formatted), e.g.
 * `log.roll.ms=0` or `log.retention.hours=-1`. Checking them here keeps server-start's promise that a bad
 * configuration stops it before anything is written. Redundant once `BrokerConfig` performs the same check.
 *
 * @throws ConfigError naming the broker key (the one the user supplied, among its synonyms).
 */
export function checkTopicDefaults(config: BrokerConfig): void {
  const defaults = config.topicDefaults();
  for (const row of CONFIG_TABLE) {
    const value = defaults[row.name];
    if (value === undefined) continue;
    try {
      parseLogConfig({ [row.name]: value });
    } catch (e) {
      const key = row.brokerSynonyms.find((s) => config.supplied.has(s)) ?? row.brokerSynonyms[0] ?? row.name;
      throw new ConfigError(key, e instanceof Error ? e.message : String(e));
    }
  }
}
