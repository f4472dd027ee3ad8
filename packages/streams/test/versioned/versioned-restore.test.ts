import { mkdtemp } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, filter as rxFilter } from 'rxjs';
import { startTestBroker, waitFor, type TestBroker } from '@tributary/test-kit';
import { inProcess, type Transport } from '@tributary/client';
import { Consumed, KafkaStreams, KafkaStreamsState, Materialized, Produced, Serdes, Stores, StreamsBuilder } from '../../src/index.js';

const S = Serdes.String();

describe('a versioned table restored from its changelog on the in-process broker', () => {
  let tb: TestBroker;
  let transport: Transport;
  let stateDir: string;
  beforeAll(async () => {
    tb = await startTestBroker();
    transport = inProcess(tb.broker);
    stateDir = await mkdtemp(join(tmpdir(), 'versioned-restore-'));
  });
  afterAll(async () => {
    await transport.close();
    await tb.cleanup();
    rmSync(stateDir, { recursive: true, force: true });
  });

  function topology(): ReturnType<StreamsBuilder['build']> {
    const builder = new StreamsBuilder();
    // In memory, so the second run has nothing local and rebuilds every version from the changelog.
    const table = builder.table<string, string>('vr-profiles', Consumed.with(S, S), Materialized.as<string, string>(Stores.inMemoryVersionedKeyValueStore('profiles', 10_000)));
    builder
      .stream<string, string>('vr-views', Consumed.with(S, S))
      .join(table, (page, region) => `${page} in ${region}`)
      .to('vr-out', Produced.with(S, S));
    return builder.build();
  }

  async function run(body: () => Promise<void>): Promise<void> {
    const streams = new KafkaStreams(topology(), { 'application.id': 'vr', 'state.dir': stateDir, 'commit.interval.ms': 50 }, transport);
    streams.start();
    console.log('waiting for the versioned app to run ...');
    await firstValueFrom(streams.stateChanges().pipe(rxFilter((c) => c.newState === KafkaStreamsState.RUNNING)));
    try {
      await body();
    } finally {
      await streams.close();
    }
  }

  async function send(topic: string, key: string, value: string, timestamp: number): Promise<void> {
    const producer = transport.producer();
    await producer.send({ topic, key: Buffer.from(key), value: Buffer.from(value), timestamp, partition: 0 });
    await producer.close();
  }

  it('joins a late stream record with the version restored for its time, out-of-order versions included', async () => {
    const admin = transport.admin();
    await admin.createTopics(['vr-profiles', 'vr-views', 'vr-out'].map((name) => ({ name, numPartitions: 1 })));
    await admin.close();
    const changelog = transport.consumer({ 'auto.offset.reset': 'earliest' });
    const out = transport.consumer({ 'auto.offset.reset': 'earliest' });
    const logged: string[] = [];
    const joined: string[] = [];
    await run(async () => {
      await send('vr-profiles', 'alice', 'eu', 1000);
      await send('vr-profiles', 'alice', 'us', 2000);
      await send('vr-profiles', 'alice', 'fr', 1500);
      changelog.assign([{ topic: 'vr-profiles-changelog', partition: 0 }]);
      await waitFor('three versions in the changelog', async () => {
        for (const r of await changelog.poll(100)) logged.push(`${r.value?.toString()}@${r.timestamp}`);
        return logged.length >= 3;
      }, { timeoutMs: 20_000 });
    });
    expect(logged).toEqual(['eu@1000', 'us@2000', 'fr@1500']);
    await run(async () => {
      await send('vr-views', 'alice', '/late', 1600);
      await send('vr-views', 'alice', '/early', 1200);
      await send('vr-views', 'alice', '/now', 2500);
      out.assign([{ topic: 'vr-out', partition: 0 }]);
      await waitFor('three join results', async () => {
        for (const r of await out.poll(100)) joined.push(`${r.value?.toString()}@${r.timestamp}`);
        return joined.length >= 3;
      }, { timeoutMs: 20_000 });
    });
    expect(joined).toEqual(['/late in fr@1600', '/early in eu@1200', '/now in us@2500']);
    await changelog.close();
    await out.close();
  });
});
