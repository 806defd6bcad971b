/**
 * The command line: arguments to the library and the renderers, results to exit codes.
 * Nothing here decodes anything. `vmcs encode NAME...` and `vmcs decode ENC...` without
 * options take a fast path that loads neither commander nor the other commands.
 *
 * Exit codes: 0 done; 1 some input could not be resolved or was invalid; 2 usage error or
 * unreadable file.
 */
import { makeCtx, type CliIO } from './io.js';

export { EXIT_OK, EXIT_INVALID, EXIT_USAGE } from './io.js';
export type { CliIO } from './io.js';

/** The one line for an error writing standard output (a full disk, EIO). */
export function writeFailure(e: unknown): string {
  const ex = e as NodeJS.ErrnoException | undefined;
  const why = ex?.code === 'ENOSPC' ? 'no space left on device' : ex?.code === 'EDQUOT' ? 'disk quota exceeded' : ex?.code === 'EIO' ? 'input/output error' : (ex?.code ?? (ex instanceof Error ? ex.message : String(e)));
  return `vmcs: error: cannot write standard output: ${why}`;
}

/**
 * `vmcs encode NAME...` and `vmcs decode ENC...` without options are what scripts call in
 * loops; they skip loading commander (a third of the start-up time) and run the very same
 * command functions. Anything else, including any option, goes through commander.
 */
function fastPath(args: string[]): 'encode' | 'decode' | null {
  const [cmd, ...rest] = args;
  if ((cmd !== 'encode' && cmd !== 'decode') || rest.length === 0) return null;
  return rest.every((a) => !a.startsWith('-')) ? cmd : null;
}

async function* once(items: string[]): AsyncIterable<string[]> {
  yield items;
}

// process.stdin is a getter that builds a stream for fd 0 (a few ms): only a command reading it pays.
const processIO: CliIO = {
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
};

export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  const ctx = makeCtx(io);
  const args = argv.slice(2);
  const fast = fastPath(args);
  if (fast === 'encode') return (await import('./commands/encode.js')).encodeCommand(once(args.slice(1)), { color: true }, ctx);
  if (fast === 'decode') return (await import('./commands/decode.js')).decodeCommand(once(args.slice(1)), { color: true }, ctx);
  const { runProgram } = await import('./program.js');
  return runProgram(argv, ctx);
}
