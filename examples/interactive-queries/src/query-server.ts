/**
 * The HTTP face of one instance (node:http, no framework):
 * - `GET /count/:user` answers from the local store when `queryMetadataForKey` says this instance hosts the
 *   user's partition, and otherwise forwards the request to the instance that does (its `application.server`);
 * - `GET /instances` lists every instance of the application (`metadataForAllStreamsClients`).
 * A forwarded request carries `x-forwarded-by` and is never forwarded again, so instances that disagree about
 * the assignment during a rebalance answer 503 instead of bouncing a request between them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { KeyQueryMetadata, QueryableStoreTypes, Serdes, StoreQueryParameters, type KafkaStreams } from '@tributary/streams';
import { STORE } from './topology.js';

/** The answer of `GET /count/:user`. */
export interface CountAnswer {
  readonly user: string;
  readonly count: number;
  /** The `host:port` of the instance that read its store. */
  readonly servedBy: string;
  /** The `host:port` of the instance that forwarded the request, when it was forwarded. */
  readonly forwardedBy?: string;
}

/** One entry of `GET /instances`. */
export interface InstanceAnswer {
  readonly endpoint: string;
  readonly stores: string[];
  readonly partitions: string[];
}

const keySerializer = Serdes.String().serializer();

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function count(streams: KafkaStreams, self: string, user: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const metadata = streams.queryMetadataForKey(STORE, user, keySerializer);
  if (metadata === KeyQueryMetadata.NOT_AVAILABLE) return send(res, 503, { error: 'no assignment yet' });
  const owner = metadata.activeHost().endpoint();
  const forwardedBy = req.headers['x-forwarded-by'];
  if (owner === self) {
    const store = streams.store(StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.keyValueStore<string, number>()).withPartition(metadata.partition()));
    const value = store.get(user);
    if (value === null) return send(res, 404, { error: `no views of ${user}` });
    return send(res, 200, { user, count: value, servedBy: self, ...(typeof forwardedBy === 'string' ? { forwardedBy } : {}) } satisfies CountAnswer);
  }
  if (forwardedBy !== undefined) return send(res, 503, { error: `${self} does not host ${user}; ${owner} does` });
  const forwarded = await fetch(`http://${owner}/count/${encodeURIComponent(user)}`, { headers: { 'x-forwarded-by': self } });
  res.writeHead(forwarded.status, { 'content-type': 'application/json' }).end(await forwarded.text());
}

function instances(streams: KafkaStreams): InstanceAnswer[] {
  return streams.metadataForAllStreamsClients().map((m) => ({
    endpoint: m.hostInfo().endpoint(),
    stores: [...m.stateStoreNames()],
    partitions: m.topicPartitions().map((tp) => `${tp.topic}-${tp.partition}`).sort(),
  }));
}

/**
 * Listens on `host` and a free port and serves the queries of `streams()` - a getter, because the instance's
 * `application.server` (and so the KafkaStreams object) can only be made once the port is known.
 */
export async function startQueryServer(host: string, streams: () => KafkaStreams): Promise<{ endpoint: string; server: Server }> {
  let self = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const countMatch = /^\/count\/([^/]+)$/.exec(url.pathname);
    const handle = async () => {
      if (req.method !== 'GET') return send(res, 405, { error: 'GET only' });
      if (countMatch !== null) return count(streams(), self, decodeURIComponent(countMatch[1]!), req, res);
      if (url.pathname === '/instances') return send(res, 200, instances(streams()));
      return send(res, 404, { error: 'GET /count/:user or /instances' });
    };
    // A store is not queryable while its task migrates (a rebalance): Kafka's InvalidStateStoreException family.
    handle().catch((e: unknown) => send(res, 503, { error: (e as Error).message }));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the query server has no TCP address');
  self = `${host}:${address.port}`;
  return { endpoint: self, server };
}
