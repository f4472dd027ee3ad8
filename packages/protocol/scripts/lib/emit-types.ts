// TypeScript types, default values and default comparisons of fields, and the emitted interfaces.
import { Code, commentText, quote } from './code.js';
import type { FieldModel, MessageModel, StructModel } from './spec.js';
import { fmtRange } from './versions.js';

/** The element type (before `[]` and `| null`). */
export function elementType(f: FieldModel): string {
  if (f.struct !== null) return f.struct.tsName;
  switch (f.prim) {
    case 'bool':
      return 'boolean';
    case 'int64':
      return 'bigint';
    case 'string':
    case 'uuid':
      return 'string';
    case 'bytes':
      return 'Buffer';
    case 'records':
      return 'Records';
    default:
      return 'number';
  }
}

export function fieldType(f: FieldModel): string {
  const base = f.array ? `${elementType(f)}[]` : elementType(f);
  return f.nullableType ? `${base} | null` : base;
}

/** The expression of the field's Kafka default. */
export function defaultExpr(f: FieldModel): string {
  const d = f.default;
  switch (d.kind) {
    case 'null':
      return 'null';
    case 'number':
      return Object.is(d.value, -0) ? '-0' : String(d.value);
    case 'bigint':
      return `${d.value}n`;
    case 'bool':
      return String(d.value);
    case 'string':
      return f.prim === 'uuid' ? 'ZERO_UUID' : quote(d.value);
    case 'empty':
      return f.array ? '[]' : 'EMPTY_BUFFER';
    case 'struct':
      return `create${f.struct!.tsName}(undefined)`;
  }
}

/** An expression that is true when `x` (the field's value) equals its default. */
export function isDefaultExpr(f: FieldModel, x: string): string {
  const d = f.default;
  switch (d.kind) {
    case 'null':
      return `${x} === null`;
    case 'number':
      return f.prim === 'float64' ? `Object.is(${x}, ${defaultExpr(f)})` : `${x} === ${defaultExpr(f)}`;
    case 'bigint':
    case 'bool':
    case 'string':
      return `${x} === ${defaultExpr(f)}`;
    case 'empty':
      return f.nullableType ? `(${x} !== null && ${x}.length === 0)` : `${x}.length === 0`;
    case 'struct':
      if (f.nullableType) throw new Error(`nullable struct ${f.kafkaName} is not supported`);
      return `isDefault${f.struct!.tsName}(${x})`;
  }
}

/** An expression that is true when `x` differs from the field's default. */
export function notDefaultExpr(f: FieldModel, x: string): string {
  const d = f.default;
  switch (d.kind) {
    case 'null':
      return `${x} !== null`;
    case 'number':
      return f.prim === 'float64' ? `!Object.is(${x}, ${defaultExpr(f)})` : `${x} !== ${defaultExpr(f)}`;
    case 'bigint':
    case 'bool':
    case 'string':
      return `${x} !== ${defaultExpr(f)}`;
    case 'empty':
      return f.nullableType ? `(${x} === null || ${x}.length !== 0)` : `${x}.length !== 0`;
    case 'struct':
      return `!${isDefaultExpr(f, x)}`;
  }
}

function describeDefault(f: FieldModel): string | null {
  const d = f.default;
  switch (d.kind) {
    case 'null':
      return 'null';
    case 'number':
    case 'bool':
      return String(d.value);
    case 'bigint':
      return `${d.value}n`;
    case 'string':
      return f.prim === 'uuid' ? null : JSON.stringify(d.value);
    default:
      return null;
  }
}

function fieldDoc(f: FieldModel): string {
  const facts = [`Kafka: ${f.kafkaName}, versions ${fmtRange(f.versions)}`];
  if (f.nullable !== null) facts.push(`nullable ${fmtRange(f.nullable)}`);
  if (f.tagged !== null) facts.push(`tag ${f.tag} in ${fmtRange(f.tagged)}`);
  if (f.ignorable) facts.push('ignorable');
  const d = describeDefault(f);
  if (d !== null && f.default.kind !== 'bool' && !(f.default.kind === 'number' && f.default.value === 0) && d !== '""' && d !== '0n') {
    facts.push(`default ${d}`);
  }
  const about = commentText(f.about);
  return `${about === '' ? '' : `${about} `}(${facts.join('; ')})`;
}

function structDoc(msg: MessageModel, s: StructModel, parentAbout: string): string[] {
  if (s === msg.root) {
    const api = msg.apiKey === null ? '' : ` (API key ${msg.apiKey})`;
    const flex = msg.flex === null ? 'none' : fmtRange(msg.flex);
    return [`Kafka's ${msg.name}${api}: versions ${fmtRange(msg.valid)}, flexible ${flex}.`];
  }
  const about = commentText(parentAbout);
  return [`${about === '' ? s.kafkaName : about} (Kafka struct ${s.kafkaName} of ${msg.name})`];
}

/** The `about` of the field that first leads to each struct, for its doc comment. */
function parentAbouts(msg: MessageModel): Map<StructModel, string> {
  const out = new Map<StructModel, string>();
  for (const s of msg.structs) for (const f of s.fields) if (f.struct !== null && !out.has(f.struct)) out.set(f.struct, f.about);
  return out;
}

export function emitInterfaces(code: Code, msg: MessageModel): void {
  const abouts = parentAbouts(msg);
  for (const s of msg.structs) {
    code.doc(structDoc(msg, s, abouts.get(s) ?? ''));
    code.open(`export interface ${s.tsName} {`);
    for (const f of s.fields) {
      code.doc([fieldDoc(f)]);
      code.line(`${f.prop}: ${fieldType(f)};`);
    }
    code.doc(['Tagged fields this codec does not know, kept so that re-encoding reproduces the input.']);
    code.line('unknownTaggedFields?: TaggedField[];');
    code.close();
    code.line();
  }
}
