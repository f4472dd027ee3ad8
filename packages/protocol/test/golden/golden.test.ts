// Golden bytes from real clients: kcat (librdkafka 2.0.2), kafkajs 2.2.4, kafka-python 2.0.2 and
// confluent-kafka-python 1.7 talk to a capture server in this process; every request they send must decode
// with our codecs and re-encode to exactly the bytes captured.
//
// GOLDEN_UPDATE=1 rewrites fixtures/*.bin and captured-versions.json from this run (then regenerate the
// README table with `npx tsx packages/protocol/scripts/api-table.ts --write`).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey, decodeRequest } from '@tributary/protocol';
import { startCaptureServer, type CaptureServer, type CapturedRequest } from './capture-server.js';
import { runAllClients, type SessionResults } from './client-sessions.js';
import { FIXTURES, apiName, clientOf, roundTripProblem, summarize, type CaptureSummary, type FixtureSpec } from './golden-checks.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const SUMMARY_FILE = `${here}captured-versions.json`;
const UPDATE = process.env['GOLDEN_UPDATE'] === '1';

let server: CaptureServer;
let fallback: CaptureServer;
let results: SessionResults;
let all: CapturedRequest[] = [];

/** JSON with one line per client and API, so diffs stay readable. */
function formatSummary(summary: CaptureSummary): string {
  const clients = Object.entries(summary).map(([client, apis]) => {
    const lines = Object.entries(apis).map(([api, versions]) => `    ${JSON.stringify(api)}: ${JSON.stringify(versions)}`);
    return `  ${JSON.stringify(client)}: {\n${lines.join(',\n')}\n  }`;
  });
  return `{\n${clients.join(',\n')}\n}\n`;
}

function firstCapture(spec: FixtureSpec): CapturedRequest | undefined {
  return all.find((c) => c.clientId === spec.clientId && c.apiKey === spec.apiKey && c.apiVersion === spec.apiVersion);
}

beforeAll(async () => {
  server = await startCaptureServer({ topics: { 'golden-kcat': 2 } });
  fallback = await startCaptureServer({ apiVersionsMax: 2 });
  console.log(`[golden] capture servers on ${server.bootstrap} and ${fallback.bootstrap} (the latter refuses ApiVersions v3)`);
  console.log('[golden] waiting for kcat, kafkajs, kafka-python and confluent-kafka sessions (each step bounded, 15-30 s)');
  const started = Date.now();
  results = await runAllClients(server, fallback);
  all = [...fallback.captures, ...server.captures];
  console.log(`[golden] ${all.length} requests captured in ${Date.now() - started} ms`);
}, 90_000);

afterAll(async () => {
  if (UPDATE && all.length > 0) {
    mkdirSync(`${here}fixtures`, { recursive: true });
    for (const spec of FIXTURES) {
      const c = firstCapture(spec);
      if (c !== undefined) writeFileSync(`${here}fixtures/${spec.file}`, c.frame);
    }
    writeFileSync(SUMMARY_FILE, formatSummary(summarize(all)));
    console.log('[golden] GOLDEN_UPDATE=1: fixtures and captured-versions.json rewritten');
  }
  await server?.close();
  await fallback?.close();
});

describe('golden bytes captured live from real clients', () => {
  it('ran every client session to completion', () => {
    const failed = results.processes
      .filter((p) => p.code !== 0 || p.timedOut)
      .map((p) => `${p.command} -> code ${p.code}${p.timedOut ? ' (timed out)' : ''}\n${p.stderr.slice(-2000)}`);
    expect(failed).toEqual([]);
    expect(results.kafkajsError).toBeUndefined();
  });

  it('answered every request (no decode failure or missing responder in the capture server)', () => {
    expect([...server.problems, ...fallback.problems]).toEqual([]);
  });

  it('decodes every captured request and re-encodes it to exactly the captured bytes', () => {
    const problems = all
      .map((c) => ({ c, problem: roundTripProblem(c.frame) }))
      .filter((x) => x.problem !== null)
      .map(({ c, problem }) => `${c.clientId} ${apiName(c.apiKey)} v${c.apiVersion}: ${problem}`);
    expect(problems).toEqual([]);
    expect(all.length).toBeGreaterThan(100);
    expect(all.every((c) => clientOf(c.clientId) !== undefined)).toBe(true);
  });

  it('saw every API version recorded in captured-versions.json (what the README reports)', () => {
    const live = summarize(all);
    const committed = JSON.parse(readFileSync(SUMMARY_FILE, 'utf8')) as CaptureSummary;
    const missing: string[] = [];
    for (const [client, apis] of Object.entries(committed)) {
      for (const [api, versions] of Object.entries(apis)) {
        for (const v of versions) if (!live[client]?.[api]?.includes(v)) missing.push(`${client} ${api} v${v}`);
      }
    }
    expect(missing, 'rerun with GOLDEN_UPDATE=1 if the clients changed').toEqual([]);
  });

  it('captured the versions each client is known to use', () => {
    const live = summarize(all);
    expect(live['kcat']).toMatchObject({ ApiVersions: [0, 3], Metadata: [4], Produce: [7], Fetch: [11], ListOffsets: [2], InitProducerId: [4] });
    expect(live['kcat']).toMatchObject({ JoinGroup: [5], SyncGroup: [3], Heartbeat: [3], OffsetFetch: [7], OffsetCommit: [7], LeaveGroup: [1] });
    expect(live['kafkajs']).toMatchObject({ ApiVersions: [2], Metadata: [6], Produce: [7], Fetch: [11], ListOffsets: [3], JoinGroup: [5] });
    expect(live['kafkajs']).toMatchObject({ OffsetFetch: [4], OffsetCommit: [5], CreateTopics: [3], DeleteTopics: [1], DescribeConfigs: [2] });
    expect(live['kafka-python']).toMatchObject({ ApiVersions: [0], FindCoordinator: [0], JoinGroup: [2], Fetch: [4], Produce: [7] });
    expect(live['kafka-python']?.['Metadata']).toContain(0);
    expect(live['confluent-kafka']).toMatchObject({ ApiVersions: [3], ListGroups: [0], DescribeGroups: [0], CreateTopics: [4] });
  });

  it('librdkafka retries ApiVersions with v0 on the same connection after UNSUPPORTED_VERSION', () => {
    const first = fallback.captures.filter((c) => c.connection === fallback.captures[0]?.connection);
    expect(first.slice(0, 3).map((c) => [apiName(c.apiKey), c.apiVersion])).toEqual([
      ['ApiVersions', 3],
      ['ApiVersions', 0],
      ['Metadata', 4],
    ]);
  });

  it('kafka-python opens with ApiVersions v0 and then Metadata v0 on the same connection', () => {
    const py = all.filter((c) => c.clientId === 'golden-py-producer');
    const [a, m] = py;
    expect([a?.apiKey, a?.apiVersion, m?.apiKey, m?.apiVersion]).toEqual([ApiKey.ApiVersions, 0, ApiKey.Metadata, 0]);
    expect(m?.connection).toBe(a?.connection);
    expect(m!.correlationId).toBe(a!.correlationId + 1);
  });

  for (const spec of FIXTURES) {
    it(`${spec.file.replace(/\.bin$/, '')}: the live capture decodes to what the client sent`, async () => {
      const c = firstCapture(spec);
      expect(c, `no ${apiName(spec.apiKey)} v${spec.apiVersion} from ${spec.clientId}`).toBeDefined();
      await spec.check(decodeRequest(c!.frame));
    });
  }
});
