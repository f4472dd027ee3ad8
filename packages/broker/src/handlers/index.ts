import type { HandlerTable } from '../api/types.js';
import { apiVersionsHandler } from './api-versions.js';
import { createTopicsHandler } from './create-topics.js';
import { deleteTopicsHandler } from './delete-topics.js';
import { fetchHandler } from './fetch.js';
import { findCoordinatorHandler } from './find-coordinator.js';
import { initProducerIdHandler } from './init-producer-id.js';
import { listOffsetsHandler } from './list-offsets.js';
import { metadataHandler } from './metadata.js';
import { produceHandler } from './produce.js';
import { alterConfigsHandler } from './alter-configs.js';
import { alterPartitionReassignmentsHandler } from './alter-partition-reassignments.js';
import { createPartitionsHandler } from './create-partitions.js';
import { deleteRecordsHandler } from './delete-records.js';
import { describeClusterHandler } from './describe-cluster.js';
import { describeConfigsHandler } from './describe-configs.js';
import { describeLogDirsHandler } from './describe-log-dirs.js';
import { electLeadersHandler } from './elect-leaders.js';
import { incrementalAlterConfigsHandler } from './incremental-alter-configs.js';
import { listPartitionReassignmentsHandler } from './list-partition-reassignments.js';
import { offsetForLeaderEpochHandler } from './offset-for-leader-epoch.js';
import { joinGroupHandler } from './join-group.js';
import { syncGroupHandler } from './sync-group.js';
import { heartbeatHandler } from './heartbeat.js';
import { leaveGroupHandler } from './leave-group.js';
import { offsetCommitHandler } from './offset-commit.js';
import { offsetFetchHandler } from './offset-fetch.js';
import { offsetDeleteHandler } from './offset-delete.js';
import { listGroupsHandler } from './list-groups.js';
import { describeGroupsHandler } from './describe-groups.js';
import { deleteGroupsHandler } from './delete-groups.js';

/**
 * Every API this broker serves, with the version range it advertises in ApiVersions — chosen from
 * `CLIENT-VERSIONS.md` (what kafkajs, librdkafka, kafka-python and sarama send) and limited to versions whose
 * semantics are implemented and tested.
 */
export function handlerTable(apiVersionsList: () => Array<{ apiKey: number; minVersion: number; maxVersion: number }>): HandlerTable {
  return {
    // From v0: librdkafka 2.0.2 compresses gzip/snappy/lz4 only when Produce v0 is advertised (KAFKA-18659).
    0: { minVersion: 0, maxVersion: 8, handle: produceHandler },
    1: { minVersion: 0, maxVersion: 11, handle: fetchHandler },
    2: { minVersion: 0, maxVersion: 5, handle: listOffsetsHandler },
    3: { minVersion: 0, maxVersion: 8, handle: metadataHandler },
    10: { minVersion: 0, maxVersion: 2, handle: findCoordinatorHandler },
    18: { minVersion: 0, maxVersion: 3, handle: apiVersionsHandler(apiVersionsList) },
    19: { minVersion: 0, maxVersion: 4, handle: createTopicsHandler },
    20: { minVersion: 0, maxVersion: 3, handle: deleteTopicsHandler },
    22: { minVersion: 0, maxVersion: 4, handle: initProducerIdHandler },
    // The consumer-group protocol, answered by the group coordinator.
    8: { minVersion: 0, maxVersion: 7, handle: offsetCommitHandler },
    9: { minVersion: 0, maxVersion: 7, handle: offsetFetchHandler },
    11: { minVersion: 0, maxVersion: 5, handle: joinGroupHandler },
    12: { minVersion: 0, maxVersion: 3, handle: heartbeatHandler },
    13: { minVersion: 0, maxVersion: 3, handle: leaveGroupHandler },
    14: { minVersion: 0, maxVersion: 3, handle: syncGroupHandler },
    15: { minVersion: 0, maxVersion: 4, handle: describeGroupsHandler },
    16: { minVersion: 0, maxVersion: 4, handle: listGroupsHandler },
    42: { minVersion: 0, maxVersion: 1, handle: deleteGroupsHandler },
    47: { minVersion: 0, maxVersion: 0, handle: offsetDeleteHandler },
    // Admin and offset-management APIs.
    21: { minVersion: 0, maxVersion: 1, handle: deleteRecordsHandler },
    23: { minVersion: 0, maxVersion: 3, handle: offsetForLeaderEpochHandler },
    32: { minVersion: 0, maxVersion: 3, handle: describeConfigsHandler },
    33: { minVersion: 0, maxVersion: 1, handle: alterConfigsHandler },
    35: { minVersion: 0, maxVersion: 1, handle: describeLogDirsHandler },
    37: { minVersion: 0, maxVersion: 1, handle: createPartitionsHandler },
    43: { minVersion: 0, maxVersion: 1, handle: electLeadersHandler },
    44: { minVersion: 0, maxVersion: 1, handle: incrementalAlterConfigsHandler },
    45: { minVersion: 0, maxVersion: 0, handle: alterPartitionReassignmentsHandler },
    46: { minVersion: 0, maxVersion: 0, handle: listPartitionReassignmentsHandler },
    60: { minVersion: 0, maxVersion: 1, handle: describeClusterHandler },
  };
}
