import {
  DescribeConfigsResponse,
  type DescribeConfigsResponseDescribeConfigsResourceResult,
  type DescribeConfigsResponseDescribeConfigsResult,
} from '@tributary/protocol';
import { errorCode } from '../api/errors.js';
import type { BrokerServices, Handler } from '../api/types.js';
import { ConfigResourceType, ConfigSource, type DescribedConfig, type DescribedResource } from '../configs/config-ids.js';
import { describeBroker, describeBrokerLoggers, describeTopic } from '../configs/describe.js';

function describeResource(broker: BrokerServices, type: number, name: string, keys: readonly string[] | null): DescribedResource {
  switch (type) {
    case ConfigResourceType.TOPIC:
      return describeTopic(broker, name, keys);
    case ConfigResourceType.BROKER:
      return describeBroker(broker, name, keys);
    case ConfigResourceType.BROKER_LOGGER:
      return describeBrokerLoggers(broker, name);
    default:
      return { ok: false, error: 'INVALID_REQUEST', message: `Unsupported resource type: ${type}` };
  }
}

/** One config in the shape of the request's version (fields a version lacks stay at their defaults). */
function entry(c: DescribedConfig, version: number, includeSynonyms: boolean, includeDocumentation: boolean): DescribeConfigsResponseDescribeConfigsResourceResult {
  return {
    name: c.name,
    value: c.value,
    readOnly: c.readOnly,
    isDefault: version === 0 && c.source === ConfigSource.DEFAULT_CONFIG,
    configSource: version >= 1 ? c.source : -1,
    isSensitive: c.sensitive,
    synonyms: version >= 1 && includeSynonyms ? c.synonyms.map((s) => ({ ...s })) : [],
    configType: version >= 3 ? c.type : 0,
    documentation: version >= 3 && includeDocumentation ? c.documentation : null,
  };
}

/**
 * DescribeConfigs (Kafka's `ConfigHelper.describeConfigs`): topics (type 2) with every topic config, its
 * value in force, source and synonyms; brokers (type 4) by id, or '' for the dynamic cluster defaults;
 * broker loggers (type 8, none here). `configurationKeys` filters; v0 reports `isDefault`, v1+ `configSource`
 * and (with `includeSynonyms`) synonyms, v3+ `configType` and (with `includeDocumentation`) documentation.
 * Errors are per resource, as in Kafka.
 */
export const describeConfigsHandler: Handler<32> = (request, ctx, broker) => {
  const v = ctx.apiVersion;
  const results: DescribeConfigsResponseDescribeConfigsResult[] = request.resources.map((r) => {
    const described = describeResource(broker, r.resourceType, r.resourceName, r.configurationKeys);
    const base = { resourceType: r.resourceType, resourceName: r.resourceName };
    if (!described.ok) return { ...base, errorCode: errorCode(described.error), errorMessage: described.message, configs: [] };
    const configs = described.configs.map((c) => entry(c, v, v >= 1 && request.includeSynonyms, v >= 3 && request.includeDocumentation));
    return { ...base, errorCode: 0, errorMessage: null, configs };
  });
  return DescribeConfigsResponse.create({ throttleTimeMs: 0, results });
};
