import type { Reader } from '../primitives/reader.js';
import type { Writer } from '../primitives/writer.js';

/** An inclusive range of message versions, as in Kafka's `"0-11"` or `"9+"` (whose `max` is the newest valid version). */
export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

/**
 * A tagged field this codec does not know (Kafka's `RawTaggedField`): kept on decode so that re-encoding
 * reproduces the input bytes exactly.
 */
export interface TaggedField {
  readonly tag: number;
  readonly data: Buffer;
}

/**
 * The value of a `records` field (Kafka's `BaseRecords`): record batches as bytes. Decoding always yields one
 * `Buffer` (a view into the frame); encoding also accepts a list of buffers, written back to back without a
 * copy, so a fetch response can carry file ranges read from several segments.
 */
export type Records = Buffer | readonly Buffer[];

/** The kind of a message spec: `request`/`response` bodies, frame `header`s, or standalone `data` schemas. */
export type MessageKind = 'request' | 'response' | 'header' | 'data';

/**
 * A recursive partial of a message: every property optional, nested structs and array elements partial too.
 * Byte arrays, bigints and preserved tagged fields are taken whole.
 */
export type DeepPartial<T> = T extends Buffer | readonly Buffer[] | TaggedField | bigint | string | number | boolean | null | undefined
  ? T
  : T extends readonly (infer E)[]
    ? DeepPartial<E>[]
    : { [K in keyof T]?: DeepPartial<T[K]> };

/**
 * The encoder/decoder of one Kafka message spec, generated from Kafka's JSON message definitions
 * (Kafka's generated `*Data` classes: `ProduceRequestData`, `RequestHeaderData`, ...).
 *
 * @example
 * ```ts
 * const bytes = MetadataRequest.encode(12, MetadataRequest.create({ topics: null }));
 * const back = MetadataRequest.decode(bytes, 12);
 * ```
 */
export interface MessageCodec<T> {
  /** The spec's name, e.g. `ProduceRequest`. */
  readonly name: string;
  /** The API key for requests and responses; `null` for headers and data schemas. */
  readonly apiKey: number | null;
  readonly kind: MessageKind;
  /** Every version the spec defines (`validVersions`). */
  readonly validVersions: VersionRange;
  /** The flexible (KIP-482) versions, `null` if none; an open range `"N+"` ends at `validVersions.max`. */
  readonly flexibleVersions: VersionRange | null;
  /** Whether `version` uses the flexible encoding (compact lengths, tagged fields). */
  isFlexible(version: number): boolean;
  /** Reads one message at the reader's position; raises `ProtocolDecodeError` on malformed input or a bad version. */
  read(reader: Reader, version: number): T;
  /** Appends one message; raises `ProtocolEncodeError` when `value` cannot be written at `version`. */
  write(writer: Writer, version: number, value: T): void;
  /** Decodes a whole buffer; bytes left over after the message are a `ProtocolDecodeError`. */
  decode(buf: Buffer, version: number): T;
  /** Encodes `value` at `version` into one buffer. */
  encode(version: number, value: T): Buffer;
  /** A message holding Kafka's default for every field, overridden by `init`. */
  create(init?: DeepPartial<T>): T;
}
