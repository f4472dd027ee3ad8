#!/usr/bin/env node
// The `tributary` command. Everything but wiring to the real process lives in ../cli.ts.
import { runCli } from '../cli.js';
import { processContext } from '../process-context.js';

const code = await runCli(process.argv.slice(2), processContext());
process.exitCode = code;
// Let pending output drain and exit naturally; if something still holds the event loop (a socket a failed
// start left open), exit anyway after a short grace period.
setTimeout(() => process.exit(code), 2_000).unref();
