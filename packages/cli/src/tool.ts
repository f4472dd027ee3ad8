import type { ParsedArgs } from './args.js';

/** One `--flag` of a tool, described for parsing and for `--help`. */
export interface FlagSpec {
  /** The long name without dashes, as Kafka's tools spell it (`bootstrap-server`, `override`). */
  readonly name: string;
  /** `string` flags take a value (`--flag value` or `--flag=value`); `boolean` flags take none. */
  readonly type: 'string' | 'boolean';
  /** A one-letter alias (`h` for `-h`). */
  readonly short?: string;
  /** The flag may be given more than once; every value is kept, in order (Kafka's repeated `--override`). */
  readonly multiple?: boolean;
  /** What the value looks like in the help text (`key=value`). */
  readonly valueName?: string;
  /**
   * The value a string flag takes when given bare (followed by nothing or by another flag), like Kafka's
   * optional-argument options (`--compression-codec` alone means gzip).
   */
  readonly bareValue?: string;
  /** One line for `--help`. */
  readonly description: string;
}

/** One positional argument of a tool. */
export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  /** Default true. */
  readonly required?: boolean;
}

/** What a tool declares about itself: its name, its help and the arguments it accepts. */
export interface ToolSpec {
  /** The subcommand: `tributary <name>`. */
  readonly name: string;
  /** One line for `tributary --help`. */
  readonly summary: string;
  /** The Kafka script this tool mirrors (`kafka-server-start.sh`). */
  readonly kafkaName: string;
  /** Paragraphs printed under the usage line of `tributary <name> --help`. */
  readonly description: readonly string[];
  readonly positionals: readonly PositionalSpec[];
  readonly flags: readonly FlagSpec[];
}

/** Where a tool writes, and how it learns that the process should stop (SIGTERM, SIGINT). */
export interface ToolContext {
  /** Writes to standard output (the caller adds no newline). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error (the caller adds no newline). */
  readonly stderr: (text: string) => void;
  /**
   * Calls `handler` with the signal's name each time the process is asked to stop; returns a function that
   * removes the handler. A long-running tool (a server) uses it to shut down cleanly.
   */
  readonly onStopSignal: (handler: (signal: string) => void) => () => void;
  /** Standard input, for tools that read records or lines from it (absent: empty input). */
  readonly stdin?: NodeJS.ReadableStream;
  /** Whether stdin, stdout and stderr are terminals: progress bars and prompts only appear on a terminal. */
  readonly isTTY?: { readonly stdin: boolean; readonly stdout: boolean; readonly stderr: boolean };
}

/**
 * One `tributary` subcommand: a Kafka command-line tool. Each lives in its own module under `src/tools/`
 * and is listed in `src/tools/index.ts`; the dispatcher parses its flags from {@link ToolSpec} and handles
 * `--help` and usage errors, so `run` only sees valid arguments.
 */
export interface Tool {
  readonly spec: ToolSpec;
  /** Runs the tool and resolves to the process exit code. */
  run(args: ParsedArgs, ctx: ToolContext): Promise<number>;
}
