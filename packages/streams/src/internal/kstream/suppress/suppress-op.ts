import type { KTable } from '../../../kstream/ktable.js';
import type { Suppressed } from '../../../kstream/suppressed.js';
import { KTableImpl } from '../ktable-impl.js';
import { TableProcessorGraphNode } from '../table-graph-nodes.js';
import { findAndVerifyWindowGrace } from './grace-search.js';
import { KTableSuppressSupplier, type SuppressionSpec } from './ktable-suppress.js';
import { TimeOrderedKeyValueBufferBuilder } from './time-ordered-buffer.js';

/** Kafka's KTableImpl SUPPRESS_NAME: `KTABLE-SUPPRESS-0000000004`, store `KTABLE-SUPPRESS-STATE-STORE-0000000005`. */
export const SUPPRESS_PREFIX = 'KTABLE-SUPPRESS-';

/**
 * Kafka's KTableImpl.suppress: a KTABLE-SUPPRESS processor owning a time-ordered buffer store (`<name>-store` for a
 * named suppression), changelogged unless the buffer config disables logging. The parent table is made to send
 * old values, as Kafka's suppress supplier does.
 */
export function suppressTable<K, V>(table: KTableImpl<K, V>, suppressed: Suppressed<K>): KTable<K, V> {
  const { builder } = table;
  const name = suppressed.name ?? builder.newProcessorName(SUPPRESS_PREFIX);
  const finalResults = suppressed.kind === 'UNTIL_WINDOW_CLOSES';
  // Searched before the store is named, as Kafka does: a table that is not windowed fails here.
  const duration = finalResults ? findAndVerifyWindowGrace(table.graphNode) : suppressed.timeToWaitMs;
  const storeName = suppressed.name !== undefined ? `${suppressed.name}-store` : builder.newStoreName(SUPPRESS_PREFIX);
  const config = suppressed.bufferConfig;
  const spec: SuppressionSpec = {
    processorName: name,
    storeName,
    suppressDurationMs: duration,
    bufferTime: finalResults ? 'WINDOW_END' : 'RECORD_TIME',
    maxRecords: config.maxRecordsLimit,
    maxBytes: config.maxBytesLimit,
    fullStrategy: config.fullStrategy,
    safeToDropTombstones: finalResults,
  };
  const supplier = new KTableSuppressSupplier(spec, table);
  // The buffer keeps each key's prior value: it needs the parent's old values.
  table.enableSendingOldValues(true);
  const storeBuilder = new TimeOrderedKeyValueBufferBuilder(storeName, table.keySerde, table.valueSerde, config.loggingEnabled, config.logConfig);
  const node = new TableProcessorGraphNode(name, [table.graphNode], supplier, () => [storeBuilder]);
  builder.addGraphNode(node);
  return new KTableImpl<K, V>(builder, {
    name,
    graphNode: node,
    supplier,
    keySerde: table.keySerde,
    valueSerde: table.valueSerde,
    queryableName: undefined,
  });
}
