/**
 * User activity counted per session: a session is a run of a user's events with no gap longer than 5 minutes
 * between them. Grace of 10 minutes: an out-of-order event is still merged into a session until stream time
 * passes the session's end + gap + grace. Every change of a session's count goes to `OUTPUT`; a session that
 * disappears into a merged one is deleted there (a tombstone).
 */
import { Consumed, Materialized, Produced, Serdes, SessionWindows, StreamsBuilder, WindowedSerdes, type Topology } from '@tributary/streams';

export const INPUT = 'user-activity';
export const OUTPUT = 'user-sessions';
export const STORE = 'sessions';

export const INACTIVITY_GAP_MS = 5 * 60_000;
export const GRACE_MS = 10 * 60_000;

/** Output keys: the user and the session's first and last event times (Kafka's session-windowed layout). */
export const sessionKeySerde = () => WindowedSerdes.sessionWindowedSerdeFrom(Serdes.String());

/** `graceMs` is a parameter only so that the test can show what happens without grace. */
export function buildTopology(graceMs = GRACE_MS): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream(INPUT, Consumed.with(Serdes.String(), Serdes.String()))
    .groupByKey()
    .windowedBy(SessionWindows.ofInactivityGapAndGrace(INACTIVITY_GAP_MS, graceMs))
    .count(Materialized.as<string, number>(STORE))
    .toStream()
    .to(OUTPUT, Produced.with(sessionKeySerde(), Serdes.Long()));
  return builder.build();
}
