import type { ForeachAction, KeyValueLike, KeyValueMapper, Predicate, ValueMapperWithKey } from '../../kstream/functions.js';
import type { Named } from '../../kstream/named.js';
import type { Printed } from '../../kstream/printed.js';
import { ProcessorGraphNode } from './graph-nodes.js';
import type { StreamContext, StreamState } from './kstream-impl.js';
import { nameOrGenerate, namedName, plain, Prefix } from './naming.js';
import { PrintProcessor } from './processors/print.js';
import {
  FilterProcessor,
  FlatMapProcessor,
  FlatMapValuesProcessor,
  ForeachProcessor,
  MapProcessor,
  MapValuesProcessor,
  PeekProcessor,
  SelectKeyProcessor,
} from './processors/stateless.js';
import type { Processor } from '../../processor/processor.js';

// Stateless operators (Kafka's KStreamImpl filter/map/... methods). Each adds one processor node and says which
// serdes survive: a new key drops the key serde and requires a repartition before key-based work; a new value
// drops the value serde.

type Self = StreamContext;

function add(self: Self, prefix: string, named: Named | undefined, make: () => Processor<unknown, unknown, unknown, unknown>): ProcessorGraphNode {
  const name = nameOrGenerate(self.builder, namedName(named), prefix);
  const node = new ProcessorGraphNode(name, [self.graphNode], plain(make));
  self.builder.addGraphNode(node);
  return node;
}

function state(self: Self, node: ProcessorGraphNode, change: Partial<StreamState>): StreamState {
  return { name: node.nodeName, keySerde: self.keySerde, valueSerde: self.valueSerde, graphNode: node, repartitionRequired: self.repartitionRequired, ...change };
}

export function filter(self: Self, predicate: Predicate<unknown, unknown>, not: boolean, named?: Named): StreamState {
  return state(self, add(self, Prefix.FILTER, named, () => new FilterProcessor(predicate, not)), {});
}

export function selectKey(self: Self, mapper: KeyValueMapper<unknown, unknown, unknown>, named?: Named): StreamState {
  const node = add(self, Prefix.KEY_SELECT, named, () => new SelectKeyProcessor(mapper));
  return state(self, node, { keySerde: undefined, repartitionRequired: true });
}

export function map(self: Self, mapper: KeyValueMapper<unknown, unknown, KeyValueLike<unknown, unknown>>, named?: Named): StreamState {
  const node = add(self, Prefix.MAP, named, () => new MapProcessor(mapper));
  return state(self, node, { keySerde: undefined, valueSerde: undefined, repartitionRequired: true });
}

export function mapValues(self: Self, mapper: ValueMapperWithKey<unknown, unknown, unknown>, named?: Named): StreamState {
  return state(self, add(self, Prefix.MAPVALUES, named, () => new MapValuesProcessor(mapper)), { valueSerde: undefined });
}

export function flatMap(self: Self, mapper: KeyValueMapper<unknown, unknown, Iterable<KeyValueLike<unknown, unknown>>>, named?: Named): StreamState {
  const node = add(self, Prefix.FLATMAP, named, () => new FlatMapProcessor(mapper));
  return state(self, node, { keySerde: undefined, valueSerde: undefined, repartitionRequired: true });
}

export function flatMapValues(self: Self, mapper: ValueMapperWithKey<unknown, unknown, Iterable<unknown>>, named?: Named): StreamState {
  return state(self, add(self, Prefix.FLATMAPVALUES, named, () => new FlatMapValuesProcessor(mapper)), { valueSerde: undefined });
}

export function peek(self: Self, action: ForeachAction<unknown, unknown>, named?: Named): StreamState {
  return state(self, add(self, Prefix.PEEK, named, () => new PeekProcessor(action)), {});
}

export function foreach(self: Self, action: ForeachAction<unknown, unknown>, named?: Named): void {
  add(self, Prefix.FOREACH, named, () => new ForeachProcessor(action));
}

export function print(self: Self, printed: Printed<unknown, unknown>): void {
  // The default label is the name of the printed stream's processor, as in Kafka.
  const label = printed.label ?? self.name;
  const name = nameOrGenerate(self.builder, printed.processorName, Prefix.PRINTING);
  self.builder.addGraphNode(new ProcessorGraphNode(name, [self.graphNode], plain(() => new PrintProcessor(printed, label))));
}
