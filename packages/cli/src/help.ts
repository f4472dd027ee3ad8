import { HELP_FLAG } from './args.js';
import type { FlagSpec, Tool, ToolSpec } from './tool.js';

/** The program name users type. */
export const PROGRAM = 'tributary';

function flagSignature(flag: FlagSpec): string {
  const names = `${flag.short ? `-${flag.short}, ` : '    '}--${flag.name}`;
  return flag.type === 'string' ? `${names} <${flag.valueName ?? 'value'}>` : names;
}

/** Widest help line; longer descriptions wrap under their column. */
const HELP_WIDTH = 118;

/** Two columns, the left one padded to its widest entry, the right one wrapped with a hanging indent. */
function columns(rows: ReadonlyArray<readonly [string, string]>, lineWidth = HELP_WIDTH): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  const indent = 2 + width + 3;
  return rows.flatMap(([left, right]) => {
    const [first = '', ...rest] = wrap(right, Math.max(40, lineWidth - indent));
    return [`  ${left.padEnd(width)}   ${first}`, ...rest.map((line) => `${' '.repeat(indent)}${line}`)];
  });
}

/** Wraps a paragraph at `width` columns, breaking between words. */
export function wrap(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The one-line usage of a tool, in the shape of Kafka's script usage lines. */
export function usageLine(spec: ToolSpec): string {
  const parts = [PROGRAM, spec.name];
  for (const p of spec.positionals) parts.push(p.required === false ? `[<${p.name}>]` : `<${p.name}>`);
  for (const f of spec.flags) {
    const shape = f.type === 'string' ? `--${f.name} <${f.valueName ?? 'value'}>` : `--${f.name}`;
    parts.push(`[${shape}]${f.multiple ? '...' : ''}`);
  }
  const full = `Usage: ${parts.join(' ')}`;
  if (full.length <= HELP_WIDTH) return full;
  // Tools with many flags list them under "Flags:" instead of on the usage line.
  const short = [PROGRAM, spec.name, ...parts.slice(2, 2 + spec.positionals.length), '[flags]'];
  return `Usage: ${short.join(' ')}`;
}

/** `tributary <tool> --help`: usage, description, every argument and every flag. */
export function toolHelp(spec: ToolSpec): string {
  const lines = [usageLine(spec), '', ...wrap(`${spec.summary} (Kafka's ${spec.kafkaName}).`, HELP_WIDTH)];
  for (const paragraph of spec.description) lines.push('', ...wrap(paragraph, HELP_WIDTH));
  if (spec.positionals.length > 0) {
    lines.push('', 'Arguments:', ...columns(spec.positionals.map((p) => [`<${p.name}>`, p.description])));
  }
  const flags = [...spec.flags, HELP_FLAG];
  lines.push('', 'Flags:', ...columns(flags.map((f) => [flagSignature(f), f.description + (f.multiple ? ' Repeatable.' : '')])));
  return `${lines.join('\n')}\n`;
}

/** `tributary --help`: every tool with its summary. */
export function programHelp(tools: readonly Tool[]): string {
  const lines = [
    `Usage: ${PROGRAM} <tool> [arguments] [flags]`,
    '',
    "Kafka's command-line tools for Tributary: one tool per Kafka script, with Kafka's flags.",
    '',
    'Tools:',
    // One line per tool, however long: scripts grep this list.
    ...columns(tools.map((t) => [t.spec.name, `${t.spec.summary} (${t.spec.kafkaName})`]), Number.MAX_SAFE_INTEGER),
    '',
    'Flags:',
    ...columns([
      ['-h, --help', 'Print this help and exit.'],
      ['    --version', 'Print the version and exit.'],
    ]),
    '',
    `Run '${PROGRAM} <tool> --help' for a tool's arguments and flags.`,
  ];
  return `${lines.join('\n')}\n`;
}
