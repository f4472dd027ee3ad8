import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { TaskId } from '../../processor/task-id.js';
import { LockException } from './errors.js';

const LOCK_FILE = '.lock';
export const CHECKPOINT_FILE = '.checkpoint';

/**
 * Lock files this process holds, by path, with their owner (a stream thread or the global thread of one
 * KafkaStreams instance, or a test driver). The file alone cannot tell two owners of one process apart: they
 * share the pid.
 */
const held = new Map<string, string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The state directory of one application (Kafka's StateDirectory): `<state.dir>/<application.id>/<taskId>` per
 * task and `.../global` for global stores, each guarded by a `.lock` file that holds the owner's pid. A lock is
 * refused while another owner of this process holds it or the pid inside is a live process; a lock left by a
 * dead process (a crash), or by an owner of this process that is gone, is taken over.
 */
export class StateDirectory {
  readonly appDir: string;

  constructor(
    readonly stateDir: string,
    readonly applicationId: string,
  ) {
    this.appDir = join(stateDir, applicationId);
  }

  taskDir(taskId: TaskId): string {
    return join(this.appDir, taskId.toString());
  }

  globalDir(): string {
    return join(this.appDir, 'global');
  }

  /** Creates `dir` if needed and locks it for `owner`; raises LockException when someone else holds it. */
  lock(dir: string, owner: string): void {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, LOCK_FILE);
    const holder = held.get(path);
    if (holder === owner) return;
    if (holder !== undefined) throw new LockException(`State directory ${dir} is locked by ${holder} in this process`);
    for (let attempt = 0; attempt < 3; attempt++) {
      let fd: number;
      try {
        fd = openSync(path, 'wx');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const pid = this.#lockPid(path);
        if (pid !== undefined && pid !== process.pid && processAlive(pid)) {
          throw new LockException(`State directory ${dir} is locked by process ${pid}`);
        }
        // Stale: its process died, or it is ours but no live owner of this process holds it.
        rmSync(path, { force: true });
        continue;
      }
      try {
        writeSync(fd, `${process.pid}\n${owner}\n`);
      } finally {
        closeSync(fd);
      }
      held.set(path, owner);
      return;
    }
    throw new LockException(`Could not lock state directory ${dir}`);
  }

  /** Releases a lock `owner` holds (a no-op otherwise). */
  unlock(dir: string, owner: string): void {
    const path = join(dir, LOCK_FILE);
    if (held.get(path) !== owner) return;
    held.delete(path);
    rmSync(path, { force: true });
  }

  /** Whether `dir` holds anything besides the lock and checkpoint files (local store data). */
  hasStoreData(dir: string): boolean {
    return this.#storeEntries(dir).length > 0;
  }

  /** Deletes the store data of `dir`, keeping its lock (Kafka wipes a corrupted task's stores this way). */
  wipe(dir: string): void {
    for (const name of this.#storeEntries(dir)) rmSync(join(dir, name), { recursive: true, force: true });
    rmSync(join(dir, CHECKPOINT_FILE), { force: true });
  }

  /** Deletes the application's whole state directory (Kafka's `KafkaStreams.cleanUp()`). */
  clean(): void {
    rmSync(this.appDir, { recursive: true, force: true });
  }

  #storeEntries(dir: string): string[] {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    return names.filter((n) => n !== LOCK_FILE && n !== CHECKPOINT_FILE && n !== `${CHECKPOINT_FILE}.tmp`);
  }

  #lockPid(path: string): number | undefined {
    try {
      const pid = Number.parseInt(readFileSync(path, 'utf8').split('\n')[0] ?? '', 10);
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }
}
