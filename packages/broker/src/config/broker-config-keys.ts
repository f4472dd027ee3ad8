import { ConfigDef, LONG_MAX } from './config-def.js';

/**
 * The broker configuration keys we honour, with Kafka 3.9's names, types and defaults (`KafkaConfig`,
 * `ServerLogConfigs`, `GroupCoordinatorConfig`, `TransactionLogConfigs`, ...). Keys with `topicConfig` give
 * the cluster default of that topic-level config, as `log.retention.ms` does for `retention.ms`.
 */
export const brokerConfigDef = new ConfigDef()
  // Identity and roles (KRaft).
  .define({ name: 'node.id', type: 'int', default: -1, doc: 'The node id of this server (KRaft). Same as broker.id.' })
  .define({ name: 'broker.id', type: 'int', default: -1, doc: 'The broker id of this server; defaults to node.id.' })
  .define({ name: 'process.roles', type: 'list', default: ['broker', 'controller'], oneOf: ['broker', 'controller'], doc: 'The roles of this process: broker, controller, or both (combined mode).' })
  .define({ name: 'controller.quorum.voters', type: 'list', default: [], doc: 'The controller quorum as id@host:port entries.' })
  .define({ name: 'controller.quorum.bootstrap.servers', type: 'list', default: [], doc: 'Controller endpoints to bootstrap the quorum from.' })
  .define({ name: 'controller.listener.names', type: 'list', default: [], doc: 'Listener names used by the controller.' })
  .define({ name: 'inter.broker.listener.name', type: 'string', default: null, doc: 'Listener used between brokers.' })
  .define({ name: 'broker.rack', type: 'string', default: null, doc: 'Rack of the broker, reported in Metadata.' })
  // Network.
  .define({ name: 'listeners', type: 'list', default: ['PLAINTEXT://:9092'], doc: 'Comma-separated listener URIs (NAME://host:port); an empty host binds all interfaces.' })
  .define({ name: 'advertised.listeners', type: 'list', default: null, doc: 'Listeners published to clients in Metadata; defaults to listeners.' })
  .define({ name: 'listener.security.protocol.map', type: 'list', default: ['PLAINTEXT:PLAINTEXT', 'SSL:SSL', 'SASL_PLAINTEXT:SASL_PLAINTEXT', 'SASL_SSL:SASL_SSL'], doc: 'Listener name to security protocol.' })
  .define({ name: 'num.network.threads', type: 'int', default: 3, min: 1, doc: 'Accepted for compatibility; Node serves the network on its event loop.' })
  .define({ name: 'num.io.threads', type: 'int', default: 8, min: 1, doc: 'Accepted for compatibility; disk I/O runs on libuv threads.' })
  .define({ name: 'background.threads', type: 'int', default: 10, min: 1, doc: 'Accepted for compatibility.' })
  .define({ name: 'queued.max.requests', type: 'int', default: 500, min: 1, doc: 'Requests queued per connection before the broker stops reading that socket.' })
  .define({ name: 'socket.send.buffer.bytes', type: 'int', default: 102400, doc: 'SO_SNDBUF hint (-1: OS default).' })
  .define({ name: 'socket.receive.buffer.bytes', type: 'int', default: 102400, doc: 'SO_RCVBUF hint (-1: OS default).' })
  .define({ name: 'socket.request.max.bytes', type: 'int', default: 104857600, min: 1, doc: 'The largest request frame accepted; larger frames close the connection.' })
  .define({ name: 'connections.max.idle.ms', type: 'long', default: 600000, doc: 'Idle connections are closed after this long.' })
  .define({ name: 'max.connections', type: 'int', default: 2147483647, min: 0, doc: 'Maximum number of connections.' })
  // Logs.
  .define({ name: 'log.dirs', type: 'list', default: null, doc: 'Directories holding the log data; defaults to log.dir.' })
  .define({ name: 'log.dir', type: 'string', default: '/tmp/kafka-logs', doc: 'The log directory when log.dirs is not set.' })
  .define({ name: 'num.recovery.threads.per.data.dir', type: 'int', default: 1, min: 1, doc: 'Accepted for compatibility.' })
  .define({ name: 'log.segment.bytes', type: 'int', default: 1073741824, min: 14, topicConfig: 'segment.bytes', doc: 'The maximum size of a single log segment file.' })
  .define({ name: 'log.roll.hours', type: 'int', default: 168, min: 1, doc: 'Roll a new segment after this many hours (when log.roll.ms is not set).' })
  .define({ name: 'log.roll.ms', type: 'long', default: null, topicConfig: 'segment.ms', doc: 'Roll a new segment after this long.' })
  .define({ name: 'log.retention.hours', type: 'int', default: 168, doc: 'Hours to keep a segment (lowest precedence).' })
  .define({ name: 'log.retention.minutes', type: 'int', default: null, doc: 'Minutes to keep a segment.' })
  .define({ name: 'log.retention.ms', type: 'long', default: null, topicConfig: 'retention.ms', doc: 'Milliseconds to keep a segment (-1: forever).' })
  .define({ name: 'log.retention.bytes', type: 'long', default: -1, topicConfig: 'retention.bytes', doc: 'Maximum size of a partition before old segments are deleted (-1: unlimited).' })
  .define({ name: 'log.retention.check.interval.ms', type: 'long', default: 300000, min: 1, doc: 'How often retention is checked.' })
  .define({ name: 'log.cleanup.policy', type: 'list', default: ['delete'], oneOf: ['delete', 'compact'], topicConfig: 'cleanup.policy', doc: 'delete, compact, or both.' })
  .define({ name: 'log.cleaner.enable', type: 'boolean', default: true, doc: 'Run the log cleaner (compaction).' })
  .define({ name: 'log.cleaner.threads', type: 'int', default: 1, min: 0, doc: 'Accepted for compatibility.' })
  .define({ name: 'log.cleaner.backoff.ms', type: 'long', default: 15000, min: 0, doc: 'Sleep between cleaner passes when there is nothing to clean.' })
  .define({ name: 'log.cleaner.dedupe.buffer.size', type: 'long', default: 134217728, doc: 'Memory budget of the cleaner key map.' })
  .define({ name: 'log.cleaner.delete.retention.ms', type: 'long', default: 86400000, min: 0, topicConfig: 'delete.retention.ms', doc: 'How long tombstones are kept after compaction.' })
  .define({ name: 'log.cleaner.min.cleanable.ratio', type: 'double', default: 0.5, min: 0, max: 1, topicConfig: 'min.cleanable.dirty.ratio', doc: 'Minimum dirty ratio before a log is cleaned.' })
  .define({ name: 'log.cleaner.min.compaction.lag.ms', type: 'long', default: 0, min: 0, topicConfig: 'min.compaction.lag.ms', doc: 'Minimum age of a message before it may be compacted.' })
  .define({ name: 'log.cleaner.max.compaction.lag.ms', type: 'long', default: LONG_MAX, min: 1, topicConfig: 'max.compaction.lag.ms', doc: 'Maximum time a message stays uncompacted.' })
  .define({ name: 'log.index.interval.bytes', type: 'int', default: 4096, min: 0, topicConfig: 'index.interval.bytes', doc: 'Bytes between offset index entries.' })
  .define({ name: 'log.index.size.max.bytes', type: 'int', default: 10485760, min: 4, topicConfig: 'segment.index.bytes', doc: 'Maximum size of an offset index file.' })
  .define({ name: 'log.flush.interval.messages', type: 'long', default: LONG_MAX, min: 1, topicConfig: 'flush.messages', doc: 'Messages appended before a flush to disk.' })
  .define({ name: 'log.flush.interval.ms', type: 'long', default: null, topicConfig: 'flush.ms', doc: 'Maximum time data waits in the page cache before a flush.' })
  .define({ name: 'log.flush.scheduler.interval.ms', type: 'long', default: LONG_MAX, doc: 'How often the flusher checks whether a log needs flushing.' })
  .define({ name: 'log.flush.offset.checkpoint.interval.ms', type: 'int', default: 60000, min: 0, doc: 'How often the recovery point is checkpointed.' })
  .define({ name: 'log.flush.start.offset.checkpoint.interval.ms', type: 'int', default: 60000, min: 0, doc: 'How often the log start offset is checkpointed.' })
  .define({ name: 'log.preallocate', type: 'boolean', default: false, topicConfig: 'preallocate', doc: 'Preallocate segment files.' })
  .define({ name: 'log.segment.delete.delay.ms', type: 'long', default: 60000, min: 0, topicConfig: 'file.delete.delay.ms', doc: 'Delay before a deleted segment file is removed.' })
  .define({ name: 'log.message.timestamp.type', type: 'string', default: 'CreateTime', oneOf: ['CreateTime', 'LogAppendTime'], topicConfig: 'message.timestamp.type', doc: 'CreateTime or LogAppendTime.' })
  .define({ name: 'log.message.downconversion.enable', type: 'boolean', default: true, topicConfig: 'message.downconversion.enable', doc: 'Down-convert batches for old fetchers.' })
  .define({ name: 'compression.type', type: 'string', default: 'producer', oneOf: ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'], topicConfig: 'compression.type', doc: 'Final compression of topic data; producer keeps what the producer sent.' })
  .define({ name: 'message.max.bytes', type: 'int', default: 1048588, min: 0, topicConfig: 'max.message.bytes', doc: 'Largest record batch accepted.' })
  // Topics.
  .define({ name: 'num.partitions', type: 'int', default: 1, min: 1, doc: 'Default partitions of auto-created topics.' })
  .define({ name: 'default.replication.factor', type: 'int', default: 1, min: 1, doc: 'Default replication factor of auto-created topics.' })
  .define({ name: 'auto.create.topics.enable', type: 'boolean', default: true, doc: 'Create a topic when a client asks Metadata for one that does not exist.' })
  .define({ name: 'delete.topic.enable', type: 'boolean', default: true, doc: 'Allow DeleteTopics.' })
  .define({ name: 'min.insync.replicas', type: 'int', default: 1, min: 1, topicConfig: 'min.insync.replicas', doc: 'Replicas that must acknowledge an acks=all write.' })
  .define({ name: 'unclean.leader.election.enable', type: 'boolean', default: false, topicConfig: 'unclean.leader.election.enable', doc: 'Allow out-of-sync replicas to become leader.' })
  .define({ name: 'auto.leader.rebalance.enable', type: 'boolean', default: true, doc: 'Move leadership back to preferred replicas.' })
  .define({ name: 'leader.imbalance.check.interval.seconds', type: 'long', default: 300, min: 1, doc: 'How often leader balance is checked.' })
  .define({ name: 'fetch.max.bytes', type: 'int', default: 57671680, min: 1024, doc: 'Upper bound of bytes returned by one fetch.' })
  // Replication.
  .define({ name: 'replica.lag.time.max.ms', type: 'long', default: 30000, doc: 'A follower that has not caught up within this long leaves the ISR.' })
  .define({ name: 'num.replica.fetchers', type: 'int', default: 1, doc: 'Fetcher threads per source broker.' })
  .define({ name: 'replica.fetch.max.bytes', type: 'int', default: 1048576, min: 0, doc: 'Bytes per partition a follower fetches.' })
  .define({ name: 'replica.fetch.wait.max.ms', type: 'int', default: 500, doc: 'Maximum wait of a follower fetch.' })
  .define({ name: 'replica.fetch.min.bytes', type: 'int', default: 1, doc: 'Minimum bytes of a follower fetch.' })
  .define({ name: 'replica.socket.timeout.ms', type: 'int', default: 30000, doc: 'Socket timeout of replica fetches.' })
  .define({ name: 'replica.high.watermark.checkpoint.interval.ms', type: 'long', default: 5000, doc: 'How often high watermarks are checkpointed.' })
  // Group coordinator.
  .define({ name: 'offsets.topic.num.partitions', type: 'int', default: 50, min: 1, doc: 'Partitions of __consumer_offsets (fixed once created).' })
  .define({ name: 'offsets.topic.replication.factor', type: 'int', default: 3, min: 1, doc: 'Replication factor of __consumer_offsets (capped by live brokers).' })
  .define({ name: 'offsets.topic.segment.bytes', type: 'int', default: 104857600, min: 1, doc: 'Segment size of __consumer_offsets.' })
  .define({ name: 'offsets.topic.compression.codec', type: 'int', default: 0, doc: 'Compression of offset commits.' })
  .define({ name: 'offsets.retention.minutes', type: 'int', default: 10080, min: 1, doc: 'Committed offsets of empty groups expire after this long.' })
  .define({ name: 'offsets.retention.check.interval.ms', type: 'long', default: 600000, min: 1, doc: 'How often stale offsets are checked.' })
  .define({ name: 'offsets.commit.timeout.ms', type: 'int', default: 5000, min: 1, doc: 'Wait for an offset commit to be replicated.' })
  .define({ name: 'offsets.load.buffer.size', type: 'int', default: 5242880, min: 1, doc: 'Batch size when loading offsets.' })
  .define({ name: 'offset.metadata.max.bytes', type: 'int', default: 4096, doc: 'Largest metadata string of an offset commit.' })
  .define({ name: 'group.initial.rebalance.delay.ms', type: 'int', default: 3000, doc: 'Delay of the first rebalance of an empty group, to let members join.' })
  .define({ name: 'group.min.session.timeout.ms', type: 'int', default: 6000, doc: 'Smallest session timeout a member may ask for.' })
  .define({ name: 'group.max.session.timeout.ms', type: 'int', default: 1800000, doc: 'Largest session timeout a member may ask for.' })
  .define({ name: 'group.max.size', type: 'int', default: 2147483647, min: 1, doc: 'Largest number of members in one group.' })
  // Transactions and producer ids.
  .define({ name: 'transaction.state.log.num.partitions', type: 'int', default: 50, min: 1, doc: 'Partitions of __transaction_state.' })
  .define({ name: 'transaction.state.log.replication.factor', type: 'int', default: 3, min: 1, doc: 'Replication factor of __transaction_state.' })
  .define({ name: 'transaction.state.log.min.isr', type: 'int', default: 2, min: 1, doc: 'min.insync.replicas of __transaction_state.' })
  .define({ name: 'transaction.state.log.segment.bytes', type: 'int', default: 104857600, min: 1, doc: 'Segment size of __transaction_state.' })
  .define({ name: 'transaction.max.timeout.ms', type: 'int', default: 900000, min: 1, doc: 'Largest transaction timeout a producer may ask for.' })
  .define({ name: 'transactional.id.expiration.ms', type: 'int', default: 604800000, min: 1, doc: 'Idle transactional ids expire after this long.' })
  .define({ name: 'producer.id.expiration.ms', type: 'int', default: 86400000, min: 1, doc: 'Idle producer ids expire after this long.' })
  .define({ name: 'transaction.abort.timed.out.transaction.cleanup.interval.ms', type: 'int', default: 10000, min: 1, doc: 'How often timed-out transactions are aborted.' });

/**
 * Keys from ZooKeeper-era `server.properties` files that we accept and ignore (with a warning), so that users'
 * existing files start: Tributary always runs KRaft-style, without ZooKeeper.
 */
export const ignoredLegacyKeys: readonly string[] = [
  'zookeeper.connect',
  'zookeeper.connection.timeout.ms',
  'zookeeper.session.timeout.ms',
  'group.coordinator.rebalance.protocols',
];
