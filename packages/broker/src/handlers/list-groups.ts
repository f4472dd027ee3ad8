import type { Handler } from '../api/types.js';

/** ListGroups: answered by the group coordinator (see `group/`), which owns every group on this broker. */
export const listGroupsHandler: Handler<16> = async (request, ctx, broker) => (await broker.groups()).listGroups(request, ctx.apiVersion);
