import {
  ApiKey,
  ApiVersionsResponse,
  UnsupportedRequestError,
  decodeRequest,
  decodeRequestHeader,
  encodeResponseFrame,
  type ApiMessages,
} from '@tributary/protocol';
import type { ConnectionInfo } from '../network/connection.js';
import type { BrokerServices, Handler, HandlerTable, RequestContext } from './types.js';

/** Raised (and logged, and the connection closed) for a request we cannot or will not parse. */
export class InvalidRequestError extends Error {}

/**
 * Decodes request frames, dispatches them to the API handlers, and encodes the responses (Kafka's
 * `KafkaApis.handle`). A version outside the advertised range closes the connection, as Kafka does — except
 * ApiVersions, which answers UNSUPPORTED_VERSION in a v0 body listing its own range so clients can retry.
 */
export class Dispatcher {
  constructor(
    private readonly table: HandlerTable,
    private readonly services: BrokerServices,
  ) {}

  /** The ApiVersions list: exactly the APIs and versions we serve. */
  apiVersions(): Array<{ apiKey: number; minVersion: number; maxVersion: number }> {
    return Object.entries(this.table)
      .map(([key, entry]) => ({ apiKey: Number(key), minVersion: entry!.minVersion, maxVersion: entry!.maxVersion }))
      .sort((a, b) => a.apiKey - b.apiKey);
  }

  supports(apiKey: number, version: number): boolean {
    const entry = (this.table as Record<number, { minVersion: number; maxVersion: number } | undefined>)[apiKey];
    return entry !== undefined && version >= entry.minVersion && version <= entry.maxVersion;
  }

  /** The network door: one frame in, the response frame (or null) out. */
  handleFrame(frame: Buffer, conn: ConnectionInfo): Buffer[] | null | Promise<Buffer[] | null> {
    let header;
    try {
      header = decodeRequestHeader(frame);
    } catch (e) {
      if (e instanceof UnsupportedRequestError && e.apiKey === ApiKey.ApiVersions) return this.unsupportedApiVersions(e.correlationId);
      throw e;
    }
    if (!this.supports(header.apiKey, header.apiVersion)) {
      if (header.apiKey === ApiKey.ApiVersions) return this.unsupportedApiVersions(header.correlationId);
      throw new InvalidRequestError(`unsupported ${header.apiKey} version ${header.apiVersion} from ${conn.remoteAddress}`);
    }
    const request = decodeRequest(frame);
    const ctx: RequestContext = {
      apiKey: request.apiKey,
      apiVersion: request.apiVersion,
      correlationId: request.correlationId,
      clientId: request.clientId,
      clientHost: conn.remoteAddress,
      listenerName: conn.listenerName,
    };
    const result = this.invoke(request.apiKey, request.body, ctx);
    const encode = (response: unknown): Buffer[] | null =>
      response === null ? null : encodeResponseFrame(request.apiKey, request.apiVersion, request.correlationId, response);
    return result instanceof Promise ? result.then(encode) : encode(result);
  }

  /** The in-process door: a request body in, the response body out, with no bytes in between. */
  async handle<K extends keyof ApiMessages>(
    apiKey: K,
    apiVersion: number,
    body: ApiMessages[K]['request'],
    ctx: Partial<RequestContext> = {},
  ): Promise<ApiMessages[K]['response'] | null> {
    if (!this.supports(apiKey, apiVersion)) throw new InvalidRequestError(`unsupported api ${apiKey} version ${apiVersion}`);
    const full: RequestContext = {
      apiKey,
      apiVersion,
      correlationId: ctx.correlationId ?? 0,
      clientId: ctx.clientId ?? null,
      clientHost: ctx.clientHost ?? '',
      listenerName: ctx.listenerName ?? this.services.advertisedEndpoints()[0]?.name ?? 'PLAINTEXT',
    };
    return (await this.invoke(apiKey, body, full)) as ApiMessages[K]['response'] | null;
  }

  private invoke(apiKey: number, body: unknown, ctx: RequestContext): unknown {
    const entry = (this.table as Record<number, { handle: Handler<keyof ApiMessages> } | undefined>)[apiKey];
    if (!entry) throw new InvalidRequestError(`no handler for api ${apiKey}`);
    return entry.handle(body as never, ctx, this.services);
  }

  private unsupportedApiVersions(correlationId: number): Buffer[] {
    const own = this.apiVersions().find((a) => a.apiKey === ApiKey.ApiVersions)!;
    const body = ApiVersionsResponse.create({ errorCode: 35, apiKeys: [own] });
    return encodeResponseFrame(ApiKey.ApiVersions, 0, correlationId, body);
  }
}
