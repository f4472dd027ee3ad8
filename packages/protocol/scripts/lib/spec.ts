// Loading Kafka's JSON message specs (JSON with // and /* */ comments) and turning them into a resolved model.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Range, parseRange, intersect, hull } from './versions.js';

export const PRIMITIVES = ['bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'string', 'bytes', 'records', 'uuid'] as const;
export type Primitive = (typeof PRIMITIVES)[number];

/** A field default, already typed: how the generator writes it and compares against it. */
export type DefaultValue =
  | { kind: 'null' }
  | { kind: 'number'; value: number }
  | { kind: 'bigint'; value: bigint }
  | { kind: 'bool'; value: boolean }
  | { kind: 'string'; value: string }
  | { kind: 'empty' } // bytes: zero-length; arrays: []
  | { kind: 'struct' }; // a default-built struct

export interface FieldModel {
  kafkaName: string;
  prop: string;
  about: string;
  array: boolean;
  prim: Primitive | null;
  struct: StructModel | null;
  versions: Range | null;
  nullable: Range | null;
  tagged: Range | null;
  tag: number | null;
  /** Field-level flexibleVersions override; undefined when the field has none. */
  flexOverride: Range | null | undefined;
  ignorable: boolean;
  default: DefaultValue;
  /** Whether the TypeScript type admits null (nullable in some version, or default null). */
  nullableType: boolean;
}

export interface StructModel {
  kafkaName: string;
  tsName: string;
  about: string;
  fields: FieldModel[];
  /** The hull of the versions in which the struct can occur on the wire. */
  reach: Range | null;
}

export interface MessageModel {
  /** Spec path relative to the specs folder, e.g. `ProduceRequest.json` or `internal-topics/OffsetCommitKey.json`. */
  specFile: string;
  name: string;
  fileBase: string;
  apiKey: number | null;
  kind: 'request' | 'response' | 'header' | 'data';
  valid: Range;
  flex: Range | null;
  root: StructModel;
  /** Every struct, root first, then in order of first appearance. */
  structs: StructModel[];
}

/** Removes `//` and `/* *\/` comments outside JSON strings. */
export function stripComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new Error('unterminated block comment');
      out += text.slice(i, end + 2).replace(/[^\n]/g, ' ');
      i = end + 1;
    } else {
      out += c;
    }
  }
  return out;
}

/** The spec files the generator reads, relative to the specs folder, in a stable order. */
export function listSpecFiles(specsDir: string): string[] {
  if (!existsSync(specsDir)) throw new Error(`Kafka message specs not found at ${specsDir} (set TRIBUTARY_SPECS_DIR)`);
  const top = readdirSync(specsDir)
    .filter((f) => /(Request|Response)\.json$/.test(f) || TOP_DATA.includes(f))
    .sort();
  const internal = readdirSync(join(specsDir, 'internal-topics'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => `internal-topics/${f}`);
  return [...top, ...internal, 'streams/SubscriptionInfoData.json'];
}

const TOP_DATA = ['RequestHeader.json', 'ResponseHeader.json', 'ConsumerProtocolSubscription.json', 'ConsumerProtocolAssignment.json', 'DefaultPrincipalData.json'];

interface RawField {
  name: string;
  type: string;
  versions?: string;
  nullableVersions?: string;
  taggedVersions?: string;
  tag?: number;
  flexibleVersions?: string;
  ignorable?: boolean;
  default?: string | number | boolean;
  about?: string;
  fields?: RawField[];
}

interface RawSpec {
  apiKey?: number;
  type: string;
  name: string;
  validVersions: string;
  flexibleVersions: string;
  fields: RawField[];
  commonStructs?: { name: string; fields: RawField[] }[];
}

export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase();
}

export function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function loadMessage(specsDir: string, specFile: string): MessageModel {
  const raw = JSON.parse(stripComments(readFileSync(join(specsDir, specFile), 'utf8'))) as RawSpec;
  return buildModel(raw, specFile);
}

function buildModel(raw: RawSpec, specFile: string): MessageModel {
  const valid = parseRange(raw.validVersions);
  if (valid === null) throw new Error(`${specFile}: validVersions is none`);
  const flex = raw.flexibleVersions === undefined ? null : parseRange(raw.flexibleVersions);
  const kind = raw.type as MessageModel['kind'];
  if (!['request', 'response', 'header', 'data'].includes(kind)) throw new Error(`${specFile}: unknown type ${raw.type}`);
  const common = new Map((raw.commonStructs ?? []).map((s) => [s.name, s]));
  const structs = new Map<string, StructModel>();
  const order: StructModel[] = [];
  const ctx = { name: raw.name, specFile, common, structs, order };
  const root: StructModel = { kafkaName: raw.name, tsName: raw.name, about: '', fields: [], reach: valid };
  order.push(root);
  root.fields = raw.fields.map((f) => buildField(ctx, raw.name, f));
  computeReach(root, valid);
  return { specFile, name: raw.name, fileBase: kebab(raw.name), apiKey: raw.apiKey ?? null, kind, valid, flex, root, structs: order };
}

interface Ctx {
  name: string;
  specFile: string;
  common: Map<string, { name: string; fields: RawField[] }>;
  structs: Map<string, StructModel>;
  order: StructModel[];
}

/** Nested structs get the message name as prefix, unless their Kafka name already starts with it. */
function structTsName(message: string, struct: string): string {
  return struct.startsWith(message) ? struct : message + struct;
}

