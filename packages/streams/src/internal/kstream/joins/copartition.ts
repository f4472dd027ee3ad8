import { TableSourceGraphNode, GroupedTableRepartitionGraphNode } from '../table-graph-nodes.js';
import { RepartitionGraphNode, SourceGraphNode } from '../graph-nodes.js';
import type { GraphNode } from '../internal-streams-builder.js';

/**
 * The source nodes feeding a node within its sub-topology (Kafka's `subTopologySourceNodes`): the stream and
 * table sources upstream, stopping at repartition topics (whose source starts a new sub-topology). Joins ask the
 * topology builder to co-partition the topics of both sides' sources.
 */
export function subTopologySourceNodes(node: GraphNode): string[] {
  const found = new Set<string>();
  const seen = new Set<GraphNode>();
  const visit = (n: GraphNode): void => {
    if (seen.has(n)) return;
    seen.add(n);
    if (n instanceof SourceGraphNode || n instanceof RepartitionGraphNode || n instanceof GroupedTableRepartitionGraphNode) {
      found.add(n.nodeName);
      return;
    }
    if (n instanceof TableSourceGraphNode) {
      found.add(n.spec.sourceName);
      return;
    }
    for (const parent of n.parents) visit(parent);
  };
  visit(node);
  return [...found];
}
