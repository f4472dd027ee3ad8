import { CompressionCodecs, CompressionTypes } from './runtime.js';
import { CompressionType, compress, decompress } from '@tributary/protocol';

let registered = false;

/**
 * Gives kafkajs the codecs it lacks (it ships only gzip): snappy, lz4 and zstd from `@tributary/protocol`, so a
 * kafkajs consumer reads what the in-process producer compressed and back. kafkajs keeps codecs in one global
 * table; registering is idempotent.
 */
export function registerKafkajsCodecs(): void {
  if (registered) return;
  registered = true;
  const codec = (type: CompressionType) => () => ({
    async compress(encoder: { buffer: Buffer }): Promise<Buffer> {
      return compress(type, encoder.buffer);
    },
    async decompress(buffer: Buffer): Promise<Buffer> {
      return decompress(type, buffer);
    },
  });
  CompressionCodecs[CompressionTypes.Snappy] = codec(CompressionType.SNAPPY);
  CompressionCodecs[CompressionTypes.LZ4] = codec(CompressionType.LZ4);
  CompressionCodecs[CompressionTypes.ZSTD] = codec(CompressionType.ZSTD);
}
