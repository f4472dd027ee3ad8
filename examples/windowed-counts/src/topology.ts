/**
 * Clicks counted per user in 1-minute tumbling windows with a 30-second grace period. The same windowed count
 * feeds two outputs: every update as it happens (`UPDATES`), and - through `suppress(untilWindowCloses)` - one
 * final result per window once it has closed (`FINAL`).
 */
import {
  BufferConfig,
  Consumed,
  Materialized,
  Produced,
  Serdes,
  StreamsBuilder,
  Suppressed,
  TimeWindows,
  WindowedSerdes,
  type Topology,
} from '@tributary/streams';

export const INPUT = 'clicks';
export const UPDATES = 'clicks-per-minute-updates';
export const FINAL = 'clicks-per-minute-final';
export const STORE = 'clicks-per-minute';

export const WINDOW_MS = 60_000;
export const GRACE_MS = 30_000;

/** The key serde of both outputs: the user name and the window start (Kafka's time-windowed layout). */
export const windowedKeySerde = () => WindowedSerdes.timeWindowedSerdeFrom(Serdes.String(), WINDOW_MS);

export function buildTopology(): Topology {
  const builder = new StreamsBuilder();
  const counts = builder
    .stream(INPUT, Consumed.with(Serdes.String(), Serdes.String()))
    .groupByKey()
    // A window [start, start + 1 min) still takes out-of-order records until stream time reaches its end + 30 s;
    // after that it is closed and later records for it are dropped (a warning, and dropped-records-total grows).
    .windowedBy(TimeWindows.ofSizeAndGrace(WINDOW_MS, GRACE_MS))
    .count(Materialized.as<string, number>(STORE));

  const produced = Produced.with(windowedKeySerde(), Serdes.Long());
  counts.toStream().to(UPDATES, produced);
  counts
    // Holds each window's updates back and emits only its last count, once the window has closed.
    .suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()))
    .toStream()
    .to(FINAL, produced);
  return builder.build();
}
