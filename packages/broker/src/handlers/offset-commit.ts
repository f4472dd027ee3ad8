import type { Handler } from '../api/types.js';

/** OffsetCommit: answered by the group coordinator (see `group/`), which owns every group on this broker. */
export const offsetCommitHandler: Handler<8> = async (request, ctx, broker) => (await broker.groups()).offsetCommit(request, ctx.apiVersion);
