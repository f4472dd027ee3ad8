import type { Handler } from '../api/types.js';

/** DeleteGroups: answered by the group coordinator (see `group/`), which owns every group on this broker. */
export const deleteGroupsHandler: Handler<42> = async (request, ctx, broker) => (await broker.groups()).deleteGroups(request, ctx.apiVersion);
