import { MetadataResponse, type MetadataResponsePartition, type MetadataResponseTopic } from '@tributary/protocol';
import { errorCode } from '../api/errors.js';
import type { BrokerServices, Handler, RequestContext } from '../api/types.js';
import type { TopicImage } from '../metadata/image.js';
import { INTERNAL_TOPICS, topicNameProblem } from '../metadata/topic-names.js';

/** Kafka reports "not requested" authorized operations as Int.MIN_VALUE. */
const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

function describeTopic(topic: TopicImage): MetadataResponseTopic {
  const partitions: MetadataResponsePartition[] = topic.partitions.map((p) => ({
    errorCode: 0,
    partitionIndex: p.partitionId,
    leaderId: p.leader,
    leaderEpoch: p.leaderEpoch,
    replicaNodes: [...p.replicas],
    isrNodes: [...p.isr],
    offlineReplicas: [],
  }));
  return {
    errorCode: 0,
    name: topic.name,
    topicId: topic.topicId,
    isInternal: INTERNAL_TOPICS.has(topic.name),
    partitions,
    topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
  };
}

function errorTopic(name: string | null, error: string, topicId = ZERO_UUID): MetadataResponseTopic {
  return { errorCode: errorCode(error), name, topicId, isInternal: false, partitions: [], topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED };
}

async function lookup(name: string, autoCreate: boolean, broker: BrokerServices): Promise<MetadataResponseTopic> {
  const existing = broker.image.topic(name);
  if (existing) return describeTopic(existing);
  if (topicNameProblem(name)) return errorTopic(name, 'INVALID_TOPIC_EXCEPTION');
  if (!autoCreate) return errorTopic(name, 'UNKNOWN_TOPIC_OR_PARTITION');
  const outcome = await broker.autoCreateTopic(name);
  const created = broker.image.topic(name);
  if (created) return describeTopic(created);
  return errorTopic(name, outcome === 'invalid' ? 'INVALID_TOPIC_EXCEPTION' : 'UNKNOWN_TOPIC_OR_PARTITION');
}

/**
 * Metadata: brokers (the endpoints of the listener the client used), the cluster id and controller, and the
 * topics asked for — all topics for v0's empty list or v1+'s null, none for v1+'s empty list. Unknown topics
 * are auto-created when the request allows it (v4+ flag; always before v4) and `auto.create.topics.enable`
 * is on. Topics may also be named by id (v10+).
 */
export const metadataHandler: Handler<3> = async (request, ctx: RequestContext, broker) => {
  const allTopics = request.topics === null || (ctx.apiVersion === 0 && request.topics.length === 0);
  const autoCreate = (ctx.apiVersion < 4 || request.allowAutoTopicCreation) && broker.config.bool('auto.create.topics.enable');
  const topics: MetadataResponseTopic[] = [];
  if (allTopics) {
    for (const t of broker.image.topics()) topics.push(describeTopic(t));
  } else {
    for (const t of request.topics ?? []) {
      if (t.name !== null) topics.push(await lookup(t.name, autoCreate, broker));
      else {
        const byId = broker.image.topicById(t.topicId);
        topics.push(byId ? describeTopic(byId) : errorTopic(null, 'UNKNOWN_TOPIC_ID', t.topicId));
      }
    }
  }
  const brokers = [...broker.image.brokers.values()].flatMap((b) => {
    const endpoint = b.endpoints.find((e) => e.name === ctx.listenerName) ?? b.endpoints[0];
    return endpoint ? [{ nodeId: b.brokerId, host: endpoint.host, port: endpoint.port, rack: b.rack }] : [];
  });
  return MetadataResponse.create({
    throttleTimeMs: 0,
    brokers,
    clusterId: broker.clusterId,
    controllerId: broker.nodeId,
    topics,
    clusterAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
  });
};
