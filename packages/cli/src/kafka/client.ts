import { ApiKey, KafkaProtocolError, MetadataRequest, type ApiMessages } from '@tributary/protocol';
import { BrokerConnection, hostPortText, type HostPort } from './connection.js';
import { ClusterUnreachableError, RequestTimeoutError, describeError } from './errors.js';
import { clusterFromMetadata, type ClusterMetadata, type PartitionInfo, type TopicInfo } from './metadata.js';

/** Settings of a {@link KafkaClient}, named after Kafka's client configs. */
export interface ClientSettings {
  /** `bootstrap.servers` as given: `host:port,host:port`. */
  readonly bootstrapServers: string;
  /** `client.id`. */
  readonly clientId: string;
  /** `request.timeout.ms`: how long one request may wait for its answer. */
  readonly requestTimeoutMs: number;
  /** `default.api.timeout.ms`: how long an operation (with its retries) may take before the tool gives up. */
  readonly apiTimeoutMs: number;
  /** `socket.connection.setup.timeout.ms`. */
  readonly connectTimeoutMs: number;
  /** `retry.backoff.ms`. */
  readonly retryBackoffMs: number;
  /** Sent in ApiVersions. */
  readonly softwareVersion: string;
}

/** Kafka's client defaults, except the API timeout: 30 s rather than 60 s, so an unreachable cluster is reported sooner. */
export const DEFAULT_CLIENT_SETTINGS: Omit<ClientSettings, 'bootstrapServers' | 'clientId'> = {
  requestTimeoutMs: 30_000,
  apiTimeoutMs: 30_000,
  connectTimeoutMs: 10_000,
  retryBackoffMs: 100,
  softwareVersion: '0.1.0',
};

/** Splits `host:port,host:port` (IPv6 hosts in brackets); throws a plain `Error` naming the bad entry. */
export function parseBootstrapServers(text: string): HostPort[] {
  const out: HostPort[] = [];
  for (const raw of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const m = /^\[([^\]]+)\]:(\d+)$/.exec(raw) ?? /^([^:]+):(\d+)$/.exec(raw);
    const port = m ? Number(m[2]) : NaN;
    if (!m || !Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`Invalid url in bootstrap.servers: ${raw}`);
    out.push({ host: m[1]!, port });
  }
  if (out.length === 0) throw new Error('No resolvable bootstrap urls given in bootstrap.servers');
  return out;
}

/** Error codes after which refreshing metadata and retrying may succeed (leadership or coordinator moved). */
const REFRESH_CODES = new Set([3, 5, 6, 14, 15, 16, 9, 13, 7]);

/**
 * A small Kafka client for the tools: bootstrap, metadata, one connection per broker, routing to partition
 * leaders and group coordinators, retries of retriable errors until `default.api.timeout.ms`, clean close.
 * It speaks only the Kafka protocol, so it works against any Kafka-protocol cluster.
 */
export class KafkaClient {
  private readonly bootstrap: HostPort[];
  private readonly connections = new Map<number, Promise<BrokerConnection>>();
  private bootstrapConn: BrokerConnection | null = null;
  private cached: ClusterMetadata | null = null;
  private closed = false;

  constructor(readonly settings: ClientSettings) {
    this.bootstrap = parseBootstrapServers(settings.bootstrapServers);
  }

  /** A deadline `default.api.timeout.ms` from now (epoch ms). */
  deadline(): number {
    return Date.now() + this.settings.apiTimeoutMs;
  }

