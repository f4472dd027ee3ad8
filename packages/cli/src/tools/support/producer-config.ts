import { CompressionType } from '@tributary/protocol';
import { UsageError } from '../../args.js';
import type { ProducerSettings } from '../../kafka/producer.js';

const CODECS: Readonly<Record<string, CompressionType>> = {
  none: CompressionType.NONE,
  gzip: CompressionType.GZIP,
  snappy: CompressionType.SNAPPY,
  lz4: CompressionType.LZ4,
  zstd: CompressionType.ZSTD,
};

/** A `compression.type` value as Kafka spells it; a usage error naming `what` for anything else. */
export function compressionCodec(name: string, what: string): CompressionType {
  const codec = CODECS[name.trim().toLowerCase()];
  if (codec === undefined) throw new UsageError(`${what}: unknown compression codec "${name}" (none, gzip, snappy, lz4, zstd)`, what.startsWith('--') ? what : null);
  return codec;
}

/** An `acks` value: `all` or -1, 0, 1. */
export function acksValue(text: string, what: string): number {
  const t = text.trim().toLowerCase();
  if (t === 'all' || t === '-1') return -1;
  if (t === '0' || t === '1') return Number(t);
  throw new UsageError(`${what}: invalid acks "${text}" (all, -1, 0 or 1)`, what.startsWith('--') ? what : null);
}

function intProp(props: ReadonlyMap<string, string>, key: string, fallback: number): number {
  const v = props.get(key);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v.trim())) throw new UsageError(`invalid value "${v}" for ${key}`);
  return Number(v);
}

/**
 * Producer settings from Kafka producer configs (`acks`, `compression.type`, `batch.size`, `linger.ms`,
 * `delivery.timeout.ms`), Kafka's defaults where absent.
 */
export function producerSettings(props: ReadonlyMap<string, string>): ProducerSettings {
  return {
    acks: acksValue(props.get('acks') ?? 'all', 'acks'),
    compression: compressionCodec(props.get('compression.type') ?? 'none', 'compression.type'),
    batchSize: intProp(props, 'batch.size', 16384),
    lingerMs: intProp(props, 'linger.ms', 5),
    deliveryTimeoutMs: intProp(props, 'delivery.timeout.ms', 120_000),
  };
}
