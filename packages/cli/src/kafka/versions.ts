import { ApiKey, apiByKey } from '@tributary/protocol';

/**
 * Highest versions the tools' request building understands, where a newer version changes the shape of the
 * request rather than adding optional fields: Fetch 13+ names topics by id, OffsetFetch 8+ batches groups,
 * FindCoordinator 4+ batches keys, Produce 12+ (Kafka 4) by id. Every other API goes as high as the codecs go.
 */
const CAPS: ReadonlyMap<number, number> = new Map([
  [ApiKey.Fetch, 12],
  [ApiKey.OffsetFetch, 7],
  [ApiKey.FindCoordinator, 3],
  [ApiKey.Produce, 11],
  [ApiKey.ListGroups, 4],
]);

/** One broker's advertised version range for an API. */
export interface ApiRange {
  readonly apiKey: number;
  readonly minVersion: number;
  readonly maxVersion: number;
}

/**
 * The API versions a broker advertised, and the choice of version for each request: the highest version
 * both the broker and this client support (Kafka's `NodeApiVersions.latestUsableVersion`).
 */
export class ApiVersionTable {
  static readonly EMPTY = new ApiVersionTable(new Map());

  private constructor(private readonly ranges: ReadonlyMap<number, ApiRange>) {}

  /** Builds the table from an ApiVersions answer. */
  static from(apis: readonly ApiRange[]): ApiVersionTable {
    return new ApiVersionTable(new Map(apis.map((a) => [a.apiKey, { apiKey: a.apiKey, minVersion: a.minVersion, maxVersion: a.maxVersion }])));
  }

  /** Every advertised range, by ascending API key. */
  all(): ApiRange[] {
    return [...this.ranges.values()].sort((a, b) => a.apiKey - b.apiKey);
  }

  /** The broker's range for `apiKey`, if it serves it. */
  range(apiKey: number): ApiRange | undefined {
    return this.ranges.get(apiKey);
  }

  /**
   * The version to send `apiKey` at, or -1 when the broker does not serve it or no version is common.
   * `usableOnly: false` ignores the tools' caps (for `broker-api-versions`, which reports codec support).
   */
  pick(apiKey: number, usableOnly = true): number {
    const broker = this.ranges.get(apiKey);
    const codec = apiByKey(apiKey)?.request.validVersions;
    if (!broker || !codec) return -1;
    const cap = usableOnly ? (CAPS.get(apiKey) ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER;
    const max = Math.min(broker.maxVersion, codec.max, cap);
    const min = Math.max(broker.minVersion, codec.min);
    return max >= min ? max : -1;
  }
}
