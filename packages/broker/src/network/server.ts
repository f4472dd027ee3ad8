import { createServer, type Server, type Socket } from 'node:net';
import type { Endpoint } from '../config/broker-config.js';
import { Connection, type ConnectionOptions, type FrameHandler } from './connection.js';

/** A bound listener: its configured endpoint and the port actually bound (useful with port 0). */
export interface BoundListener {
  readonly endpoint: Endpoint;
  readonly port: number;
}

/**
 * The socket server: one TCP listener per configured endpoint. An empty host (`PLAINTEXT://:9092`) listens
 * dual-stack on `::` so that clients resolving `localhost` to `::1` first (Node 17+) and those using 127.0.0.1
 * both connect.
 */
export class SocketServer {
  private readonly servers: Server[] = [];
  private readonly connections = new Set<Connection>();
  private nextConnectionId = 1;
  readonly bound: BoundListener[] = [];

  constructor(
    private readonly handler: FrameHandler,
    private readonly options: ConnectionOptions,
  ) {}

  async listen(endpoints: readonly Endpoint[]): Promise<BoundListener[]> {
    for (const endpoint of endpoints) {
      const server = createServer((socket) => this.accept(socket, endpoint));
      const host = endpoint.host === '' ? '::' : endpoint.host;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port: endpoint.port, ipv6Only: false }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : endpoint.port;
      this.servers.push(server);
      this.bound.push({ endpoint, port });
    }
    return this.bound;
  }

  private accept(socket: Socket, endpoint: Endpoint): void {
    const conn = new Connection(
      socket,
      {
        id: this.nextConnectionId++,
        listenerName: endpoint.name,
        remoteAddress: socket.remoteAddress ?? '',
        remotePort: socket.remotePort ?? 0,
      },
      this.handler,
      this.options,
    );
    this.connections.add(conn);
    socket.on('close', () => this.connections.delete(conn));
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Stops accepting, closes every connection, and resolves when the listeners are closed. */
  async close(): Promise<void> {
    const closing = this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    for (const c of this.connections) c.close();
    this.connections.clear();
    await Promise.all(closing);
    this.servers.length = 0;
  }
}
