import { parseArgs } from 'node:util';
import { TributaryError } from '@tributary/protocol';
import type { FlagSpec, ToolSpec } from './tool.js';

/** A wrong command line: an unknown flag, a missing value, a missing argument. The CLI prints it with the usage and exits 1. */
export class UsageError extends TributaryError {
  static readonly CODE = 'CLI_USAGE';
  /** The flag at fault (`--bogus`), when one is. */
  readonly flag: string | null;

  constructor(message: string, flag: string | null = null) {
    super(UsageError.CODE, message);
    this.flag = flag;
  }
}

/** The `--help` flag every tool gets from the dispatcher. */
export const HELP_FLAG: FlagSpec = { name: 'help', type: 'boolean', short: 'h', description: 'Print this help and exit.' };

/** A tool's command line after parsing: flag values by long name, and the positional arguments in order. */
export class ParsedArgs {
  constructor(
    private readonly spec: ToolSpec,
    private readonly values: ReadonlyMap<string, readonly string[] | true>,
    /** The positional arguments, in order. */
    readonly positionals: readonly string[],
  ) {}

  private flagSpec(name: string, type: FlagSpec['type']): FlagSpec {
    const flag = this.spec.flags.find((f) => f.name === name);
    // A tool asking for a flag it did not declare is a bug in the tool, not a usage error.
    if (!flag || flag.type !== type) throw new Error(`tool ${this.spec.name} has no ${type} flag --${name}`);
    return flag;
  }

  /** The value of a single-valued string flag (the last one given), or `undefined`. */
  string(name: string): string | undefined {
    this.flagSpec(name, 'string');
    const v = this.values.get(name);
    return Array.isArray(v) ? v[v.length - 1] : undefined;
  }

  /** Every value of a string flag, in the order given (empty when absent). */
  strings(name: string): readonly string[] {
    this.flagSpec(name, 'string');
    const v = this.values.get(name);
    return Array.isArray(v) ? v : [];
  }

  /** Whether a boolean flag was given. */
  flag(name: string): boolean {
    this.flagSpec(name, 'boolean');
    return this.values.get(name) === true;
  }
}

/** The outcome of parsing: the arguments, or a request for the tool's help. */
export type ParseOutcome = { readonly help: true } | { readonly help: false; readonly args: ParsedArgs };

function findFlag(flags: readonly FlagSpec[], token: { name: string; rawName: string }): FlagSpec | undefined {
  // util.parseArgs reports a declared short alias under its long name; an undeclared one under its letter.
  if (token.rawName.startsWith('--')) return flags.find((f) => f.name === token.name);
  return flags.find((f) => f.name === token.name && f.short !== undefined && token.rawName === `-${f.short}`);
}

/**
 * Parses `argv` (the words after the tool name) against the tool's flags, Kafka-style: `--flag value` or
 * `--flag=value`, repeated flags kept in order, positionals anywhere, `--` ends the flags. Node's
 * `util.parseArgs` splits the words; the checks are ours so that every error names the flag at fault.
 *
 * @throws {@link UsageError} for an unknown flag, a missing or unexpected value, a repeated single flag, or a
 * missing or extra positional argument.
 */
export function parseToolArgs(spec: ToolSpec, argv: readonly string[]): ParseOutcome {
  const flags = [...spec.flags, HELP_FLAG];
  argv = withBareValues(flags, argv);
  const options = Object.fromEntries(
    flags.map((f) => [f.name, { type: f.type, multiple: f.multiple === true, ...(f.short ? { short: f.short } : {}) }]),
  );
  const { tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  if (tokens.some((t) => t.kind === 'option' && findFlag(flags, t) === HELP_FLAG)) return { help: true };

  const values = new Map<string, string[] | true>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const flag = findFlag(flags, token);
    if (!flag) throw new UsageError(`unknown flag ${token.rawName}`, token.rawName);
    const shown = `--${flag.name}`;
    if (flag.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`flag ${shown} takes no value`, shown);
      values.set(flag.name, true);
      continue;
    }
    // A value that looks like another flag means this one was given none (`--override --help`).
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) {
      throw new UsageError(`flag ${shown} needs a value${flag.valueName ? ` (${flag.valueName})` : ''}`, shown);
    }
    const list = values.get(flag.name);
    if (Array.isArray(list)) {
      if (flag.multiple !== true) throw new UsageError(`flag ${shown} may be given only once`, shown);
      list.push(token.value);
    } else values.set(flag.name, [token.value]);
  }
  checkPositionals(spec, positionals);
  return { help: false, args: new ParsedArgs(spec, values, positionals) };
}

/** Gives flags with a {@link FlagSpec.bareValue} their value when the command line leaves it out. */
function withBareValues(flags: readonly FlagSpec[], argv: readonly string[]): readonly string[] {
  const bare = new Map(flags.filter((f) => f.bareValue !== undefined).map((f) => [`--${f.name}`, f.bareValue!]));
  if (bare.size === 0) return argv;
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    out.push(bare.has(word) && (next === undefined || next.startsWith('-')) ? `${word}=${bare.get(word)!}` : word);
  }
  return out;
}

function checkPositionals(spec: ToolSpec, positionals: readonly string[]): void {
  const missing = spec.positionals.slice(positionals.length).find((p) => p.required !== false);
  if (missing) throw new UsageError(`missing argument <${missing.name}>`);
  const extra = positionals[spec.positionals.length];
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
}
