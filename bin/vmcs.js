#!/usr/bin/env node
// The `vmcs` command: a shim over the built library (npm run build writes dist/).
import { runCli, writeFailure } from '../dist/cli/main.js';

// A reader that goes away (`| head`) ends the command quietly; any other write error (a full
// disk, EIO) is one line on stderr and status 2, never a stack trace.
const onWriteError = (e) => {
  if (e && e.code === 'EPIPE') process.exit(0);
  process.stderr.write(writeFailure(e) + '\n');
  process.exit(2);
};
process.stdout.on('error', onWriteError);
try {
  process.exitCode = await runCli(process.argv);
} catch (e) {
  if (e && typeof e === 'object' && e.syscall === 'write') onWriteError(e);
  process.stderr.write(`vmcs: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 70;
}
