import { Socket, connect } from 'node:net';
import {
  ApiKey,
  ApiVersionsRequest,
  FrameDecoder,
  decodeResponseFrame,
  encodeRequestFrame,
  type ApiMessages,
  type ApiVersionsResponse,
} from '@tributary/protocol';
import { ConnectionClosedError, RequestTimeoutError, UnsupportedApiError } from './errors.js';
import { ApiVersionTable } from './versions.js';

/** `host:port` of a broker. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** Options of {@link BrokerConnection.open}. */
export interface ConnectionOptions {
  /** The client id sent in every request header (Kafka's `client.id`). */
  readonly clientId: string;
  /** Give up on the TCP connect and the ApiVersions exchange after this long (Kafka's `socket.connection.setup.timeout.ms`). */
  readonly connectTimeoutMs: number;
  /** Default time a request may wait for its answer (Kafka's `request.timeout.ms`). */
  readonly requestTimeoutMs: number;
  /** Software version sent in ApiVersions v3+. */
  readonly softwareVersion: string;
}

interface Pending {
  readonly apiKey: number;
  readonly version: number;
  readonly resolve: (frame: Buffer) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** ApiVersions v3 is the newest we speak; a broker that refuses it answers in v0 with its own range. */
const API_VERSIONS_MAX = 3;
const UNSUPPORTED_VERSION = 35;

/** `host:port` for messages, with brackets around IPv6 hosts. */
export function hostPortText(hp: HostPort): string {
  return `${hp.host.includes(':') ? `[${hp.host}]` : hp.host}:${hp.port}`;
}

/**
 * One TCP connection to one broker, speaking the Kafka protocol with the generated codecs: requests are
 * pipelined, each matched to its answer by correlation id (Kafka's `NetworkClient` with one `KafkaChannel`).
 * The first exchange is ApiVersions, so every later request is sent at the highest version both sides know.
 */
export class BrokerConnection {
  private readonly frames = new FrameDecoder();
  private readonly pending = new Map<number, Pending>();
  private nextCorrelationId = 1;
  private closedError: Error | null = null;
  /** The versions negotiated with this broker. */
  versions: ApiVersionTable = ApiVersionTable.EMPTY;