  /**
   * A connection to any broker: the bootstrap one, opened on first use by trying each bootstrap server in
   * turn, with backoff, until the API timeout; then {@link ClusterUnreachableError} naming the servers.
   */
  async any(deadline = this.deadline()): Promise<BrokerConnection> {
    if (this.bootstrapConn?.isOpen) return this.bootstrapConn;
    let last: unknown = null;
    let backoff = this.settings.retryBackoffMs;
    for (;;) {
      for (const address of this.bootstrap) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        try {
          this.bootstrapConn = await BrokerConnection.open(address, this.connectionOptions(Math.min(left, this.settings.connectTimeoutMs)));
          return this.bootstrapConn;
        } catch (e) {
          last = e;
        }
      }
      if (Date.now() + backoff >= deadline) break;
      await sleep(backoff);
      backoff = Math.min(backoff * 2, 1000);
    }
    const servers = this.bootstrap.map(hostPortText).join(',');
    throw new ClusterUnreachableError(
      `cannot reach the cluster at ${servers} within ${this.settings.apiTimeoutMs} ms${last ? ` (${describeError(last)})` : ''}`,
      { cause: last },
    );
  }

  /** The connection to broker `nodeId` (from metadata), opened on first use. */
  async node(nodeId: number, deadline = this.deadline()): Promise<BrokerConnection> {
    const existing = this.connections.get(nodeId);
    if (existing) {
      const conn = await existing.catch(() => null);
      if (conn?.isOpen) return conn;
      this.connections.delete(nodeId);
    }
    let info = (await this.metadata(undefined, deadline)).brokers.get(nodeId);
    if (!info) info = (await this.refresh(deadline)).brokers.get(nodeId);
    if (!info) throw new ClusterUnreachableError(`broker ${nodeId} is not in the cluster metadata`);
    const boot = await this.any(deadline);
    if (boot.address.host === info.host && boot.address.port === info.port) return boot;
    const opening = BrokerConnection.open(info, this.connectionOptions(Math.max(1, Math.min(deadline - Date.now(), this.settings.connectTimeoutMs))));
    this.connections.set(nodeId, opening);
    try {
      return await opening;
    } catch (e) {
      this.connections.delete(nodeId);
      throw new ClusterUnreachableError(`cannot reach broker ${nodeId} at ${hostPortText(info)}: ${describeError(e)}`, { cause: e });
    }
  }

  /** Cluster metadata for every topic (cached; {@link refresh} fetches it again). */
  async metadata(topics?: readonly string[], deadline = this.deadline()): Promise<ClusterMetadata> {
    if (this.cached && (!topics || topics.every((t) => this.cached!.topics.has(t)))) return this.cached;
    return this.refresh(deadline);
  }

  /** Fetches metadata for every topic from any broker. */
  async refresh(deadline = this.deadline()): Promise<ClusterMetadata> {
    const conn = await this.any(deadline);
    const { body } = await conn.send(ApiKey.Metadata, (v) =>
      MetadataRequest.create({ topics: v === 0 ? [] : null, allowAutoTopicCreation: false }),
    );
    this.cached = clusterFromMetadata(body);
    return this.cached;
  }

  /**
   * Metadata for one topic asked by name, letting the broker auto-create it when it is configured to
   * (`auto.create.topics.enable`), as Kafka's producer does; `undefined` while it does not exist.
   */
  async topicForProduce(name: string, deadline = this.deadline()): Promise<TopicInfo | undefined> {
    const known = this.cached?.topics.get(name);
    if (known && known.errorCode === 0) return known;
    const conn = await this.any(deadline);
    const { body } = await conn.send(ApiKey.Metadata, () => MetadataRequest.create({ topics: [{ name }], allowAutoTopicCreation: true }), {
      timeoutMs: this.timeoutUntil(deadline),
    });
    const t = clusterFromMetadata(body).topics.get(name);
    if (!t || t.errorCode !== 0 || t.partitions.length === 0) return undefined;
    this.cached = null;
    return t;
  }

  /** The topic's metadata, or `undefined` when it does not exist. */
  async topic(name: string, deadline = this.deadline()): Promise<TopicInfo | undefined> {
    const md = await this.metadata([name], deadline);
    const t = md.topics.get(name);
    return t && t.errorCode === 0 ? t : undefined;
  }

  /** The partition's leader connection, refreshing metadata once if the leader is unknown. */
  async leader(topic: string, partition: number, deadline = this.deadline()): Promise<BrokerConnection> {
    let p = await this.partitionInfo(topic, partition, deadline);
    if (!p || p.leader < 0) p = (await this.refresh(deadline)).topics.get(topic)?.partitions.find((x) => x.partition === partition);
    if (!p) throw new KafkaProtocolError(3, `This server does not host this topic-partition: ${topic}-${partition}`);
    if (p.leader < 0) throw new KafkaProtocolError(5, `There is no leader for ${topic}-${partition}`);
    return this.node(p.leader, deadline);
  }

  private async partitionInfo(topic: string, partition: number, deadline: number): Promise<PartitionInfo | undefined> {
    return (await this.metadata([topic], deadline)).topics.get(topic)?.partitions.find((p) => p.partition === partition);
  }

  /** Sends a request to any broker (for cluster-wide admin requests), with retries. */
  async sendAny<K extends keyof ApiMessages>(
    apiKey: K,
    build: (version: number) => ApiMessages[K]['request'],
    deadline = this.deadline(),
  ): Promise<{ version: number; body: ApiMessages[K]['response'] }> {
    return this.retrying(async () => (await this.any(deadline)).send(apiKey, build, { timeoutMs: this.timeoutUntil(deadline) }), deadline);
  }

  /** The request timeout to use so that a request does not outlive `deadline`. */
  timeoutUntil(deadline: number): number {
    return Math.max(1, Math.min(this.settings.requestTimeoutMs, deadline - Date.now()));
  }

  /**
   * Runs `op` again after retriable failures (a broker that went away, leadership or coordinator moves),
   * refreshing metadata in between, until `deadline`; then raises the last failure.
   */
  async retrying<T>(op: () => Promise<T>, deadline = this.deadline()): Promise<T> {
    let backoff = this.settings.retryBackoffMs;
    for (;;) {
      try {
        return await op();
      } catch (e) {
        if (!this.isRetriable(e) || Date.now() + backoff >= deadline) throw e;
        this.cached = null;
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 1000);
      }
    }
  }

  /** Whether `e` is worth retrying after a metadata refresh. */
  isRetriable(e: unknown): boolean {
    if (e instanceof KafkaProtocolError) return REFRESH_CODES.has(e.errorCode);
    return e instanceof RequestTimeoutError || (e instanceof Error && 'code' in e && e.code === 'CLI_CONNECTION_CLOSED');
  }

  /** Closes every connection. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.bootstrapConn?.close();
    for (const c of this.connections.values()) void c.then((conn) => conn.close(), () => undefined);
    this.connections.clear();
  }

  private connectionOptions(connectTimeoutMs: number) {
    return {
      clientId: this.settings.clientId,
      connectTimeoutMs,
      requestTimeoutMs: this.settings.requestTimeoutMs,
      softwareVersion: this.settings.softwareVersion,
    };
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
