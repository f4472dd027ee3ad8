/**
 * Kafka's page-view-by-region demo: page views keyed by user are joined with the table of user profiles
 * (user -> region), re-keyed by region, and counted per region in 2-minute windows that advance by 1 minute
 * (hopping windows: each view counts in two windows). Output key `{ windowStart, region }`, value
 * `{ region, count }`, both JSON, as Kafka's typed demo writes them.
 */
import { Consumed, Grouped, Produced, Serdes, StreamsBuilder, TimeWindows, type Topology } from '@tributary/streams';

export const PAGE_VIEWS = 'streams-pageview-input';
export const USER_PROFILES = 'streams-userprofile-input';
export const OUTPUT = 'streams-pageviewstats-output';

export const WINDOW_SIZE_MS = 2 * 60_000;
export const WINDOW_ADVANCE_MS = 60_000;

export interface PageView {
  readonly user: string;
  readonly page: string;
}
export interface UserProfile {
  readonly region: string;
}
export interface PageViewByRegion {
  readonly user: string;
  readonly page: string;
  readonly region: string;
}
export interface WindowedRegion {
  readonly windowStart: number;
  readonly region: string;
}
export interface RegionCount {
  readonly region: string;
  readonly count: number;
}

export function buildTopology(): Topology {
  const builder = new StreamsBuilder();
  const users = builder.table(USER_PROFILES, Consumed.with(Serdes.String(), Serdes.JSON<UserProfile>()));
  builder
    .stream(PAGE_VIEWS, Consumed.with(Serdes.String(), Serdes.JSON<PageView>()))
    // Stream-table join: each view looks its user up in the table as it is at that moment. A left join keeps
    // views of users without a profile (region UNKNOWN), as Kafka's demo does.
    .leftJoin(users, (view, profile): PageViewByRegion => ({ user: view.user, page: view.page, region: profile?.region ?? 'UNKNOWN' }))
    .map((_user, view) => ({ key: view.region, value: view }))
    // The key changed, so the views go through the `pageviews-by-region-repartition` topic before counting.
    .groupByKey(Grouped.with('pageviews-by-region', Serdes.String(), Serdes.JSON<PageViewByRegion>()))
    .windowedBy(TimeWindows.ofSizeWithNoGrace(WINDOW_SIZE_MS).advanceBy(WINDOW_ADVANCE_MS))
    .count()
    .toStream()
    .map((windowed, count) => ({
      key: { windowStart: windowed.window().start(), region: windowed.key() } satisfies WindowedRegion,
      value: { region: windowed.key(), count } satisfies RegionCount,
    }))
    .to(OUTPUT, Produced.with(Serdes.JSON<WindowedRegion>(), Serdes.JSON<RegionCount>()));
  return builder.build();
}
