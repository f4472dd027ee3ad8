// Unit tests of the generator's spec reading (the generated output itself is covered by the other tests).
import { describe, expect, it } from 'vitest';
import { camel, kebab, stripComments } from '../../scripts/lib/spec.js';
import { cond, parseRange } from '../../scripts/lib/versions.js';

describe('spec reading', () => {
  it('strips // and /* */ comments but not // inside strings', () => {
    const text = '{\n  // a comment\n  "about": "see https://kafka.apache.org/ // not a comment", /* block\n comment */ "n": 1\n}';
    expect(JSON.parse(stripComments(text))).toEqual({ about: 'see https://kafka.apache.org/ // not a comment', n: 1 });
    expect(JSON.parse(stripComments('{"s": "quote \\" // still a string"} // end'))).toEqual({ s: 'quote " // still a string' });
  });

  it('parses version ranges', () => {
    expect(parseRange('3')).toEqual({ min: 3, max: 3 });
    expect(parseRange('1-4')).toEqual({ min: 1, max: 4 });
    expect(parseRange('2+')).toEqual({ min: 2, max: Infinity });
    expect(parseRange('none')).toBeNull();
    expect(() => parseRange('x')).toThrow();
  });

  it('folds version conditions against the versions a struct can occur in', () => {
    expect(cond(parseRange('0+'), { min: 0, max: 11 })).toBe('true');
    expect(cond(parseRange('3+'), { min: 0, max: 11 })).toBe('v >= 3');
    expect(cond(parseRange('3+'), { min: 4, max: 11 })).toBe('true');
    expect(cond(parseRange('2-7'), { min: 0, max: 11 })).toBe('v >= 2 && v <= 7');
    expect(cond(parseRange('0-12'), { min: 0, max: 17 })).toBe('v <= 12');
    expect(cond(parseRange('none'), { min: 0, max: 17 })).toBe('false');
  });

  it('names files and properties as the generated code does', () => {
    expect(kebab('ProduceRequest')).toBe('produce-request');
    expect(kebab('OffsetForLeaderEpochResponse')).toBe('offset-for-leader-epoch-response');
    expect(camel('TransactionalId')).toBe('transactionalId');
    expect(camel('protocolType')).toBe('protocolType');
  });
});
