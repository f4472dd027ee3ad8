import { compress, decompress } from '@tributary/protocol';
import kafkajs, { type KafkaConfig } from 'kafkajs';

// kafkajs is CommonJS; Node's ESM loader does not see all of its named exports (CompressionCodecs), so take
// them from the default export, which works under vitest and plain Node alike.
const { CompressionCodecs, CompressionTypes, Kafka, logLevel } = kafkajs;

/**
 * kafkajs ships only gzip; snappy, lz4 and zstd are plugins. We register codecs backed by our own
 * `@tributary/protocol` compress/decompress — fair for a compatibility test, because the bytes on the wire
 * are the standard formats (xerial snappy, Kafka lz4 frames, zstd) that any broker or client must read.
 */
export function registerCodecs(): void {
  for (const type of [CompressionTypes.Snappy, CompressionTypes.LZ4, CompressionTypes.ZSTD] as const) {
    CompressionCodecs[type] = () => ({
      compress: (encoder: { buffer: Buffer }) => compress(type, encoder.buffer),
      decompress: (buffer: Buffer) => decompress(type, buffer),
    });
  }
}

/**
 * A kafkajs client for `bootstrap`, quiet unless `KAFKAJS_LOG=debug|info|warn|error` is set, with short retries
 * so that a failure surfaces within the test's time bound instead of retrying for minutes.
 */
export function kafkaClient(bootstrap: string, clientId: string, extra: Partial<KafkaConfig> = {}): InstanceType<typeof Kafka> {
  const level = { debug: logLevel.DEBUG, info: logLevel.INFO, warn: logLevel.WARN, error: logLevel.ERROR }[process.env['KAFKAJS_LOG'] ?? ''];
  return new Kafka({
    clientId,
    brokers: [bootstrap],
    logLevel: level ?? logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
    ...extra,
  });
}
