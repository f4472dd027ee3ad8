// Emits one reader function per struct: straight-line code with Kafka-style version guards.
import { Code, localName, paren, quote } from './code.js';
import { defaultExpr, elementType, fieldType } from './emit-types.js';
import { minElementExpr } from './min-size.js';
import type { FieldModel, MessageModel, Primitive, StructModel } from './spec.js';
import { cond, intersect, type Range, ternary } from './versions.js';

/** The string-encoding flexibility of a field: its own override, else the message's. */
export function fieldFlexCond(msg: MessageModel, f: FieldModel, reach: Range): string {
  return cond(f.flexOverride !== undefined ? f.flexOverride : msg.flex, reach);
}

function lengthPrefixed(kind: 'String' | 'Bytes', fc: string, nc: string): string {
  const compact = ternary(nc, `r.readCompactNullable${kind}()`, `r.readCompact${kind}()`);
  const classic = ternary(nc, `r.readNullable${kind}()`, `r.read${kind}()`);
  return ternary(fc, paren(compact), paren(classic));
}

export function primReadExpr(p: Primitive, fc: string, nc: string): string {
  switch (p) {
    case 'bool':
      return 'r.readBool()';
    case 'int8':
      return 'r.readInt8()';
    case 'int16':
      return 'r.readInt16()';
    case 'uint16':
      return 'r.readUInt16()';
    case 'int32':
      return 'r.readInt32()';
    case 'uint32':
      return 'r.readUInt32()';
    case 'int64':
      return 'r.readInt64()';
    case 'float64':
      return 'r.readFloat64()';
    case 'uuid':
      return 'r.readUuid()';
    case 'string':
      return lengthPrefixed('String', fc, nc);
    case 'bytes':
    case 'records':
      return lengthPrefixed('Bytes', fc, nc);
  }
}

export function fieldPath(s: StructModel, f: FieldModel): string {
  return `${s.tsName}.${f.prop}`;
}

/** Statements that read the field's value (it is present at this point) into `target`. */
type ZeroHook = (f: FieldModel, v: number) => void;

function emitReadInto(code: Code, msg: MessageModel, s: StructModel, f: FieldModel, target: string, reach: Range, zero: ZeroHook): void {
  const fc = fieldFlexCond(msg, f, reach);
  const nc = cond(f.nullable, reach);
  if (!f.array) {
    const expr = f.struct !== null ? `read${f.struct.tsName}(r, v)` : primReadExpr(f.prim!, fc, nc);
    code.line(`${target} = ${expr};`);
    return;
  }
  // The minimum element size differs between the compact and the classic encoding; each branch gets its own.
  const flexRange = f.flexOverride !== undefined ? f.flexOverride : msg.flex;
  const compactReach = intersect(reach, flexRange);
  const classicReach = flexRange === null ? reach : intersect(reach, { min: 0, max: flexRange.min - 1 });
  const min = (at: Range | null): string => (at === null ? '1' : minElementExpr(msg, f, at, (v) => zero(f, v)));
  const compact = `r.readCompactArrayLength(${min(compactReach)})`;
  code.line(`const $n = ${ternary(fc, compact, `r.readArrayLength(${min(classicReach)})`)};`);
  const nullDecode = `throw nullDecode(${quote(fieldPath(s, f))}, v);`;
  if (nc === 'false') code.line(`if ($n < 0) ${nullDecode}`);
  else if (nc === 'true') code.open('if ($n < 0) {').line(`${target} = null;`).mid('} else {');
  else code.open('if ($n < 0) {').line(`if (${nc}) ${target} = null;`).line(`else ${nullDecode}`).mid('} else {');
  const elem = f.struct !== null ? `read${f.struct.tsName}(r, v)` : primReadExpr(f.prim!, fc, 'false');
  code.line(`const $a: ${elementType(f)}[] = [];`);
  code.line(`for (let $i = 0; $i < $n; $i++) $a.push(${elem});`);
  code.line(`${target} = $a;`);
  if (nc !== 'false') code.close();
}

