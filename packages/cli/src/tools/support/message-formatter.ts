import { UsageError } from '../../args.js';
import type { ConsumedRecord } from '../../kafka/fetcher.js';

/** Turns a record into output bytes (Kafka's `MessageFormatter`); may throw for a record it cannot format. */
export type MessageFormatter = (record: ConsumedRecord) => string;

/** Kafka's deserializers by (simple) class name, applied to key, value or header bytes. */
const DESERIALIZERS: Readonly<Record<string, (b: Buffer) => string>> = {
  StringDeserializer: (b) => b.toString('utf8'),
  ByteArrayDeserializer: (b) => b.toString('utf8'),
  BytesDeserializer: (b) => b.toString('utf8'),
  ShortDeserializer: (b) => String(sized(b, 2, 'Short').readInt16BE(0)),
  IntegerDeserializer: (b) => String(sized(b, 4, 'Integer').readInt32BE(0)),
  LongDeserializer: (b) => String(sized(b, 8, 'Long').readBigInt64BE(0)),
  FloatDeserializer: (b) => String(sized(b, 4, 'Float').readFloatBE(0)),
  DoubleDeserializer: (b) => String(sized(b, 8, 'Double').readDoubleBE(0)),
  UUIDDeserializer: (b) => b.toString('utf8'),
};

function sized(b: Buffer, n: number, type: string): Buffer {
  if (b.length !== n) throw new Error(`Size of data received by ${type}Deserializer is not ${n}`);
  return b;
}

/** A deserializer by Java class name (any package); a usage error naming `what` for one we do not have. */
export function deserializer(className: string | undefined, what: string): (b: Buffer) => string {
  if (className === undefined) return DESERIALIZERS.StringDeserializer!;
  const simple = className.slice(className.lastIndexOf('.') + 1);
  const d = DESERIALIZERS[simple];
  if (!d) throw new UsageError(`${what}: unsupported deserializer ${className} (${Object.keys(DESERIALIZERS).join(', ')})`, what);
  return d;
}

function bool(props: ReadonlyMap<string, string>, key: string, fallback: boolean): boolean {
  const v = props.get(key);
  return v === undefined ? fallback : v.trim().toLowerCase() === 'true';
}

/**
 * Kafka's `DefaultMessageFormatter`: optional `CreateTime:ts`, `Partition:p`, `Offset:o`, headers
 * (`k:v,k2:v2` or `NO_HEADERS`) and key, each followed by `key.separator`, then the value and
 * `line.separator`; `null` (or `null.literal`) for absent keys and values.
 */
export function defaultFormatter(props: ReadonlyMap<string, string>): MessageFormatter {
  const printTimestamp = bool(props, 'print.timestamp', false);
  const printKey = bool(props, 'print.key', false);
  const printValue = bool(props, 'print.value', true);
  const printPartition = bool(props, 'print.partition', false);
  const printOffset = bool(props, 'print.offset', false);
  const printHeaders = bool(props, 'print.headers', false);
  const keySep = props.get('key.separator') ?? '\t';
  const lineSep = props.get('line.separator') ?? '\n';
  const headersSep = props.get('headers.separator') ?? ',';
  const nullLiteral = props.get('null.literal') ?? 'null';
  const keyDe = deserializer(props.get('key.deserializer'), '--key-deserializer');
  const valueDe = deserializer(props.get('value.deserializer'), '--value-deserializer');
  const headerDe = deserializer(props.get('headers.deserializer'), 'headers.deserializer');
  const text = (b: Buffer | null, de: (b: Buffer) => string): string => (b === null ? nullLiteral : de(b));
  return (r) => {
    const parts: string[] = [];
    if (printTimestamp) parts.push(`${r.timestampType}:${r.timestamp}`);
    if (printPartition) parts.push(`Partition:${r.partition}`);
    if (printOffset) parts.push(`Offset:${r.offset}`);
    if (printHeaders) parts.push(r.headers.length === 0 ? 'NO_HEADERS' : r.headers.map((h) => `${h.key}:${text(h.value, headerDe)}`).join(headersSep));
    if (printKey) parts.push(text(r.key, keyDe));
    if (printValue) return `${parts.map((p) => p + keySep).join('')}${text(r.value, valueDe)}${lineSep}`;
    // Without the value, the last column ends the line (Kafka writes the line separator after it).
    return parts.length === 0 ? '' : `${parts.join(keySep)}${lineSep}`;
  };
}

/** Kafka's `LoggingMessageFormatter`: the default output, plus an INFO log line describing each record. */
function loggingFormatter(props: ReadonlyMap<string, string>): MessageFormatter {
  const base = defaultFormatter(props);
  return (r) =>
    `${base(r)}INFO ConsumerRecord(topic = ${r.topic}, partition = ${r.partition}, offset = ${r.offset}, ${r.timestampType} = ${r.timestamp}, ` +
    `key = ${r.key === null ? 'null' : r.key.toString('utf8')}, value = ${r.value === null ? 'null' : r.value.toString('utf8')})\n`;
}

/** The formatter named by `--formatter` (Kafka class names, any of their packages). */
export function formatterFor(className: string | undefined, props: ReadonlyMap<string, string>): MessageFormatter {
  const simple = className === undefined ? 'DefaultMessageFormatter' : className.slice(className.lastIndexOf('.') + 1);
  if (simple === 'DefaultMessageFormatter') return defaultFormatter(props);
  if (simple === 'LoggingMessageFormatter') return loggingFormatter(props);
  if (simple === 'NoOpMessageFormatter') return () => '';
  throw new UsageError(`unsupported formatter ${className} (DefaultMessageFormatter, LoggingMessageFormatter, NoOpMessageFormatter)`, '--formatter');
}
