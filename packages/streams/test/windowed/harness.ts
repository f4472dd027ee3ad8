import { Serdes, type StreamsBuilder, type Windowed } from '../../src/index.js';
import { TopologyTestDriver } from '../../src/testing/index.js';
import { TimeWindowedDeserializer, SessionWindowedDeserializer } from '../../src/serialization/windowed/index.js';

/** Shared by the windowed tests: String keys and values, a driver with caching off unless asked. */
export const S = Serdes.String();
export const L = Serdes.Long();

/** A row as tests compare it: [key, window start, window end, value, timestamp]. */
export type Row<V> = [string, number, number, V | null, number];

export interface Run {
  readonly driver: TopologyTestDriver;
  /** Pipes `[key, value, timestamp]` records into `topic` with String serdes, awaiting each. */
  pipe(topic: string, records: readonly (readonly [string | null, string | null, number])[]): Promise<void>;
  /** Records written to `topic` with String keys and values as [key, value, timestamp]. */
  read(topic: string): [string | null, string | null, number][];
  /** Records written to `topic` with time-windowed keys (window size `size`) as rows. */
  readTimeWindowed<V>(topic: string, size: number, valueDeserializer?: { deserialize(t: string, b: Buffer | null): V }): Row<V>[];
  /** Records written to `topic` with session-windowed keys as rows. */
  readSessions<V>(topic: string, valueDeserializer?: { deserialize(t: string, b: Buffer | null): V }): Row<V>[];
  close(): Promise<void>;
}

export const NO_CACHE = { 'statestore.cache.max.bytes': 0 };
/** Emit-on-close checks on every record (Kafka's tests set the same internal config). */
export const EMIT_EVERY_RECORD = { '__emit.interval.ms.kstreams.windowed.aggregation__': 0 };

export function start(builder: StreamsBuilder, props: Record<string, unknown> = {}, storeType = 'in_memory'): Run {
  const driver = new TopologyTestDriver(builder.build({ 'default.dsl.store': storeType } as Record<string, unknown>), {
    'application.id': 'windowed',
    'default.key.serde': S,
    'default.value.serde': S,
    ...NO_CACHE,
    ...props,
  });
  const rows = <V>(topic: string, keys: { deserialize(t: string, b: Buffer | null): Windowed<string> }, values: { deserialize(t: string, b: Buffer | null): V }): Row<V>[] =>
    driver
      .createOutputTopic(topic, keys, values)
      .readRecordsToList()
      .map((r): Row<V> => [r.key()!.key(), r.key()!.window().startMs, r.key()!.window().endMs, r.value(), r.timestamp() ?? -1]);
  return {
    driver,
    async pipe(topic, records) {
      const input = driver.createInputTopic(topic, S.serializer(), S.serializer());
      for (const [key, value, timestamp] of records) await input.pipeInput(key, value as string, timestamp);
    },
    read(topic: string) {
      return driver.createOutputTopic(topic, S.deserializer(), S.deserializer()).readRecordsToList().map((r): [string | null, string | null, number] => [r.key(), r.value(), r.timestamp() ?? -1]);
    },
    readTimeWindowed<V>(topic: string, size: number, valueDeserializer?: { deserialize(t: string, b: Buffer | null): V }) {
      return rows(topic, new TimeWindowedDeserializer(S.deserializer(), size), valueDeserializer ?? (L.deserializer() as unknown as { deserialize(t: string, b: Buffer | null): V }));
    },
    readSessions<V>(topic: string, valueDeserializer?: { deserialize(t: string, b: Buffer | null): V }) {
      return rows(topic, new SessionWindowedDeserializer(S.deserializer()), valueDeserializer ?? (L.deserializer() as unknown as { deserialize(t: string, b: Buffer | null): V }));
    },
    async close() {
      await driver.close();
    },
  };
}

