import type { LogConfig } from '../config/log-config.js';
import { InvalidOffsetError } from '../errors.js';
import { readSegments, type SegmentsRead } from './log-read.js';
import { settingsOf } from './log-open.js';
import { LogSegment, type AppendedBatch } from './log-segment.js';
import { rollJitter, shouldRoll } from './roll-policy.js';
import { SegmentDeleter } from './segment-deleter.js';
import { floorSegmentIndex } from './segment-list.js';

/** What the local log starts from. */
export interface LocalLogInit {
  readonly dir: string;
  readonly config: LogConfig;
  readonly segments: LogSegment[];
  readonly nextOffset: number;
  readonly recoveryPoint: number;
  readonly clock: () => number;
}

/**
 * The segments of one partition folder and the offsets they define (Kafka's `LocalLog`): rolls, writes,
 * reads, flushes up to an offset, truncates and removes segments. It knows nothing of the log start offset,
 * the high watermark or leader epochs, which `Log` keeps; callers serialize its changes.
 */
export class LocalLog {
  readonly dir: string;
  config: LogConfig;
  private readonly list: LogSegment[];
  private next: number;
  private recovered: number;
  private readonly clock: () => number;
  private readonly deleter = new SegmentDeleter();
  /** Bumped by every truncation, so a flush racing with one does not advance the recovery point. */
  private truncations = 0;

  constructor(init: LocalLogInit) {
    this.dir = init.dir;
    this.config = init.config;
    this.list = init.segments;
    this.next = init.nextOffset;
    this.recovered = init.recoveryPoint;
    this.clock = init.clock;
  }

  get segments(): readonly LogSegment[] {
    return this.list;
  }
  get active(): LogSegment {
    return this.list.at(-1)!;
  }
  /** The log end offset: one past the last offset written. */
  get nextOffset(): number {
    return this.next;
  }
  get recoveryPoint(): number {
    return this.recovered;
  }
  get truncationGeneration(): number {
    return this.truncations;
  }
  get size(): number {
    return this.list.reduce((sum, s) => sum + s.size, 0);
  }

  updateConfig(config: LogConfig): void {
    this.config = config;
    const settings = settingsOf(config);
    for (const s of this.list) s.updateSettings(settings);
  }

  /** Writes batches whose offsets are assigned (rolling first if needed) and moves the log end. */
  async append(records: Buffer, batches: readonly AppendedBatch[], maxTimestamp: number): Promise<void> {
    const first = batches[0]!;
    const last = batches.at(-1)!;
    let seg = this.active;
    if (shouldRoll(seg, this.config, this.clock(), records.length, maxTimestamp, last.lastOffset)) {
      seg = await this.roll(Math.max(first.baseOffset, this.next));
    }
    await seg.append(records, batches);
    this.next = last.lastOffset + 1;
  }

  /**
   * Starts a new active segment at `base` (Kafka's `roll`): the old one is trimmed and flushed in the
   * background; an empty active segment is replaced instead of kept.
   */
  async roll(base = this.next): Promise<LogSegment> {
    const old = this.active;
    if (old.size === 0) {
      if (old.baseOffset === base) return old;
      this.list.pop();
      await old.deleteFiles();
    } else {
      await old.onBecomeInactive();
    }
    const seg = await LogSegment.create(this.dir, base, settingsOf(this.config), this.clock());
    seg.rollJitterMs = rollJitter(this.config);
    this.list.push(seg);
    if (old.size > 0) void this.flushUpTo(base).catch(() => undefined);
    return seg;
  }

  /** Whole batches from the one holding `fetchOffset` (see `readSegments`). */
  read(fetchOffset: number, maxBytes: number, upperBound: number, minOneMessage: boolean): Promise<SegmentsRead> {
    return readSegments(this.list.slice(), fetchOffset, maxBytes, upperBound, this.next, minOneMessage);
  }

  /**
   * fsyncs every segment holding data between the recovery point and `offset`, then moves the recovery
   * point there (unless a truncation happened meanwhile). Returns whether it moved.
   */
  async flushUpTo(offset: number): Promise<boolean> {
    if (offset <= this.recovered) return false;
    const generation = this.truncations;
    const from = this.recovered;
    const segments = this.list.filter((s, i) => s.baseOffset < offset && (this.list[i + 1]?.baseOffset ?? Infinity) > from);
    for (const s of segments) {
      try {
        await s.flush();
      } catch (e) {
        if (!s.deleted) throw e;
      }
    }
    if (generation !== this.truncations) return false;
    this.recovered = Math.max(this.recovered, Math.min(offset, this.next));
    return true;
  }

  /** Removes every batch from the one holding `offset` on; the log end becomes that batch's base. */
  async truncateTo(offset: number): Promise<void> {
    this.truncations++;
    const keep = floorSegmentIndex(this.list, offset);
    if (keep < 0) throw new InvalidOffsetError(`offset ${offset} is below the first segment`);
    const dropped = this.list.splice(keep + 1);
    for (const s of dropped) await s.deleteFiles();
    const seg = this.active;
    if (dropped.length > 0) await seg.becomeActive();
    await seg.truncateTo(offset);
    this.next = await seg.readNextOffset();
    this.recovered = Math.min(this.recovered, this.next);
  }

  /** Deletes every segment and starts empty at `offset`. */
  async truncateFullyAndStartAt(offset: number): Promise<void> {
    this.truncations++;
    for (const s of this.list.splice(0)) await s.deleteFiles();
    this.list.push(await LogSegment.create(this.dir, offset, settingsOf(this.config), this.clock()));
    this.next = offset;
    this.recovered = offset;
  }

  /**
   * Removes the `count` oldest segments (rolling first when that is all of them, so an active segment
   * remains); their files go after `file.delete.delay.ms`. Returns the new first base offset.
   */
  async removeOldest(count: number): Promise<number> {
    if (count >= this.list.length) await this.roll(this.next);
    await this.deleter.schedule(this.list.splice(0, count), this.config.fileDeleteDelayMs);
    return this.list[0]!.baseOffset;
  }

  /** Swaps `replacement` in for the consecutive segments `old` (the cleaner's last step). */
  async replaceSegments(replacement: LogSegment, old: readonly LogSegment[]): Promise<void> {
    const first = this.list.indexOf(old[0]!);
    if (first < 0 || old.some((s, i) => this.list[first + i] !== s)) throw new InvalidOffsetError('segments to replace are no longer in the log');
    this.list.splice(first, old.length, replacement);
    await this.deleter.schedule(old, this.config.fileDeleteDelayMs);
  }

  /** Flushes, trims and closes every segment (clean close). */
  async close(): Promise<void> {
    await this.flushUpTo(this.next);
    for (const s of this.list) await s.close();
    await this.deleter.runAll();
  }

  /** Closes every file without writing (the folder is about to be removed). */
  async closeHandles(): Promise<void> {
    for (const s of this.list) await s.closeHandles();
    await this.deleter.runAll();
  }
}
