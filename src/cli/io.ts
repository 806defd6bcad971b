/**
 * The CLI's Node I/O: the streams a command reads and writes, a buffered writer, reading
 * standard input and files as byte chunks, the garbage-collection policy for long inputs, and
 * the exit codes. Only src/cli/ touches Node; the library it calls runs anywhere.
 *
 * Exit codes: 0 done; 1 some input could not be resolved or was invalid; 2 usage error or
 * unreadable file.
 */
import { readFileSync, createReadStream } from 'node:fs';
import { colorLevel, makeStyle, type Style } from '../render/style.js';
import type { Annotator, Dump } from '../annotate/index.js';

export interface CliIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

export interface CommonOptions {
  json?: boolean;
  /** false from --no-color, a string from --color=WHEN, true or undefined otherwise */
  color?: boolean | string;
  /** -q: nothing on standard output, the exit status is the answer */
  quiet?: boolean;
  /** --width N: wrap human output to N columns (0: never); a string for list's own --width */
  width?: number | string;
  /** list's --columns N, its --width */
  columns?: number;
}

/** --no-color and --color=never: no colour; --color=always: colour even off a terminal. */
export function colorWhen(o: Pick<CommonOptions, 'color'>): 'auto' | 'always' | 'never' {
  return o.color === false || o.color === 'never' ? 'never' : o.color === 'always' ? 'always' : 'auto';
}

export function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** Buffered writer: few syscalls for big outputs, and EPIPE (`| head`) ends quietly. */
export class Out {
  private buf: string[] = [];
  private size = 0;
  constructor(private readonly stream: NodeJS.WritableStream) {}
  write(s: string): void {
    this.buf.push(s);
    this.size += s.length;
    if (this.size >= 1 << 16) this.flush();
  }
  flush(): void {
    if (this.size === 0) return;
    this.stream.write(this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Arguments, or stdin lines when there are none or for a "-" (blank lines and # comments skipped). */
export async function inputsFrom(args: string[], io: CliIO): Promise<string[] | null> {
  if (args.length > 0 && !args.includes('-')) return args;
  if (args.length === 0 && io.stdin.isTTY) return null;
  const lines = (await readAll(io.stdin))
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
  return args.length === 0 ? lines : args.flatMap((a) => (a === '-' ? lines : [a]));
}

export interface Ctx {
  io: CliIO;
  out: Out;
  /** Style for standard output and for standard error */
  styles(o: CommonOptions): Promise<{ c: Style; e: Style }>;
}

export function makeCtx(io: CliIO): Ctx {
  return {
    io,
    out: new Out(io.stdout),
    styles: async (o) => ({
      c: await makeStyle(colorLevel(io.stdout, io.env, false, colorWhen(o))),
      e: await makeStyle(colorLevel(io.stderr, io.env, false, colorWhen(o))),
    }),
  };
}

/** Input read between explicit garbage collections in annotate. */
const GC_EVERY = 4 * 1024 * 1024;
/** Heap use above which a collection is made. */
const GC_ABOVE = 64 * 1024 * 1024;
let gcFn: (() => void) | null | undefined;

/**
 * Annotating a long log allocates fast and keeps little; V8 would let the heap grow to
 * hundreds of megabytes before a full collection. Looking every 4 MiB of input, and collecting
 * when the heap holds more than 64 MiB, keeps peak memory flat whatever the input (measured
 * by npm run bench).
 */
async function collectGarbage(): Promise<void> {
  if (gcFn === undefined) {
    try {
      const v8 = await import('node:v8');
      const vm = await import('node:vm');
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc') as () => void;
    } catch {
      gcFn = null;
    }
  }
  // Only when the heap has grown: most logs never need it.
  if (gcFn && process.memoryUsage().heapUsed > GC_ABOVE) gcFn();
}

/**
 * Stream one input ("-": standard input) through an Annotator, handing each batch of finished
 * dumps to `emit`. Returns null, or why the input could not be read.
 */
export async function feed(file: string, cmd: string, a: Annotator, emit: (dumps: Dump[]) => void, ctx: Ctx): Promise<string | null> {
  const { io } = ctx;
  let stream: NodeJS.ReadableStream;
  if (file === '-') {
    stream = io.stdin;
    if (io.stdin.isTTY) io.stderr.write(`vmcs ${cmd}: reading a dump from the terminal; end it with Ctrl-D\n`);
  } else stream = createReadStream(file);
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      emit(a.write(chunk as Buffer));
      bytes += (chunk as Buffer).length;
      if (bytes >= GC_EVERY) {
        bytes = 0;
        await collectGarbage();
      }
    }
  } catch (err) {
    return readError(err);
  }
  return null;
}

export function readError(err: unknown): string {
  const ex = err as NodeJS.ErrnoException;
  return ex.code === 'ENOENT' ? 'no such file' : ex.code === 'EISDIR' ? 'is a directory' : ex.code === 'EACCES' ? 'permission denied' : ex.message;
}

