import { Serdes, type StreamsBuilder } from '../../src/index.js';
import { TopologyTestDriver } from '../../src/testing/index.js';

/** Shared by the table DSL tests: a driver over the builder's topology with String default serdes. */
export const S = Serdes.String();
export const L = Serdes.Long();

export interface Run {
  readonly driver: TopologyTestDriver;
  /** Pipes `[key, value, timestamp?]` records into `topic` (String serdes), awaiting each. */
  pipe(topic: string, records: readonly (readonly [string | null, string | null, number?])[]): Promise<void>;
  /** Every record written to `topic` so far: key, value, timestamp. */
  read<V>(topic: string, valueSerde?: { deserializer(): { deserialize(t: string, b: Buffer | null): V } }): { key: string | null; value: V | null; timestamp: number }[];
  close(): Promise<void>;
}

export function start(builder: StreamsBuilder, props: Record<string, unknown> = {}, storeType = 'in_memory'): Run {
  const driver = new TopologyTestDriver(builder.build({ 'default.dsl.store': storeType } as Record<string, unknown>), {
    'application.id': 'dsl-table',
    'default.key.serde': S,
    'default.value.serde': S,
    ...props,
  });
  return {
    driver,
    async pipe(topic, records) {
      const input = driver.createInputTopic(topic, S.serializer(), S.serializer());
      for (const [key, value, timestamp] of records) await input.pipeInput(key, value as string, timestamp ?? 0);
    },
    read<V>(topic: string, valueSerde?: { deserializer(): { deserialize(t: string, b: Buffer | null): V } }) {
      const output = driver.createOutputTopic(topic, S.deserializer(), (valueSerde ?? S).deserializer() as { deserialize(t: string, b: Buffer | null): V });
      return output.readRecordsToList().map((r) => ({ key: r.key(), value: r.value(), timestamp: r.timestamp() ?? -1 }));
    },
    async close() {
      await driver.close();
    },
  };
}
