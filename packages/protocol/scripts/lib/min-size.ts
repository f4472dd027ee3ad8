// The fewest bytes one array element can take at a version. Readers pass it to readArrayLength so that a
// forged element count is rejected before any allocation or loop.
import type { FieldModel, MessageModel, StructModel } from './spec.js';
import { contains, type Range } from './versions.js';

function fieldFlexible(msg: MessageModel, f: FieldModel, v: number): boolean {
  return contains(f.flexOverride !== undefined ? f.flexOverride : msg.flex, v);
}

/** Minimum encoded size of one value of the field's (element) type at version `v`. */
export function minValueSize(msg: MessageModel, f: FieldModel, v: number): number {
  const flex = fieldFlexible(msg, f, v);
  if (f.struct !== null) return minStructSize(msg, f.struct, v);
  switch (f.prim) {
    case 'bool':
    case 'int8':
      return 1;
    case 'int16':
    case 'uint16':
      return 2;
    case 'int32':
    case 'uint32':
      return 4;
    case 'int64':
    case 'float64':
      return 8;
    case 'uuid':
      return 16;
    case 'string':
      return flex ? 1 : 2;
    default: // bytes, records
      return flex ? 1 : 4;
  }
}

/** Minimum encoded size of a field inside its struct at version `v` (0 when absent or tagged). */
export function minFieldSize(msg: MessageModel, f: FieldModel, v: number): number {
  if (!contains(f.versions, v) || contains(f.tagged, v)) return 0;
  if (f.array) return fieldFlexible(msg, f, v) ? 1 : 4;
  return minValueSize(msg, f, v);
}

export function minStructSize(msg: MessageModel, s: StructModel, v: number): number {
  let size = contains(msg.flex, v) ? 1 : 0; // the tagged-field section, at least its count byte
  for (const f of s.fields) size += minFieldSize(msg, f, v);
  return size;
}

/**
 * The minimum element size of array field `f` as a TypeScript expression in `v`, for code that runs at
 * versions in `reach`: a literal when it does not vary, else a chain such as `v < 3 ? 8 : 12`.
 * Zero-size elements are reported through `onZero` (the generator refuses them: a count could then spin).
 */
export function minElementExpr(msg: MessageModel, f: FieldModel, reach: Range, onZero: (v: number) => void): string {
  const present = reach;
  const segments: { from: number; size: number }[] = [];
  for (let v = present.min; v <= present.max; v++) {
    if (!contains(f.versions, v)) continue;
    const size = minValueSize(msg, f, v);
    if (size === 0) onZero(v);
    const last = segments[segments.length - 1];
    if (last === undefined || last.size !== size) segments.push({ from: v, size });
  }
  if (segments.length === 0) return '1';
  if (segments.length === 1) return String(segments[0]!.size);
  let expr = String(segments[segments.length - 1]!.size);
  for (let i = segments.length - 2; i >= 0; i--) expr = `v < ${segments[i + 1]!.from} ? ${segments[i]!.size} : ${expr}`;
  return expr;
}
