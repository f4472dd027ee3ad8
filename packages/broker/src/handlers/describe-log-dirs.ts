import { resolve } from 'node:path';
import { DescribeLogDirsResponse, type DescribeLogDirsResponseDescribeLogDirsTopic } from '@tributary/protocol';
import type { Log } from '@tributary/storage';
import type { Handler } from '../api/types.js';
import { METADATA_TOPIC } from '../metadata/metadata-log.js';

/**
 * DescribeLogDirs: every configured log dir (absolute path) with, per topic, the size of each requested
 * partition's segments, an offset lag of 0 (Kafka reports max(HW - LEO, 0) for a current log) and
 * `isFutureKey` false (no AlterReplicaLogDirs moves). Null `topics` asks for every
 * partition. As in Kafka's `ReplicaManager.describeLogDirs`, a topic with logs in a dir is listed even when
 * none of its partitions was asked for (with no partitions). The metadata log is not a partition log, as in
 * Kafka (it lives apart from the LogManager there).
 */
export const describeLogDirsHandler: Handler<35> = (request, _ctx, broker) => {
  const requested = request.topics === null ? null : new Set(request.topics.flatMap((t) => t.partitions.map((p) => `${t.topic}\u0000${p}`)));
  const asked = (log: Log): boolean => requested === null || requested.has(`${log.topicPartition.topic}\u0000${log.topicPartition.partition}`);
  const byDir = new Map<string, Log[]>();
  for (const { log, logDir } of broker.replicas.logsWithDirs()) {
    if (log.topicPartition.topic === METADATA_TOPIC) continue;
    const dir = resolve(logDir);
    byDir.set(dir, [...(byDir.get(dir) ?? []), log]);
  }
  const dirs = [...new Set(broker.config.logDirs.map((d) => resolve(d)))];
  const results = dirs.map((logDir) => {
    const byTopic = new Map<string, Log[]>();
    for (const log of byDir.get(logDir) ?? []) byTopic.set(log.topicPartition.topic, [...(byTopic.get(log.topicPartition.topic) ?? []), log]);
    const topics: DescribeLogDirsResponseDescribeLogDirsTopic[] = [...byTopic].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([name, logs]) => ({
      name,
      partitions: logs
        .filter(asked)
        .sort((a, b) => a.topicPartition.partition - b.topicPartition.partition)
        .map((log) => ({
          partitionIndex: log.topicPartition.partition,
          partitionSize: BigInt(log.size),
          // Kafka's lag of a current (non-future) log: max(HW - LEO, 0), which is 0.
          offsetLag: BigInt(Math.max(0, log.highWatermark - log.logEndOffset)),
          isFutureKey: false,
        })),
    }));
    return { errorCode: 0, logDir, topics, totalBytes: -1n, usableBytes: -1n };
  });
  return DescribeLogDirsResponse.create({ throttleTimeMs: 0, errorCode: 0, results });
};