function resolveStruct(ctx: Ctx, typeName: string, inline: RawField[] | undefined, where: string): StructModel {
  const existing = ctx.structs.get(typeName);
  if (inline !== undefined) {
    if (existing !== undefined || ctx.common.has(typeName)) throw new Error(`${ctx.specFile}: struct ${typeName} defined twice (${where})`);
  } else if (existing !== undefined) {
    return existing;
  }
  const fields = inline ?? ctx.common.get(typeName)?.fields;
  if (fields === undefined) throw new Error(`${ctx.specFile}: unknown struct type ${typeName} (${where})`);
  const model: StructModel = { kafkaName: typeName, tsName: structTsName(ctx.name, typeName), about: '', fields: [], reach: null };
  ctx.structs.set(typeName, model);
  ctx.order.push(model);
  model.fields = fields.map((f) => buildField(ctx, `${where}.${typeName}`, f));
  return model;
}

function buildField(ctx: Ctx, where: string, f: RawField): FieldModel {
  const array = f.type.startsWith('[]');
  const base = array ? f.type.slice(2) : f.type;
  const prim = (PRIMITIVES as readonly string[]).includes(base) ? (base as Primitive) : null;
  const struct = prim === null ? resolveStruct(ctx, base, f.fields, `${where}.${f.name}`) : null;
  if (prim !== null && f.fields !== undefined) throw new Error(`${ctx.specFile}: ${f.name} has fields but type ${f.type}`);
  if (f.versions === undefined) throw new Error(`${ctx.specFile}: ${where}.${f.name} has no versions`);
  const versions = parseRange(f.versions);
  const nullable = intersect(f.nullableVersions === undefined ? null : parseRange(f.nullableVersions), versions);
  const tagged = f.taggedVersions === undefined ? null : parseRange(f.taggedVersions);
  if ((tagged === null) !== (f.tag === undefined)) throw new Error(`${ctx.specFile}: ${f.name} needs both tag and taggedVersions`);
  if (tagged !== null && (versions === null || tagged.min !== versions.min || tagged.max !== versions.max)) {
    // Kafka allows a field to be tagged in only some of its versions; no spec here does, so the generator
    // keeps the simpler rule (tagged in all its versions) and refuses anything else.
    throw new Error(`${ctx.specFile}: ${f.name} is tagged in only some of its versions; not supported`);
  }
  const flexOverride = f.flexibleVersions === undefined ? undefined : parseRange(f.flexibleVersions);
  const dflt = parseDefault(f, array, prim, `${ctx.specFile}: ${where}.${f.name}`);
  return {
    kafkaName: f.name,
    prop: camel(f.name),
    about: f.about ?? '',
    array,
    prim,
    struct,
    versions,
    nullable,
    tagged,
    tag: f.tag ?? null,
    flexOverride,
    ignorable: f.ignorable === true,
    default: dflt,
    nullableType: nullable !== null || dflt.kind === 'null',
  };
}

const INT_RANGES: Partial<Record<Primitive, [number, number]>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

function parseInteger(text: string): bigint {
  const neg = text.startsWith('-');
  const body = neg ? text.slice(1) : text;
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(body)) throw new Error(`not an integer: ${text}`);
  const v = BigInt(body);
  return neg ? -v : v;
}

function parseDefault(f: RawField, array: boolean, prim: Primitive | null, where: string): DefaultValue {
  const d = f.default;
  if (d === 'null') return { kind: 'null' };
  if (array || prim === 'bytes') {
    if (d !== undefined) throw new Error(`${where}: unsupported default ${String(d)}`);
    return { kind: 'empty' };
  }
  if (prim === null) {
    if (d !== undefined) throw new Error(`${where}: unsupported struct default ${String(d)}`);
    return { kind: 'struct' };
  }
  switch (prim) {
    case 'records':
      if (d !== undefined) throw new Error(`${where}: unsupported records default`);
      return { kind: 'null' }; // as in Kafka's generated Java, a records field defaults to null
    case 'bool':
      if (d === undefined) return { kind: 'bool', value: false };
      if (d === true || d === 'true') return { kind: 'bool', value: true };
      if (d === false || d === 'false') return { kind: 'bool', value: false };
      throw new Error(`${where}: bad bool default ${String(d)}`);
    case 'string':
      return { kind: 'string', value: d === undefined ? '' : String(d) };
    case 'uuid':
      if (d !== undefined) throw new Error(`${where}: unsupported uuid default`);
      return { kind: 'string', value: '00000000-0000-0000-0000-000000000000' };
    case 'float64': {
      const v = d === undefined ? 0 : Number(d);
      if (Number.isNaN(v) && d !== 'NaN') throw new Error(`${where}: bad float64 default ${String(d)}`);
      return { kind: 'number', value: v };
    }
    case 'int64': {
      const v = d === undefined ? 0n : parseInteger(String(d));
      if (v < -(1n << 63n) || v >= 1n << 63n) throw new Error(`${where}: int64 default out of range`);
      return { kind: 'bigint', value: v };
    }
    default: {
      const v = d === undefined ? 0n : parseInteger(String(d));
      const [lo, hi] = INT_RANGES[prim]!;
      if (v < BigInt(lo) || v > BigInt(hi)) throw new Error(`${where}: default ${String(d)} out of range for ${prim}`);
      return { kind: 'number', value: Number(v) };
    }
  }
}

/** Widens each struct's reach by the versions in which a field leads to it. */
function computeReach(s: StructModel, range: Range | null): void {
  for (const f of s.fields) {
    if (f.struct === null) continue;
    const sub = intersect(range, f.versions);
    if (sub === null) continue;
    const widened = hull(f.struct.reach, sub);
    if (f.struct.reach !== null && widened !== null && widened.min === f.struct.reach.min && widened.max === f.struct.reach.max) continue;
    f.struct.reach = widened;
    computeReach(f.struct, widened);
  }
}
