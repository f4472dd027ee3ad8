import { UsageError, parseToolArgs } from './args.js';
import { PROGRAM, programHelp, toolHelp, usageLine } from './help.js';
import type { Tool, ToolContext } from './tool.js';
import { tools as defaultTools } from './tools/index.js';
import { cliVersion } from './version.js';

export { cliVersion };

function usageError(ctx: ToolContext, e: UsageError, tool: Tool | null): number {
  if (tool) {
    ctx.stderr(`${PROGRAM} ${tool.spec.name}: ${e.message}\n${usageLine(tool.spec)}\n`);
    ctx.stderr(`Run '${PROGRAM} ${tool.spec.name} --help' for every flag.\n`);
  } else {
    ctx.stderr(`${PROGRAM}: ${e.message}\nRun '${PROGRAM} --help' for the list of tools.\n`);
  }
  return 1;
}

/**
 * Runs `tributary <tool> ...` and resolves to the exit code: 0 on success, 1 on a usage or configuration
 * error (after printing one line that names the culprit), or whatever the tool returns. The process-level
 * entry point (`bin/tributary.ts`) wires `ctx` to the real streams and signals; tests pass their own.
 *
 * @example
 * ```ts
 * const code = await runCli(['server-start', 'config/server.properties'], processContext());
 * ```
 */
export async function runCli(argv: readonly string[], ctx: ToolContext, tools: readonly Tool[] = defaultTools): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    ctx.stderr(programHelp(tools));
    return 1;
  }
  if (first === '--help' || first === '-h') {
    ctx.stdout(programHelp(tools));
    return 0;
  }
  if (first === '--version') {
    ctx.stdout(`${cliVersion()}\n`);
    return 0;
  }
  if (first === 'help' && rest.length <= 1) {
    const target = rest[0] === undefined ? undefined : tools.find((t) => t.spec.name === rest[0]);
    if (rest[0] !== undefined && !target) return usageError(ctx, new UsageError(`unknown tool "${rest[0]}"`), null);
    ctx.stdout(target ? toolHelp(target.spec) : programHelp(tools));
    return 0;
  }
  if (first.startsWith('-')) return usageError(ctx, new UsageError(`unknown flag ${first}`, first), null);
  const tool = tools.find((t) => t.spec.name === first);
  if (!tool) return usageError(ctx, new UsageError(`unknown tool "${first}"`), null);
  let parsed;
  try {
    parsed = parseToolArgs(tool.spec, rest);
  } catch (e) {
    if (e instanceof UsageError) return usageError(ctx, e, tool);
    throw e;
  }
  if (parsed.help) {
    ctx.stdout(toolHelp(tool.spec));
    return 0;
  }
  try {
    return await tool.run(parsed.args, ctx);
  } catch (e) {
    // Checks that need more than the flag table (exactly one action, a flag only valid with another) raise
    // usage errors from inside the tool; they print like parse errors.
    if (e instanceof UsageError) return usageError(ctx, e, tool);
    throw e;
  }
}
