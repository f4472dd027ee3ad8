import type { Socket } from 'node:net';
import { FrameDecoder } from '@tributary/protocol';

/** Who sent a request: what handlers may want to know about the connection. */
export interface ConnectionInfo {
  readonly id: number;
  readonly listenerName: string;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

/**
 * Answers one request frame (header and body, without the size prefix) with the response frame's buffers, or
 * `null` when the request gets no response (`acks=0` produce). Throwing closes the connection, as Kafka does
 * for a request it cannot parse.
 */
export type FrameHandler = (frame: Buffer, conn: ConnectionInfo) => Buffer[] | null | Promise<Buffer[] | null>;

export interface ConnectionOptions {
  /** `socket.request.max.bytes`: larger frames close the connection before anything is allocated. */
  readonly maxFrameBytes: number;
  /** `queued.max.requests`: in-flight requests per connection before we stop reading the socket. */
  readonly maxInFlight: number;
  /** `connections.max.idle.ms`. */
  readonly idleTimeoutMs: number;
  readonly onError?: (conn: ConnectionInfo, error: unknown) => void;
}

type Slot = { done: boolean; response: Buffer[] | null };

/**
 * One client connection: frames in, responses out **in request order** (Kafka's guarantee), with requests
 * pipelined, and back-pressure both ways: reading pauses while too many requests are in flight or while the
 * socket's write buffer is full, so a slow reader cannot make the broker buffer without bound.
 */
export class Connection {
  private readonly decoder: FrameDecoder;
  private readonly queue: Slot[] = [];
  private paused = false;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    readonly info: ConnectionInfo,
    private readonly handler: FrameHandler,
    private readonly options: ConnectionOptions,
  ) {
    this.decoder = new FrameDecoder({ maxFrameBytes: options.maxFrameBytes });
    socket.setNoDelay(true);
    socket.setTimeout(options.idleTimeoutMs, () => this.close());
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.maybeResume());
    socket.on('error', () => this.close());
    socket.on('close', () => {
      this.closed = true;
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Requests received and not yet answered. */
  get inFlight(): number {
    return this.queue.length;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    try {
      this.decoder.push(chunk);
    } catch (e) {
      this.fail(e);
      return;
    }
    this.drain();
  }

  /** Dispatches buffered frames until none is left or back-pressure says stop (checked frame by frame). */
  private drain(): void {
    try {
      while (!this.closed && !this.overloaded()) {
        const frame = this.decoder.next();
        if (frame === undefined) break;
        this.dispatch(frame);
      }
    } catch (e) {
      this.fail(e);
      return;
    }
    this.maybePause();
  }

  private overloaded(): boolean {
    return this.queue.length >= this.options.maxInFlight || this.socket.writableNeedDrain;
  }

  private dispatch(frame: Buffer): void {
    const slot: Slot = { done: false, response: null };
    this.queue.push(slot);
    let result: Buffer[] | null | Promise<Buffer[] | null>;
    try {
      result = this.handler(frame, this.info);
    } catch (e) {
      this.fail(e);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (response) => this.complete(slot, response),
        (e: unknown) => this.fail(e),
      );
    } else {
      this.complete(slot, result);
    }
  }

  private complete(slot: Slot, response: Buffer[] | null): void {
    slot.done = true;
    slot.response = response;
    if (this.closed) return;
    // Write every finished response at the head of the queue; later ones wait for earlier ones.
    while (this.queue.length > 0 && this.queue[0]!.done) {
      const head = this.queue.shift()!;
      if (head.response) {
        if (head.response.length === 1) this.socket.write(head.response[0]!);
        else {
          this.socket.cork();
          for (const b of head.response) this.socket.write(b);
          this.socket.uncork();
        }
      }
    }
    this.maybeResume();
  }

  private maybePause(): void {
    if (!this.paused && this.overloaded()) {
      this.paused = true;
      this.socket.pause();
    }
  }

  private maybeResume(): void {
    if (this.paused && !this.closed && !this.overloaded()) {
      this.paused = false;
      // Frames already received wait in the decoder: dispatch them before reading more.
      this.drain();
      if (!this.paused) this.socket.resume();
    }
  }

  private fail(e: unknown): void {
    this.options.onError?.(this.info, e);
    this.close();
  }
}
