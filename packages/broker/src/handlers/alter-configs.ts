import { AlterConfigsResponse } from '@tributary/protocol';
import { errorCode } from '../api/errors.js';
import type { Handler } from '../api/types.js';
import { alterBroker, alterTopic } from '../configs/alter-apply.js';
import { preprocess, replacePlan, type AlterOutcome } from '../configs/alter-plan.js';
import { ConfigResourceType } from '../configs/config-ids.js';

/**
 * AlterConfigs (the legacy, non-incremental form): for each topic (type 2) or broker (type 4, '' = cluster
 * default) resource, the given configs become its complete set of overrides — an override not named is
 * removed. Every value is required (null is INVALID_REQUEST). `validateOnly` checks without changing
 * anything. Results come back one per resource, in request order.
 */
export const alterConfigsHandler: Handler<33> = async (request, _ctx, broker) => {
  const rejected = preprocess(request.resources, [ConfigResourceType.TOPIC, ConfigResourceType.BROKER], () => false);
  const responses = [];
  for (const r of request.resources) {
    let outcome: AlterOutcome | undefined = rejected.get(r);
    if (!outcome) {
      const plan = replacePlan(r.configs);
      outcome =
        r.resourceType === ConfigResourceType.TOPIC
          ? await alterTopic(broker, r.resourceName, plan, request.validateOnly)
          : await alterBroker(broker, r.resourceName, plan, request.validateOnly);
    }
    responses.push({ errorCode: errorCode(outcome.error), errorMessage: outcome.message, resourceType: r.resourceType, resourceName: r.resourceName });
  }
  return AlterConfigsResponse.create({ throttleTimeMs: 0, responses });
};
