// Emits one writer function per struct, following Kafka's generated Java writers: version guards, errors
// for non-default values in versions that lack a non-ignorable field, tagged fields only when not default.
import { bare, Code, negate, quote } from './code.js';
import { notDefaultExpr } from './emit-types.js';
import { fieldFlexCond, fieldPath } from './emit-read.js';
import type { FieldModel, MessageModel, Primitive, StructModel } from './spec.js';
import { cond, intersect, type Range } from './versions.js';

const FIXED: Partial<Record<Primitive, string>> = {
  bool: 'writeBool',
  int8: 'writeInt8',
  int16: 'writeInt16',
  uint16: 'writeUInt16',
  int32: 'writeInt32',
  uint32: 'writeUInt32',
  int64: 'writeInt64',
  float64: 'writeFloat64',
  uuid: 'writeUuid',
};

/** `if (c) a; else b;` with constant conditions folded. */
function branch(code: Code, c: string, a: string, b: string): void {
  if (c === 'true' || a === b) code.line(a);
  else if (c === 'false') code.line(b);
  else code.line(`if (${c}) ${a}`).line(`else ${b}`);
}

function emitPrimWrite(code: Code, p: Primitive, w: string, x: string, fc: string, nullable: boolean): void {
  const fixed = FIXED[p];
  if (fixed !== undefined) {
    code.line(`${w}.${fixed}(${x});`);
    return;
  }
  if (p === 'records') {
    code.line(`writeRecords(${w}, ${fc}, ${x});`);
    return;
  }
  const kind = p === 'string' ? 'String' : 'Bytes';
  const n = nullable ? 'Nullable' : '';
  branch(code, fc, `${w}.writeCompact${n}${kind}(${x});`, `${w}.write${n}${kind}(${x});`);
}

/** Statements that write the field's value `x` (present at every version in `reach`) to writer `w`. */
function emitWriteValue(code: Code, msg: MessageModel, s: StructModel, f: FieldModel, w: string, x: string, reach: Range): void {
  const fc = fieldFlexCond(msg, f, reach);
  const nc = cond(f.nullable, reach);
  let nullable = false;
  if (f.nullableType) {
    const err = `throw nullEncode(${quote(fieldPath(s, f))}, v);`;
    if (nc === 'false') code.line(`if (${x} === null) ${err}`);
    else if (nc === 'true') nullable = true;
    else {
      code.line(`if (${x} === null && ${negate(nc)}) ${err}`);
      nullable = true;
    }
  }
  if (!f.array) {
    if (f.struct !== null) code.line(`write${f.struct.tsName}(${w}, v, ${x});`);
    else emitPrimWrite(code, f.prim!, w, x, fc, nullable);
    return;
  }
  if (nullable) {
    code.open(`if (${x} === null) {`);
    branch(code, fc, `${w}.writeCompactArrayLength(null);`, `${w}.writeArrayLength(null);`);
    code.mid('} else {');
  }
  branch(code, fc, `${w}.writeCompactArrayLength(${x}.length);`, `${w}.writeArrayLength(${x}.length);`);
  if (f.struct !== null) code.line(`for (const $e of ${x}) write${f.struct.tsName}(${w}, v, $e);`);
  else {
    code.open(`for (const $e of ${x}) {`);
    emitPrimWrite(code, f.prim!, w, '$e', fc, false);
    code.close();
  }
  if (nullable) code.close();
}

function emitAbsentCheck(code: Code, s: StructModel, f: FieldModel, x: string, elseOf: boolean): void {
  if (f.ignorable) {
    if (elseOf) code.close();
    return;
  }
  const test = `if (${bare(notDefaultExpr(f, x))}) {`;
  if (elseOf) code.mid(`} else ${test}`);
  else code.open(test);
  code.line(`throw absentEncode(${quote(fieldPath(s, f))}, v);`);
  code.close();
}

function emitRegularField(code: Code, msg: MessageModel, s: StructModel, f: FieldModel, reach: Range): void {
  const x = `o.${f.prop}`;
  const pc = cond(f.versions, reach);
  if (pc === 'true') emitWriteValue(code, msg, s, f, 'w', x, reach);
  else if (pc === 'false') emitAbsentCheck(code, s, f, x, false);
  else {
    code.open(`if (${pc}) {`);
    emitWriteValue(code, msg, s, f, 'w', x, intersect(f.versions, reach)!);
    emitAbsentCheck(code, s, f, x, true);
  }
}

function emitTaggedField(code: Code, msg: MessageModel, s: StructModel, f: FieldModel, reach: Range): void {
  const x = `o.${f.prop}`;
  const tc = cond(f.tagged, reach);
  if (tc === 'false') {
    emitAbsentCheck(code, s, f, x, false);
    return;
  }
  const open = tc === 'true' ? `if (${bare(notDefaultExpr(f, x))}) {` : `if (${tc}) {`;
  code.open(open);
  if (tc !== 'true') code.open(`if (${bare(notDefaultExpr(f, x))}) {`);
  code.line('const $w = new Writer(64);');
  emitWriteValue(code, msg, s, f, '$w', x, intersect(f.tagged, reach)!);
  code.line(`($tagged ??= []).push({ tag: ${f.tag}, data: $w.toBuffer() });`);
  if (tc !== 'true') code.close();
  if (tc === 'true') code.close();
  else emitAbsentCheck(code, s, f, x, true);
}

export function emitWriter(code: Code, msg: MessageModel, s: StructModel): void {
  const reach = s.reach ?? msg.valid;
  const fc = cond(msg.flex, reach);
  code.open(`function write${s.tsName}(w: Writer, v: number, o: ${s.tsName}): void {`);
  for (const f of s.fields) if (f.tagged === null) emitRegularField(code, msg, s, f, reach);
  const tagged = s.fields.filter((f) => f.tagged !== null);
  const known = tagged.filter((f) => cond(f.tagged, reach) !== 'false');
  if (known.length > 0) code.line('let $tagged: TaggedField[] | undefined;');
  for (const f of tagged) emitTaggedField(code, msg, s, f, reach);
  const write = `writeTags(w, ${known.length > 0 ? '$tagged' : 'undefined'}, o.unknownTaggedFields);`;
  const none = `noTags(o.unknownTaggedFields, ${quote(s.tsName)}, v);`;
  branch(code, fc, write, none);
  code.close();
}
