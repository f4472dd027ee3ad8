// Small switches over the join kinds, so each test table runs the same topology through join, leftJoin and
// outerJoin of the public DSL.
import type { GlobalKTable, Joined, JoinWindows, KStream, KTable, Materialized, StreamJoined, TableJoined } from '../../src/index.js';

export type StreamJoinKind = 'join' | 'leftJoin' | 'outerJoin';
export type TableJoinKind = 'join' | 'leftJoin' | 'outerJoin';
type Joiner<A, B, R> = (l: A | null, r: B | null) => R;

export function streamJoin<K, V1, V2, VR>(kind: StreamJoinKind, left: KStream<K, V1>, right: KStream<K, V2>, joiner: Joiner<V1, V2, VR>, windows: JoinWindows, streamJoined?: StreamJoined<K, V1, V2>): KStream<K, VR> {
  if (kind === 'join') return left.join(right, joiner, windows, streamJoined);
  if (kind === 'leftJoin') return left.leftJoin(right, joiner, windows, streamJoined);
  return left.outerJoin(right, joiner, windows, streamJoined);
}

export function tableJoin<K, V1, V2, VR>(kind: TableJoinKind, left: KTable<K, V1>, right: KTable<K, V2>, joiner: Joiner<V1, V2, VR>, materialized?: Materialized<K, VR>): KTable<K, VR> {
  if (materialized !== undefined) {
    if (kind === 'join') return left.join(right, joiner, materialized);
    if (kind === 'leftJoin') return left.leftJoin(right, joiner, materialized);
    return left.outerJoin(right, joiner, materialized);
  }
  if (kind === 'join') return left.join(right, joiner);
  if (kind === 'leftJoin') return left.leftJoin(right, joiner);
  return left.outerJoin(right, joiner);
}

export function streamTableJoin<K, V1, V2, VR>(kind: 'join' | 'leftJoin', left: KStream<K, V1>, right: KTable<K, V2>, joiner: Joiner<V1, V2, VR>, joined?: Joined<K, V1, V2>): KStream<K, VR> {
  return kind === 'join' ? left.join(right, joiner, joined) : left.leftJoin(right, joiner, joined);
}

export function globalJoin<K, V1, KG, VG, VR>(kind: 'join' | 'leftJoin', left: KStream<K, V1>, table: GlobalKTable<KG, VG>, keySelector: (k: K, v: V1) => KG, joiner: Joiner<V1, VG, VR>): KStream<K, VR> {
  return kind === 'join' ? left.join(table, keySelector, joiner) : left.leftJoin(table, keySelector, joiner);
}

export function fkJoin<K, V, KO, VO, VR>(
  kind: 'join' | 'leftJoin',
  left: KTable<K, V>,
  right: KTable<KO, VO>,
  foreignKeyExtractor: (v: V) => KO,
  joiner: Joiner<V, VO, VR>,
  tableJoined?: TableJoined<K, KO>,
  materialized?: Materialized<K, VR>,
): KTable<K, VR> {
  return kind === 'join'
    ? left.join(right, foreignKeyExtractor, joiner, tableJoined, materialized)
    : left.leftJoin(right, foreignKeyExtractor, joiner, tableJoined, materialized);
}
