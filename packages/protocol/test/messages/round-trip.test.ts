// Property: for every message and every version, a value that respects the version survives
// decode(encode(value)) unchanged, and the bytes survive encode(decode(bytes)) unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as protocol from '@tributary/protocol';
import { allMessageVersions, codecOf, messageArbitrary } from './arbitraries.js';

const RUNS = 30;
const cases = allMessageVersions(protocol.messageSchemas);

describe('generated codecs round-trip every message at every version', () => {
  it('cover every spec: 43 APIs (request and response), 2 headers and 10 data schemas', () => {
    expect(protocol.allApis.length).toBe(43);
    expect(Object.keys(protocol.messageSchemas).length).toBe(43 * 2 + 2 + 10);
    for (const name of Object.keys(protocol.messageSchemas)) expect(codecOf(name).name).toBe(name);
    expect(cases.length).toBe(495);
  });

  it.each(cases.map((c) => [`${c.msg.name} v${c.version}`, c] as const))('%s', (_label, { msg, version }) => {
    const codec = codecOf(msg.name);
    fc.assert(
      fc.property(messageArbitrary(msg, version), (value) => {
        const bytes = codec.encode(version, value);
        const decoded = codec.decode(bytes, version);
        expect(decoded).toStrictEqual(value);
        expect(codec.encode(version, decoded)).toEqual(bytes);
      }),
      { numRuns: RUNS },
    );
  });
});
