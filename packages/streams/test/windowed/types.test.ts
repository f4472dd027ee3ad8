import { describe, expectTypeOf, it } from 'vitest';
import {
  BufferConfig, SessionWindows, SlidingWindows, StreamsBuilder, Suppressed, TimeWindows, type KTable, type SessionWindowedKStream, type TimeWindowedKStream, type Windowed,
} from '../../src/index.js';

// Type tests of the windowed DSL (checked by the dsl-typecheck test, which compiles every test file).

describe('windowed DSL types', () => {
  it('windowedBy picks the windowed stream by window type; results are keyed by Windowed<K>', () => {
    const grouped = new StreamsBuilder().stream<string, number>('in').groupByKey();
    expectTypeOf(grouped.windowedBy(TimeWindows.ofSizeWithNoGrace(10))).toEqualTypeOf<TimeWindowedKStream<string, number>>();
    expectTypeOf(grouped.windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(10))).toEqualTypeOf<TimeWindowedKStream<string, number>>();
    expectTypeOf(grouped.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(10))).toEqualTypeOf<SessionWindowedKStream<string, number>>();
    expectTypeOf(grouped.windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count()).toEqualTypeOf<KTable<Windowed<string>, number>>();
    expectTypeOf(grouped.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(10)).aggregate(() => '', (_k, v, agg) => agg + v, (_k, a, b) => a + b)).toEqualTypeOf<
      KTable<Windowed<string>, string>
    >();
  });

  it('untilWindowCloses needs a windowed table and a strict buffer config', () => {
    const b = new StreamsBuilder();
    const windowed = b.stream<string, string>('in').groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count();
    expectTypeOf(windowed.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()))).toEqualTypeOf<KTable<Windowed<string>, number>>();
    // @ts-expect-error an eager (emit-early) buffer cannot promise final results
    windowed.suppress(Suppressed.untilWindowCloses(BufferConfig.maxRecords(10)));
    windowed.suppress(Suppressed.untilWindowCloses(BufferConfig.maxRecords(10).shutDownWhenFull()));
    const plain = b.table<string, string>('t');
    // Only compiled: at run time this throws (no windowed aggregation upstream).
    const typeOnly = (): void => {
      // @ts-expect-error a table whose keys are not Windowed has no windows to close
      plain.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()));
    };
    void typeOnly;
    expectTypeOf(plain.suppress(Suppressed.untilTimeLimit(1_000, BufferConfig.maxBytes(1_000)))).toEqualTypeOf<KTable<string, string>>();
  });
});
