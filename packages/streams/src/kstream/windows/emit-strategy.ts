/** The kinds of {@link EmitStrategy} (Kafka's `EmitStrategy.StrategyType`), with Kafka's codes. */
export type EmitStrategyType = 'ON_WINDOW_UPDATE' | 'ON_WINDOW_CLOSE';

/**
 * When a windowed aggregation emits its results (Kafka's `EmitStrategy`): on every update of a window, or once,
 * when the window closes (stream time passes window end + grace). Passed to `emitStrategy(...)` of windowed
 * streams.
 *
 * @example
 * ```ts
 * grouped.windowedBy(TimeWindows.ofSizeWithNoGrace(60_000)).emitStrategy(EmitStrategy.onWindowClose()).count();
 * ```
 */
export interface EmitStrategy {
  /** Which strategy this is. */
  type(): EmitStrategyType;
}

const CODES: Readonly<Record<EmitStrategyType, number>> = { ON_WINDOW_UPDATE: 0, ON_WINDOW_CLOSE: 1 };

function strategy(kind: EmitStrategyType): EmitStrategy {
  return Object.freeze({ type: () => kind, toString: () => kind });
}

// Strategies carry no state, so one instance of each serves every caller (and compares with ===).
const ON_WINDOW_UPDATE = strategy('ON_WINDOW_UPDATE');
const ON_WINDOW_CLOSE = strategy('ON_WINDOW_CLOSE');

/** Factories of {@link EmitStrategy} (Kafka's static `EmitStrategy.onWindowClose()`/`onWindowUpdate()`). */
export const EmitStrategy = {
  /**
   * Emit a window's result once, when it closes: stream time is past window end + grace period. Not allowed with
   * unlimited windows, which never close.
   */
  onWindowClose: (): EmitStrategy => ON_WINDOW_CLOSE,
  /** Emit a window's result on every update (the default). */
  onWindowUpdate: (): EmitStrategy => ON_WINDOW_UPDATE,
  /** The strategy of a type (Kafka's `StrategyType.forType`). */
  forType: (type: EmitStrategyType): EmitStrategy => (type === 'ON_WINDOW_CLOSE' ? ON_WINDOW_CLOSE : ON_WINDOW_UPDATE),
  /** The numeric code Kafka gives a type (0 update, 1 close). */
  codeOf: (type: EmitStrategyType): number => CODES[type],
} as const;
