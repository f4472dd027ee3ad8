import { CONFIG_TABLE, SYNONYM_UNIT_MS } from './config-table.js';
import { DEFAULT_LOG_CONFIG, parseLogConfig, type LogConfig } from './log-config.js';

/**
 * Builds the default topic config from broker properties (`server.properties` names such as
 * `log.retention.hours`, `log.segment.bytes`, `message.max.bytes`), as Kafka derives each topic config from
 * its broker synonym. Of several synonyms the finest unit wins (`log.retention.ms` over `.minutes` over
 * `.hours`), as in Kafka. Properties that are not log synonyms are ignored.
 */
export function logConfigFromBrokerProps(brokerProps: Readonly<Record<string, string>>): LogConfig {
  const topicProps: Record<string, string> = {};
  for (const row of CONFIG_TABLE) {
    for (const synonym of row.brokerSynonyms) {
      const raw = brokerProps[synonym];
      if (raw === undefined) continue;
      const unit = SYNONYM_UNIT_MS[synonym];
      topicProps[row.name] = unit === undefined ? raw : scaleUnit(raw, unit);
      break;
    }
  }
  return parseLogConfig(topicProps, DEFAULT_LOG_CONFIG);
}

function scaleUnit(raw: string, unitMs: number): string {
  const s = raw.trim();
  if (!/^-?\d+$/.test(s)) return raw; // let the parser report it
  const n = Number(s);
  // Kafka turns any negative value given in a coarser unit into -1 ("forever").
  return n < 0 ? '-1' : String(n * unitMs);
}
