/**
 * The command line: arguments to the library and the renderers, results to exit codes.
 * Nothing here decodes anything. `vmcs encode NAME...` and `vmcs decode ENC...` without
 * options take a fast path that loads neither commander nor the other commands.
 *
 * Exit codes: 0 done; 1 some input could not be resolved or was invalid; 2 usage error or
 * unreadable file.
 */
import { fstatSync } from 'node:fs';
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

/**
 * Standard error as a command sees it: process.stderr is built (a few ms; a pipe's loads Node's
 * net and stream modules) on the first write only. Whether it is a terminal (for colour) needs no
 * stream when it is not a character device (a file or a pipe), which no terminal is.
 */
const lazyStderr = {
  write(...args: unknown[]): boolean {
    return (process.stderr.write as (...a: unknown[]) => boolean).apply(process.stderr, args);
  },
  get isTTY(): boolean {
    try {
      if (!fstatSync(2).isCharacterDevice()) return false;
    } catch {
      return false;
    }
    return process.stderr.isTTY === true;
  },
  on(event: string, listener: (...a: unknown[]) => void) {
    process.stderr.on(event, listener);
    return lazyStderr;
  },
  once(event: string, listener: (...a: unknown[]) => void) {
    process.stderr.once(event, listener);
    return lazyStderr;
  },
  off(event: string, listener: (...a: unknown[]) => void) {
    process.stderr.off(event, listener);
    return lazyStderr;
  },
} as unknown as CliIO['stderr'];

/**
 * The process's streams. process.stdin is a getter that builds a stream (a few ms): only a
 * command reading standard input pays for it; standard error is built on its first write
 * (lazyStderr). Standard output is `stdout` when given (bin/vmcs.js gives a writer for a file or
 * /dev/null that needs no Node stream), process.stdout otherwise.
 */
export function processIO(stdout?: CliIO['stdout']): CliIO {
  return {
    get stdin() {
      return process.stdin;
    },
    stdout: stdout ?? process.stdout,
    stderr: lazyStderr,
    env: process.env,
  };
}

export async function runCli(argv: string[], io: CliIO = processIO()): Promise<number> {
  const ctx = makeCtx(io);
  const args = argv.slice(2);
  const fast = fastPath(args);
  if (fast === 'encode') return (await import('./commands/encode.js')).encodeCommand(once(args.slice(1)), { color: true }, ctx);
  if (fast === 'decode') return (await import('./commands/decode.js')).decodeCommand(once(args.slice(1)), { color: true }, ctx);
  const { runProgram } = await import('./program.js');
  return runProgram(argv, ctx);
}
