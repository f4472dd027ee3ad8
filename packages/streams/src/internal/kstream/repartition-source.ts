import type { Serde } from '../../serialization/serde.js';
import { RepartitionGraphNode } from './graph-nodes.js';
import type { GraphNode, InternalStreamsBuilder } from './internal-streams-builder.js';
import { Prefix } from './naming.js';

const GENERATED = /^KSTREAM.*-[0-9]{10}$/;

const nonNullKey = (key: unknown): boolean => key !== null && key !== undefined;

/**
 * Kafka's KStreamImpl.createRepartitionedSource for key-based operations (groupBy, groupByKey after a key change,
 * toTable, cogroup): the topic `<prefix>-repartition`, and a filter dropping null keys, a sink and a source named
 * after the topic - or generated when the prefix itself was generated. The three generated names are always
 * drawn, so later indexes do not depend on which names were used.
 */
export function createRepartitionedSource(
  builder: InternalStreamsBuilder,
  parent: GraphNode,
  prefix: string,
  keySerde: Serde<unknown> | undefined,
  valueSerde: Serde<unknown> | undefined,
): RepartitionGraphNode {
  const topic = prefix.endsWith('-repartition') ? prefix : `${prefix}-repartition`;
  const genSink = builder.newProcessorName(Prefix.SINK);
  const genFilter = builder.newProcessorName(Prefix.FILTER);
  const genSource = builder.newProcessorName(Prefix.SOURCE);
  const generated = GENERATED.test(prefix);
  const sinkName = generated ? genSink : `${topic}-sink`;
  const filterName = generated ? genFilter : `${topic}-filter`;
  const sourceName = generated ? genSource : `${topic}-source`;
  return new RepartitionGraphNode(sourceName, [parent], filterName, sinkName, topic, keySerde, valueSerde, undefined, undefined, nonNullKey);
}
