import type { ApiMessages } from '@tributary/protocol';
import type { BrokerConfig, Endpoint } from '../config/broker-config.js';
import type { Controller } from '../controller/controller.js';
import type { GroupCoordinator } from '../group/index.js';
import type { MetadataImage } from '../metadata/image.js';
import type { ReplicaManager } from '../replica/replica-manager.js';

/** Who asked, and how: the request header and connection facts a handler may use. */
export interface RequestContext {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  /** The client's address ('' in-process). */
  readonly clientHost: string;
  /** The listener the request came in on, to advertise matching endpoints in Metadata. */
  readonly listenerName: string;
}

/** The broker's parts that request handlers use (Kafka's `KafkaApis` dependencies). */
export interface BrokerServices {
  readonly config: BrokerConfig;
  readonly nodeId: number;
  readonly clusterId: string;
  readonly image: MetadataImage;
  readonly controller: Controller;
  readonly replicas: ReplicaManager;
  /** Endpoints clients should use, per listener name (the bound port when a listener used port 0). */
  advertisedEndpoints(): readonly Endpoint[];
  /** Creates a topic with the broker defaults if auto-creation is on; resolves to whether it exists now. */
  autoCreateTopic(name: string): Promise<'created' | 'exists' | 'invalid' | 'disabled'>;
  /** The group coordinator, once `__consumer_offsets` exists (created on first use, as Kafka does). */
  groups(): Promise<GroupCoordinator>;
  /** Allocates a producer id (InitProducerId for idempotent producers). */
  nextProducerId(): Promise<bigint>;
  now(): number;
}

/** Answers one API's request body; `null` means no response (acks=0 produce). */
export type Handler<K extends keyof ApiMessages> = (
  request: ApiMessages[K]['request'],
  ctx: RequestContext,
  broker: BrokerServices,
) => ApiMessages[K]['response'] | null | Promise<ApiMessages[K]['response'] | null>;

/** A handler and the versions we advertise for it in ApiVersions (exactly the range our tests cover). */
export interface HandlerEntry<K extends keyof ApiMessages> {
  readonly minVersion: number;
  readonly maxVersion: number;
  readonly handle: Handler<K>;
}

export type HandlerTable = { readonly [K in keyof ApiMessages]?: HandlerEntry<K> };
