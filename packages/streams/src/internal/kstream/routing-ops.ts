import { TopologyException } from '../../common/errors.js';
import type { Branched } from '../../kstream/branched.js';
import type { Predicate } from '../../kstream/functions.js';
import type { BranchedKStream, KStream } from '../../kstream/kstream.js';
import type { Named } from '../../kstream/named.js';
import type { Produced } from '../../kstream/produced.js';
import type { Repartitioned } from '../../kstream/repartitioned.js';
import type { TopicNameExtractor } from '../../processor/extractors.js';
import { ProcessorGraphNode, RepartitionGraphNode, SinkGraphNode } from './graph-nodes.js';
import type { StreamContext, StreamState } from './kstream-impl.js';
import { nameOrGenerate, namedName, plain, Prefix } from './naming.js';
import { BranchProcessor } from './processors/branch.js';
import { PassThroughProcessor } from './processors/stateless.js';

// Operators that route records: split/branch, merge, repartition and to (Kafka's KStreamImpl and
// BranchedKStreamImpl), with Kafka's names for every node they add.

type Self = StreamContext;

/** Kafka's BranchedKStreamImpl. Branch names are the split's name plus the branch name or its 1-based index (0: default). */
class BranchedKStreamImpl<K, V> implements BranchedKStream<K, V> {
  readonly #source: Self;
  readonly #splitterName: string;
  readonly #splitterNode: ProcessorGraphNode;
  readonly #predicates: Predicate<unknown, unknown>[] = [];
  readonly #childNames: string[] = [];
  readonly #outputs = new Map<string, KStream<K, V>>();

  constructor(source: Self, named: Named | undefined) {
    this.#source = source;
    this.#splitterName = nameOrGenerate(source.builder, namedName(named), Prefix.BRANCH);
    // The processor reads the shared lists, which later branch() calls extend.
    const predicates = this.#predicates;
    const childNames = this.#childNames;
    this.#splitterNode = new ProcessorGraphNode(this.#splitterName, [source.graphNode], plain(() => new BranchProcessor(predicates, childNames)));
    source.builder.addGraphNode(this.#splitterNode);
  }

  branch(predicate: Predicate<K, V>, branched?: Branched<K, V>): BranchedKStream<K, V> {
    this.#predicates.push(predicate as Predicate<unknown, unknown>);
    this.#createBranch(branched, this.#predicates.length);
    return this;
  }

  defaultBranch(branched?: Branched<K, V>): Map<string, KStream<K, V>> {
    this.#createBranch(branched, 0);
    return this.#outputs;
  }

  noDefaultBranch(): Map<string, KStream<K, V>> {
    return this.#outputs;
  }

  #createBranch(branched: Branched<K, V> | undefined, index: number): void {
    const source = this.#source;
    const childName = this.#splitterName + (branched?.name ?? String(index));
    this.#childNames.push(childName);
    // Kafka burns an index per branch so later generated names stay where they were.
    source.builder.newProcessorName(childName);
    const node = new ProcessorGraphNode(childName, [this.#splitterNode], plain(() => new PassThroughProcessor()));
    source.builder.addGraphNode(node);
    const branch = source.derive<K, V>({ name: childName, keySerde: source.keySerde, valueSerde: source.valueSerde, graphNode: node, repartitionRequired: source.repartitionRequired });
    if (branched?.chainFunction !== undefined) {
      const result = branched.chainFunction(branch);
      if (result !== null && result !== undefined) this.#outputs.set(childName, result);
    } else if (branched?.chainConsumer !== undefined) {
      branched.chainConsumer(branch);
    } else {
      this.#outputs.set(childName, branch);
    }
  }
}

export function split<K, V>(self: Self, named?: Named): BranchedKStream<K, V> {
  return new BranchedKStreamImpl<K, V>(self, named);
}

export function merge(self: Self, other: StreamState, named?: Named): StreamState {
  if (other === undefined || other === null) throw new TopologyException('otherStream cannot be null');
  const name = nameOrGenerate(self.builder, namedName(named), Prefix.MERGE);
  const node = new ProcessorGraphNode(name, [self.graphNode, other.graphNode], plain(() => new PassThroughProcessor()));
  self.builder.addGraphNode(node);
  // Neither side's serdes can stand for both.
  return { name, keySerde: undefined, valueSerde: undefined, graphNode: node, repartitionRequired: self.repartitionRequired || other.repartitionRequired };
}

const GENERATED = /^KSTREAM.*-[0-9]{10}$/;

export function repartition(self: Self, repartitioned: Repartitioned<unknown, unknown> | undefined): StreamState {
  const { builder } = self;
  const name = repartitioned?.name ?? builder.newProcessorName(Prefix.REPARTITION);
  const topic = name.endsWith('-repartition') ? name : `${name}-repartition`;
  // Kafka always generates these three names (keeping later indexes stable) but uses them only for generated names.
  const genSink = builder.newProcessorName(Prefix.SINK);
  const genFilter = builder.newProcessorName(Prefix.FILTER);
  const genSource = builder.newProcessorName(Prefix.SOURCE);
  const generated = GENERATED.test(name);
  const sinkName = generated ? genSink : `${topic}-sink`;
  const sourceName = generated ? genSource : `${topic}-source`;
  const filterName = generated ? genFilter : `${topic}-filter`;
  const valueSerde = repartitioned?.valueSerde ?? self.valueSerde;
  // As in Kafka, the topic's key serde is only the Repartitioned one (else the default), not the stream's.
  const node = new RepartitionGraphNode(sourceName, [self.graphNode], filterName, sinkName, topic, repartitioned?.keySerde, valueSerde,
    repartitioned?.partitioner, repartitioned?.numberOfPartitions);
  builder.addGraphNode(node);
  return { name: sourceName, keySerde: repartitioned?.keySerde ?? self.keySerde, valueSerde, graphNode: node, repartitionRequired: false };
}

export function to(self: Self, topic: string | TopicNameExtractor<unknown, unknown>, produced: Produced<unknown, unknown> | undefined): void {
  if (topic === undefined || topic === null || topic === '') throw new TopologyException('topic cannot be null or empty');
  const name = nameOrGenerate(self.builder, produced?.processorName, Prefix.SINK);
  self.builder.addGraphNode(new SinkGraphNode(name, [self.graphNode], topic, produced?.keySerde ?? self.keySerde, produced?.valueSerde ?? self.valueSerde, produced?.partitioner));
}
