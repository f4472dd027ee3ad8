import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, tools, type Tool } from '@tributary/cli';
import { captureContext } from './support/capture.js';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function run(argv: string[], list?: readonly Tool[]) {
  const ctx = captureContext();
  const code = await runCli(argv, ctx, list);
  return { code, out: ctx.out(), err: ctx.err() };
}

describe('tributary (dispatch)', () => {
  it('--help lists every tool with its summary and the Kafka script it mirrors', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^Usage: tributary <tool>/);
    for (const t of tools) expect(r.out).toMatch(new RegExp(`^  ${t.spec.name} +${escape(t.spec.summary)} \\(${escape(t.spec.kafkaName)}\\)`, 'm'));
    expect((await run(['-h'])).out).toBe(r.out);
    expect((await run(['help'])).out).toBe(r.out);
  });

  it('prints the usage to stderr and exits 1 when given nothing', async () => {
    const r = await run([]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^Usage: tributary <tool>/);
  });

  it('documents every argument and flag of every tool in `<tool> --help`, as does `help <tool>`', async () => {
    for (const t of tools) {
      const r = await run([t.spec.name, '--help']);
      expect(r.code).toBe(0);
      expect(r.out.split('\n')[0]).toMatch(new RegExp(`^Usage: tributary ${t.spec.name}`));
      for (const p of t.spec.positionals) expect(r.out).toContain(`<${p.name}>   ${p.description}`);
      for (const f of t.spec.flags) expect(r.out).toMatch(new RegExp(`--${f.name}\\b.*${escape(f.description.slice(0, 20))}`));
      expect(r.out).toContain('-h, --help');
      expect(r.out.split('\n').filter((line) => line.length > 120)).toEqual([]);
      expect((await run(['help', t.spec.name])).out).toBe(r.out);
    }
  });

  it('shows server-start with the shape of kafka-server-start.sh usage', async () => {
    const r = await run(['server-start', '--help']);
    expect(r.out.split('\n')[0]).toBe('Usage: tributary server-start <server.properties> [--override <property=value>]...');
    expect(r.out).toContain("(Kafka's kafka-server-start.sh)");
  });

  it('rejects an unknown flag of a tool with exit 1, naming the flag, then the usage', async () => {
    const r = await run(['server-start', 'config/server.properties', '--no-such-flag']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toEqual([
      'tributary server-start: unknown flag --no-such-flag',
      'Usage: tributary server-start <server.properties> [--override <property=value>]...',
      "Run 'tributary server-start --help' for every flag.",
      '',
    ]);
  });

  it('rejects an unknown tool, an unknown top-level flag and help for an unknown tool with exit 1', async () => {
    const tool = await run(['no-such-tool']);
    expect(tool).toMatchObject({ code: 1, out: '' });
    expect(tool.err).toContain('tributary: unknown tool "no-such-tool"');
    expect(await run(['--bogus'])).toMatchObject({ code: 1, err: expect.stringContaining('unknown flag --bogus') });
    expect(await run(['help', 'nope'])).toMatchObject({ code: 1, err: expect.stringContaining('unknown tool "nope"') });
  });

  it('prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await run(['--version'])).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
  });

  it('hands a tool its parsed arguments and returns its exit code', async () => {
    const seen: unknown[] = [];
    const echo: Tool = {
      spec: { name: 'echo', summary: 'Echo', kafkaName: 'kafka-echo.sh', description: [], positionals: [{ name: 'word', description: 'w' }], flags: [{ name: 'times', type: 'string', description: 't' }] },
      run: async (a, ctx) => {
        seen.push(a.positionals[0], a.string('times'));
        ctx.stdout('done\n');
        return 7;
      },
    };
    expect(await run(['echo', 'hi', '--times', '3'], [echo])).toEqual({ code: 7, out: 'done\n', err: '' });
    expect(seen).toEqual(['hi', '3']);
  });
});
