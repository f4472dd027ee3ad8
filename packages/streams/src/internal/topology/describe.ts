import type {
  GlobalStoreDescription,
  ProcessorNode,
  SinkNode,
  SourceNode,
  Subtopology,
  TopologyDescription,
  TopologyNode,
} from '../../topology/topology-description.js';
import { javaCollectionString, javaHashSetCopyOrder, javaHashSetOrder } from '../java/hash-order.js';
import { JavaTreeSet } from '../java/tree-set.js';
import type { InternalTopologyBuilder } from './internal-topology-builder.js';
import type { NodeFactory } from './node-factories.js';

// Kafka's description orders nodes by the size of the sub-tree below them (largest first, then by name).
// Successor and predecessor lists are TreeSets filled while sizes still grow, in the order a Java HashMap walks
// the node names; JavaTreeSet and javaHashSetOrder reproduce both so the text matches Kafka's to the byte.

abstract class DescribedNode implements TopologyNode {
  /** Number of paths from this node down through the sub-topology, itself included (Kafka's "size"). */
  size = 1;
  readonly #predecessors = new JavaTreeSet<DescribedNode>(compareNodes);
  readonly #successors = new JavaTreeSet<DescribedNode>(compareNodes);

  constructor(readonly nodeName: string) {}

  name(): string {
    return this.nodeName;
  }

