import { CreatePartitionsResponse, type CreatePartitionsResponseCreatePartitionsTopicResult } from '@tributary/protocol';
import { errorCode } from '../api/errors.js';
import type { Handler } from '../api/types.js';

/**
 * CreatePartitions: raises each topic's partition count (never lowers it: INVALID_PARTITIONS with Kafka's
 * messages), with optional explicit assignments for the new partitions; `validateOnly` checks without
 * creating. The answer has one result per distinct topic named, in request order; a topic named more than
 * once gets INVALID_REQUEST "Duplicate topic name." and is left alone, as in Kafka's `ControllerApis`.
 */
export const createPartitionsHandler: Handler<37> = async (request, _ctx, broker) => {
  const counts = new Map<string, number>();
  for (const t of request.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  const results: CreatePartitionsResponseCreatePartitionsTopicResult[] = [];
  const answered = new Set<string>();
  for (const t of request.topics) {
    if (answered.has(t.name)) continue;
    answered.add(t.name);
    if (counts.get(t.name)! > 1) {
      results.push({ name: t.name, errorCode: errorCode('INVALID_REQUEST'), errorMessage: 'Duplicate topic name.' });
      continue;
    }
    const assignments = t.assignments === null ? null : t.assignments.map((a) => a.brokerIds);
    const r = await broker.controller.createPartitions(t.name, t.count, assignments, request.validateOnly);
    if (r.ok) results.push({ name: t.name, errorCode: 0, errorMessage: null });
    // Kafka answers an unknown topic with the error code alone.
    else results.push({ name: t.name, errorCode: errorCode(r.error), errorMessage: r.error === 'UNKNOWN_TOPIC_OR_PARTITION' ? null : r.message });
  }
  return CreatePartitionsResponse.create({ throttleTimeMs: 0, results });
};
