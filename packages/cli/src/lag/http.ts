import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import type { GroupStatus } from './evaluator.js';

/** What the HTTP endpoint asks of the monitor. */
export interface LagSource {
  readonly cluster: string;
  groups(): string[];
  evaluate(group: string): GroupStatus | null;
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Answers Burrow's v3 HTTP API for one cluster: `/v3/kafka`, `/v3/kafka/<cluster>/consumer`,
 * `/v3/kafka/<cluster>/consumer/<group>/lag` (every partition) and `/status` (only partitions not OK), with
 * Burrow's envelope `{error, message, ..., request: {url, host}}`, and `/burrow/admin` for health checks.
 */
export function handleBurrowRequest(source: LagSource, req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  const request = { url, host: hostname() };
  const path = url.split('?')[0]!.replace(/\/+$/, '');
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  if (req.method !== 'GET') return send(res, 405, { error: true, message: 'method not allowed', request });
  if (path === '/burrow/admin') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('GOOD');
    return;
  }
  if (parts[0] !== 'v3' || parts[1] !== 'kafka') return send(res, 404, { error: true, message: 'invalid request type', request });
  if (parts.length === 2) return send(res, 200, { error: false, message: 'cluster list returned', clusters: [source.cluster], request });
  if (parts[2] !== source.cluster) return send(res, 404, { error: true, message: 'cluster not found', request });
  if (parts.length === 4 && parts[3] === 'consumer') return send(res, 200, { error: false, message: 'consumer list returned', consumers: source.groups(), request });
  if (parts.length === 6 && parts[3] === 'consumer' && (parts[5] === 'lag' || parts[5] === 'status')) {
    const group = parts[4]!;
    const status = source.evaluate(group);
    if (!status) {
      // What Burrow 1.2.1 answers for a group it does not know: 404, with a NOTFOUND status in the usual envelope.
      const notFound = { cluster: source.cluster, group, status: 'NOTFOUND', complete: 1, partitions: [], partition_count: 0, maxlag: null, totallag: 0 };
      return send(res, 404, { error: false, message: 'consumer status returned', status: notFound, request });
    }
    const shown = parts[5] === 'lag' ? status : { ...status, partitions: status.partitions.filter((p) => p.status !== 'OK') };
    return send(res, 200, { error: false, message: 'consumer status returned', status: shown, request });
  }
  return send(res, 404, { error: true, message: 'invalid request type', request });
}

/** Starts the HTTP endpoint; resolves once listening, with the server and its port. */
export async function startBurrowHttp(source: LagSource, host: string, port: number): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => handleBurrowRequest(source, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : port };
}