  private constructor(
    private readonly socket: Socket,
    readonly address: HostPort,
    private readonly options: ConnectionOptions,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e) => this.fail(new ConnectionClosedError(`connection to ${hostPortText(address)} failed: ${e.message}`)));
    socket.on('close', () => this.fail(new ConnectionClosedError(`connection to ${hostPortText(address)} closed`)));
  }

  /** Connects and negotiates API versions; rejects if either takes longer than `connectTimeoutMs`. */
  static async open(address: HostPort, options: ConnectionOptions): Promise<BrokerConnection> {
    const socket = await connectSocket(address, options.connectTimeoutMs);
    const conn = new BrokerConnection(socket, address, options);
    try {
      conn.versions = await conn.negotiate();
    } catch (e) {
      conn.close();
      throw e;
    }
    return conn;
  }

  /** Whether the connection can still carry requests. */
  get isOpen(): boolean {
    return this.closedError === null;
  }

  /**
   * Sends a request at the negotiated version (or `version` if given) and resolves with the decoded response
   * body. `expectResponse: false` (Produce with acks=0) resolves as soon as the bytes are written.
   */
  async send<K extends keyof ApiMessages>(
    apiKey: K,
    build: (version: number) => ApiMessages[K]['request'],
    opts: { version?: number; timeoutMs?: number; expectResponse?: boolean } = {},
  ): Promise<{ version: number; body: ApiMessages[K]['response'] }> {
    const version = opts.version ?? this.versions.pick(apiKey);
    if (version < 0) throw new UnsupportedApiError(`the broker at ${hostPortText(this.address)} does not support ${apiName(apiKey)}`);
    const frame = await this.exchange(apiKey, version, build(version), opts.timeoutMs ?? this.options.requestTimeoutMs, opts.expectResponse !== false);
    if (frame === null) return { version, body: null as unknown as ApiMessages[K]['response'] };
    return { version, body: decodeResponseFrame(frame, apiKey, version).body };
  }

  /** Closes the socket; waiting requests fail with {@link ConnectionClosedError}. */
  close(): void {
    this.fail(new ConnectionClosedError(`connection to ${hostPortText(this.address)} closed by the client`));
    this.socket.destroy();
  }

  private exchange(apiKey: number, version: number, body: unknown, timeoutMs: number, expectResponse: boolean): Promise<Buffer | null> {
    if (this.closedError) return Promise.reject(this.closedError);
    const correlationId = this.nextCorrelationId++;
    const bytes = encodeRequestFrame(apiKey, version, correlationId, this.options.clientId, body);
    if (!expectResponse) {
      return new Promise((resolve, reject) => this.socket.write(bytes, (e) => (e ? reject(e) : resolve(null))));
    }
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlationId);
        reject(new RequestTimeoutError(`${apiName(apiKey)} request to ${hostPortText(this.address)} got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(correlationId, { apiKey, version, resolve, reject, timer });
      this.socket.write(bytes);
    });
  }

  private async negotiate(): Promise<ApiVersionTable> {
    const timeoutMs = this.options.connectTimeoutMs;
    const request = (v: number): ApiVersionsRequest =>
      ApiVersionsRequest.create(v >= 3 ? { clientSoftwareName: 'tributary-cli', clientSoftwareVersion: this.options.softwareVersion } : {});
    let version = API_VERSIONS_MAX;
    for (let attempt = 0; attempt < 2; attempt++) {
      const frame = (await this.exchange(ApiKey.ApiVersions, version, request(version), timeoutMs, true))!;
      const body = decodeApiVersions(frame, version);
      if (body.errorCode === UNSUPPORTED_VERSION) {
        // Kafka answers a too-new ApiVersions in v0 with its own range for key 18: retry within it.
        const own = body.apiKeys.find((k) => k.apiKey === ApiKey.ApiVersions);
        version = Math.min(version - 1, own?.maxVersion ?? 0);
        continue;
      }
      if (body.errorCode !== 0) throw new UnsupportedApiError(`ApiVersions failed with error code ${body.errorCode}`);
      return ApiVersionTable.from(body.apiKeys);
    }
    throw new UnsupportedApiError(`the broker at ${hostPortText(this.address)} refused every ApiVersions version`);
  }

  private onData(chunk: Buffer): void {
    let frame: Buffer | undefined;
    try {
      this.frames.push(chunk);
      while ((frame = this.frames.next()) !== undefined) {
        const correlationId = frame.readInt32BE(0);
        const p = this.pending.get(correlationId);
        if (!p) continue; // an answer to a request that timed out
        this.pending.delete(correlationId);
        clearTimeout(p.timer);
        p.resolve(frame);
      }
    } catch (e) {
      this.fail(e instanceof Error ? e : new Error(String(e)));
      this.socket.destroy();
    }
  }

  private fail(e: Error): void {
    if (this.closedError === null) this.closedError = e;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(e);
    }
    this.pending.clear();
  }
}

/** An ApiVersions answer: decoded at the version asked, or at v0 when the broker refused that version. */
function decodeApiVersions(frame: Buffer, version: number): ApiVersionsResponse {
  try {
    return decodeResponseFrame(frame, ApiKey.ApiVersions, version).body;
  } catch (e) {
    if (version === 0) throw e;
    return decodeResponseFrame(frame, ApiKey.ApiVersions, 0).body;
  }
}

function connectSocket(address: HostPort, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address.host, port: address.port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ConnectionClosedError(`connecting to ${hostPortText(address)} took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new ConnectionClosedError(`connecting to ${hostPortText(address)} failed: ${e.message}`));
    });
  });
}

const NAMES = new Map<number, string>(Object.entries(ApiKey).map(([name, key]) => [key, name]));

/** Kafka's name of an API key (`Metadata`), or `ApiKey(n)` for keys without a codec. */
export function apiName(apiKey: number): string {
  return NAMES.get(apiKey) ?? `ApiKey(${apiKey})`;
}