  predecessors(): ReadonlySet<TopologyNode> {
    return new Set(this.#predecessors.toArray());
  }

  successors(): ReadonlySet<TopologyNode> {
    return new Set(this.#successors.toArray());
  }

  addPredecessor(node: DescribedNode): void {
    this.#predecessors.add(node);
  }

  addSuccessor(node: DescribedNode): void {
    this.#successors.add(node);
  }

  predecessorList(): DescribedNode[] {
    return this.#predecessors.toArray();
  }

  protected names(which: 'successors' | 'predecessors'): string {
    const list = (which === 'successors' ? this.#successors : this.#predecessors).toArray();
    return list.length === 0 ? 'none' : list.map((n) => n.nodeName).join(', ');
  }
}

function compareNodes(a: DescribedNode, b: DescribedNode): number {
  if (a === b) return 0;
  if (a.size !== b.size) return b.size - a.size;
  return a.nodeName < b.nodeName ? -1 : a.nodeName > b.nodeName ? 1 : 0;
}

class DescribedSource extends DescribedNode implements SourceNode {
  readonly kind = 'source' as const;

  constructor(name: string, readonly topics: readonly string[] | undefined, readonly pattern: RegExp | undefined) {
    super(name);
  }

  topicSet(): ReadonlySet<string> | undefined {
    return this.topics === undefined ? undefined : new Set(this.topics);
  }

  topicPattern(): RegExp | undefined {
    return this.pattern;
  }

  override toString(): string {
    const topics = this.topics === undefined ? this.pattern!.source : javaCollectionString(this.topics);
    return `Source: ${this.nodeName} (topics: ${topics})\n      --> ${this.names('successors')}`;
  }
}

class DescribedProcessor extends DescribedNode implements ProcessorNode {
  readonly kind = 'processor' as const;

  constructor(name: string, readonly storeNames: readonly string[]) {
    super(name);
  }

  stores(): ReadonlySet<string> {
    return new Set(this.storeNames);
  }

  override toString(): string {
    return `Processor: ${this.nodeName} (stores: ${javaCollectionString(this.storeNames)})\n      --> ${this.names('successors')}\n      <-- ${this.names('predecessors')}`;
  }
}

class DescribedSink extends DescribedNode implements SinkNode {
  readonly kind = 'sink' as const;

  constructor(name: string, readonly fixedTopic: string | undefined, readonly extractor: unknown) {
    super(name);
  }

  topic(): string | undefined {
    return this.fixedTopic;
  }

  topicNameExtractor(): unknown {
    return this.fixedTopic === undefined ? this.extractor : undefined;
  }

  override toString(): string {
    const target = this.fixedTopic !== undefined ? `topic: ${this.fixedTopic}` : `extractor class: ${extractorName(this.extractor)}`;
    return `Sink: ${this.nodeName} (${target})\n      <-- ${this.names('predecessors')}`;
  }
}

/** Java prints the extractor object; we print its class or function name. */
function extractorName(extractor: unknown): string {
  if (typeof extractor === 'function') return extractor.name || 'anonymous';
  if (typeof extractor === 'object' && extractor !== null) {
    const own = (extractor as { toString?: () => string }).toString;
    if (own !== Object.prototype.toString && typeof own === 'function') return own.call(extractor);
    return extractor.constructor?.name ?? 'Object';
  }
  return String(extractor);
}

function describeNode(factory: NodeFactory): DescribedNode {
  switch (factory.kind) {
    case 'source':
      return new DescribedSource(factory.name, factory.topics === undefined ? undefined : javaHashSetCopyOrder(factory.topics), factory.pattern);
    case 'processor':
      return new DescribedProcessor(factory.name, javaHashSetCopyOrder(factory.stores));
    case 'sink':
      return new DescribedSink(factory.name, factory.topic, factory.extractor);
  }
}

function updateSize(node: DescribedNode, delta: number): void {
  node.size += delta;
  for (const p of node.predecessorList()) updateSize(p, delta);
}

class DescribedSubtopology implements Subtopology {
  constructor(readonly subtopologyId: number, readonly ordered: readonly DescribedNode[]) {}

  id(): number {
    return this.subtopologyId;
  }

  nodes(): ReadonlySet<TopologyNode> {
    return new Set(this.ordered);
  }

  toString(): string {
    return `Sub-topology: ${this.subtopologyId}\n${this.ordered.map((n) => `    ${n.toString()}\n`).join('')}\n`;
  }
}

function describeSubtopology(builder: InternalTopologyBuilder, id: number, names: readonly string[]): DescribedSubtopology {
  const byName = new Map<string, DescribedNode>();
  // Kafka fills a HashMap from the group's HashSet, then walks it: that walk decides the TreeSet insertions.
  const walk = javaHashSetOrder(names);
  for (const name of walk) byName.set(name, describeNode(builder.nodeFactories.get(name)!));
  for (const name of walk) {
    const node = byName.get(name)!;
    for (const predecessorName of builder.nodeFactories.get(name)!.predecessors) {
      const predecessor = byName.get(predecessorName)!;
      node.addPredecessor(predecessor);
      predecessor.addSuccessor(node);
      updateSize(predecessor, node.size);
    }
  }
  const ordered = [...byName.values()].sort(compareNodes);
  return new DescribedSubtopology(id, ordered);
}

/** A global store's source and processor (Kafka's TopologyDescription.GlobalStore). */
class DescribedGlobalStore implements GlobalStoreDescription {
  constructor(
    readonly storeId: number,
    readonly sourceNode: DescribedSource,
    readonly processorNode: DescribedProcessor,
  ) {}

  id(): number {
    return this.storeId;
  }

  source(): SourceNode {
    return this.sourceNode;
  }

  processor(): ProcessorNode {
    return this.processorNode;
  }

  toString(): string {
    return `Sub-topology: ${this.storeId} for global store (will not generate tasks)\n    ${this.sourceNode.toString()}\n    ${this.processorNode.toString()}\n`;
  }
}

function describeGlobalStore(builder: InternalTopologyBuilder, id: number, names: readonly string[]): DescribedGlobalStore {
  const sourceDef = names.map((n) => builder.nodeFactories.get(n)!).find((d) => d.kind === 'source')!;
  const processorDef = names.map((n) => builder.nodeFactories.get(n)!).find((d) => d.kind === 'processor')!;
  const source = describeNode(sourceDef) as DescribedSource;
  const processor = describeNode(processorDef) as DescribedProcessor;
  source.addSuccessor(processor);
  processor.addPredecessor(source);
  return new DescribedGlobalStore(id, source, processor);
}

class Description implements TopologyDescription {
  constructor(
    readonly subs: readonly DescribedSubtopology[],
    readonly globals: readonly DescribedGlobalStore[],
  ) {}

  subtopologies(): ReadonlySet<Subtopology> {
    return new Set(this.subs);
  }

  globalStores(): ReadonlySet<GlobalStoreDescription> {
    return new Set(this.globals);
  }

  /** Sub-topologies and global stores share one numbering; Kafka prints them merged in id order. */
  toString(): string {
    const all: { id: number; text: string }[] = [
      ...this.subs.map((s) => ({ id: s.subtopologyId, text: s.toString() })),
      ...this.globals.map((g) => ({ id: g.storeId, text: g.toString() })),
    ].sort((a, b) => a.id - b.id);
    return `Topologies:\n ${all.map((e) => `  ${e.text}`).join('')}`;
  }
}

/** Kafka's InternalTopologyBuilder.describe(). */
export function describeTopology(builder: InternalTopologyBuilder): TopologyDescription {
  const subs: DescribedSubtopology[] = [];
  const globals: DescribedGlobalStore[] = [];
  for (const [id, names] of builder.nodeGroups()) {
    if (builder.isGlobalGroup(names)) globals.push(describeGlobalStore(builder, id, names));
    else subs.push(describeSubtopology(builder, id, names));
  }
  return new Description(subs, globals);
}
