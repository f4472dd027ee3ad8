// Committed golden frames captured from real clients (see golden.test.ts): they keep guarding the codecs when
// the clients are not installed. Each file is one request frame, without its 4-byte size prefix.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeRequest } from '@tributary/protocol';
import { FIXTURES, roundTripProblem } from './golden-checks.js';

const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));

describe('golden fixtures from real clients', () => {
  it('has a spec for every fixture file and a file for every spec', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.bin')).sort();
    expect(files).toEqual(FIXTURES.map((f) => f.file).sort());
  });

  for (const spec of FIXTURES) {
    it(`${spec.file}: decodes, re-encodes byte for byte, and holds what the client sent`, async () => {
      const frame = readFileSync(`${dir}${spec.file}`);
      expect(roundTripProblem(frame)).toBeNull();
      const req = decodeRequest(frame);
      expect([req.apiKey, req.apiVersion, req.clientId]).toEqual([spec.apiKey, spec.apiVersion, spec.clientId]);
      await spec.check(req);
    });
  }
});
