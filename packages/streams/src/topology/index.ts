export { Topology, type SourceOptions, type SinkOptions, type GlobalStoreOptions } from './topology.js';
export { AutoOffsetReset } from './auto-offset-reset.js';
export type {
  TopologyDescription,
  Subtopology,
  GlobalStoreDescription,
  TopologyNode,
  SourceNode,
  ProcessorNode,
  SinkNode,
} from './topology-description.js';
