import { DeleteTopicsResponse, type DeleteTopicsResponseDeletableTopicResult } from '@tributary/protocol';
import { errorCode } from '../api/errors.js';
import type { Handler } from '../api/types.js';

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/** DeleteTopics: by name (v0-5 `topicNames`) or by name/id (v6 `topics`); honours `delete.topic.enable`. */
export const deleteTopicsHandler: Handler<20> = async (request, ctx, broker) => {
  const targets = ctx.apiVersion >= 6 ? request.topics.map((t) => ({ name: t.name, topicId: t.topicId })) : request.topicNames.map((name) => ({ name, topicId: ZERO_UUID }));
  const responses: DeleteTopicsResponseDeletableTopicResult[] = [];
  for (const target of targets) {
    const name = target.name ?? broker.image.topicById(target.topicId)?.name ?? null;
    if (name === null) {
      responses.push({ name: null, topicId: target.topicId, errorCode: errorCode('UNKNOWN_TOPIC_ID'), errorMessage: 'This server does not host this topic ID.' });
      continue;
    }
    const result = await broker.controller.deleteTopic(name, broker.config.bool('delete.topic.enable'));
    responses.push(
      result.ok
        ? { name, topicId: result.value.topicId, errorCode: 0, errorMessage: null }
        : { name, topicId: target.topicId, errorCode: errorCode(result.error), errorMessage: result.message },
    );
  }
  return DeleteTopicsResponse.create({ throttleTimeMs: 0, responses });
};
