import { ConsumerProtocolSubscription, ProtocolDecodeError, Reader } from '@tributary/protocol';

/** The protocol type of Kafka's consumer groups (Kafka's `ConsumerProtocol.PROTOCOL_TYPE`). */
export const CONSUMER_PROTOCOL_TYPE = 'consumer';

/**
 * The topics a consumer member subscribes to, read from its JoinGroup metadata. Like Kafka, the subscription
 * is read with version 0's layout whatever version it declares, since every later version extends version 0.
 * Raises `ProtocolDecodeError` on bytes that are not a subscription.
 */
export function subscribedTopicsOf(metadata: Buffer): string[] {
  const reader = new Reader(metadata);
  const version = reader.readInt16();
  if (version < 0) throw new ProtocolDecodeError(`consumer subscription version ${version} is negative`);
  return ConsumerProtocolSubscription.read(reader, 0).topics;
}
