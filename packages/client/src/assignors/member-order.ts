import type { GroupSubscription, Subscription } from '../contract/assignor.js';

/**
 * Members in Kafka's `MemberInfo` order: static members (by `group.instance.id`) first, then dynamic members
 * by member id, so every leader computes the same assignment for the same group.
 */
export function orderedMembers(subs: GroupSubscription): Array<[string, Subscription]> {
  return [...subs].sort(([ida, a], [idb, b]) => {
    const ka = a.groupInstanceId;
    const kb = b.groupInstanceId;
    if (ka !== null && kb !== null) return ka < kb ? -1 : ka > kb ? 1 : 0;
    if (ka !== null) return -1;
    if (kb !== null) return 1;
    return ida < idb ? -1 : ida > idb ? 1 : 0;
  });
}
