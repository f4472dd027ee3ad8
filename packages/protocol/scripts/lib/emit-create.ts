// Emits `create<Struct>(init)` (a struct with Kafka's defaults, overridden by init) and, for structs used as
// plain (non-array) fields, `isDefault<Struct>(o)` for the default comparisons of the writers.
import type { Code } from './code.js';
import { defaultExpr, isDefaultExpr } from './emit-types.js';
import type { FieldModel, MessageModel, StructModel } from './spec.js';

function initExpr(f: FieldModel): string {
  const x = `init.${f.prop}`;
  let value = x;
  if (f.struct !== null && f.array) {
    const map = `${x}.map((e) => create${f.struct.tsName}(e))`;
    value = f.nullableType ? `(${x} === null ? null : ${map})` : map;
  } else if (f.struct !== null) {
    if (f.nullableType) throw new Error(`nullable struct field ${f.kafkaName} is not supported`);
    return `create${f.struct.tsName}(init?.${f.prop})`;
  }
  return `init?.${f.prop} !== undefined ? ${value} : ${defaultExpr(f)}`;
}

export function emitCreate(code: Code, s: StructModel): void {
  code.open(`function create${s.tsName}(init: DeepPartial<${s.tsName}> | undefined): ${s.tsName} {`);
  if (s.fields.length === 0) code.line(`const o: ${s.tsName} = {};`);
  else {
    code.open(`const o: ${s.tsName} = {`);
    for (const f of s.fields) code.line(`${f.prop}: ${initExpr(f)},`);
    code.close('};');
  }
  code.line('if (init?.unknownTaggedFields !== undefined) o.unknownTaggedFields = init.unknownTaggedFields;');
  code.line('return o;');
  code.close();
}

/** Structs that appear as a plain struct field somewhere in the message: they need `isDefault<Struct>`. */
export function structsNeedingIsDefault(msg: MessageModel): Set<StructModel> {
  const out = new Set<StructModel>();
  for (const s of msg.structs) for (const f of s.fields) if (f.struct !== null && !f.array) out.add(f.struct);
  return out;
}

export function emitIsDefault(code: Code, s: StructModel): void {
  code.open(`function isDefault${s.tsName}(o: ${s.tsName}): boolean {`);
  const parts = s.fields.map((f) => isDefaultExpr(f, `o.${f.prop}`));
  parts.push('(o.unknownTaggedFields === undefined || o.unknownTaggedFields.length === 0)');
  code.open('return (');
  parts.forEach((p, i) => code.line(`${p}${i < parts.length - 1 ? ' &&' : ''}`));
  code.close(');');
  code.close();
}
