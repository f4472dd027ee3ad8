import { CreateTopicsResponse, type CreateTopicsResponseCreatableTopicResult } from '@tributary/protocol';
import { errorCode } from '../api/errors.js';
import type { Handler } from '../api/types.js';

/**
 * CreateTopics: each topic validated and created by the controller (name rules, partitions, replication
 * factor against live brokers, explicit assignments, topic configs with Kafka's names); `validateOnly` checks
 * without creating. A topic named twice in one request gets INVALID_REQUEST, as in Kafka.
 */
export const createTopicsHandler: Handler<19> = async (request, ctx, broker) => {
  const counts = new Map<string, number>();
  for (const t of request.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  const topics: CreateTopicsResponseCreatableTopicResult[] = [];
  for (const t of request.topics) {
    const base = { name: t.name, topicId: '00000000-0000-0000-0000-000000000000', topicConfigErrorCode: 0, numPartitions: -1, replicationFactor: -1, configs: null };
    if (counts.get(t.name)! > 1) {
      topics.push({ ...base, errorCode: errorCode('INVALID_REQUEST'), errorMessage: `Create topics request from client \`${ctx.clientId ?? ''}\` contains multiple entries for the following topics: ${t.name}` });
      continue;
    }
    const configs: Record<string, string> = {};
    for (const c of t.configs) if (c.value !== null) configs[c.name] = c.value;
    const assignments = t.assignments.length > 0 ? [...t.assignments].sort((a, b) => a.partitionIndex - b.partitionIndex).map((a) => a.brokerIds) : undefined;
    const result = await broker.controller.createTopic(
      { name: t.name, numPartitions: t.numPartitions, replicationFactor: t.replicationFactor, configs, ...(assignments ? { assignments } : {}) },
      request.validateOnly,
    );
    if (!result.ok) {
      topics.push({ ...base, errorCode: errorCode(result.error), errorMessage: result.message });
      continue;
    }
    topics.push({
      ...base,
      topicId: result.value.topicId,
      errorCode: 0,
      errorMessage: null,
      numPartitions: result.value.partitions.length,
      replicationFactor: result.value.partitions[0]?.length ?? -1,
    });
  }
  return CreateTopicsResponse.create({ throttleTimeMs: 0, topics });
};
