import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { TaskCorruptedException } from './errors.js';

/** `topic-partition` -> offset, the content of a `.checkpoint` file. */
export type CheckpointOffsets = Map<string, number>;

/** The map key of a topic-partition (what `RecordCollector.offsets()` uses too). */
export function tpKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

const VERSION = 0;

/**
 * A checkpoint file in Kafka's OffsetCheckpoint text format: a version line (`0`), a count line, then one
 * `topic partition offset` line per entry. Written to `<file>.tmp` and renamed over the file, so a reader sees
 * the old or the new content, never half of one.
 */
export class CheckpointFile {
  constructor(readonly path: string) {}

  /** The offsets, or undefined when the file does not exist; a malformed file raises TaskCorruptedException. */
  read(): CheckpointOffsets | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    return parseCheckpoint(text, this.path);
  }

  /** Replaces the file with these offsets. `sync` forces the bytes to disk before the rename (clean close). */
  write(offsets: ReadonlyMap<string, number>, sync = false): void {
    const lines = [String(VERSION), String(offsets.size)];
    for (const [key, offset] of offsets) {
      const dash = key.lastIndexOf('-');
      lines.push(`${key.slice(0, dash)} ${key.slice(dash + 1)} ${offset}`);
    }
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, `${lines.join('\n')}\n`);
      if (sync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
  }

  delete(): void {
    rmSync(this.path, { force: true });
  }
}

function parseCheckpoint(text: string, path: string): CheckpointOffsets {
  const corrupt = (why: string) => new TaskCorruptedException(`Checkpoint file ${path} is corrupt: ${why}`);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines[0]?.trim() !== String(VERSION)) throw corrupt(`unknown version ${JSON.stringify(lines[0] ?? '')}`);
  const count = Number(lines[1]);
  if (!Number.isInteger(count) || count < 0) throw corrupt(`bad entry count ${JSON.stringify(lines[1] ?? '')}`);
  if (lines.length !== count + 2) throw corrupt(`expected ${count} entries, found ${lines.length - 2}`);
  const out: CheckpointOffsets = new Map();
  for (let i = 2; i < lines.length; i++) {
    // Topic names cannot contain spaces, so the line splits on single spaces.
    const parts = lines[i]!.split(' ');
    const partition = Number(parts[1]);
    const offset = Number(parts[2]);
    if (parts.length !== 3 || parts[0] === '' || !Number.isInteger(partition) || partition < 0 || !Number.isSafeInteger(offset)) {
      throw corrupt(`malformed line ${JSON.stringify(lines[i])}`);
    }
    out.set(tpKey(parts[0]!, partition), offset);
  }
  return out;
}
