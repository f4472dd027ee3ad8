import type { StoreType } from '../../kstream/materialized.js';
import type { InternalTopologyBuilder } from '../topology/internal-topology-builder.js';

/**
 * A node of the DSL's logical graph (Kafka's GraphNode): it knows how to write itself - one or more processors,
 * sinks and sources - into the topology once its parents are written.
 */
export interface GraphNode {
  /** The name downstream nodes use as their parent (for a repartition: its source). */
  readonly nodeName: string;
  readonly parents: readonly GraphNode[];
  write(builder: InternalTopologyBuilder): void;
}

/**
 * The DSL's state (Kafka's InternalStreamsBuilder): one counter for every generated name, and the graph nodes in
 * creation order. Kafka writes nodes by "build priority", which is that creation order, so the topology's
 * insertion order - and with it sub-topology numbers and the order of children - matches Kafka's.
 */
export class InternalStreamsBuilder {
  #index = 0;
  readonly #nodes: GraphNode[] = [];
  readonly #added = new Set<GraphNode>();
  #written = 0;

  /** `<prefix><index as %010d>`, consuming one index (Kafka's newProcessorName). */
  newProcessorName(prefix: string): string {
    return prefix + String(this.#index++).padStart(10, '0');
  }

  /** `<prefix>STATE-STORE-<index as %010d>`, from the same counter as processor names (Kafka's newStoreName). */
  newStoreName(prefix: string): string {
    return `${prefix}STATE-STORE-${String(this.#index++).padStart(10, '0')}`;
  }

  /**
   * The store type DSL operators materialize into when their Materialized names none (Kafka's `default.dsl.store`),
   * set from the build settings before the nodes are written.
   */
  defaultStoreType: StoreType = 'rocksDB';

  /** Adds a node to write; a node added again (a shared repartition node) is written once, where first added. */
  addGraphNode(node: GraphNode): void {
    if (this.#added.has(node)) return;
    this.#added.add(node);
    this.#nodes.push(node);
  }

  /** Writes the nodes added since the last call into the topology, in creation order. */
  writeTo(builder: InternalTopologyBuilder): void {
    for (; this.#written < this.#nodes.length; this.#written++) this.#nodes[this.#written]!.write(builder);
  }
}
