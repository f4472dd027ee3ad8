// Until the DSL methods exist on KStream/KTable, tests reach the join operators through the functions they
// delegate to.
import type { GlobalKTable, Joined, JoinWindows, KStream, KTable, Materialized, StreamJoined, TableJoined } from '../../src/index.js';
import { joinOnForeignKey } from '../../src/internal/kstream/joins/fk/fk-join.js';
import type { KStreamImpl } from '../../src/internal/kstream/kstream-impl.js';
import { KTableImpl } from '../../src/internal/kstream/ktable-impl.js';
import { joinStreams } from '../../src/internal/kstream/joins/stream-stream-join.js';
import { joinStreamGlobalTable, joinStreamTable } from '../../src/internal/kstream/joins/stream-table-join.js';
import { joinTables } from '../../src/internal/kstream/joins/table-table-join.js';

export type StreamJoinKind = 'join' | 'leftJoin' | 'outerJoin';

export function streamJoin<K, V1, V2, VR>(
  kind: StreamJoinKind,
  left: KStream<K, V1>,
  right: KStream<K, V2>,
  joiner: (l: V1, r: V2) => VR,
  windows: JoinWindows,
  streamJoined?: StreamJoined<K, V1, V2>,
): KStream<K, VR> {
  const self = left as unknown as KStreamImpl<K, V1>;
  const state = joinStreams(
    self,
    right as unknown as KStreamImpl<K, V2>,
    (_k, l, r) => joiner(l as V1, r as V2),
    windows,
    streamJoined as StreamJoined<unknown, unknown, unknown> | undefined,
    kind !== 'join',
    kind === 'outerJoin',
  );
  return self.derive<K, VR>(state);
}

export type TableJoinKind = 'join' | 'leftJoin' | 'outerJoin';

export function tableJoin<K, V1, V2, VR>(kind: TableJoinKind, left: KTable<K, V1>, right: KTable<K, V2>, joiner: (l: V1, r: V2) => VR, ...rest: unknown[]): KTable<K, VR> {
  const self = left as unknown as KTableImpl<K, V1>;
  const state = joinTables(self.builder, self, right as unknown as KTableImpl<K, V2>, joiner as (l: unknown, r: unknown) => unknown, kind !== 'join', kind === 'outerJoin', rest);
  return new KTableImpl<K, VR>(self.builder, state);
}

export function streamTableJoin<K, V1, V2, VR>(kind: 'join' | 'leftJoin', left: KStream<K, V1>, right: KTable<K, V2>, joiner: (l: V1, r: V2) => VR, joined?: Joined<K, V1, V2>): KStream<K, VR> {
  const self = left as unknown as KStreamImpl<K, V1>;
  const state = joinStreamTable(self, right as unknown as KTableImpl<K, V2>, (_k, l, r) => joiner(l as V1, r as V2), joined as Joined<unknown, unknown, unknown> | undefined, kind === 'leftJoin');
  return self.derive<K, VR>(state);
}

export function globalJoin<K, V1, KG, VG, VR>(kind: 'join' | 'leftJoin', left: KStream<K, V1>, table: GlobalKTable<KG, VG>, keySelector: (k: K, v: V1) => KG, joiner: (l: V1, r: VG) => VR): KStream<K, VR> {
  const self = left as unknown as KStreamImpl<K, V1>;
  const state = joinStreamGlobalTable(self, table as GlobalKTable<unknown, unknown>, keySelector as (k: unknown, v: unknown) => unknown, (_k, l, r) => joiner(l as V1, r as VG), undefined, kind === 'leftJoin');
  return self.derive<K, VR>(state);
}

export function fkJoin<K, V, KO, VO, VR>(
  kind: 'join' | 'leftJoin',
  left: KTable<K, V>,
  right: KTable<KO, VO>,
  foreignKeyExtractor: (v: V) => KO,
  joiner: (l: V, r: VO) => VR,
  tableJoined?: TableJoined<K, KO>,
  materialized?: Materialized<K, VR>,
): KTable<K, VR> {
  const self = left as unknown as KTableImpl<K, V>;
  const state = joinOnForeignKey(
    self.builder,
    self,
    right as unknown as KTableImpl<KO, VO>,
    foreignKeyExtractor as (v: unknown) => unknown,
    joiner as (l: unknown, r: unknown) => unknown,
    tableJoined as TableJoined<unknown, unknown> | undefined,
    materialized as Materialized<unknown, unknown> | undefined,
    kind === 'leftJoin',
  );
  return new KTableImpl<K, VR>(self.builder, state);
}
