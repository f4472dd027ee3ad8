import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Serdes } from '@tributary/streams';
import { TopologyTestDriver } from '@tributary/streams/testing';
import { buildTopology, type Payment } from '../src/pipeline.js';

describe('the stateless pipeline', () => {
  it('routes payments on the test driver', () => {
    const driver = new TopologyTestDriver(buildTopology(), { 'application.id': 'payments-router' }, 0);
    const input = driver.createInputTopic('payments', Serdes.String().serializer(), Serdes.JSON<Payment>().serializer(), 0);
    input.pipeInput('alice', { id: 'p1', amount: 12.5, currency: 'EUR' });
    input.pipeInput('bob', { id: 'p2', amount: 2500, currency: 'USD' });
    input.pipeInput('alice', { id: 'p3', amount: -3, currency: 'EUR' });
    const read = (topic: string) => driver.createOutputTopic(topic, Serdes.String().deserializer(), Serdes.String().deserializer()).readKeyValuesToList().map((kv) => `${kv.key} ${kv.value}`);
    expect(read('payments-small')).toEqual(['alice {"id":"p1","cents":1250,"currency":"EUR"}']);
    expect(read('payments-large')).toEqual(['bob {"id":"p2","cents":250000,"currency":"USD"}']);
    expect(read('payments-by-currency')).toEqual(['EUR {"id":"p1","cents":1250,"currency":"EUR"}', 'USD {"id":"p2","cents":250000,"currency":"USD"}']);
    driver.close();
  });

  it('npm start runs it on the embedded broker and prints the routed payments', async () => {
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    console.log('running src/main.ts (embedded broker + KafkaStreams) ...');
    const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=@tributary/source', '--import', 'tsx', main], { timeout: 60_000 });
    expect(stdout).toContain('    Sink: by-currency-repartition-sink (topic: by-currency-repartition)');
    expect(stdout).toContain('state REBALANCING -> RUNNING');
    expect(stdout).toContain('payments-large  bob -> {"id":"p2","cents":250000,"currency":"USD"}');
    expect(stdout).toContain('payments-large  carol -> {"id":"p4","cents":100000,"currency":"EUR"}');
    expect(stdout).toContain('payments-small  alice -> {"id":"p1","cents":1250,"currency":"EUR"}');
    expect(stdout).toContain('payments-by-currency  GBP -> {"id":"p5","cents":799,"currency":"GBP"}');
    expect(stdout).not.toContain('"p3"');
    expect(stdout).toContain('state PENDING_SHUTDOWN -> NOT_RUNNING');
  });
});
