/**
 * The benchmark's messages: `count` values of exactly {@link MESSAGE_BYTES} printable ASCII bytes (no newline,
 * so kcat can read them one a line), each different (a running number inside), written out once per client's
 * input format before any timing starts.
 */
import { writeFile } from 'node:fs/promises';

/** The size of every message value in the benchmark. */
export const MESSAGE_BYTES = 100;

/** `count` messages of {@link MESSAGE_BYTES} bytes, back to back in one buffer. */
export function makeMessages(count: number): Buffer {
  const all = Buffer.alloc(count * MESSAGE_BYTES, 0x2e); // '.'
  const filler = 'tributary-bench-payload-abcdefghijklmnopqrstuvwxyz-0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ-';
  for (let i = 0; i < count; i++) {
    const at = i * MESSAGE_BYTES;
    all.write(`m${String(i).padStart(9, '0')} ${filler}`, at, MESSAGE_BYTES, 'latin1');
  }
  return all;
}

/** The i-th message of {@link makeMessages}' buffer (a view, no copy). */
export function messageAt(all: Buffer, i: number): Buffer {
  return all.subarray(i * MESSAGE_BYTES, (i + 1) * MESSAGE_BYTES);
}

/** kcat -P input: one message a line. */
export async function writeLinesFile(file: string, all: Buffer): Promise<void> {
  const count = all.length / MESSAGE_BYTES;
  const out = Buffer.allocUnsafe(count * (MESSAGE_BYTES + 1));
  for (let i = 0; i < count; i++) {
    const at = i * (MESSAGE_BYTES + 1);
    all.copy(out, at, i * MESSAGE_BYTES, (i + 1) * MESSAGE_BYTES);
    out[at + MESSAGE_BYTES] = 0x0a;
  }
  await writeFile(file, out);
}

/** redis-cli --pipe input: `XADD <stream> * v <message>` in RESP, one command a message. */
export async function writeXaddFile(file: string, all: Buffer, stream: string): Promise<void> {
  const count = all.length / MESSAGE_BYTES;
  const head = Buffer.from(`*5\r\n$4\r\nXADD\r\n$${stream.length}\r\n${stream}\r\n$1\r\n*\r\n$1\r\nv\r\n$${MESSAGE_BYTES}\r\n`, 'latin1');
  const each = head.length + MESSAGE_BYTES + 2;
  const out = Buffer.allocUnsafe(count * each);
  for (let i = 0; i < count; i++) {
    const at = i * each;
    head.copy(out, at);
    all.copy(out, at + head.length, i * MESSAGE_BYTES, (i + 1) * MESSAGE_BYTES);
    out.write('\r\n', at + head.length + MESSAGE_BYTES, 'latin1');
  }
  await writeFile(file, out);
}
