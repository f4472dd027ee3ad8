import type { Handler } from '../api/types.js';

/** Heartbeat: answered by the group coordinator (see `group/`), which owns every group on this broker. */
export const heartbeatHandler: Handler<12> = async (request, ctx, broker) => (await broker.groups()).heartbeat(request, ctx.apiVersion);
