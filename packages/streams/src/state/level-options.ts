import { IllegalArgumentException } from '../common/errors.js';

/**
 * The LevelDB options of one persistent store (the memory-relevant part of classic-level's open options). A
 * `level.config.setter` may change them per store before the store opens.
 */
export interface LevelOptions {
  /** Block cache (uncompressed blocks read recently), bytes. */
  cacheSize: number;
  /** Memtable size before it is written to a table file, bytes; up to two may be held in memory. */
  writeBufferSize: number;
  /** Table files LevelDB keeps open (each holds its index block in memory). */
  maxOpenFiles: number;
  /** Approximate size of a table block, bytes. */
  blockSize: number;
  /** Table file size before LevelDB starts a new one, bytes. */
  maxFileSize: number;
  /** Snappy compression of blocks. */
  compression: boolean;
}

/**
 * The defaults: small, so that an application with a hundred stores stays within a few hundred MB even when
 * every store is busy (LevelDB's own defaults are an 8 MiB cache and 4 MiB write buffers per database).
 * Per store at most about cacheSize + 2 x writeBufferSize + maxOpenFiles x (index block) - roughly 3.5 MiB.
 */
export const DEFAULT_LEVEL_OPTIONS: Readonly<LevelOptions> = Object.freeze({
  cacheSize: 1024 * 1024,
  writeBufferSize: 1024 * 1024,
  maxOpenFiles: 64,
  blockSize: 4096,
  maxFileSize: 2 * 1024 * 1024,
  compression: true,
});

/**
 * Adjusts the LevelDB options of a store before it opens: the value of the `level.config.setter` config,
 * Tributary's analogue of Kafka's `rocksdb.config.setter`. A function, or an object with `setConfig` (the
 * shape of Kafka's `RocksDBConfigSetter`).
 *
 * @example
 * ```ts
 * const config = {
 *   'level.config.setter': (storeName: string, options: LevelOptions) => {
 *     if (storeName === 'big-table') options.cacheSize = 64 * 1024 * 1024;
 *   },
 * };
 * ```
 */
export type LevelConfigSetter =
  | ((storeName: string, options: LevelOptions, configs: Readonly<{ [key: string]: unknown }>) => void)
  | { setConfig(storeName: string, options: LevelOptions, configs: Readonly<{ [key: string]: unknown }>): void };

/** The config key of the {@link LevelConfigSetter}. */
export const LEVEL_CONFIG_SETTER_CONFIG = 'level.config.setter';

/** The options of `storeName`: the defaults, adjusted by the configured setter if there is one. */
export function levelOptionsFor(storeName: string, configs: Readonly<{ [key: string]: unknown }>): LevelOptions {
  const options: LevelOptions = { ...DEFAULT_LEVEL_OPTIONS };
  const setter = configs[LEVEL_CONFIG_SETTER_CONFIG];
  if (setter === undefined || setter === null) return options;
  if (typeof setter === 'function') (setter as (n: string, o: LevelOptions, c: typeof configs) => void)(storeName, options, configs);
  else if (typeof (setter as { setConfig?: unknown }).setConfig === 'function') (setter as { setConfig: (n: string, o: LevelOptions, c: typeof configs) => void }).setConfig(storeName, options, configs);
  else throw new IllegalArgumentException(`${LEVEL_CONFIG_SETTER_CONFIG} must be a function or an object with setConfig, got ${typeof setter}`);
  return options;
}
