import { tempDir } from '@tributary/test-kit';
import { LogManager, logConfig, type LogConfig } from '@tributary/storage';
import type { LogUnderTest, ManualClock } from '@tributary/storage/testing';

const TP = { topic: 'conformance', partition: 0 } as const;

/** Names the typed config overrides in Kafka's terms, as the broker would pass them. */
function overrides(config: Partial<LogConfig>): LogConfig {
  // Tests default to no file-deletion delay so deleted segments vanish at once.
  return logConfig({ fileDeleteDelayMs: 0, ...config });
}

/** A file-backed log owned by a LogManager in a fresh temp dir (so a reopen reads the checkpoints too). */
export async function fileLog(config: Partial<LogConfig>, clock: ManualClock): Promise<LogUnderTest & { dir: string }> {
  const tmp = await tempDir('tributary-storage-');
  const open = (): Promise<LogManager> =>
    LogManager.open({ logDirs: [tmp.path], defaultLogConfig: overrides(config), clock: clock.now, scheduler: false });
  let manager = await open();
  const log = await manager.getOrCreateLog(TP);
  return {
    dir: tmp.path,
    log,
    async reopen() {
      await manager.close();
      manager = await open();
      return manager.getLog(TP)!;
    },
    async cleanup() {
      await manager.close();
      await tmp.cleanup();
    },
  };
}
