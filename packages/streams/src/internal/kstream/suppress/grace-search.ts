import { TopologyException } from '../../../common/errors.js';
import type { GraphNode } from '../internal-streams-builder.js';
import { isWindowedAggregateSupplier } from '../windowed/windowed-common.js';

/** The grace a node defines itself: a windowed aggregation's (Kafka's GraphGraceSearchUtil.extractGracePeriod). */
function gracePeriodOf(node: GraphNode): number | undefined {
  const supplier = (node as { supplier?: unknown }).supplier;
  return isWindowedAggregateSupplier(supplier) ? supplier.windowCloseGraceMs() : undefined;
}

/**
 * How long after a window's end `suppress(untilWindowCloses)` must wait (Kafka's
 * GraphGraceSearchUtil.findAndVerifyWindowGrace): the grace of the windowed aggregation upstream - the largest
 * when several parents merge - or a TopologyException naming the chain of nodes when there is none.
 */
export function findAndVerifyWindowGrace(node: GraphNode, chain = '', visited = new Set<GraphNode>()): number {
  const grace = gracePeriodOf(node);
  if (grace !== undefined) return grace;
  const newChain = chain === '' ? node.nodeName : `${node.nodeName}->${chain}`;
  if (node.parents.length === 0) {
    // Kafka's sources hang off a graph node named "root", which ends the chain it reports.
    throw new TopologyException(`Window close time is only defined for windowed computations. Got [root->${newChain}].`);
  }
  let inherited = -1;
  for (const parent of node.parents) {
    if (visited.has(parent)) continue;
    visited.add(parent);
    inherited = Math.max(inherited, findAndVerifyWindowGrace(parent, newChain, visited));
  }
  return inherited;
}
