import { IllegalArgumentException } from '../../common/errors.js';

// Kafka's window factories take java.time.Duration/Instant and check them with ApiUtils: a null argument and one
// that does not fit in a long of milliseconds are refused with a message naming the parameter. Here durations are
// numbers of milliseconds, so "cannot be converted" means: not a number, not finite, not an integer, or beyond
// what a JS number holds exactly.

/** The message prefix Kafka's `ApiUtils.prepareMillisCheckFailMsgPrefix` builds. */
function prefix(name: string, value: unknown): string {
  return `Invalid value for parameter "${name}" (value was: ${String(value)}). `;
}

/**
 * Checks a duration or instant given in ms (Kafka's `ApiUtils.validateMillisecondDuration`/`Instant`) and returns
 * it. Negative values pass: each window type decides about those, with its own message.
 */
export function validateMillis(value: unknown, name: string): number {
  if (value === null || value === undefined) {
    throw new IllegalArgumentException(prefix(name, value) + "It shouldn't be null.");
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new IllegalArgumentException(prefix(name, value) + "It can't be converted to milliseconds.");
  }
  return value;
}
