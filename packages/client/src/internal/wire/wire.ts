import { KafkaProtocolError, apiByKey, type ApiMessages, type DeepPartial } from '@tributary/protocol';
import { ClientError } from '../../contract/errors.js';

/** One API key the raw-request clients speak. */
export type ApiKeyNumber = keyof ApiMessages;
/** The request body of an API. */
export type RequestOf<K extends ApiKeyNumber> = ApiMessages[K]['request'];
/** The response body of an API. */
export type ResponseOf<K extends ApiKeyNumber> = ApiMessages[K]['response'];

/**
 * The abstract "send one request" function every raw-request client (producer, consumer, group member, admin)
 * is written over: the in-process transport hands the body to the broker's handler; a socket transport would
 * frame it. `null` only for requests without a response (Produce with acks=0).
 */
export type SendRequest = <K extends ApiKeyNumber>(apiKey: K, version: number, body: RequestOf<K>) => Promise<ResponseOf<K> | null>;

/**
 * The newest version of each API the clients build requests for, chosen for the fields they use (Produce v8
 * record errors, Fetch v11 leader epochs, JoinGroup v5 static membership, ...). The version sent is the lower
 * of this and the broker's maximum.
 */
export const PREFERRED_VERSIONS: Readonly<Partial<Record<ApiKeyNumber, number>>> = {
  0: 8, // Produce
  1: 11, // Fetch
  2: 5, // ListOffsets
  3: 8, // Metadata
  8: 7, // OffsetCommit
  9: 7, // OffsetFetch
  10: 2, // FindCoordinator
  11: 5, // JoinGroup
  12: 3, // Heartbeat
  13: 3, // LeaveGroup
  14: 3, // SyncGroup
  15: 4, // DescribeGroups
  16: 4, // ListGroups
  19: 4, // CreateTopics
  20: 3, // DeleteTopics
  22: 4, // InitProducerId
  32: 3, // DescribeConfigs
  37: 1, // CreatePartitions
  42: 1, // DeleteGroups
  44: 1, // IncrementalAlterConfigs
};

/**
 * Sends typed requests at negotiated versions. Bodies are built with the generated codecs' `create`, so
 * every field has Kafka's default.
 */
export class Wire {
  constructor(
    private readonly sendRequest: SendRequest,
    private readonly brokerVersions: ReadonlyMap<number, { min: number; max: number }>,
  ) {}

  /** The version to send `apiKey` at; fails when the broker does not serve it. */
  version(apiKey: ApiKeyNumber): number {
    const served = this.brokerVersions.get(apiKey);
    const preferred = PREFERRED_VERSIONS[apiKey] ?? apiByKey(apiKey).request.validVersions.max;
    if (!served || served.min > preferred) {
      throw new ClientError('CLIENT_STATE', `the broker does not serve ${apiByKey(apiKey).name} at a version this client speaks`);
    }
    return Math.min(preferred, served.max);
  }

  /** Sends a request built from `init` and returns its response (null only for acks=0 produce). */
  async send<K extends ApiKeyNumber>(apiKey: K, init: DeepPartial<RequestOf<K>>): Promise<ResponseOf<K> | null> {
    const body = apiByKey(apiKey).request.create(init);
    return this.sendRequest(apiKey, this.version(apiKey), body);
  }

  /** {@link Wire.send} for APIs that always answer. */
  async call<K extends ApiKeyNumber>(apiKey: K, init: DeepPartial<RequestOf<K>>): Promise<ResponseOf<K>> {
    const r = await this.send(apiKey, init);
    if (r === null) throw new ClientError('CLIENT_STATE', `no response to ${apiByKey(apiKey).name}`);
    return r;
  }
}

/** Throws a {@link KafkaProtocolError} for a non-zero Kafka error code. */
export function check(errorCode: number, message?: string | null): void {
  if (errorCode !== 0) throw new KafkaProtocolError(errorCode, message ?? undefined);
}
