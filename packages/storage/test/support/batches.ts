import { encodeRecordBatch, type RecordInit } from '@tributary/protocol';

/** Options of {@link makeBatch}. */
export interface BatchSpec {
  /** Number of records (default 1). */
  count?: number;
  /** Bytes per value (default 16); ignored when `records` is given. */
  valueSize?: number;
  /** Timestamp of the first record; later ones add 1 ms each (default 1_000). */
  timestamp?: number;
  /** Explicit records (keys, values, timestamps). */
  records?: RecordInit[];
  /** Fill byte of generated values (default derived from the timestamp). */
  fill?: number;
}

/** A producer-style v2 batch (base offset 0, epoch -1) built with the protocol package's encoder. */
export function makeBatch(spec: BatchSpec = {}): Buffer {
  const count = spec.count ?? 1;
  const ts = spec.timestamp ?? 1_000;
  const records =
    spec.records ??
    Array.from({ length: count }, (_, i) => ({
      timestamp: ts + i,
      key: null,
      value: Buffer.alloc(spec.valueSize ?? 16, (spec.fill ?? ts + i) & 0xff),
    }));
  return encodeRecordBatch({ records });
}
