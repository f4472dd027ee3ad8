/**
 * Page views counted per user into the `views-per-user` store (LevelDB, changelogged). The count is what the
 * instances serve over HTTP; the topology writes nothing else.
 */
import { Consumed, Materialized, Serdes, StreamsBuilder, type Topology } from '@tributary/streams';

export const PAGE_VIEWS = 'page-views';
export const STORE = 'views-per-user';

export function buildTopology(): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream(PAGE_VIEWS, Consumed.with(Serdes.String(), Serdes.String()))
    .groupByKey()
    .count(Materialized.as<string, number>(STORE));
  return builder.build();
}
