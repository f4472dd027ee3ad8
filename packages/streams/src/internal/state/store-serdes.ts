// Serdes of a store: the store's own, or the application's defaults (Kafka's StoreSerdeInitializer), and the
// topic name the serdes see - the changelog topic, whether or not logging is enabled, as in Kafka.

import { StreamsException } from '../../common/errors.js';
import type { StateStoreContext } from '../../processor/state-store.js';
import type { Serde } from '../../serialization/serde.js';
import { isInternalContext } from './store-context.js';

/** `<application.id>-<store>-changelog` (Kafka's `ProcessorStateManager.storeChangelogTopic`). */
export function changelogTopicName(applicationId: string, storeName: string): string {
  return `${applicationId}-${storeName}-changelog`;
}

/** The topic a store's serdes see. */
export function storeChangelogTopic(context: StateStoreContext, storeName: string): string {
  if (isInternalContext(context)) {
    const tp = context.changelogFor(storeName);
    if (tp !== undefined) return tp.topic;
  }
  return changelogTopicName(context.applicationId(), storeName);
}

/** The store's serde, else the default one, else a configuration error naming the missing default. */
export function resolveSerde<T>(specific: Serde<T> | undefined, fallback: Serde<unknown> | undefined, kind: 'key' | 'value', storeName: string): Serde<T> {
  if (specific !== undefined) return specific;
  if (fallback !== undefined) return fallback as Serde<T>;
  const config = kind === 'key' ? 'DEFAULT_KEY_SERDE_CLASS_CONFIG' : 'DEFAULT_VALUE_SERDE_CLASS_CONFIG';
  throw new StreamsException(`Please specify a ${kind} serde or set one through StreamsConfig#${config} (store ${storeName})`, { code: 'CONFIG' });
}
