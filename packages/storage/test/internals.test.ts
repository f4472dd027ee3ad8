import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '@tributary/test-kit';
import { LeaderEpochCache } from '../src/internal/leader-epoch-cache.js';
import { OffsetIndex } from '../src/internal/offset-index.js';
import { TimeIndex } from '../src/internal/time-index.js';
import { readCheckpointFile, writeCheckpointFile } from '../src/internal/checkpoint-file.js';
import { parsePartitionDirName } from '@tributary/storage';

describe('leader epoch cache (Kafka LeaderEpochFileCache)', () => {
  it('assigns, drops contradicted entries, truncates both ends, persists', async () => {
    const tmp = await tempDir();
    try {
      const c = await LeaderEpochCache.load(tmp.path);
      expect(c.assign(1, 0)).toBe(true);
      expect(c.assign(1, 5)).toBe(false);
      c.assign(3, 10);
      c.assign(5, 20);
      expect(c.epochForOffset(15)).toBe(3);
      c.assign(4, 15); // a lower epoch at a later offset replaces what contradicts it
      expect(c.epochEntries()).toEqual([
        { epoch: 1, startOffset: 0 },
        { epoch: 3, startOffset: 10 },
        { epoch: 4, startOffset: 15 },
      ]);
      c.truncateFromEnd(15);
      c.truncateFromStart(12);
      expect(c.epochEntries()).toEqual([{ epoch: 3, startOffset: 12 }]);
      await c.persist();
      expect((await LeaderEpochCache.load(tmp.path)).epochEntries()).toEqual([{ epoch: 3, startOffset: 12 }]);
    } finally {
      await tmp.cleanup();
    }
  });
});

describe('sparse indexes', () => {
  it('offset index: floor lookups, truncation, Kafka sanity check on load', async () => {
    const tmp = await tempDir();
    try {
      const path = join(tmp.path, '00000000000000000100.index');
      const idx = OffsetIndex.create(path, 100, 1024);
      await idx.openForAppend();
      idx.append(104, 400);
      idx.append(109, 900);
      idx.append(109, 950); // not above the last offset: ignored
      expect(idx.lookup(103)).toEqual({ offset: 100, position: 0 });
      expect(idx.lookup(107)).toEqual({ offset: 104, position: 400 });
      expect(idx.floorPosition(899)).toBe(400);
      await idx.trimAndClose(true);
      expect((await OffsetIndex.load(path, 100, 1024))!.entries).toBe(2);
      idx.truncateTo(109);
      expect(idx.entries).toBe(1);
      const { writeFile } = await import('node:fs/promises');
      await writeFile(path, Buffer.from([0, 0, 0, 9, 0, 0, 0, 5, 0, 0, 0, 3, 0, 0, 0, 7])); // offsets go down
      expect(await OffsetIndex.load(path, 100, 1024)).toBeNull();
    } finally {
      await tmp.cleanup();
    }
  });

  it('time index: appends only growing timestamps and keeps a slot for the final entry', () => {
    const idx = TimeIndex.create('/nonexistent/0.timeindex', 0, 36);
    idx.maybeAppend(1_000, 3);
    idx.maybeAppend(900, 5);
    expect(idx.entries).toBe(1);
    idx.maybeAppend(2_000, 7);
    expect(idx.isFull()).toBe(true);
    idx.maybeAppend(3_000, 9);
    expect(idx.entries).toBe(2);
    idx.maybeAppend(3_000, 9, true);
    expect(idx.lastEntry).toEqual({ timestamp: 3_000, offset: 9 });
    expect(idx.lookup(2_500)).toEqual({ timestamp: 2_000, offset: 7 });
    expect(idx.lookup(10)).toEqual({ timestamp: -1, offset: 0 });
  });
});

describe('checkpoint files and folder names', () => {
  it('reads back what it writes and rejects a bad count', async () => {
    const tmp = await tempDir();
    try {
      const path = join(tmp.path, 'cp');
      await writeCheckpointFile(path, [['a', 0, 5]]);
      expect(await readCheckpointFile(path, 3)).toEqual([['a', '0', '5']]);
      const { writeFile } = await import('node:fs/promises');
      await writeFile(path, '0\n2\na 0 5\n');
      await expect(readCheckpointFile(path, 3)).rejects.toMatchObject({ code: 'STORAGE_CORRUPT_FILE' });
      expect(await readCheckpointFile(join(tmp.path, 'missing'), 3)).toBeNull();
    } finally {
      await tmp.cleanup();
    }
  });

  it('parses partition folders whose topic has dashes', () => {
    expect(parsePartitionDirName('my-topic-12')).toEqual({ topic: 'my-topic', partition: 12 });
    expect(() => parsePartitionDirName('my-topic-1.abc-delete')).toThrow(expect.objectContaining({ code: 'STORAGE_CORRUPT_FILE' }));
  });
});
