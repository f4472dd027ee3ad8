import type { Tool } from '../tool.js';
import { serverStart } from './server-start.js';
import { topics } from './topics.js';
import { configs } from './configs.js';
import { consoleProducer } from './console-producer.js';
import { consoleConsumer } from './console-consumer.js';
import { consumerGroups } from './consumer-groups.js';
import { getOffsets } from './get-offsets.js';
import { deleteRecordsTool } from './delete-records.js';
import { logDirs } from './log-dirs.js';
import { brokerApiVersions } from './broker-api-versions.js';
import { dumpLog } from './dump-log.js';
import { storage } from './storage.js';
import { leaderElection } from './leader-election.js';
import { reassignPartitions } from './reassign-partitions.js';
import { verifiableProducer } from './verifiable-producer.js';
import { verifiableConsumer } from './verifiable-consumer.js';
import { lag } from './lag.js';

/**
 * Every `tributary` tool, in the order `tributary --help` lists them. A new Kafka tool is one module under
 * `src/tools/` exporting a {@link Tool}, added here.
 */
export const tools: readonly Tool[] = [
  serverStart,
  topics,
  configs,
  consoleProducer,
  consoleConsumer,
  consumerGroups,
  getOffsets,
  deleteRecordsTool,
  logDirs,
  brokerApiVersions,
  dumpLog,
  storage,
  leaderElection,
  reassignPartitions,
  verifiableProducer,
  verifiableConsumer,
  lag,
];
