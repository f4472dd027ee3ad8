import type { SessionWindowedKStream } from '../../../kstream/session-windowed-kstream.js';
import type { TimeWindowedKStream } from '../../../kstream/time-windowed-kstream.js';
import type { Window } from '../../../kstream/windowed.js';
import { SessionWindows } from '../../../kstream/windows/session-windows.js';
import { SlidingWindows } from '../../../kstream/windows/sliding-windows.js';
import type { EnumerableWindowDefinition } from '../../../kstream/windows/windows.js';
import type { KGroupedStreamImpl } from '../kgrouped-stream-impl.js';
import { SessionWindowedKStreamImpl } from './session-windowed-kstream-impl.js';
import { TimeWindowedKStreamImpl } from './time-windowed-kstream-impl.js';

/** What `windowedBy` accepts: fixed-size windows (TimeWindows, UnlimitedWindows), sliding or session windows. */
export type WindowsArg = EnumerableWindowDefinition<Window> | SlidingWindows | SessionWindows;

/** Kafka's KGroupedStreamImpl.windowedBy overloads: the windowed stream of a grouped stream. */
export function windowedBy<K, V>(grouped: KGroupedStreamImpl<K, V>, windows: SessionWindows): SessionWindowedKStream<K, V>;
export function windowedBy<K, V>(grouped: KGroupedStreamImpl<K, V>, windows: EnumerableWindowDefinition<Window> | SlidingWindows): TimeWindowedKStream<K, V>;
export function windowedBy<K, V>(grouped: KGroupedStreamImpl<K, V>, windows: WindowsArg): TimeWindowedKStream<K, V> | SessionWindowedKStream<K, V>;
export function windowedBy<K, V>(grouped: KGroupedStreamImpl<K, V>, windows: WindowsArg): TimeWindowedKStream<K, V> | SessionWindowedKStream<K, V> {
  if (windows instanceof SessionWindows) return new SessionWindowedKStreamImpl(grouped, windows);
  if (windows instanceof SlidingWindows) return new TimeWindowedKStreamImpl(grouped, { kind: 'sliding', windows });
  return new TimeWindowedKStreamImpl(grouped, { kind: 'fixed', windows });
}
