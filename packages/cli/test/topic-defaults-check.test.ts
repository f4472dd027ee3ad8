import { describe, expect, it } from 'vitest';
import { BrokerConfig, ConfigError } from '@tributary/broker';
import { checkTopicDefaults } from '../src/tools/topic-defaults-check.js';

function config(extra: Record<string, string>): BrokerConfig {
  return new BrokerConfig({ 'node.id': '1', 'log.dirs': '/nonexistent/tributary', ...extra });
}

function failure(extra: Record<string, string>): ConfigError {
  try {
    checkTopicDefaults(config(extra));
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error(`no error for ${JSON.stringify(extra)}`);
}

describe('checkTopicDefaults (server-start pre-flight)', () => {
  it('accepts the defaults and ordinary log settings', () => {
    expect(() => checkTopicDefaults(config({}))).not.toThrow();
    expect(() => checkTopicDefaults(config({ 'log.retention.ms': '-1', 'log.segment.bytes': '1048576', 'compression.type': 'zstd' }))).not.toThrow();
  });

  it('names the broker key whose derived topic default the storage rules refuse', () => {
    expect(failure({ 'log.roll.ms': '0' })).toMatchObject({ code: 'CONFIG_INVALID', key: 'log.roll.ms' });
    expect(failure({ 'log.flush.interval.ms': '-1' })).toMatchObject({ key: 'log.flush.interval.ms' });
    expect(failure({ 'log.retention.ms': '-5' })).toMatchObject({ key: 'log.retention.ms' });
    // BrokerConfig accepts values of a fixed set in any case; the topic rules want Kafka's spelling.
    expect(failure({ 'compression.type': 'GZIP' })).toMatchObject({ key: 'compression.type' });
  });

  it('names the synonym the user supplied', () => {
    expect(failure({ 'log.roll.hours': '1', 'log.roll.ms': '0' }).key).toBe('log.roll.ms');
  });
});
