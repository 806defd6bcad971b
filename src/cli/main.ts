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
export { writeFailure } from './failure.js';

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

// process.stdin and process.stderr are getters that build a stream (a few ms each): only a
// command reading standard input, or writing a message, pays for it.
const processIO: CliIO = {
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  get stderr() {
    return process.stderr;
  },
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
