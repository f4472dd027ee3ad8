import { describe, expect, it } from 'vitest';
import { BrokerConfig, ConfigError, parseProperties } from '@tributary/broker';

describe('parseProperties', () => {
  it('reads comments, separators, continuations and escapes as Java does', () => {
    const props = parseProperties(
      ['# comment', '! also comment', 'a=1', 'b : two', 'c three', '  d=multi\\', '    line', 'e=tab\\there', 'f=\\u0041', 'a=override'].join('\n'),
    );
    expect(Object.fromEntries(props)).toEqual({ a: 'override', b: 'two', c: 'three', d: 'multiline', e: 'tab\there', f: 'A' });
  });
});

describe('BrokerConfig', () => {
  it('fills Kafka defaults', () => {
    const c = new BrokerConfig({ 'node.id': 1, 'log.dirs': '/tmp/x' });
    expect(c.int('num.partitions')).toBe(1);
    expect(c.int('message.max.bytes')).toBe(1048588);
    expect(c.int('socket.request.max.bytes')).toBe(104857600);
    expect(c.int('offsets.topic.num.partitions')).toBe(50);
    expect(c.int('group.initial.rebalance.delay.ms')).toBe(3000);
    expect(c.bool('auto.create.topics.enable')).toBe(true);
    expect(c.retentionMs).toBe(168 * 3_600_000);
    expect(c.listeners()).toEqual([{ name: 'PLAINTEXT', host: '', port: 9092, securityProtocol: 'PLAINTEXT' }]);
    expect(c.advertisedListeners()[0]!.host).toBe('127.0.0.1');
  });

  it('resolves retention as ms > minutes > hours and maps log.* keys to topic defaults', () => {
    expect(new BrokerConfig({ 'node.id': 1, 'log.dirs': '/x', 'log.retention.minutes': 5 }).retentionMs).toBe(300_000);
    const c = new BrokerConfig({ 'node.id': 1, 'log.dirs': '/x', 'log.retention.ms': 1000, 'log.retention.minutes': 5, 'log.segment.bytes': 4096 });
    expect(c.retentionMs).toBe(1000);
    expect(c.topicDefaults()).toMatchObject({ 'retention.ms': '1000', 'segment.bytes': '4096', 'cleanup.policy': 'delete', 'max.message.bytes': '1048588' });
  });

  it.each([
    [{ 'node.id': 1, 'log.dirs': '/x', 'no.such.key': 'x' }, 'no.such.key'],
    [{ 'node.id': 1, 'log.dirs': '/x', 'num.partitions': 'many' }, 'num.partitions'],
    [{ 'node.id': 1, 'log.dirs': '/x', 'num.partitions': 0 }, 'num.partitions'],
    [{ 'node.id': 1, 'log.dirs': '/x', 'auto.create.topics.enable': 'yes' }, 'auto.create.topics.enable'],
    [{ 'node.id': 1, 'log.dirs': '/x', listeners: 'localhost:9092' }, 'listeners'],
    [{ 'node.id': 1, 'log.dirs': '/x', listeners: 'SSL://:9093' }, 'listeners'],
    [{ 'node.id': 1, 'broker.id': 2, 'log.dirs': '/x' }, 'broker.id'],
    [{ 'log.dirs': '/x' }, 'node.id'],
    [{ 'node.id': 1, 'log.dirs': '/x', 'log.cleanup.policy': 'shred' }, 'log.cleanup.policy'],
  ])('rejects %j naming the key', (input, key) => {
    let error: unknown;
    try {
      new BrokerConfig(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CONFIG_INVALID');
    expect((error as ConfigError).key).toBe(key);
    expect((error as ConfigError).message).toContain(key);
  });

  it('accepts ZooKeeper-era keys with a warning instead of failing', () => {
    const c = new BrokerConfig({ 'broker.id': 0, 'log.dirs': '/x', 'zookeeper.connect': 'localhost:2181' });
    expect(c.nodeId).toBe(0);
    expect(c.warnings[0]).toContain('zookeeper.connect');
  });

  it('applies --override pairs over the file', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'server.properties');
    writeFileSync(file, 'node.id=1\nlog.dirs=/tmp/a\nnum.partitions=3\n');
    const c = BrokerConfig.fromFile(file, ['num.partitions=6']);
    expect(c.int('num.partitions')).toBe(6);
    expect(c.supplied.has('num.partitions')).toBe(true);
  });
});

describe('BrokerConfig checks the topic defaults derived from log.* keys', () => {
  const base = { 'node.id': 1, 'log.dirs': '/nonexistent/tributary' };
  const keyOf = (extra: Record<string, string>): string | null => {
    try {
      new BrokerConfig({ ...base, ...extra });
      return null;
    } catch (e) {
      if (e instanceof ConfigError) return e.key;
      throw e;
    }
  };

  it('accepts ordinary log settings, and negative hours or minutes mean forever as in Kafka', () => {
    expect(keyOf({ 'log.retention.ms': '-1', 'log.segment.bytes': '1048576', 'compression.type': 'zstd' })).toBeNull();
    expect(new BrokerConfig({ ...base, 'log.retention.hours': -1 }).retentionMs).toBe(-1);
    expect(new BrokerConfig({ ...base, 'log.retention.minutes': -1 }).retentionMs).toBe(-1);
  });

  it('names the broker key whose derived topic default is invalid', () => {
    expect(keyOf({ 'log.roll.ms': '0' })).toBe('log.roll.ms');
    expect(keyOf({ 'log.flush.interval.ms': '-1' })).toBe('log.flush.interval.ms');
    expect(keyOf({ 'log.cleaner.min.cleanable.ratio': '1.5' })).toBe('log.cleaner.min.cleanable.ratio');
    expect(new BrokerConfig({ ...base, 'log.retention.ms': -5 }).retentionMs).toBe(-1);
    expect(keyOf({ 'log.roll.hours': '1', 'log.roll.ms': '0' })).toBe('log.roll.ms');
  });

  it('matches fixed values case-sensitively, as Kafka does', () => {
    expect(keyOf({ 'compression.type': 'GZIP' })).toBe('compression.type');
    expect(keyOf({ 'log.message.timestamp.type': 'logappendtime' })).toBe('log.message.timestamp.type');
  });
});
