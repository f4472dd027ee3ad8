import { describe, expect, it } from 'vitest';
import { partitionForKey } from '@tributary/client';
import { HostInfo, KeyQueryMetadata, Serdes } from '../../src/index.js';
import { StreamsMetadataState } from '../../src/internal/query/streams-metadata-state.js';

const str = Serdes.String().serializer();

function state(): StreamsMetadataState {
  const sources = new Map([
    ['counts', ['app-counts-repartition']],
    ['users', ['users']],
  ]);
  const s = new StreamsMetadataState(new HostInfo('a', 1), sources, new Set(['countries']));
  s.onChange(
    new Map([
      ['a:1', [{ topic: 'app-counts-repartition', partition: 0 }, { topic: 'app-counts-repartition', partition: 2 }, { topic: 'users', partition: 1 }]],
      ['b:2', [{ topic: 'app-counts-repartition', partition: 1 }, { topic: 'users', partition: 0 }]],
    ]),
  );
  return s;
}

describe('StreamsMetadataState (where stores and keys live)', () => {
  it('knows nothing before the first assignment', () => {
    const s = new StreamsMetadataState(new HostInfo('a', 1), new Map([['counts', ['t']]]), new Set());
    expect(s.allMetadata()).toEqual([]);
    expect(s.keyQueryMetadata('counts', 'k', str)).toBe(KeyQueryMetadata.NOT_AVAILABLE);
  });

  it('lists every instance with the stores of its tasks and the global stores', () => {
    const all = state().allMetadata();
    expect(all.map((m) => `${m.host()}:${m.port()} ${[...m.stateStoreNames()].sort().join(',')}`)).toEqual(['a:1 countries,counts,users', 'b:2 countries,counts,users']);
    expect(all[1]!.topicPartitions()).toEqual([{ topic: 'app-counts-repartition', partition: 1 }, { topic: 'users', partition: 0 }]);
  });

  it('routes a key to the host running its murmur2 partition of the store source topic', () => {
    const s = state();
    for (const key of ['alice', 'bob', 'carol', 'dave', 'erin']) {
      const partition = partitionForKey(Buffer.from(key), 3);
      const meta = s.keyQueryMetadata('counts', key, str);
      expect(meta.partition()).toBe(partition);
      expect(meta.activeHost().endpoint()).toBe(partition === 1 ? 'b:2' : 'a:1');
    }
  });

  it('uses a StreamPartitioner when given, and answers NOT_AVAILABLE for an unknown store', () => {
    const s = state();
    expect(s.keyQueryMetadata('users', 'x', str, () => 0).activeHost().endpoint()).toBe('b:2');
    expect(s.keyQueryMetadata('nope', 'x', str)).toBe(KeyQueryMetadata.NOT_AVAILABLE);
  });

  it('parses application.server endpoints as Kafka does', () => {
    expect(HostInfo.buildFromEndpoint('localhost:8080')!.endpoint()).toBe('localhost:8080');
    expect(HostInfo.buildFromEndpoint('[::1]:80')!.host()).toBe('::1');
    expect(HostInfo.buildFromEndpoint('')).toBeUndefined();
    expect(() => HostInfo.buildFromEndpoint('nohost')).toThrow(/Expected format host:port/);
  });
});
