// Public exports of this folder; the package index re-exports them.
export type { DeepPartial, MessageCodec, MessageKind, Records, TaggedField, VersionRange } from './codec.js';
export type { FieldSchema, MessageSchema, PrimitiveFieldType, StructSchema } from './schema.js';
