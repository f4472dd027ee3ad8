import { UsageError } from '../../args.js';

/** Java's `String.format("%-Ns", s)`: left-justified in at least `width` columns, never cut. */
export function padRight(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

/** Kafka's internal topics (`Topic.isInternal`). */
export const INTERNAL_TOPICS: ReadonlySet<string> = new Set(['__consumer_offsets', '__transaction_state', '__share_group_state']);

/**
 * Kafka's `TopicFilter.IncludeList`: a topic regular expression (commas mean alternatives, quotes and
 * spaces are dropped) that must match the whole topic name.
 */
export class IncludeList {
  private readonly regex: RegExp;

  constructor(raw: string) {
    const cleaned = raw.trim().replace(/,/g, '|').replace(/ /g, '').replace(/^["']+/, '').replace(/["']+$/, '');
    try {
      this.regex = new RegExp(`^(?:${cleaned})$`);
    } catch {
      throw new UsageError(`${raw} is an invalid regex.`, '--topic');
    }
  }

  /** Whether `topic` matches (and is not an internal topic when those are excluded). */
  allows(topic: string, excludeInternal: boolean): boolean {
    return this.regex.test(topic) && !(excludeInternal && INTERNAL_TOPICS.has(topic));
  }
}

/** Kafka's `Utils.join`-style list of broker ids: `1,2,3`. */
export function ids(list: readonly number[]): string {
  return list.join(',');
}
