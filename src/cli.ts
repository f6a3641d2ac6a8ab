#!/usr/bin/env node
// The lagwatch binary (package.json `bin`: dist/src/cli.js): runs the command line with
// the real process's streams and environment and sets the exit code. The program itself
// is src/cli/program.ts, importable without running anything.
import { processIo } from './cli/io.js';
import { runCli } from './cli/program.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
