import type { Handler } from '../api/types.js';

/** LeaveGroup: answered by the group coordinator (see `group/`), which owns every group on this broker. */
export const leaveGroupHandler: Handler<13> = async (request, ctx, broker) => (await broker.groups()).leaveGroup(request, ctx.apiVersion);
