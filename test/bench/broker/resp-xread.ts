/**
 * A minimal Redis Streams reader for the benchmark: `XREAD COUNT <n> STREAMS <key> <last id>` in a loop over one
 * socket, with an incremental RESP scanner that walks each reply in place — counting entries, summing value bytes
 * and keeping the last entry id — without building the reply as objects. It does what any client must (read
 * every byte, find every entry and its id) and nothing more, so the figure is Redis's, not a client library's.
 */
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';

/** The outcome of one reply, once the scanner has seen all of it. */
interface ReplySummary {
  entries: number;
  valueBytes: number;
  lastId: string | null;
}

/**
 * Scans an XREAD reply as it arrives in chunks. Depths: 0 the reply (array of streams), 1 a [key, entries] pair,
 * 2 the entries array, 3 an entry [id, fields], 4 the id and the fields array, 5 a field name or value.
 */
class XreadScanner {
  private stack: number[] = [];
  private skip = 0;
  private captureId = false;
  private captureValue = false;
  private idParts: Buffer[] = [];
  private partialLine: Buffer | null = null;
  private summary: ReplySummary = { entries: 0, valueBytes: 0, lastId: null };

  /** Feeds one chunk; returns the summary when the reply ended inside it (assumes one reply in flight). */
  feed(chunk: Buffer): ReplySummary | null {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.skip > 0) {
        const take = Math.min(this.skip, chunk.length - pos);
        if (this.captureId) this.idParts.push(chunk.subarray(pos, pos + take));
        pos += take;
        this.skip -= take;
        if (this.skip === 0 && this.elementDone()) return this.finish();
        continue;
      }
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) {
        this.partialLine = this.partialLine ? Buffer.concat([this.partialLine, chunk.subarray(pos)]) : chunk.subarray(pos);
        break;
      }
      let line = chunk.subarray(pos, nl - 1); // without \r\n
      if (this.partialLine) {
        line = Buffer.concat([this.partialLine, chunk.subarray(pos, nl)]).subarray(0, -1);
        this.partialLine = null;
      }
      pos = nl + 1;
      if (this.header(line)) return this.finish();
    }
    return null;
  }

  /** Handles a header line; true when the whole reply is complete. */
  private header(line: Buffer): boolean {
    const kind = line[0];
    const n = parseIntAscii(line);
    const depth = this.stack.length;
    if (kind === 0x2a /* '*' */) {
      if (n <= 0) return this.elementDone();
      if (depth === 3) this.summary.entries++;
      this.stack.push(n);
      return false;
    }
    if (kind === 0x24 /* '$' */) {
      if (n < 0) return this.elementDone();
      const top = this.stack[depth - 1] ?? 0;
      this.captureId = depth === 4 && top === 2; // the first element of an entry
      this.captureValue = depth === 5 && top === 1; // the second of a field/value pair
      if (this.captureId) this.idParts = [];
      if (this.captureValue) this.summary.valueBytes += n;
      this.skip = n + 2;
      return false;
    }
    if (kind === 0x2d /* '-' */) throw new Error(`redis error: ${line.toString('latin1')}`);
    return this.elementDone(); // '+' or ':'
  }

  /** One element finished: count it off its enclosing arrays; true when the reply itself is finished. */
  private elementDone(): boolean {
    if (this.captureId) {
      const id = Buffer.concat(this.idParts);
      this.summary.lastId = id.subarray(0, id.length - 2).toString('latin1'); // the captured bytes end in \r\n
      this.captureId = false;
    }
    for (;;) {
      const depth = this.stack.length;
      if (depth === 0) return true;
      const left = this.stack[depth - 1]! - 1;
      if (left > 0) {
        this.stack[depth - 1] = left;
        return false;
      }
      this.stack.pop();
    }
  }

  private finish(): ReplySummary {
    const s = this.summary;
    this.summary = { entries: 0, valueBytes: 0, lastId: null };
    this.stack = [];
    return s;
  }
}

function parseIntAscii(line: Buffer): number {
  let i = 1;
  let sign = 1;
  if (line[1] === 0x2d) {
    sign = -1;
    i = 2;
  }
  let n = 0;
  for (; i < line.length; i++) n = n * 10 + (line[i]! - 48);
  return sign * n;
}

function command(...args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

/** Reads `expected` entries of `stream` from the beginning, `count` per XREAD; returns the value bytes read. */
export async function xreadAll(port: number, stream: string, expected: number, count: number): Promise<{ entries: number; valueBytes: number }> {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  socket.setNoDelay(true);
  const scanner = new XreadScanner();
  let waiting: ((s: ReplySummary) => void) | null = null;
  socket.on('data', (chunk: Buffer) => {
    const done = scanner.feed(chunk);
    if (done) waiting?.(done);
  });
  let entries = 0;
  let valueBytes = 0;
  let lastId = '0-0';
  try {
    while (entries < expected) {
      const reply = new Promise<ReplySummary>((resolve) => (waiting = resolve));
      socket.write(command('XREAD', 'COUNT', String(count), 'STREAMS', stream, lastId));
      const s = await reply;
      if (s.entries === 0 || s.lastId === null) throw new Error(`XREAD returned nothing after ${entries} entries`);
      entries += s.entries;
      valueBytes += s.valueBytes;
      lastId = s.lastId;
    }
  } finally {
    socket.destroy();
  }
  return { entries, valueBytes };
}
