import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, filter as rxFilter } from 'rxjs';
import { startTestBroker, waitFor, type TestBroker } from '@tributary/test-kit';
import { inProcess, type Transport } from '@tributary/client';
import {
  BufferConfig, Consumed, KafkaStreams, KafkaStreamsState, Produced, Serdes, StreamsBuilder, Suppressed, TimeWindows, WindowedSerdes,
  type StateRestoreListener,
} from '../../src/index.js';

// A suppression buffer survives a restart: its changelog is restored before processing, so windows buffered by
// the first run are emitted as final results by the second once a later record closes them.

const S = Serdes.String();
const L = Serdes.Long();
const APP = 'ws-restore';
const BUFFER = 'KTABLE-SUPPRESS-STATE-STORE-0000000004';

describe('suppress buffer restoration on the in-process broker', () => {
  let tb: TestBroker;
  let transport: Transport;
  let stateDir: string;
  beforeAll(async () => {
    tb = await startTestBroker();
    transport = inProcess(tb.broker);
    stateDir = await mkdtemp(join(tmpdir(), 'windowed-restore-'));
  });
  afterAll(async () => {
    await transport.close();
    await tb.cleanup();
    await rm(stateDir, { recursive: true, force: true });
  });

  function app(restored: string[]): KafkaStreams {
    const b = new StreamsBuilder();
    b.stream<string, string>(`${APP}-in`, Consumed.with(S, S))
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
      .count()
      .suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()))
      .toStream()
      .to(`${APP}-out`, Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 10), L));
    // In-memory stores: everything they hold after a restart comes from their changelogs.
    const streams = new KafkaStreams(b.build({ 'default.dsl.store': 'in_memory' } as Record<string, unknown>), { 'application.id': APP, 'state.dir': stateDir, 'commit.interval.ms': 50 }, transport);
    const listener: StateRestoreListener = {
      onRestoreStart: () => {},
      onBatchRestored: () => {},
      onRestoreEnd: (_tp, store, total) => void restored.push(`${store}:${total}`),
    };
    streams.setGlobalStateRestoreListener(listener);
    return streams;
  }

  async function running(streams: KafkaStreams): Promise<void> {
    streams.start();
    console.log(`waiting for ${APP} to run ...`);
    await firstValueFrom(streams.stateChanges().pipe(rxFilter((c) => c.newState === KafkaStreamsState.RUNNING)));
  }

  async function send(records: [string, number][]): Promise<void> {
    const producer = transport.producer();
    for (const [key, timestamp] of records) await producer.send({ topic: `${APP}-in`, key: Buffer.from(key), value: Buffer.from('x'), partition: 0, timestamp });
    await producer.close();
  }

  it('emits the windows buffered before the restart', async () => {
    const admin = transport.admin();
    await admin.createTopics([{ name: `${APP}-in`, numPartitions: 1 }, { name: `${APP}-out`, numPartitions: 1 }]);
    const changelog = `${APP}-${BUFFER}-changelog`;

    const first = app([]);
    await running(first);
    await send([['a', 1], ['a', 2], ['b', 3]]);
    await waitFor('the buffer changelog to hold a and b', async () => {
      const [end] = await admin.listOffsets([{ topic: changelog, partition: 0, spec: 'latest' }]).catch(() => []);
      return end !== undefined && Number(end.offset) >= 2;
    }, { timeoutMs: 20_000 });
    await first.close();

    const restored: string[] = [];
    const second = app(restored);
    await running(second);
    // One changelog record per key and commit that changed it: a, maybe a again, b.
    expect(restored.find((r) => r.startsWith(`${BUFFER}:`))).toMatch(new RegExp(`^${BUFFER}:[23]$`));
    await send([['c', 15]]); // stream time 15 closes [0,10)
    const out = transport.consumer({ 'auto.offset.reset': 'earliest' });
    out.assign([{ topic: `${APP}-out`, partition: 0 }]);
    const rows: string[] = [];
    const keys = WindowedSerdes.timeWindowedSerdeFrom(S, 10).deserializer();
    await waitFor('two final results', async () => {
      for (const r of await out.poll(100)) {
        const k = keys.deserialize('', r.key);
        rows.push(`${k.key()}@${k.window().startMs}=${L.deserializer().deserialize('', r.value)}`);
      }
      return rows.length >= 2;
    }, { timeoutMs: 20_000 });
    expect(rows).toEqual(['a@0=2', 'b@0=1']);
    await out.close();
    await second.close();
    await admin.close();
  });
});
