import { readFileSync } from 'node:fs';
import { CONFIG_TABLE, parseLogConfig } from '@tributary/storage';
import { brokerConfigDef, ignoredLegacyKeys } from './broker-config-keys.js';
import { formatConfigValue, type ConfigValue } from './config-def.js';
import { ConfigError, parseProperties } from './properties.js';

/** A listener endpoint such as `PLAINTEXT://localhost:9092`. */
export interface Endpoint {
  readonly name: string;
  /** Empty string: all interfaces. */
  readonly host: string;
  readonly port: number;
  readonly securityProtocol: string;
}

/** What a broker configuration may be given as in-process: Kafka's keys with string, number or boolean values. */
export type BrokerConfigInput = Readonly<Record<string, string | number | boolean>>;

function parseEndpoints(key: string, entries: readonly string[], protocolMap: ReadonlyMap<string, string>): Endpoint[] {
  const seen = new Set<string>();
  return entries.map((entry) => {
    const m = /^([A-Za-z0-9_]+):\/\/(\[[^\]]*\]|[^:]*):(\d+)$/.exec(entry);
    if (!m) throw new ConfigError(key, `"${entry}" is not a listener of the form NAME://host:port`);
    const name = m[1]!.toUpperCase();
    const host = m[2]!.replace(/^\[|\]$/g, '');
    const port = Number(m[3]);
    if (port > 65535) throw new ConfigError(key, `port ${port} in "${entry}" is out of range`);
    if (seen.has(name)) throw new ConfigError(key, `listener name ${name} appears twice`);
    seen.add(name);
    const securityProtocol = protocolMap.get(name);
    if (securityProtocol === undefined) throw new ConfigError(key, `listener ${name} has no entry in listener.security.protocol.map`);
    if (securityProtocol !== 'PLAINTEXT') throw new ConfigError(key, `listener ${name} uses ${securityProtocol}; only PLAINTEXT is supported so far`);
    return { name, host, port, securityProtocol };
  });
}

/**
 * A validated broker configuration: Kafka's `KafkaConfig`. Every key is checked when the object is made,
 * so a bad `server.properties` fails before anything starts, with an error naming the key.
 */
export class BrokerConfig {
  private readonly values: Map<string, ConfigValue>;
  /** Keys the user supplied (as opposed to defaults), for DescribeConfigs' STATIC_BROKER_CONFIG source. */
  readonly supplied: ReadonlySet<string>;
  /** Human-readable notes about accepted-but-ignored keys. */
  readonly warnings: readonly string[];

  constructor(input: BrokerConfigInput | ReadonlyMap<string, string> = {}) {
    const raw = input instanceof Map ? new Map(input) : new Map(Object.entries(input).map(([k, v]) => [k, String(v)]));
    const warnings: string[] = [];
    for (const k of ignoredLegacyKeys) {
      if (raw.has(k)) warnings.push(`${k} is ignored: Tributary runs in KRaft mode without ZooKeeper`);
    }
    this.values = brokerConfigDef.parse(raw, { ignoreUnknown: ignoredLegacyKeys });
    this.supplied = new Set([...raw.keys()].filter((k) => !ignoredLegacyKeys.includes(k)));
    this.warnings = warnings;
    this.validate();
  }

