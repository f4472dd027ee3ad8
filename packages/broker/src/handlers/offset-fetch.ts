import type { Handler } from '../api/types.js';

/** OffsetFetch: answered by the group coordinator (see `group/`), which owns every group on this broker. */
export const offsetFetchHandler: Handler<9> = async (request, ctx, broker) => (await broker.groups()).offsetFetch(request, ctx.apiVersion);
