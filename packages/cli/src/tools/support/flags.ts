import { UsageError, type ParsedArgs } from '../../args.js';
import type { FlagSpec } from '../../tool.js';

/** `--bootstrap-server`, as every Kafka tool spells it. */
export const BOOTSTRAP_FLAG: FlagSpec = {
  name: 'bootstrap-server',
  type: 'string',
  valueName: 'host:port',
  description: 'REQUIRED: The Kafka server(s) to connect to, host:port[,host:port].',
};

/** `--command-config`: a properties file of client configs (`client.id`, `request.timeout.ms`, ...). */
export const COMMAND_CONFIG_FLAG: FlagSpec = {
  name: 'command-config',
  type: 'string',
  valueName: 'file',
  description: 'Property file containing configs to be passed to the admin client (request.timeout.ms, default.api.timeout.ms, ...).',
};

/** A boolean flag. */
export function bool(name: string, description: string): FlagSpec {
  return { name, type: 'boolean', description };
}

/** A string flag taking one value. */
export function str(name: string, valueName: string, description: string, multiple = false): FlagSpec {
  return { name, type: 'string', valueName, description, ...(multiple ? { multiple: true } : {}) };
}

/** The value of a flag the tool cannot run without; a usage error naming it otherwise. */
export function required(args: ParsedArgs, name: string): string {
  const v = args.string(name);
  if (v === undefined) throw new UsageError(`missing required flag --${name}`, `--${name}`);
  return v;
}

/** An integer flag value (or `fallback` when absent); a usage error naming the flag when malformed. */
export function intFlag(args: ParsedArgs, name: string, fallback: number): number;
export function intFlag(args: ParsedArgs, name: string): number | undefined;
export function intFlag(args: ParsedArgs, name: string, fallback?: number): number | undefined {
  const v = args.string(name);
  if (v === undefined) return fallback;
  return parseIntValue(v, `--${name}`);
}

/** Parses a (possibly negative) decimal integer for `what`; a usage error naming it otherwise. */
export function parseIntValue(v: string, what: string): number {
  if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(Number(v))) throw new UsageError(`${what} expects an integer, got "${v}"`, what.startsWith('--') ? what : null);
  return Number(v);
}

/**
 * Kafka's "exactly one action" check: the name of the one action flag given, or a usage error listing the
 * actions (as `kafka-topics.sh` words it).
 */
export function exactlyOneAction(args: ParsedArgs, actions: readonly string[]): string {
  const given = actions.filter((a) => args.flag(a));
  if (given.length !== 1) {
    throw new UsageError(`Command must include exactly one action: ${actions.map((a) => `--${a}`).join(', ')}`);
  }
  return given[0]!;
}

/** A usage error when `name` was given together with an action it does not apply to. */
export function onlyWith(args: ParsedArgs, name: string, type: 'string' | 'boolean', actions: readonly string[]): void {
  const present = type === 'boolean' ? args.flag(name) : args.strings(name).length > 0;
  if (present && !actions.some((a) => args.flag(a))) {
    throw new UsageError(`Option "--${name}" can't be used without ${actions.map((a) => `--${a}`).join(' or ')}`, `--${name}`);
  }
}
