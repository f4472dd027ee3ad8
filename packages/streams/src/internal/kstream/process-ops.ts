import { Named } from '../../kstream/named.js';
import type { FixedKeyProcessorSupplier, ProcessorSupplier } from '../../processor/processor.js';
import type { StoreBuilder } from '../../processor/state-store.js';
import { processorFactory } from '../../topology/topology.js';
import { ProcessorGraphNode } from './graph-nodes.js';
import type { StreamContext, StreamState } from './kstream-impl.js';
import { Prefix } from './naming.js';

// process() and processValues(): Processor API processors inside the DSL (Kafka's KStreamImpl.process*).

type Self = StreamContext;
type AnySupplier = ProcessorSupplier<unknown, unknown, unknown, unknown> | FixedKeyProcessorSupplier<unknown, unknown, unknown>;

function parse(self: Self, rest: readonly (Named | string)[], prefix: string): { name: string; stores: string[] } {
  const [first, ...others] = rest;
  if (first instanceof Named) return { name: first.name!, stores: others as string[] };
  // Kafka names the processor before anything else when no Named is given.
  return { name: self.builder.newProcessorName(prefix), stores: rest as string[] };
}

function storesOf(supplier: AnySupplier): readonly StoreBuilder[] {
  return typeof supplier === 'function' ? [] : (supplier.stores?.() ?? []);
}

export function process(self: Self, supplier: ProcessorSupplier<unknown, unknown, unknown, unknown>, rest: readonly (Named | string)[]): StreamState {
  const { name, stores } = parse(self, rest, Prefix.PROCESSOR);
  const node = new ProcessorGraphNode(name, [self.graphNode], processorFactory(supplier, false), stores, storesOf(supplier));
  self.builder.addGraphNode(node);
  // The processor may change keys and values: no serde survives and a repartition is required.
  return { name, keySerde: undefined, valueSerde: undefined, graphNode: node, repartitionRequired: true };
}

export function processValues(self: Self, supplier: FixedKeyProcessorSupplier<unknown, unknown, unknown>, rest: readonly (Named | string)[]): StreamState {
  const { name, stores } = parse(self, rest, Prefix.PROCESSVALUES);
  const node = new ProcessorGraphNode(name, [self.graphNode], processorFactory(supplier, true), stores, storesOf(supplier));
  self.builder.addGraphNode(node);
  return { name, keySerde: self.keySerde, valueSerde: undefined, graphNode: node, repartitionRequired: self.repartitionRequired };
}
