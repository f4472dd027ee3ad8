import { describe, expect, it } from 'vitest';
import { Headers } from '../src/index.js';

describe('Headers (Kafka RecordHeaders)', () => {
  it('keeps order, repeats keys, finds the last one, removes all of a key', () => {
    const h = new Headers().add('a', '1').add('b', Buffer.from([2])).add('a', '3').add('n', null);
    expect(h.size).toBe(4);
    expect(h.lastHeader('a')?.value?.toString()).toBe('3');
    expect(h.headers('a').map((x) => x.value?.toString())).toEqual(['1', '3']);
    expect(h.lastHeader('zzz')).toBeUndefined();
    h.remove('a');
    expect([...h].map((x) => x.key)).toEqual(['b', 'n']);
    expect(h.toString()).toBe('RecordHeaders(headers = [RecordHeader(key = b, value = [2]), RecordHeader(key = n, value = null)], isReadOnly = false)');
  });

  it('copies its input list', () => {
    const src = [{ key: 'k', value: null }];
    const h = new Headers(src);
    h.add('x', 'y');
    expect(src).toHaveLength(1);
    expect(h.toArray()).toHaveLength(2);
  });
});
