import { join } from 'node:path';
import { CorruptFileError } from '../errors.js';

/** File suffixes of a segment, as Kafka names them (`LogFileUtils`). */
export const LOG_SUFFIX = '.log';
export const INDEX_SUFFIX = '.index';
export const TIME_INDEX_SUFFIX = '.timeindex';
export const TXN_INDEX_SUFFIX = '.txnindex';
/** A segment file waiting for `file.delete.delay.ms` before removal. */
export const DELETED_SUFFIX = '.deleted';
/** A segment being written by the cleaner; never trusted on load. */
export const CLEANED_SUFFIX = '.cleaned';
/** A finished cleaned segment about to replace the originals; completed on load. */
export const SWAP_SUFFIX = '.swap';
/** A partition folder scheduled for removal (`<topic>-<partition>.<uuid>-delete`). */
export const DELETE_DIR_SUFFIX = '-delete';

/** Per-partition and per-log-dir file names (Kafka's). */
export const LEADER_EPOCH_CHECKPOINT = 'leader-epoch-checkpoint';
export const RECOVERY_POINT_CHECKPOINT = 'recovery-point-offset-checkpoint';
export const LOG_START_OFFSET_CHECKPOINT = 'log-start-offset-checkpoint';
export const REPLICATION_OFFSET_CHECKPOINT = 'replication-offset-checkpoint';
export const CLEANER_OFFSET_CHECKPOINT = 'cleaner-offset-checkpoint';
export const CLEAN_SHUTDOWN_FILE = '.kafka_cleanshutdown';

/** The 20-digit, zero-padded base offset Kafka names segment files by. */
export function offsetFileStem(offset: number): string {
  return String(offset).padStart(20, '0');
}

export function segmentFile(dir: string, baseOffset: number, suffix: string, extra = ''): string {
  return join(dir, offsetFileStem(baseOffset) + suffix + extra);
}

/** Base offset of a file named `<20 digits><suffix...>`, or -1 if the name has another form. */
export function baseOffsetOfFileName(name: string): number {
  const m = /^(\d{20})\./.exec(name);
  return m ? Number(m[1]) : -1;
}

/** A topic and partition number (Kafka's `TopicPartition`). */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** Kafka's partition folder name `<topic>-<partition>`. */
export function partitionDirName(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}

/**
 * Parses a partition folder name (`my-topic-3`): the topic may itself contain dashes, so the partition is
 * what follows the last one. Raises {@link CorruptFileError} for other names (Kafka's `-delete`, `-future`
 * and `-stray` folders end in a word, not a number, and land here too).
 */
export function parsePartitionDirName(name: string): TopicPartition {
  const i = name.lastIndexOf('-');
  const part = name.slice(i + 1);
  if (i <= 0 || !/^\d{1,10}$/.test(part)) throw new CorruptFileError(`not a partition folder name: ${name}`);
  return { topic: name.slice(0, i), partition: Number(part) };
}
