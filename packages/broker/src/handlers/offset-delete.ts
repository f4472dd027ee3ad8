import type { Handler } from '../api/types.js';

/** OffsetDelete: answered by the group coordinator (see `group/`), which owns every group on this broker. */
export const offsetDeleteHandler: Handler<47> = async (request, ctx, broker) => (await broker.groups()).offsetDelete(request, ctx.apiVersion);
