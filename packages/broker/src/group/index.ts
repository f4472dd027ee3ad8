// Public exports of the group coordinator; the broker's index re-exports what handlers need.
export { GroupCoordinator, type GroupCoordinatorOptions } from './coordinator.js';
export type { CoordinatorLog, CoordinatorRecord, StoredCoordinatorRecord } from './coordinator-log.js';
export { ManualClock, systemClock, type Clock, type TimerHandle } from './clock.js';
export {
  defaultGroupCoordinatorConfig,
  groupCoordinatorConfigFrom,
  groupCoordinatorConfigKeys,
  type GroupCoordinatorConfig,
} from './options.js';
export { GroupState, IllegalGroupStateError } from './group-state.js';
export { javaStringHashCode, kafkaAbs, partitionForGroup } from './partitioner.js';
export type { RequestContext } from './types.js';
export type { GroupSnapshot, MemberSnapshot } from './snapshot.js';
export type { PendingOffsetsProbe } from './offsets.js';
export {
  decodeCoordinatorKey,
  decodeGroupMetadataValue,
  decodeOffsetCommitValue,
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
  type CoordinatorKey,
} from './record-codec.js';
