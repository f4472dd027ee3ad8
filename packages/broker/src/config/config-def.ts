import { ConfigError } from './properties.js';

/** Value types of Kafka's `ConfigDef`. */
export type ConfigType = 'int' | 'long' | 'double' | 'boolean' | 'string' | 'list' | 'password' | 'class';
export type ConfigValue = number | boolean | string | readonly string[] | null;

/** One configuration key, described as Kafka's `ConfigDef` describes it. */
export interface ConfigKey {
  readonly name: string;
  readonly type: ConfigType;
  /** Parsed default; `null` where Kafka has none. `undefined` means required. */
  readonly default: ConfigValue | undefined;
  readonly doc: string;
  /** Allowed range for numbers, or allowed values for strings/lists (case-sensitive, as Kafka's `ValidString`). */
  readonly min?: number;
  readonly max?: number;
  readonly oneOf?: readonly string[];
  /** The topic-level config this broker key provides the default for (Kafka's `log.retention.ms` → `retention.ms`). */
  readonly topicConfig?: string;
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
/** Java's Long.MAX_VALUE does not fit a double exactly; Kafka uses it as "unlimited". We keep the largest safe integer. */
export const LONG_MAX = Number.MAX_SAFE_INTEGER;

function parseNumber(key: ConfigKey, raw: string): number {
  const s = raw.trim();
  if (key.type === 'double') {
    const v = Number(s);
    if (s === '' || !Number.isFinite(v)) throw new ConfigError(key.name, `expected a number, got "${raw}"`);
    return v;
  }
  if (!/^[+-]?\d+$/.test(s)) throw new ConfigError(key.name, `expected an integer, got "${raw}"`);
  const big = BigInt(s);
  if (key.type === 'int' && (big < BigInt(INT_MIN) || big > BigInt(INT_MAX))) {
    throw new ConfigError(key.name, `${raw} does not fit a 32-bit int`);
  }
  if (key.type === 'long' && (big < -(1n << 63n) || big >= 1n << 63n)) throw new ConfigError(key.name, `${raw} does not fit a 64-bit long`);
  // Long.MAX_VALUE and friends mean "unlimited"; clamp to the largest safe integer.
  if (big > BigInt(LONG_MAX)) return LONG_MAX;
  if (big < -BigInt(LONG_MAX)) return -LONG_MAX;
  return Number(big);
}

/** Parses a raw string for `key`, checking type, range and allowed values. */
export function parseConfigValue(key: ConfigKey, raw: string): ConfigValue {
  let value: ConfigValue;
  switch (key.type) {
    case 'int':
    case 'long':
    case 'double':
      value = parseNumber(key, raw);
      if (key.min !== undefined && value < key.min) throw new ConfigError(key.name, `value ${raw} is below the minimum ${key.min}`);
      if (key.max !== undefined && value > key.max) throw new ConfigError(key.name, `value ${raw} is above the maximum ${key.max}`);
      return value;
    case 'boolean': {
      const s = raw.trim().toLowerCase();
      if (s !== 'true' && s !== 'false') throw new ConfigError(key.name, `expected true or false, got "${raw}"`);
      return s === 'true';
    }
    case 'list': {
      const items = raw.trim() === '' ? [] : raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (key.oneOf) {
        for (const item of items) {
          if (!key.oneOf.includes(item)) throw new ConfigError(key.name, `"${item}" is not one of ${key.oneOf.join(', ')}`);
        }
      }
      return items;
    }
    default: {
      const s = raw.trim();
      if (key.oneOf && !key.oneOf.includes(s)) {
        throw new ConfigError(key.name, `"${raw}" is not one of ${key.oneOf.join(', ')}`);
      }
      return s;
    }
  }
}

/** Renders a value the way Kafka prints it in DescribeConfigs (lists comma-joined, null as null). */
export function formatConfigValue(value: ConfigValue): string | null {
  if (value === null) return null;
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/** A set of config keys: Kafka's `ConfigDef`. */
export class ConfigDef {
  private readonly keys = new Map<string, ConfigKey>();

  define(key: ConfigKey): this {
    if (this.keys.has(key.name)) throw new Error(`config ${key.name} defined twice`);
    this.keys.set(key.name, key);
    return this;
  }

  get(name: string): ConfigKey | undefined {
    return this.keys.get(name);
  }

  names(): string[] {
    return [...this.keys.keys()].sort();
  }

  all(): ConfigKey[] {
    return this.names().map((n) => this.keys.get(n)!);
  }

  /**
   * Parses every supplied key (unknown keys and malformed values raise {@link ConfigError} naming the key)
   * and fills defaults; required keys without a value raise too.
   */
  parse(supplied: ReadonlyMap<string, string>, options: { ignoreUnknown?: readonly string[] } = {}): Map<string, ConfigValue> {
    const out = new Map<string, ConfigValue>();
    for (const [name, raw] of supplied) {
      const key = this.keys.get(name);
      if (!key) {
        if (options.ignoreUnknown?.includes(name)) continue;
        throw new ConfigError(name, 'unknown configuration key');
      }
      out.set(name, parseConfigValue(key, raw));
    }
    for (const key of this.keys.values()) {
      if (out.has(key.name)) continue;
      if (key.default === undefined) throw new ConfigError(key.name, 'missing required configuration');
      out.set(key.name, key.default);
    }
    return out;
  }
}
