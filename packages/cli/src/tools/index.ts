import type { Tool } from '../tool.js';
import { serverStart } from './server-start.js';
import { topics } from './topics.js';
import { configs } from './configs.js';
import { consoleProducer } from './console-producer.js';
import { consoleConsumer } from './console-consumer.js';
import { consumerGroups } from './consumer-groups.js';
import { getOffsets } from './get-offsets.js';

/**
 * Every `tributary` tool, in the order `tributary --help` lists them. A new Kafka tool is one module under
 * `src/tools/` exporting a {@link Tool}, added here.
 */
export const tools: readonly Tool[] = [serverStart, topics, configs, consoleProducer, consoleConsumer, consumerGroups, getOffsets];