function emitTagSection(code: Code, msg: MessageModel, s: StructModel, reach: Range, zero: ZeroHook): void {
  const fc = cond(msg.flex, reach);
  const known = s.fields.filter((f) => f.tagged !== null && cond(f.tagged, reach) !== 'false');
  if (known.length === 0) {
    if (fc === 'true') code.line('const $unknown = readUnknownTags(r);');
    else code.line(`const $unknown = ${fc} ? readUnknownTags(r) : undefined;`);
    return;
  }
  code.line('let $unknown: TaggedField[] | undefined;');
  if (fc !== 'true') code.open(`if (${fc}) {`);
  code.line('const $count = r.readUVarint();');
  code.open('for (let $t = 0; $t < $count; $t++) {');
  code.line('const $tag = r.readUVarint();');
  code.line('const $size = r.readUVarint();');
  const flexReach = intersect(msg.flex, reach)!; // the loop below only runs in flexible versions
  known.forEach((f, i) => {
    const tc = cond(f.tagged, flexReach);
    const head = `if (${tc === 'true' ? `$tag === ${f.tag}` : `$tag === ${f.tag} && ${tc}`}) {`;
    if (i === 0) code.open(head);
    else code.mid(`} else ${head}`);
    code.line('const $end = taggedStart(r, $size);');
    emitReadInto(code, msg, s, f, localName(f.prop), intersect(f.tagged, reach)!, zero);
    code.line(`taggedEnd(r, $end, ${quote(fieldPath(s, f))});`);
  });
  code.mid('} else {');
  code.line('($unknown ??= []).push({ tag: $tag, data: r.readRaw($size) });');
  code.close();
  code.close();
  if (fc !== 'true') code.close();
}

export function emitReader(code: Code, msg: MessageModel, s: StructModel, zero: ZeroHook): void {
  const reach = s.reach ?? msg.valid;
  const fc = cond(msg.flex, reach);
  code.open(`function read${s.tsName}(r: Reader, v: number): ${s.tsName} {`);
  const values = new Map<FieldModel, string>();
  for (const f of s.fields) {
    const local = localName(f.prop);
    const pc = f.tagged !== null ? 'false' : cond(f.versions, reach);
    const tagged = f.tagged !== null && cond(f.tagged, reach) !== 'false';
    if (pc === 'false' && !tagged) {
      values.set(f, defaultExpr(f));
      continue;
    }
    values.set(f, local);
    if (tagged) {
      code.line(`let ${local}: ${fieldType(f)} = ${defaultExpr(f)};`);
    } else if (pc === 'true' && !f.array) {
      const expr = f.struct !== null ? `read${f.struct.tsName}(r, v)` : primReadExpr(f.prim!, fieldFlexCond(msg, f, reach), cond(f.nullable, reach));
      code.line(`const ${local} = ${expr};`);
    } else if (pc === 'true') {
      code.line(`let ${local}: ${fieldType(f)};`);
      code.open('{');
      emitReadInto(code, msg, s, f, local, reach, zero);
      code.close();
    } else {
      code.line(`let ${local}: ${fieldType(f)} = ${defaultExpr(f)};`);
      code.open(`if (${pc}) {`);
      emitReadInto(code, msg, s, f, local, intersect(f.versions, reach)!, zero);
      code.close();
    }
  }
  if (fc !== 'false') emitTagSection(code, msg, s, reach, zero);
  const props = s.fields.map((f) => {
    const val = values.get(f)!;
    return val === f.prop ? f.prop : `${f.prop}: ${val}`;
  });
  if (fc === 'false') {
    emitObject(code, 'return', props);
  } else {
    emitObject(code, `const o: ${s.tsName} =`, props);
    code.line('if ($unknown !== undefined) o.unknownTaggedFields = $unknown;');
    code.line('return o;');
  }
  code.close();
}

function emitObject(code: Code, head: string, props: string[]): void {
  if (props.length === 0) {
    code.line(`${head} {};`);
    return;
  }
  const oneLine = `${head} { ${props.join(', ')} };`;
  if (oneLine.length <= 110) {
    code.line(oneLine);
    return;
  }
  code.open(`${head} {`);
  for (const p of props) code.line(`${p},`);
  code.close('};');
}
