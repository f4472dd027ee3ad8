import type { Handler } from '../api/types.js';

/** Kafka prints a member's host as `/address`; IPv4 clients of a dual-stack listener arrive as `::ffff:a.b.c.d`. */
export function kafkaClientHost(address: string): string {
  return `/${address.startsWith('::ffff:') ? address.slice(7) : address}`;
}

/** JoinGroup: answered by the group coordinator (see `group/`), with the member's client id and host. */
export const joinGroupHandler: Handler<11> = async (request, ctx, broker) =>
  (await broker.groups()).joinGroup(request, ctx.apiVersion, { clientId: ctx.clientId ?? '', clientHost: kafkaClientHost(ctx.clientHost || '127.0.0.1') });