  /** Reads a `server.properties` file and applies `--override key=value` pairs on top. */
  static fromFile(path: string, overrides: readonly string[] = []): BrokerConfig {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new ConfigError(null, `cannot read ${path}: ${(e as Error).message}`);
    }
    const props = parseProperties(text);
    for (const o of overrides) {
      const i = o.indexOf('=');
      if (i <= 0) throw new ConfigError(null, `--override expects key=value, got "${o}"`);
      props.set(o.slice(0, i).trim(), o.slice(i + 1));
    }
    return new BrokerConfig(props);
  }

  private validate(): void {
    const nodeId = this.int('node.id');
    const brokerId = this.int('broker.id');
    if (nodeId >= 0 && brokerId >= 0 && nodeId !== brokerId) {
      throw new ConfigError('broker.id', `broker.id ${brokerId} differs from node.id ${nodeId}`);
    }
    if (this.nodeId < 0) throw new ConfigError('node.id', 'must be set to a non-negative id (or broker.id)');
    if (this.logDirs.length === 0) throw new ConfigError('log.dirs', 'at least one log directory is required');
    this.listeners();
    this.advertisedListeners();
    if (this.int('group.min.session.timeout.ms') > this.int('group.max.session.timeout.ms')) {
      throw new ConfigError('group.min.session.timeout.ms', 'must not exceed group.max.session.timeout.ms');
    }
    this.validateTopicDefaults();
  }

  /**
   * The `log.*` keys become every topic's defaults; check them by the topic-config rules too (e.g.
   * `log.roll.ms=0` passes as a long but is no valid `segment.ms`), naming the broker key at fault, so a bad
   * file stops the broker before anything is written.
   */
  private validateTopicDefaults(): void {
    const defaults = this.topicDefaults();
    for (const row of CONFIG_TABLE) {
      const value = defaults[row.name];
      if (value === undefined) continue;
      try {
        parseLogConfig({ [row.name]: value });
      } catch (e) {
        const key = row.brokerSynonyms.find((s) => this.supplied.has(s)) ?? row.brokerSynonyms[0] ?? row.name;
        throw new ConfigError(key, e instanceof Error ? e.message : String(e));
      }
    }
  }

  /** The parsed value of any key (its default when not supplied). */
  get(name: string): ConfigValue {
    if (!this.values.has(name)) throw new ConfigError(name, 'unknown configuration key');
    return this.values.get(name)!;
  }

  int(name: string): number {
    const v = this.get(name);
    if (typeof v !== 'number') throw new ConfigError(name, 'is not numeric');
    return v;
  }

  bool(name: string): boolean {
    return this.get(name) === true;
  }

  string(name: string): string | null {
    const v = this.get(name);
    return v === null ? null : String(v);
  }

  list(name: string): readonly string[] {
    const v = this.get(name);
    return Array.isArray(v) ? v : [];
  }

  /** Kafka's display form of a key's value, as DescribeConfigs reports it. */
  display(name: string): string | null {
    return formatConfigValue(this.get(name));
  }

  get nodeId(): number {
    const n = this.int('node.id');
    return n >= 0 ? n : this.int('broker.id');
  }

  get logDirs(): readonly string[] {
    const dirs = this.get('log.dirs');
    return Array.isArray(dirs) ? dirs : [this.string('log.dir') ?? '/tmp/kafka-logs'];
  }

  private protocolMap(): Map<string, string> {
    const map = new Map<string, string>();
    for (const entry of this.list('listener.security.protocol.map')) {
      const [name, protocol] = entry.split(':');
      if (!name || !protocol) throw new ConfigError('listener.security.protocol.map', `"${entry}" is not NAME:PROTOCOL`);
      map.set(name.toUpperCase(), protocol.toUpperCase());
    }
    return map;
  }

  listeners(): Endpoint[] {
    return parseEndpoints('listeners', this.list('listeners'), this.protocolMap());
  }

  /** Endpoints published in Metadata: `advertised.listeners`, else `listeners` with an empty host replaced by `localhost`'s explicit address. */
  advertisedListeners(): Endpoint[] {
    const advertised = this.get('advertised.listeners');
    if (Array.isArray(advertised)) return parseEndpoints('advertised.listeners', advertised, this.protocolMap());
    return this.listeners().map((l) => ({ ...l, host: l.host === '' || l.host === '0.0.0.0' || l.host === '::' ? '127.0.0.1' : l.host }));
  }

  /** `log.retention.ms`, else minutes, else hours, as Kafka resolves them; any negative value means -1 (forever). */
  get retentionMs(): number {
    const ms = this.get('log.retention.ms');
    const min = this.get('log.retention.minutes');
    const value = typeof ms === 'number' ? ms : typeof min === 'number' ? min * 60_000 : this.int('log.retention.hours') * 3_600_000;
    return value < 0 ? -1 : value;
  }

  /** `log.roll.ms`, else `log.roll.hours`. */
  get segmentMs(): number {
    const ms = this.get('log.roll.ms');
    return typeof ms === 'number' ? ms : this.int('log.roll.hours') * 3_600_000;
  }

  /** The cluster-wide defaults of topic-level configs, from the `log.*` keys (as Kafka derives them). */
  topicDefaults(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of brokerConfigDef.all()) {
      if (!key.topicConfig) continue;
      const v = formatConfigValue(this.get(key.name));
      if (v !== null) out[key.topicConfig] = v;
    }
    out['retention.ms'] = String(this.retentionMs);
    out['segment.ms'] = String(this.segmentMs);
    return out;
  }
}
