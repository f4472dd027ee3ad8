import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CorruptFileError } from '../errors.js';

/**
 * Kafka's checkpoint text files (`CheckpointFile`): a version line (`0`), a count line, then one entry per
 * line with space-separated fields. Written atomically: a `.tmp` sibling is written and fsynced, renamed
 * over the target, and the folder is fsynced so the rename itself survives a crash.
 */
const VERSION = 0;

/** Writes `text` to `path` atomically and durably (temp file, fsync, rename, fsync of the folder). */
export async function writeFileDurably(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  await syncDir(dirname(path));
}

/** Writes `entries` (each a list of fields) as a version-0 checkpoint, atomically and durably. */
export async function writeCheckpointFile(path: string, entries: readonly (readonly (string | number)[])[]): Promise<void> {
  const lines = [String(VERSION), String(entries.length), ...entries.map((e) => e.join(' '))];
  await writeFileDurably(path, lines.join('\n') + '\n');
}

/** fsyncs a folder so that renames and creations inside it are durable (a no-op where unsupported). */
export async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // Some platforms/filesystems refuse to fsync a directory; the data files are still fsynced.
  } finally {
    await fh?.close();
  }
}

/**
 * Reads a checkpoint's entries (each split into its fields, checked to have `fieldCount` fields), or `null`
 * if the file does not exist. A leftover `.tmp` from an interrupted write is removed. Raises
 * {@link CorruptFileError} for a bad version, count or entry.
 */
export async function readCheckpointFile(path: string, fieldCount: number): Promise<string[][] | null> {
  await rm(`${path}.tmp`, { force: true });
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const version = lines[0];
  if (version === undefined || Number(version) !== VERSION) throw new CorruptFileError(`unrecognised checkpoint version "${version}" in ${path}`);
  const count = Number(lines[1]);
  if (!Number.isInteger(count) || count < 0 || lines.length - 2 !== count) {
    throw new CorruptFileError(`checkpoint ${path} declares ${lines[1]} entries but holds ${lines.length - 2}`);
  }
  return lines.slice(2).map((line) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== fieldCount) throw new CorruptFileError(`malformed checkpoint entry "${line}" in ${path}`);
    return fields;
  });
}

function checkpointNumber(s: string, path: string): number {
  if (!/^-?\d+$/.test(s)) throw new CorruptFileError(`malformed number "${s}" in ${path}`);
  return Number(s);
}

/** Reads an offset checkpoint (`topic partition offset` per line) keyed by `topic-partition`. */
export async function readOffsetCheckpoint(path: string): Promise<Map<string, number>> {
  const entries = (await readCheckpointFile(path, 3)) ?? [];
  const out = new Map<string, number>();
  for (const [topic, partition, offset] of entries) {
    out.set(`${topic}-${checkpointNumber(partition!, path)}`, checkpointNumber(offset!, path));
  }
  return out;
}

/** Writes an offset checkpoint from `{ topic, partition, offset }` entries. */
export async function writeOffsetCheckpoint(
  path: string,
  entries: Iterable<{ topic: string; partition: number; offset: number }>,
): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const e of entries) rows.push([e.topic, e.partition, e.offset]);
  await writeCheckpointFile(path, rows);
}

export { checkpointNumber };
