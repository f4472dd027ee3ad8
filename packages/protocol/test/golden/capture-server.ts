// A loopback server that records every raw request frame a real client sends and answers it with our
// generated codecs (see responders.ts), so the client carries on to its next request.
import { createServer, type Socket } from 'node:net';
import { FrameDecoder, UnsupportedRequestError, decodeRequest, encodeResponseFrame, type DecodedRequest } from '@tributary/protocol';
import { CaptureState } from './capture-state.js';
import { respond, unsupportedApiVersions, type Reply, type ResponderContext } from './responders.js';

/** One request frame as the client sent it (the bytes after the size prefix). */
export interface CapturedRequest {
  /** Which connection it came on (1, 2, ...). */
  readonly connection: number;
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  readonly frame: Buffer;
}

export interface CaptureServerOptions {
  /** Topics that exist from the start, with their partition counts. */
  readonly topics?: Record<string, number>;
  /** Highest ApiVersions version served (default 3); newer ones get UNSUPPORTED_VERSION in a v0 body. */
  readonly apiVersionsMax?: number;
}

export interface CaptureServer {
  readonly host: string;
  readonly port: number;
  /** `host:port`, for a client's bootstrap list. */
  readonly bootstrap: string;
  readonly captures: CapturedRequest[];
  /** Requests the server could not answer (a failing golden test prints them). */
  readonly problems: string[];
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function peekHeader(frame: Buffer): Omit<CapturedRequest, 'connection' | 'frame'> {
  if (frame.length < 10) return { apiKey: -1, apiVersion: -1, correlationId: -1, clientId: null };
  const n = frame.readInt16BE(8);
  const clientId = n >= 0 && 10 + n <= frame.length ? frame.toString('utf8', 10, 10 + n) : null;
  return { apiKey: frame.readInt16BE(0), apiVersion: frame.readInt16BE(2), correlationId: frame.readInt32BE(4), clientId };
}

/** Starts a capture server on 127.0.0.1, an ephemeral port, advertising 127.0.0.1 as its only broker. */
export async function startCaptureServer(options: CaptureServerOptions = {}): Promise<CaptureServer> {
  const captures: CapturedRequest[] = [];
  const problems: string[] = [];
  const sockets = new Set<Socket>();
  const state = new CaptureState(options.topics ?? {});
  let connections = 0;
  let ctx: ResponderContext | undefined;

  const server = createServer((socket) => {
    const connection = ++connections;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const frames = new FrameDecoder();
    // Responses leave in request order, as Kafka guarantees per connection, even when one is delayed.
    let queue: Promise<void> = Promise.resolve();
    const send = (apiKey: number, version: number, correlationId: number, reply: Reply): void => {
      const buffers = encodeResponseFrame(apiKey, version, correlationId, reply.body);
      queue = queue.then(async () => {
        if (reply.delayMs !== undefined && reply.delayMs > 0) await new Promise((r) => setTimeout(r, reply.delayMs));
        if (!socket.destroyed) for (const b of buffers) socket.write(b);
      });
    };
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const frame of frames.feed(chunk)) {
          const copy = Buffer.from(frame);
          captures.push({ connection, ...peekHeader(copy), frame: copy });
          handle(copy, send);
        }
      } catch (e) {
        problems.push(`connection ${connection}: ${e instanceof Error ? e.message : String(e)}`);
        socket.destroy();
      }
    });
  });

  function handle(frame: Buffer, send: (k: number, v: number, c: number, r: Reply) => void): void {
    let req: DecodedRequest;
    try {
      req = decodeRequest(frame);
    } catch (e) {
      if (e instanceof UnsupportedRequestError && e.apiKey === 18) {
        send(18, 0, e.correlationId, unsupportedApiVersions(ctx!));
        return;
      }
      throw e;
    }
    const reply = respond(ctx!, req);
    if (reply === undefined) throw new Error(`no responder for api key ${req.apiKey} v${req.apiVersion}`);
    if (reply !== null) send(req.apiKey, reply.version ?? req.apiVersion, req.correlationId, reply);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('capture server has no TCP address');
  const port = address.port;
  ctx = { state, host: HOST, port, apiVersionsMax: options.apiVersionsMax ?? 3 };

  return {
    host: HOST,
    port,
    bootstrap: `${HOST}:${port}`,
    captures,
    problems,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
