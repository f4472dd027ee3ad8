import { KafkaErrorCode } from '@tributary/protocol';

/** The numeric Kafka error code of an error name (`null` → NONE); unknown names become UNKNOWN_SERVER_ERROR. */
export function errorCode(name: string | null): number {
  if (name === null) return 0;
  const code = (KafkaErrorCode as Record<string, number>)[name];
  return code ?? -1;
}
