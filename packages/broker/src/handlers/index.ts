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

/**
 * Every API this broker serves, with the version range it advertises in ApiVersions — chosen from
 * `CLIENT-VERSIONS.md` (what kafkajs, librdkafka, kafka-python and sarama send) and limited to versions whose
 * semantics are implemented and tested.
 */
export function handlerTable(apiVersionsList: () => Array<{ apiKey: number; minVersion: number; maxVersion: number }>): HandlerTable {
  return {
    0: { minVersion: 3, maxVersion: 8, handle: produceHandler },
    1: { minVersion: 0, maxVersion: 11, handle: fetchHandler },
    2: { minVersion: 0, maxVersion: 5, handle: listOffsetsHandler },
    3: { minVersion: 0, maxVersion: 8, handle: metadataHandler },
    10: { minVersion: 0, maxVersion: 2, handle: findCoordinatorHandler },
    18: { minVersion: 0, maxVersion: 3, handle: apiVersionsHandler(apiVersionsList) },
    19: { minVersion: 0, maxVersion: 4, handle: createTopicsHandler },
    20: { minVersion: 0, maxVersion: 3, handle: deleteTopicsHandler },
    22: { minVersion: 0, maxVersion: 4, handle: initProducerIdHandler },
    // Admin and offset-management APIs (helper H6).
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
