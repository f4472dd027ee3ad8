import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, filter as rxFilter } from 'rxjs';
import { startTestBroker, type TestBroker } from '@tributary/test-kit';
import { inProcess, type Transport } from '@tributary/client';
import { JoinWindows, KafkaStreams, KafkaStreamsState, Serdes, StreamsBuilder, StreamThreadExceptionResponse, TopologyException } from '../../src/index.js';

// Joined topics must be co-partitioned: the same number of partitions, checked when the application assigns its
// tasks (Kafka's CopartitionedTopicsEnforcer), with Kafka's TopologyException text.

const S = Serdes.String();

describe('co-partitioning of joined topics', () => {
  let tb: TestBroker;
  let transport: Transport;
  beforeAll(async () => {
    tb = await startTestBroker();
    transport = inProcess(tb.broker);
  });
  afterAll(async () => {
    await transport.close();
    await tb.cleanup();
  });

  it('a stream-stream join of a 2-partition and a 3-partition topic fails with "Topics not co-partitioned"', async () => {
    const admin = transport.admin();
    await admin.createTopics([{ name: 'cp-left', numPartitions: 2 }, { name: 'cp-right', numPartitions: 3 }]);
    await admin.close();
    const builder = new StreamsBuilder();
    builder.stream<string, string>('cp-left').join(builder.stream<string, string>('cp-right'), (a, b) => a + b, JoinWindows.ofTimeDifferenceWithNoGrace(1000)).to('cp-out');
    const streams = new KafkaStreams(builder.build(), { 'application.id': 'cp-app', 'default.key.serde': S, 'default.value.serde': S }, transport);
    const errors: unknown[] = [];
    streams.setUncaughtExceptionHandler((e) => {
      errors.push(e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    console.log('waiting for the application to fail its assignment (state ERROR) ...');
    const failed = firstValueFrom(streams.stateChanges().pipe(rxFilter((c) => c.newState === KafkaStreamsState.ERROR)));
    streams.start();
    await failed;
    await streams.close();
    const cause = (e: unknown): unknown[] => (e instanceof Error ? [e, ...cause((e as { cause?: unknown }).cause)] : []);
    const chain = errors.flatMap(cause);
    const topology = chain.find((e) => e instanceof TopologyException) as TopologyException | undefined;
    expect(topology?.code).toBe(TopologyException.CODE);
    expect(topology?.message).toMatch(/^Invalid topology: Topics not co-partitioned: \[cp-(left|right),cp-(left|right)\]$/);
  }, 30_000);
});
