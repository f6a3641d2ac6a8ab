// A minimal command line with only `check-config` registered, so its tests can spawn it
// as a process whether or not src/cli.ts wires it.
import { Command } from 'commander';
import { registerCheckConfig } from '../../../src/cli/check-config.js';

const program = new Command().name('lagwatch');
registerCheckConfig(program);
await program.parseAsync(process.argv);
