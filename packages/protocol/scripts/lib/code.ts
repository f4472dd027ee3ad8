// A tiny indented line builder for the emitters, plus helpers for TypeScript literals and local names.

export class Code {
  private readonly out: string[] = [];
  private depth = 0;

  line(text = ''): this {
    this.out.push(text === '' ? '' : '  '.repeat(this.depth) + text);
    return this;
  }

  /** Writes `head` (ending in `{`) and indents what follows until {@link Code.close}. */
  open(head: string): this {
    this.line(head);
    this.depth++;
    return this;
  }

  /** Ends one block and starts the next on the same line, e.g. `} else {`. */
  mid(text: string): this {
    this.depth--;
    this.line(text);
    this.depth++;
    return this;
  }

  close(tail = '}'): this {
    this.depth--;
    this.line(tail);
    return this;
  }

  /** Lines of a block comment (TSDoc). */
  doc(lines: string[]): this {
    if (lines.length === 1) return this.line(`/** ${lines[0]} */`);
    this.line('/**');
    for (const l of lines) this.line(l === '' ? ' *' : ` * ${l}`);
    return this.line(' */');
  }

  toString(): string {
    return this.out.join('\n') + '\n';
  }
}

/** Text safe inside a block comment. */
export function commentText(s: string): string {
  return s.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim();
}

export function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval undefined ' +
    // names the generated functions use for their own parameters
    'r v w o init'
  ).split(' '),
);

/** The local variable the reader uses for a field's value. */
export function localName(prop: string): string {
  return RESERVED.has(prop) ? `${prop}_` : prop;
}

/** Negates a condition produced by `cond()`, keeping it readable. */
export function negate(c: string): string {
  if (c === 'true') return 'false';
  if (c === 'false') return 'true';
  let m = /^v >= (\d+)$/.exec(c);
  if (m) return `v < ${m[1]}`;
  m = /^v <= (\d+)$/.exec(c);
  if (m) return `v > ${m[1]}`;
  m = /^v === (\d+)$/.exec(c);
  if (m) return `v !== ${m[1]}`;
  m = /^v >= (\d+) && v <= (\d+)$/.exec(c);
  if (m) return `(v < ${m[1]} || v > ${m[2]})`;
  return `!(${c})`;
}

/** Wraps a conditional expression in parentheses when it is nested inside another. */
export function paren(e: string): string {
  return e.includes(' ? ') ? `(${e})` : e;
}

/** Removes one pair of parentheses around a whole expression, for use directly inside `if (...)`. */
export function bare(e: string): string {
  if (!e.startsWith('(') || !e.endsWith(')')) return e;
  let depth = 0;
  for (let i = 0; i < e.length; i++) {
    if (e[i] === '(') depth++;
    else if (e[i] === ')') depth--;
    if (depth === 0 && i < e.length - 1) return e; // the first parenthesis closes early: "(a) || (b)"
  }
  return e.slice(1, -1);
}
