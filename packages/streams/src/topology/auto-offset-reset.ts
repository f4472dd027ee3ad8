/**
 * Where a source starts when its application has no committed offset (Kafka's `AutoOffsetReset`, which replaced
 * `Topology.AutoOffsetReset`). Without one, the source follows `auto.offset.reset` (Kafka Streams' default:
 * earliest).
 */
export class AutoOffsetReset {
  private constructor(readonly policy: 'earliest' | 'latest' | 'none') {}

  static earliest(): AutoOffsetReset {
    return new AutoOffsetReset('earliest');
  }

  static latest(): AutoOffsetReset {
    return new AutoOffsetReset('latest');
  }

  /** Fail when there is no committed offset. */
  static none(): AutoOffsetReset {
    return new AutoOffsetReset('none');
  }

  toString(): string {
    return this.policy;
  }
}
