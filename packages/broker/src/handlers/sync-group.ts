import type { Handler } from '../api/types.js';

/** SyncGroup: answered by the group coordinator (see `group/`), which owns every group on this broker. */
export const syncGroupHandler: Handler<14> = async (request, ctx, broker) => (await broker.groups()).syncGroup(request, ctx.apiVersion);
