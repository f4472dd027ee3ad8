// Until the DSL methods exist on KStream/KTable, tests reach the join operators through the functions they
// delegate to.
import type { JoinWindows, KStream, StreamJoined } from '../../src/index.js';
import type { KStreamImpl } from '../../src/internal/kstream/kstream-impl.js';
import { joinStreams } from '../../src/internal/kstream/joins/stream-stream-join.js';

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
