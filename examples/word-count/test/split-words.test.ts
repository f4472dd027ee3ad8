import { describe, expect, it } from 'vitest';
import { splitWords } from '../src/topology.js';

describe("splitWords follows Java's split(\"\\\\W+\") on a lower-cased line", () => {
  it.each([
    ['all streams lead to kafka', ['all', 'streams', 'lead', 'to', 'kafka']],
    ['Hello, Kafka Streams!', ['hello', 'kafka', 'streams']],
    ['  leading spaces', ['', 'leading', 'spaces']],
    ['trailing...   ', ['trailing']],
    ['', ['']],
    ['   ', []],
    ['one', ['one']],
    ["don't stop_me now 42x", ['don', 't', 'stop_me', 'now', '42x']],
  ])('%j', (line, words) => {
    expect(splitWords(line)).toEqual(words);
  });
});
