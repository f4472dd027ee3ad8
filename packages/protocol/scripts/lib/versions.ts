// Version ranges of Kafka's message specs ("3", "1-4", "2+", "none") and the conditions the codecs test.

/** An inclusive range; `max` is Infinity for an open range such as "2+". */
export interface Range {
  min: number;
  max: number;
}

export function parseRange(text: string): Range | null {
  const t = text.trim();
  if (t === 'none') return null;
  let m = /^(\d+)\+$/.exec(t);
  if (m) return { min: Number(m[1]), max: Infinity };
  m = /^(\d+)-(\d+)$/.exec(t);
  if (m) return { min: Number(m[1]), max: Number(m[2]) };
  m = /^(\d+)$/.exec(t);
  if (m) return { min: Number(m[1]), max: Number(m[1]) };
  throw new Error(`bad version range: ${text}`);
}

export function intersect(a: Range | null, b: Range | null): Range | null {
  if (a === null || b === null) return null;
  const min = Math.max(a.min, b.min);
  const max = Math.min(a.max, b.max);
  return min <= max ? { min, max } : null;
}

export function hull(a: Range | null, b: Range | null): Range | null {
  if (a === null) return b;
  if (b === null) return a;
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

export function contains(r: Range | null, v: number): boolean {
  return r !== null && v >= r.min && v <= r.max;
}

/** A range clipped to the message's valid versions, for the generated runtime description. */
export function clip(r: Range | null, valid: Range): Range | null {
  return intersect(r, valid);
}

/**
 * The TypeScript condition "version `v` is in `r`", simplified for code that only runs at versions in
 * `reach`: `'true'`, `'false'`, or an expression such as `v >= 9` or `v >= 3 && v <= 6`.
 */
export function cond(r: Range | null, reach: Range | null, v = 'v'): string {
  if (reach === null) return 'false';
  const i = intersect(r, reach);
  if (i === null) return 'false';
  const lower = i.min > reach.min;
  const upper = i.max < reach.max;
  if (!lower && !upper) return 'true';
  if (lower && upper) return i.min === i.max ? `${v} === ${i.min}` : `${v} >= ${i.min} && ${v} <= ${i.max}`;
  return lower ? `${v} >= ${i.min}` : `${v} <= ${i.max}`;
}

/** `c ? a : b` with constant conditions folded. */
export function ternary(c: string, a: string, b: string): string {
  if (c === 'true' || a === b) return a;
  if (c === 'false') return b;
  return `${c} ? ${a} : ${b}`;
}

export function fmtRange(r: Range | null): string {
  if (r === null) return 'none';
  if (r.max === Infinity) return `${r.min}+`;
  return r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`;
}
