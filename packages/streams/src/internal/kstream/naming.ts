import type { Named } from '../../kstream/named.js';
import type { AnyProcessor } from '../topology/node-factories.js';
import type { Processor } from '../../processor/processor.js';
import type { InternalStreamsBuilder } from './internal-streams-builder.js';

/** Kafka's processor-name prefixes (KStreamImpl's constants). */
export const Prefix = {
  SOURCE: 'KSTREAM-SOURCE-',
  SINK: 'KSTREAM-SINK-',
  FILTER: 'KSTREAM-FILTER-',
  PEEK: 'KSTREAM-PEEK-',
  FLATMAP: 'KSTREAM-FLATMAP-',
  FLATMAPVALUES: 'KSTREAM-FLATMAPVALUES-',
  MAP: 'KSTREAM-MAP-',
  MAPVALUES: 'KSTREAM-MAPVALUES-',
  MERGE: 'KSTREAM-MERGE-',
  PROCESSOR: 'KSTREAM-PROCESSOR-',
  PROCESSVALUES: 'KSTREAM-PROCESSVALUES-',
  PRINTING: 'KSTREAM-PRINTER-',
  KEY_SELECT: 'KSTREAM-KEY-SELECT-',
  FOREACH: 'KSTREAM-FOREACH-',
  BRANCH: 'KSTREAM-BRANCH-',
  REPARTITION: 'KSTREAM-REPARTITION-',
} as const;

/** Kafka's NamedInternal.orElseGenerateWithPrefix: the user's name, else a generated one (consuming an index). */
export function nameOrGenerate(builder: InternalStreamsBuilder, name: string | undefined, prefix: string): string {
  return name ?? builder.newProcessorName(prefix);
}

export function namedName(named: Named | undefined): string | undefined {
  return named?.name;
}

/** A factory of one built-in processor per task. */
export function plain(make: () => Processor<unknown, unknown, unknown, unknown>): () => AnyProcessor {
  return () => ({ fixedKey: false, processor: make() });
}
