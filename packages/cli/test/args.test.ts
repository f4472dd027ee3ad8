import { describe, expect, it } from 'vitest';
import { UsageError, parseToolArgs, type ParseOutcome, type ToolSpec } from '@tributary/cli';

const spec: ToolSpec = {
  name: 'demo',
  summary: 'A demo tool',
  kafkaName: 'kafka-demo.sh',
  description: [],
  positionals: [{ name: 'file', description: 'a file' }, { name: 'extra', description: 'optional', required: false }],
  flags: [
    { name: 'override', type: 'string', multiple: true, valueName: 'k=v', description: 'repeatable' },
    { name: 'bootstrap-server', type: 'string', description: 'single' },
    { name: 'verbose', type: 'boolean', short: 'v', description: 'a switch' },
  ],
};

function args(outcome: ParseOutcome) {
  if (outcome.help) throw new Error('expected arguments, got a help request');
  return outcome.args;
}

function usage(argv: string[]): UsageError {
  try {
    parseToolArgs(spec, argv);
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
}

describe('parseToolArgs', () => {
  it('reads --flag value, --flag=value, repeated flags in order, short aliases and positionals anywhere', () => {
    const a = args(parseToolArgs(spec, ['--override', 'a=1', 'f.txt', '--override=b=2', '-v', '--bootstrap-server', 'h:9092']));
    expect(a.positionals).toEqual(['f.txt']);
    expect(a.strings('override')).toEqual(['a=1', 'b=2']);
    expect(a.string('bootstrap-server')).toBe('h:9092');
    expect(a.flag('verbose')).toBe(true);
  });

  it('reports absent flags as empty, undefined or false', () => {
    const a = args(parseToolArgs(spec, ['f.txt', 'second']));
    expect(a.positionals).toEqual(['f.txt', 'second']);
    expect(a.strings('override')).toEqual([]);
    expect(a.string('bootstrap-server')).toBeUndefined();
    expect(a.flag('verbose')).toBe(false);
  });

  it('treats words after -- as positionals', () => {
    expect(args(parseToolArgs(spec, ['--', '--override'])).positionals).toEqual(['--override']);
  });

  it('answers a help request from --help or -h anywhere, before checking the rest', () => {
    expect(parseToolArgs(spec, ['--help']).help).toBe(true);
    expect(parseToolArgs(spec, ['f.txt', '-h']).help).toBe(true);
  });

  it('names the flag at fault in every usage error', () => {
    expect(usage(['f.txt', '--bogus'])).toMatchObject({ code: 'CLI_USAGE', flag: '--bogus', message: 'unknown flag --bogus' });
    expect(usage(['f.txt', '-x'])).toMatchObject({ flag: '-x', message: 'unknown flag -x' });
    expect(usage(['f.txt', '--override'])).toMatchObject({ flag: '--override', message: 'flag --override needs a value (k=v)' });
    expect(usage(['f.txt', '--override', '--verbose'])).toMatchObject({ flag: '--override' });
    expect(usage(['f.txt', '--verbose=yes'])).toMatchObject({ flag: '--verbose', message: 'flag --verbose takes no value' });
    expect(usage(['f.txt', '--bootstrap-server', 'a', '--bootstrap-server', 'b'])).toMatchObject({
      flag: '--bootstrap-server',
      message: 'flag --bootstrap-server may be given only once',
    });
  });

  it('checks the positional arguments', () => {
    expect(usage([]).message).toBe('missing argument <file>');
    expect(usage(['a', 'b', 'c']).message).toBe('unexpected argument "c"');
  });

  it('lets an inline value start with dashes', () => {
    expect(args(parseToolArgs(spec, ['f', '--override=--x'])).strings('override')).toEqual(['--x']);
  });

  it('refuses a tool reading a flag it did not declare (a bug in the tool, not a usage error)', () => {
    const a = args(parseToolArgs(spec, ['f']));
    expect(() => a.string('verbose')).toThrow(/no string flag --verbose/);
    expect(() => a.flag('nope')).toThrow(/no boolean flag --nope/);
  });
});
