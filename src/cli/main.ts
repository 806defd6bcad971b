/**
 * The command line: arguments to the library and the renderers, results to exit codes.
 * Nothing here decodes anything. `vmcs encode NAME...` and `vmcs decode ENC...` without
 * options take a fast path that loads neither commander nor the other commands, and so do
 * `vmcs annotate` and `vmcs check` with files and options without a value (plainCommand).
 *
 * Exit codes: 0 done; 1 some input could not be resolved or was invalid; 2 usage error or
 * unreadable file.
 */
import { fstatSync } from 'node:fs';
import { Out, makeCtx, type CliIO, type Ctx } from './io.js';
import { withJsonErrors } from './json-errors.js';

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

/**
 * The options without a value that the plain way of `annotate` and `check` takes, each with the
 * key commander gives it (`--no-color` sets `color` to false, any other sets its key to true).
 */
const PLAIN_FLAGS: Record<'annotate' | 'check', Readonly<Record<string, string>>> = {
  annotate: { '--json': 'json', '--ndjson': 'ndjson', '--brief': 'brief', '--summary': 'summary', '--no-color': 'color', '-q': 'quiet', '--quiet': 'quiet' },
  check: {
    '--json': 'json',
    '--ndjson': 'ndjson',
    '--verbose': 'verbose',
    '--failures-only': 'failuresOnly',
    '--apply-fixes': 'applyFixes',
    '--no-color': 'color',
    '-q': 'quiet',
    '--quiet': 'quiet',
  },
};

/**
 * `vmcs annotate` and `vmcs check` as most runs call them: the command first, then files ("-" or
 * none: standard input) and options of PLAIN_FLAGS only, in any order. They go without commander
 * (its loading, the program's options and its parse: ~5 % of a run of one dump), with the
 * files and options commander would give the command's action (`--format` at its default).
 * Anything else (an option with a value, `--`, help, an unknown option and its message) goes
 * through commander. test/cli-plain.test.js compares both ways.
 */
export function plainCommand(args: readonly string[]): { command: 'annotate' | 'check'; files: string[]; options: Record<string, unknown> } | null {
  const command = args[0];
  if (command !== 'annotate' && command !== 'check') return null;
  const flags = PLAIN_FLAGS[command];
  const files: string[] = [];
  const options: Record<string, unknown> = { format: 'auto' };
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-' || !a.startsWith('-')) files.push(a);
    else if (Object.hasOwn(flags, a)) options[flags[a]!] = a !== '--no-color';
    else return null;
  }
  return { command, files: files.length ? files : ['-'], options };
}

/** What commander's action and program do around the command (program.ts): -q writes into nothing; the output is flushed. */
async function runPlain(plain: NonNullable<ReturnType<typeof plainCommand>>, ctx: Ctx): Promise<number> {
  const { out } = ctx;
  if (plain.options.quiet === true) ctx.out = new Out({ write: () => true } as unknown as NodeJS.WritableStream);
  const code =
    plain.command === 'annotate'
      ? await (await import('./commands/annotate.js')).annotateCommand(plain.files, plain.options as never, ctx)
      : await (await import('./commands/check.js')).checkCommand(plain.files, plain.options as never, ctx);
  out.flush();
  return code;
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
  const plain = plainCommand(args);
  if (plain) return withJsonErrors(argv, ctx, (c) => runPlain(plain, c));
  const { runProgram } = await import('./program.js');
  return runProgram(argv, ctx);
}
