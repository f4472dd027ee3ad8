import type { Handler } from '../api/types.js';

/** DescribeGroups: answered by the group coordinator (see `group/`), which owns every group on this broker. */
export const describeGroupsHandler: Handler<15> = async (request, ctx, broker) => (await broker.groups()).describeGroups(request, ctx.apiVersion);
