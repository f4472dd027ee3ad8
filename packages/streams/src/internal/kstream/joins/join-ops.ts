// The DSL entry points of every join: KStream.join/leftJoin/outerJoin and KTable.join/leftJoin/outerJoin pass
// their arguments here, and the overload Kafka would pick is chosen from their runtime types - the other side
// (stream, table or global table) and, for tables, whether a foreign-key extractor comes before the joiner.

import { IllegalArgumentException } from '../../../common/errors.js';
import type { Joined, ValueJoiner } from '../../../kstream/joined.js';
import type { GlobalKTable } from '../../../kstream/ktable.js';
import type { Materialized } from '../../../kstream/materialized.js';
import { Named } from '../../../kstream/named.js';
import type { StreamJoined } from '../../../kstream/stream-joined.js';
import type { TableJoined } from '../../../kstream/table-joined.js';
import { JoinWindows } from '../../../kstream/windows/join-windows.js';
import type { InternalStreamsBuilder } from '../internal-streams-builder.js';
import type { StreamContext, StreamState } from '../kstream-impl.js';
import { joinOnForeignKey } from './fk/fk-join.js';
import { joinStreams } from './stream-stream-join.js';
import { joinStreamGlobalTable, joinStreamTable, type JoinableTable } from './stream-table-join.js';
import { joinTables, type JoinedTableState, type JoinTable } from './table-table-join.js';

export type JoinKind = 'join' | 'leftJoin' | 'outerJoin';

type AnyJoiner = ValueJoiner<unknown, unknown, unknown>;

function isStream(x: unknown): x is StreamState {
  return typeof x === 'object' && x !== null && 'repartitionRequired' in x && 'graphNode' in x;
}

function isTable(x: unknown): x is JoinTable {
  return typeof x === 'object' && x !== null && 'supplier' in x && 'graphNode' in x;
}

function requireFunction(f: unknown, what: string): void {
  if (typeof f !== 'function') throw new IllegalArgumentException(`${what} can't be null`);
}

/** KStream.join/leftJoin/outerJoin: with a KStream and JoinWindows, a KTable, or a GlobalKTable and a key mapper. */
export function joinStreamWith(self: StreamContext, kind: JoinKind, args: readonly unknown[]): StreamState {
  const [other, second, third, fourth] = args;
  if (isStream(other)) {
    requireFunction(second, 'joiner');
    if (!(third instanceof JoinWindows)) throw new IllegalArgumentException("windows can't be null");
    const joiner = second as AnyJoiner;
    return joinStreams(self, other, (_k, l, r) => joiner(l, r), third, fourth as StreamJoined<unknown, unknown, unknown> | undefined, kind !== 'join', kind === 'outerJoin');
  }
  if (kind === 'outerJoin') throw new IllegalArgumentException('outerJoin needs a KStream and JoinWindows');
  if (isTable(other)) {
    requireFunction(second, 'joiner');
    const joiner = second as AnyJoiner;
    return joinStreamTable(self, other as JoinableTable, (_k, l, r) => joiner(l, r), third as Joined<unknown, unknown, unknown> | undefined, kind === 'leftJoin');
  }
  if (typeof other === 'object' && other !== null && typeof (other as GlobalKTable<unknown, unknown>).queryableStoreName === 'function') {
    requireFunction(second, 'keySelector');
    requireFunction(third, 'joiner');
    const joiner = third as AnyJoiner;
    const named = fourth instanceof Named ? fourth.name : undefined;
    return joinStreamGlobalTable(self, other as GlobalKTable<unknown, unknown>, second as (k: unknown, v: unknown) => unknown, (_k, l, r) => joiner(l, r), named, kind === 'leftJoin');
  }
  throw new IllegalArgumentException("other can't be null");
}

/** KTable.join/leftJoin/outerJoin: an equi-join, or (join/leftJoin) a foreign-key join when an extractor comes first. */
export function joinTableWith(builder: InternalStreamsBuilder, self: JoinTable & { readonly valueSerde: unknown }, kind: JoinKind, args: readonly unknown[]): JoinedTableState {
  const [other, second, third, ...rest] = args;
  if (!isTable(other)) throw new IllegalArgumentException("other can't be null");
  requireFunction(second, 'joiner');
  if (typeof third === 'function') {
    if (kind === 'outerJoin') throw new IllegalArgumentException('Foreign-key joins are inner or left joins');
    const [tableJoined, materialized] = rest as [TableJoined<unknown, unknown> | undefined, Materialized<unknown, unknown> | undefined];
    type FkSide = Parameters<typeof joinOnForeignKey>[1];
    return joinOnForeignKey(builder, self as FkSide, other as FkSide, second as (v: unknown) => unknown, third as AnyJoiner, tableJoined, materialized, kind === 'leftJoin');
  }
  return joinTables(builder, self, other, second as AnyJoiner, kind !== 'join', kind === 'outerJoin', [third, ...rest]);
}
