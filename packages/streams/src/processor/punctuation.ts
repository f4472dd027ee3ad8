/**
 * What drives a punctuation (Kafka's `PunctuationType`): `STREAM_TIME` advances only with record timestamps;
 * `WALL_CLOCK_TIME` with the system clock (or the test driver's mock clock).
 */
export const PunctuationType = {
  STREAM_TIME: 'STREAM_TIME',
  WALL_CLOCK_TIME: 'WALL_CLOCK_TIME',
} as const;
export type PunctuationType = (typeof PunctuationType)[keyof typeof PunctuationType];

/**
 * A scheduled callback (Kafka's `Punctuator`), called with the stream time or wall-clock time that triggered it.
 * It may return a Promise; the task then waits for it before anything else runs.
 */
export type Punctuator = (timestamp: number) => void | Promise<void>;

/** The handle `schedule` returns (Kafka's `Cancellable`). */
export interface Cancellable {
  cancel(): void;
}
