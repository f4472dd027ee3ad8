/**
 * `@tributary/cli`: the `tributary` command, Kafka's command-line tools (`kafka-server-start.sh`, ...) as
 * subcommands with Kafka's flags.
 *
 * @packageDocumentation
 */
export { runCli, cliVersion } from './cli.js';
export { processContext } from './process-context.js';
export { ParsedArgs, UsageError, parseToolArgs, type ParseOutcome } from './args.js';
export { programHelp, toolHelp, usageLine } from './help.js';
export type { FlagSpec, PositionalSpec, Tool, ToolContext, ToolSpec } from './tool.js';
export { tools } from './tools/index.js';
