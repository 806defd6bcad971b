#!/usr/bin/env node
// The `vmcs` command: a shim over the built library (npm run build writes dist/).
import { runCli } from '../dist/cli/main.js';

process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
try {
  process.exitCode = await runCli(process.argv);
} catch (e) {
  process.stderr.write(`vmcs: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 70;
}
