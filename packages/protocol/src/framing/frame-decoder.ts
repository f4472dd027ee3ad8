import { FrameTooLargeError, InvalidFrameError } from './frame-errors.js';

/** Kafka's default `socket.request.max.bytes` (100 MiB). */
export const DEFAULT_MAX_FRAME_BYTES = 104_857_600;

const SIZE_BYTES = 4;

/** Options of a {@link FrameDecoder}. */
export interface FrameDecoderOptions {
  /** Largest frame accepted, in bytes after the size prefix (Kafka's `socket.request.max.bytes`). */
  readonly maxFrameBytes?: number;
}

/**
 * Splits a byte stream into Kafka frames: an int32 size, then that many bytes.
 *
 * Feed it the chunks a socket delivers, cut anywhere (even inside the size prefix); it yields each complete
 * frame body (without the size). A frame lying inside one chunk is returned as a view of that chunk, with no
 * copy; a frame spread over several chunks is copied once, when its last byte arrives. A declared size above
 * `maxFrameBytes` or below zero is refused as soon as the prefix is complete, before anything is allocated,
 * with {@link FrameTooLargeError} or {@link InvalidFrameError}; after that the decoder keeps raising the
 * same error, since the stream cannot be resynchronised. Memory held is what was received and not yet
 * returned: at most one incomplete frame plus the chunk that completes it.
 *
 * Mirrors Kafka's `NetworkReceive`.
 *
 * @example
 * ```ts
 * const frames = new FrameDecoder({ maxFrameBytes: 1 << 20 });
 * socket.on('data', (chunk) => {
 *   for (const frame of frames.feed(chunk)) handle(frame);
 * });
 * ```
 */
export class FrameDecoder {
  /** Largest accepted frame body, in bytes. */
  readonly maxFrameBytes: number;
  private readonly chunks: Buffer[] = [];
  /** Index of the first chunk still holding unread bytes (chunks before it are spent). */
  private head = 0;
  /** Read position inside `chunks[head]`. */
  private offset = 0;
  private buffered = 0;
  /** Size of the frame being assembled, or -1 while its size prefix is incomplete. */
  private expected = -1;
  private failure: Error | undefined;

  constructor(options: FrameDecoderOptions = {}) {
    const max = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (!Number.isInteger(max) || max < 0 || max > 0x7fffffff) throw new RangeError(`maxFrameBytes must be an int32 >= 0, got ${max}`);
    this.maxFrameBytes = max;
  }

  /** Bytes received and not yet returned as part of a frame. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Appends a chunk of the stream. Call {@link next} until it returns `undefined` to collect frames. */
  push(chunk: Buffer): void {
    if (this.failure !== undefined) throw this.failure;
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /**
   * The next complete frame body, or `undefined` when more bytes are needed. Raises a frame error (and keeps
   * raising it) if the stream declares an invalid or oversized frame.
   */
  next(): Buffer | undefined {
    if (this.failure !== undefined) throw this.failure;
    if (this.expected < 0) {
      if (this.buffered < SIZE_BYTES) return undefined;
      const size = this.readSize();
      this.check(size);
      this.expected = size;
    }
    if (this.buffered < this.expected) return undefined;
    const frame = this.take(this.expected);
    this.expected = -1;
    return frame;
  }

  /** Pushes `chunk` and yields every frame that is now complete. */
  *feed(chunk: Buffer): Generator<Buffer, void, undefined> {
    this.push(chunk);
    for (let frame = this.next(); frame !== undefined; frame = this.next()) yield frame;
  }

  private check(size: number): void {
    if (size < 0) this.failure = new InvalidFrameError(size);
    else if (size > this.maxFrameBytes) this.failure = new FrameTooLargeError(size, this.maxFrameBytes);
    if (this.failure !== undefined) {
      // Drop what we hold: nothing after a bad prefix can be interpreted.
      this.chunks.length = 0;
      this.head = 0;
      this.offset = 0;
      this.buffered = 0;
      throw this.failure;
    }
  }

  /** Reads the int32 size prefix, which may straddle chunks. */
  private readSize(): number {
    const first = this.chunks[this.head]!;
    if (first.length - this.offset >= SIZE_BYTES) {
      const size = first.readInt32BE(this.offset);
      this.advance(SIZE_BYTES);
      return size;
    }
    return this.take(SIZE_BYTES).readInt32BE(0);
  }

  /** Consumes `n` buffered bytes (n <= buffered): a view when they lie in one chunk, else one copy. */
  private take(n: number): Buffer {
    const first = this.chunks[this.head];
    if (first === undefined || first.length - this.offset >= n) {
      const view = first === undefined ? Buffer.alloc(0) : first.subarray(this.offset, this.offset + n);
      this.advance(n);
      return view;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[this.head]!;
      const count = Math.min(chunk.length - this.offset, n - filled);
      chunk.copy(out, filled, this.offset, this.offset + count);
      filled += count;
      this.advance(count);
    }
    return out;
  }

  /** Moves the read position forward by `n` bytes of the current chunk, releasing spent chunks. */
  private advance(n: number): void {
    this.offset += n;
    this.buffered -= n;
    const chunk = this.chunks[this.head];
    if (chunk !== undefined && this.offset === chunk.length) {
      this.chunks[this.head] = EMPTY; // let the spent chunk be collected
      this.head++;
      this.offset = 0;
      if (this.head === this.chunks.length || this.head > 64) this.compact();
    }
  }

  private compact(): void {
    this.chunks.splice(0, this.head);
    this.head = 0;
  }
}

const EMPTY = Buffer.alloc(0);
