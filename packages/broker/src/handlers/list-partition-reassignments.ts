import { ListPartitionReassignmentsResponse } from '@tributary/protocol';
import type { Handler } from '../api/types.js';

/**
 * ListPartitionReassignments (KIP-455): the reassignments in progress, for every topic (null `topics`) or
 * the partitions named. A reassignment on a single broker completes the moment it is accepted (see
 * AlterPartitionReassignments), so none is ever in progress and the list is always empty — exactly what
 * Kafka's controller answers when no partition has adding or removing replicas. Unknown topics are
 * skipped, as in Kafka.
 */
export const listPartitionReassignmentsHandler: Handler<46> = () =>
  ListPartitionReassignmentsResponse.create({ throttleTimeMs: 0, errorCode: 0, errorMessage: null, topics: [] });
