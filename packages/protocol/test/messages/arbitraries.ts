// fast-check arbitraries for every generated message, built from the generated runtime description
// (`messageSchemas`). Values respect the version: absent fields hold their default, null only where the
// version allows it, integers anywhere in their type's range, tagged fields set or default, unknown tags.
import fc from 'fast-check';
import * as protocol from '@tributary/protocol';
import type { FieldSchema, MessageCodec, MessageSchema, StructSchema, VersionRange } from '@tributary/protocol';

type Value = unknown;
type Struct = Record<string, Value>;

export function inRange(r: VersionRange | null | undefined, v: number): boolean {
  return r !== null && r !== undefined && v >= r.min && v <= r.max;
}

/** The Kafka default of a field, as the codecs produce it for absent fields. */
export function defaultOf(f: FieldSchema): Value {
  if (f.default !== undefined) return f.default;
  if (f.array) return [];
  if (f.type === 'bytes') return Buffer.alloc(0);
  if (f.type === 'struct') return structDefault(f.struct!);
  throw new Error(`no default for ${f.kafkaName}`);
}

export function structDefault(s: StructSchema): Struct {
  const o: Struct = {};
  for (const f of s.fields) o[f.name] = defaultOf(f);
  return o;
}

const INT_LIMITS: Record<string, [number, number]> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

function hexUuid(b: Uint8Array): string {
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function primitive(type: string): fc.Arbitrary<Value> {
  const limits = INT_LIMITS[type];
  if (limits !== undefined) {
    // Bias towards the edges of the range: they are where encodings break.
    return fc.oneof(fc.integer({ min: limits[0], max: limits[1] }), fc.constantFrom(limits[0], limits[1], -1, 0, 1).filter((n) => n >= limits[0]));
  }
  switch (type) {
    case 'bool':
      return fc.boolean();
    case 'int64':
      return fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n, -1n, 0n));
    case 'float64':
      return fc.double();
    case 'string':
      return fc.string({ unit: 'binary', maxLength: 12 });
    case 'uuid':
      return fc.uint8Array({ minLength: 16, maxLength: 16 }).map(hexUuid);
    case 'bytes':
    case 'records':
      return fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b));
    default:
      throw new Error(`unknown type ${type}`);
  }
}

function present(f: FieldSchema, v: number): boolean {
  return f.taggedVersions !== undefined ? inRange(f.taggedVersions, v) : inRange(f.versions, v);
}

function fieldArbitrary(msg: MessageSchema, f: FieldSchema, v: number, depth: number): fc.Arbitrary<Value> {
  if (!present(f, v)) return fc.constant(defaultOf(f));
  const element = f.type === 'struct' ? structArbitrary(msg, f.struct!, v, depth + 1) : primitive(f.type);
  const value = f.array ? fc.array(element, { maxLength: depth < 2 ? 3 : 2 }) : element;
  if (f.type === 'struct' && !f.array) {
    // Tagged structs are often left at their default, which must then not be written at all.
    return fc.oneof(value, fc.constant(defaultOf(f)));
  }
  if (!inRange(f.nullableVersions, v)) return value;
  return fc.oneof({ arbitrary: value, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 });
}

/** Preserved unknown tags: distinct tags no field of the struct uses, ascending, opaque payloads. */
function unknownTags(s: StructSchema): fc.Arbitrary<{ tag: number; data: Buffer }[]> {
  const known = new Set(s.fields.map((f) => f.tag).filter((t) => t !== undefined));
  const tag = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 32 - 1 })).filter((t) => !known.has(t));
  return fc
    .uniqueArray(fc.record({ tag, data: fc.uint8Array({ maxLength: 6 }).map((b) => Buffer.from(b)) }, { noNullPrototype: true }), { maxLength: 2, selector: (t) => t.tag })
    .map((list) => list.sort((a, b) => a.tag - b.tag));
}

export function structArbitrary(msg: MessageSchema, s: StructSchema, v: number, depth = 0): fc.Arbitrary<Struct> {
  const fields: Record<string, fc.Arbitrary<Value>> = {};
  for (const f of s.fields) fields[f.name] = fieldArbitrary(msg, f, v, depth);
  const record = fc.record(fields, { noNullPrototype: true }) as fc.Arbitrary<Struct>;
  if (!inRange(msg.flexibleVersions, v)) return record;
  const withTags = fc.tuple(record, unknownTags(s)).map(([o, tags]) => (tags.length > 0 ? { ...o, unknownTaggedFields: tags } : o));
  return fc.oneof({ arbitrary: record, weight: 3 }, { arbitrary: withTags, weight: 1 });
}

/** An arbitrary value of message `msg` at version `v`. */
export function messageArbitrary(msg: MessageSchema, v: number): fc.Arbitrary<Struct> {
  return structArbitrary(msg, msg, v);
}

/** Every (message, version) pair of the generated codecs. */
export function allMessageVersions(schemas: Readonly<Record<string, MessageSchema>>): { msg: MessageSchema; version: number }[] {
  const out: { msg: MessageSchema; version: number }[] = [];
  for (const msg of Object.values(schemas)) {
    for (let version = msg.validVersions.min; version <= msg.validVersions.max; version++) out.push({ msg, version });
  }
  return out;
}

/** The exported codec of the message called `name`. */
export function codecOf(name: string): MessageCodec<unknown> {
  const codec = (protocol as unknown as Record<string, MessageCodec<unknown> | undefined>)[name];
  if (codec === undefined || typeof codec.encode !== 'function') throw new Error(`no codec exported for ${name}`);
  return codec;
}
