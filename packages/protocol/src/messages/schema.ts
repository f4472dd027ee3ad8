import type { MessageKind, VersionRange } from './codec.js';

/** A primitive type of Kafka's message specs. */
export type PrimitiveFieldType =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'float64'
  | 'string'
  | 'bytes'
  | 'records'
  | 'uuid';

/**
 * One field of a {@link StructSchema}, as written in Kafka's JSON spec. A description only: the generated
 * codecs do not read it; tests and tools do (e.g. to build random messages).
 */
export interface FieldSchema {
  /** The property name on the generated interface (`transactionalId`). */
  readonly name: string;
  /** The name in Kafka's spec (`TransactionalId`). */
  readonly kafkaName: string;
  /** The element type for arrays; `struct` when {@link FieldSchema.struct} describes it. */
  readonly type: PrimitiveFieldType | 'struct';
  readonly array: boolean;
  readonly struct?: StructSchema;
  /** Versions in which the field exists (`versions`); `null` for `"none"`. */
  readonly versions: VersionRange | null;
  /** Versions in which the field may be null (`nullableVersions`), clipped to `versions`. */
  readonly nullableVersions: VersionRange | null;
  /** The tag and the versions in which the field is a tagged field, if it is one. */
  readonly tag?: number;
  readonly taggedVersions?: VersionRange;
  /** A field-level override of the message's flexible versions (only `RequestHeader.ClientId` has one). */
  readonly flexibleVersions?: VersionRange | null;
  /** Whether a writer may silently drop the field in versions that lack it. */
  readonly ignorable: boolean;
  /**
   * Kafka's default for scalar fields (numbers, `bigint` for int64, booleans, strings, uuid strings) and `null`
   * wherever the default is null. Absent for bytes, arrays and structs whose default is empty/default-built.
   */
  readonly default?: number | bigint | boolean | string | null;
}

/** A struct: the top level of a message, an array element, or a nested struct field. */
export interface StructSchema {
  /** The generated interface name (`ProduceRequestTopicProduceData`). */
  readonly name: string;
  readonly fields: readonly FieldSchema[];
}

/** The description of one message spec, the same facts its generated codec was built from. */
export interface MessageSchema extends StructSchema {
  readonly apiKey: number | null;
  readonly kind: MessageKind;
  readonly validVersions: VersionRange;
  readonly flexibleVersions: VersionRange | null;
}
