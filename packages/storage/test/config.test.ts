import { describe, expect, it } from 'vitest';
import { CONFIG_TABLE, DEFAULT_LOG_CONFIG, KAFKA_LONG_MAX, logConfig, logConfigFromBrokerProps, logConfigToProps, parseLogConfig } from '@tributary/storage';

describe('LogConfig', () => {
  it("has Kafka 3.9's defaults", () => {
    expect(DEFAULT_LOG_CONFIG).toMatchObject({
      cleanupPolicy: ['delete'],
      segmentBytes: 1_073_741_824,
      segmentMs: 604_800_000,
      segmentIndexBytes: 10_485_760,
      indexIntervalBytes: 4096,
      retentionMs: 604_800_000,
      retentionBytes: -1,
      deleteRetentionMs: 86_400_000,
      minCleanableDirtyRatio: 0.5,
      minCompactionLagMs: 0,
      maxCompactionLagMs: KAFKA_LONG_MAX,
      flushMessages: KAFKA_LONG_MAX,
      flushMs: KAFKA_LONG_MAX,
      fileDeleteDelayMs: 60_000,
      maxMessageBytes: 1_048_588,
      preallocate: false,
      messageTimestampType: 'CreateTime',
    });
  });

  it('parses Kafka property strings and prints them back the same way', () => {
    const c = parseLogConfig({ 'cleanup.policy': 'compact, delete', 'retention.ms': '-1', 'min.cleanable.dirty.ratio': '0.1', preallocate: 'true', 'flush.ms': '9223372036854775807' });
    expect(c.cleanupPolicy).toEqual(['compact', 'delete']);
    expect([c.retentionMs, c.minCleanableDirtyRatio, c.preallocate, c.flushMs]).toEqual([-1, 0.1, true, KAFKA_LONG_MAX]);
    const props = logConfigToProps(c);
    expect(props['flush.ms']).toBe('9223372036854775807');
    expect(props['cleanup.policy']).toBe('compact,delete');
    expect(parseLogConfig(props)).toEqual(c);
    expect(Object.keys(props).sort()).toEqual(CONFIG_TABLE.map((r) => r.name).sort());
  });

  it('rejects unknown names, malformed values, out-of-range values and conflicts with a stable code', () => {
    for (const bad of [
      { 'no.such.config': '1' },
      { 'segment.bytes': '12' },
      { 'segment.bytes': 'big' },
      { 'retention.ms': '-2' },
      { 'min.cleanable.dirty.ratio': '1.5' },
      { 'cleanup.policy': 'compact,shred' },
      { 'message.timestamp.type': 'WallTime' },
      { preallocate: 'yes' },
      { 'min.compaction.lag.ms': '10', 'max.compaction.lag.ms': '5' },
    ]) {
      expect(() => parseLogConfig(bad)).toThrow(expect.objectContaining({ code: 'STORAGE_INVALID_CONFIG' }));
    }
  });

  it('builds typed configs over a base and derives topic defaults from broker synonyms', () => {
    const base = logConfig({ retentionMs: 10 });
    expect(logConfig({ segmentBytes: 100 }, base)).toMatchObject({ retentionMs: 10, segmentBytes: 100 });
    expect(logConfigFromBrokerProps({ 'log.retention.minutes': '2', 'log.retention.hours': '5' }).retentionMs).toBe(120_000);
    expect(logConfigFromBrokerProps({ 'log.retention.ms': '7', 'log.retention.hours': '5' }).retentionMs).toBe(7);
    expect(logConfigFromBrokerProps({ 'log.retention.hours': '-1' }).retentionMs).toBe(-1);
    expect(logConfigFromBrokerProps({ 'log.roll.hours': '1', 'message.max.bytes': '2000', 'log.cleanup.policy': 'compact' })).toMatchObject({
      segmentMs: 3_600_000,
      maxMessageBytes: 2000,
      cleanupPolicy: ['compact'],
    });
  });
});
