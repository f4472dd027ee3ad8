import { IncrementalAlterConfigsResponse, type IncrementalAlterConfigsRequestAlterConfigsResource } from '@tributary/protocol';
import { errorCode } from '../api/errors.js';
import type { BrokerServices, Handler } from '../api/types.js';
import { alterBroker, alterTopic } from '../configs/alter-apply.js';
import { fail, incrementalPlan, OK, preprocess, type AlterOutcome } from '../configs/alter-plan.js';
import { AlterConfigOp, ConfigResourceType } from '../configs/config-ids.js';
import { parseBrokerId } from '../configs/describe.js';

/**
 * Broker loggers (type 8): the resource-name checks are Kafka's; Tributary has no log4j loggers, so any
 * logger named is INVALID_CONFIG, and an empty change list succeeds.
 */
function alterLoggers(broker: BrokerServices, r: IncrementalAlterConfigsRequestAlterConfigsResource): AlterOutcome {
  const id = parseBrokerId(r.resourceName, 'Node id');
  if (typeof id === 'string') return fail('INVALID_REQUEST', id);
  if (id !== broker.nodeId) return fail('INVALID_REQUEST', `Unexpected broker id, expected ${broker.nodeId}, but received ${r.resourceName}`);
  const first = r.configs[0];
  return first ? fail('INVALID_CONFIG', `Logger ${first.name} does not exist!`) : OK;
}

async function alterResource(broker: BrokerServices, r: IncrementalAlterConfigsRequestAlterConfigsResource, validateOnly: boolean): Promise<AlterOutcome> {
  if (r.resourceType === ConfigResourceType.BROKER_LOGGER) return alterLoggers(broker, r);
  const isTopic = r.resourceType === ConfigResourceType.TOPIC;
  const current = (isTopic ? broker.image.topic(r.resourceName)?.configs : broker.image.brokerConfigs.get(r.resourceName)) ?? new Map<string, string>();
  const plan = incrementalPlan(broker, r.resourceType, current, r.configs);
  if (!('next' in plan)) return plan;
  return isTopic ? alterTopic(broker, r.resourceName, plan, validateOnly) : alterBroker(broker, r.resourceName, plan, validateOnly);
}

/**
 * IncrementalAlterConfigs: per resource, operations on single configs — SET, DELETE, APPEND and SUBTRACT
 * (list configs only) — on topics (type 2), brokers (type 4, '' = cluster default) and broker loggers
 * (type 8). Checks and effects are those of AlterConfigs; only the named configs change.
 */
export const incrementalAlterConfigsHandler: Handler<44> = async (request, _ctx, broker) => {
  const rejected = preprocess(
    request.resources,
    [ConfigResourceType.TOPIC, ConfigResourceType.BROKER, ConfigResourceType.BROKER_LOGGER],
    (c) => c.configOperation === AlterConfigOp.DELETE,
  );
  const responses = [];
  for (const r of request.resources) {
    const outcome = rejected.get(r) ?? (await alterResource(broker, r, request.validateOnly));
    responses.push({ errorCode: errorCode(outcome.error), errorMessage: outcome.message, resourceType: r.resourceType, resourceName: r.resourceName });
  }
  return IncrementalAlterConfigsResponse.create({ throttleTimeMs: 0, responses });
};
