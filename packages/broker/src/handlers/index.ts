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
  };
}
