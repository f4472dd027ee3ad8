import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointFile } from '../../src/internal/processor-state/checkpoint-file.js';
import { StateDirectory } from '../../src/internal/processor-state/state-directory.js';
import { TaskId } from '../../src/processor/task-id.js';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'runtime-cp-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('.checkpoint files', () => {
  it("round-trip in Kafka's text format (topics with dashes included)", () => {
    const file = new CheckpointFile(join(temp(), '.checkpoint'));
    expect(file.read()).toBeUndefined();
    file.write(new Map([['app-store-changelog-3', 41], ['other-0', 7]]));
    expect(readFileSync(file.path, 'utf8')).toBe('0\n2\napp-store-changelog 3 41\nother 0 7\n');
    expect([...file.read()!]).toEqual([['app-store-changelog-3', 41], ['other-0', 7]]);
  });

  it('a malformed file is TASK_CORRUPTED', () => {
    const file = new CheckpointFile(join(temp(), '.checkpoint'));
    for (const text of ['1\n0\n', '0\n2\nt 0 1\n', '0\n1\nt x 1\n', 'junk']) {
      writeFileSync(file.path, text);
      expect(code(() => file.read())).toBe('TASK_CORRUPTED');
    }
  });
});

describe('task directory locks', () => {
  it('another owner of this process is refused; the owner may lock again; unlock frees it', () => {
    const sd = new StateDirectory(temp(), 'app');
    const dir = sd.taskDir(new TaskId(0, 1));
    expect(dir).toBe(join(sd.stateDir, 'app', '0_1'));
    sd.lock(dir, 'thread-1');
    sd.lock(dir, 'thread-1');
    expect(code(() => sd.lock(dir, 'other-instance'))).toBe('LOCK');
    expect(readFileSync(join(dir, '.lock'), 'utf8')).toBe(`${process.pid}\nthread-1\n`);
    sd.unlock(dir, 'other-instance');
    expect(code(() => sd.lock(dir, 'other-instance'))).toBe('LOCK');
    sd.unlock(dir, 'thread-1');
    sd.lock(dir, 'other-instance');
    sd.unlock(dir, 'other-instance');
  });

  it('a lock of a live process is refused; one left by a dead process (a crash) is taken over', () => {
    const sd = new StateDirectory(temp(), 'app');
    const dir = sd.taskDir(new TaskId(1, 0));
    sd.lock(dir, 'x');
    sd.unlock(dir, 'x');
    writeFileSync(join(dir, '.lock'), `${process.ppid}\nelsewhere\n`);
    expect(code(() => sd.lock(dir, 'me'))).toBe('LOCK');
    // Pids are below 2^22 on Linux: this one cannot be running.
    writeFileSync(join(dir, '.lock'), `${2 ** 22 + 12345}\ncrashed\n`);
    sd.lock(dir, 'me');
    expect(readFileSync(join(dir, '.lock'), 'utf8')).toBe(`${process.pid}\nme\n`);
    sd.unlock(dir, 'me');
  });

  it('wipe keeps the lock and removes store data and the checkpoint', () => {
    const sd = new StateDirectory(temp(), 'app');
    const dir = sd.taskDir(new TaskId(0, 0));
    sd.lock(dir, 'me');
    writeFileSync(join(dir, '.checkpoint'), '0\n0\n');
    writeFileSync(join(dir, 'data'), 'x');
    expect(sd.hasStoreData(dir)).toBe(true);
    sd.wipe(dir);
    expect(sd.hasStoreData(dir)).toBe(false);
    expect(readFileSync(join(dir, '.lock'), 'utf8')).toContain('me');
    sd.unlock(dir, 'me');
  });
});
