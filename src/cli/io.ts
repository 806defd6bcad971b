/**
 * The CLI's Node I/O: the streams a command reads and writes, a buffered writer, reading
 * standard input and files as byte chunks, the garbage-collection policy for long inputs, and
 * the exit codes. Only src/cli/ touches Node; the library it calls runs anywhere.
 *
 * Exit codes: 0 done; 1 some input could not be resolved or was invalid (check: a rule fails);
 * 2 usage error or unreadable file; 3 (annotate, check) no VMCS field in the input (check: or
 * no rule could be evaluated). 70 is bin/vmcs.js's internal error, which no input may cause.
 */
import { closeSync, createReadStream, fstatSync, openSync, readFileSync, statSync } from 'node:fs';
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
/** annotate and check: the input holds no VMCS field (check: or no rule could be evaluated) */
export const EXIT_NOTHING = 3;

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

/**
 * Buffered writer: few syscalls for big outputs, and EPIPE (`| head`) ends quietly. It
 * respects the pipe's back-pressure: when the stream's buffer is full, `ready()` waits for it
 * to drain, and the commands await it between input chunks, so a slow reader (`| less`, a
 * stalled pipe) holds memory flat instead of queueing the whole output in the process.
 */
export class Out {
  private buf: Array<string | Uint8Array> = [];
  private size = 0;
  /** Some of buf is bytes (text a renderer keeps encoded, see jsonCheckChunks) */
  private bytes = false;
  private full = false;
  /** Characters (of bytes given as such: bytes) written so far */
  written = 0;
  constructor(private readonly stream: NodeJS.WritableStream) {}
  write(s: string | Uint8Array): void {
    if (typeof s !== 'string' && s.length >= 1 << 14) {
      // a large buffer goes out as it is, after what is queued: not copied into a new one
      this.flush();
      this.written += s.length;
      if (!this.stream.write(s)) this.full = true;
      return;
    }
    this.written += s.length;
    this.buf.push(s);
    this.size += s.length;
    if (typeof s !== 'string') this.bytes = true;
    if (this.size >= 1 << 16) this.flush();
  }
  /**
   * Bytes (JSON written as bytes: ../render/json.ts JsonBytes), after the text written before
   * them; `b` may be a view of a buffer its writer reuses: the stream gets a copy.
   */
  writeBytes(b: Uint8Array): void {
    if (b.length === 0) return;
    this.flush();
    this.written += b.length;
    // a stream that writes at once (bin/vmcs.js's standard output to a file) needs no copy
    const sync = (this.stream as { sync?: boolean }).sync === true;
    if (!this.stream.write(sync ? Buffer.from(b.buffer, b.byteOffset, b.length) : Buffer.from(b))) this.full = true;
  }
  /**
   * The file descriptor of a stream written synchronously (bin/vmcs.js's standard output to a
   * file or /dev/null), which another thread may write to once this writer is flushed; else null.
   */
  fileFd(): number | null {
    const s = this.stream as { sync?: boolean; fd?: unknown };
    return s.sync === true && typeof s.fd === 'number' ? s.fd : null;
  }
  flush(): void {
    if (this.size === 0) return;
    let chunk: string | Uint8Array;
    if (!this.bytes) chunk = this.buf.join('');
    else {
      // runs of text encoded, then one buffer of it all: one write, as for text
      const parts: Uint8Array[] = [];
      let text: string[] = [];
      for (const piece of this.buf) {
        if (typeof piece === 'string') text.push(piece);
        else {
          if (text.length > 0) parts.push(Buffer.from(text.join('')));
          text = [];
          parts.push(piece);
        }
      }
      if (text.length > 0) parts.push(Buffer.from(text.join('')));
      chunk = Buffer.concat(parts);
    }
    if (!this.stream.write(chunk)) this.full = true;
    this.buf = [];
    this.size = 0;
    this.bytes = false;
  }
  /** Resolves once the stream can take more (at once when it can). */
  ready(): Promise<void> {
    this.flush();
    if (!this.full) return Promise.resolve();
    this.full = false;
    const s = this.stream as NodeJS.WritableStream & { writableNeedDrain?: boolean; destroyed?: boolean };
    if (s.writableNeedDrain === false || s.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        this.stream.off('error', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
      this.stream.on('error', done);
    });
  }
}

/** What readAll gives when the input is larger than its limit. */
export class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`larger than ${limit / 1024 / 1024} MiB`);
  }
}

/**
 * A whole stream as text, up to `limit` bytes (a capability source, a layout profile): past
 * it, TooLarge is thrown and nothing more is read, so /dev/zero or a 1 GiB file cannot
 * exhaust memory.
 */
export async function readAll(stream: NodeJS.ReadableStream, limit = 64 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > limit) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw new TooLarge(limit);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A file read whole, up to `limit` bytes (see readAll). */
export function readFileBounded(file: string, limit?: number): Promise<string> {
  return readAll(createReadStream(file), limit);
}

/** Longest argument line read from standard input; a name or encoding is far shorter. */
const MAX_INPUT_LINE = 4096;

/** Lines of standard input per batch: encode and decode answer each batch before reading on. */
export const INPUT_BATCH = 8192;

/**
 * Arguments, or stdin lines when there are none or for a "-" (blank lines and # comments
 * skipped), in batches of up to INPUT_BATCH lines as they come: a huge input is never held
 * whole, and a line longer than 4,096 characters is kept cut (it is no name or encoding, and is
 * reported as such). Null when there are no arguments and standard input is a terminal.
 */
export function inputsFrom(args: string[], io: CliIO): AsyncIterable<string[]> | null {
  if (args.length > 0 && !args.includes('-')) return (async function* () { yield args; })();
  if (args.length === 0 && io.stdin.isTTY) return null;
  return (async function* () {
    const dash = args.indexOf('-');
    // "-" among the arguments: the lines take its place (the first "-"; another reads nothing more)
    let out: string[] = args.slice(0, dash);
    const decoder = new TextDecoder();
    let partial = '';
    let cut = false;
    const take = (line: string): void => {
      const l = line.trim();
      if (l.length > 0 && !l.startsWith('#')) out.push((' ' + l).slice(1));
    };
    const add = (text: string): void => {
      let pos = 0;
      for (;;) {
        const nl = text.indexOf('\n', pos);
        const piece = text.slice(pos, nl === -1 ? text.length : nl);
        if (!cut) {
          partial += piece;
          if (partial.length > MAX_INPUT_LINE) {
            partial = (' ' + partial.slice(0, MAX_INPUT_LINE)).slice(1);
            cut = true;
          }
        }
        if (nl === -1) return;
        take(partial);
        partial = '';
        cut = false;
        pos = nl + 1;
      }
    };
    for await (const chunk of io.stdin) {
      add(typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true }));
      while (out.length >= INPUT_BATCH) {
        yield out.slice(0, INPUT_BATCH);
        out = out.slice(INPUT_BATCH);
      }
    }
    add(decoder.decode());
    take(partial);
    if (dash >= 0) out.push(...args.slice(dash + 1).filter((a) => a !== '-'));
    if (out.length > 0) yield out;
  })();
}

/**
 * A JSON array written element by element (the same text as JSON.stringify(array, null, 2)):
 * encode and decode print their batches as they go.
 */
export class JsonArrayWriter {
  private count = 0;
  constructor(private readonly out: Out) {}
  item(value: unknown): void {
    const text = JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
    this.out.write((this.count++ === 0 ? '[\n  ' : ',\n  ') + text);
  }
  end(): void {
    this.out.write(this.count === 0 ? '[]\n' : '\n]\n');
  }
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

/** Input read between looks at the heap in feed(). */
const GC_EVERY = 4 * 1024 * 1024;
/** Growth of the old generation since the last full collection HeapBound made, past which it makes another. */
export const GC_SLACK = 8 * 1024 * 1024;

/**
 * The heap's bound while a long log is read. What a dump holds is dropped once it is written,
 * and what a run keeps (caches, the dump in progress) stays at ~15 MB; but objects that outlive
 * a collection or two of the young generation (the dump in progress, cache entries) move to the
 * old generation and die there: ~12 MB per million lines of random pairs. V8 collects the old
 * generation when it has grown by a factor of what survived its last collection, a factor it
 * works out from how fast its collector ran, so when it collects varies from run to run: the
 * bench saw 1M lines peak at 107 MB and 4M at 143 MB in one run, 1.07x in another (issue 17).
 * feed() looks every GC_EVERY of input: past `slack` of growth since the last collection this
 * made (or since its first look), it collects. The old generation stays within what is alive
 * plus `slack` plus what one GC_EVERY of input promotes, whatever the input's size and the
 * machine's load; and since the figure it grows from is taken after each collection, data that
 * is really alive never makes it collect more than once per `slack` of growth (~30 ms each).
 */
export class HeapBound {
  private afterLast = -1;
  /** Collections made */
  collections = 0;
  constructor(
    private readonly gc: () => void,
    /** bytes in use in the old generation (and outside the heap, by its objects) */
    private readonly retained: () => number,
    private readonly slack = GC_SLACK,
  ) {}
  /** One look: true when it collected. */
  look(): boolean {
    const now = this.retained();
    if (this.afterLast < 0) {
      this.afterLast = now;
      return false;
    }
    if (now <= this.afterLast + this.slack) return false;
    this.gc();
    this.collections++;
    this.afterLast = this.retained();
    return true;
  }
}

let heapBound: HeapBound | null | undefined;

/**
 * feed()'s HeapBound over V8's heap; null where the collector cannot be called. `gc` is
 * obtained as the V8 flag --expose-gc set at run time gives it to a new context.
 */
async function processHeapBound(): Promise<HeapBound | null> {
  if (heapBound !== undefined) return heapBound;
  try {
    const v8 = await import('node:v8');
    const vm = await import('node:vm');
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    // and the ArrayBuffers (output on its way to a pipe, input chunks), which a collection frees with their objects
    heapBound = new HeapBound(gc, () => oldGeneration(v8.getHeapSpaceStatistics()) + process.memoryUsage().arrayBuffers);
  } catch {
    heapBound = null;
  }
  return heapBound;
}

/** Bytes in use in the heap's spaces but the young generation's. */
export function oldGeneration(spaces: ReadonlyArray<{ space_name: string; space_used_size: number }>): number {
  let used = 0;
  for (const s of spaces) if (s.space_name !== 'new_space' && s.space_name !== 'new_large_object_space') used += s.space_used_size;
  return used;
}

/**
 * Stream one input ("-": standard input) through an Annotator, handing each batch of finished
 * dumps to `emit` (which may return a promise: the reading waits for it, as for the output's
 * back-pressure). Returns null, or why the input could not be read.
 */
export async function feed(file: string, cmd: string, a: Annotator, emit: (dumps: Dump[]) => void | Promise<void>, ctx: Ctx): Promise<string | null> {
  const { io } = ctx;
  let stream: NodeJS.ReadableStream;
  if (file === '-') {
    stream = io.stdin;
    if (io.stdin.isTTY) io.stderr.write(`vmcs ${cmd}: reading a dump from the terminal; end it with Ctrl-D\n`);
  } else {
    // A small regular file (one dump, the usual case) is read at once: no stream to build, no
    // round trip through the thread pool per chunk.
    let small: Buffer | null;
    try {
      small = readSmallFile(file);
    } catch (err) {
      return readError(err);
    }
    if (small !== null) {
      // In pieces of a stream's size, waiting for the output between them as for a stream's
      // chunks: 1 MiB of pairs is ~800 dumps, whose output must not all queue at once.
      for (let at = 0; at < small.length; at += READ_PIECE) {
        const waiting = emit(a.write(small.subarray(at, at + READ_PIECE)));
        if (waiting) await waiting;
        await ctx.out.ready();
      }
      return null;
    }
    stream = createReadStream(file);
  }
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      const waiting = emit(a.write(chunk as Buffer));
      if (waiting) await waiting;
      await ctx.out.ready();
      bytes += (chunk as Buffer).length;
      if (bytes >= GC_EVERY) {
        bytes = 0;
        (await processHeapBound())?.look();
      }
    }
  } catch (err) {
    return readError(err);
  }
  return null;
}

/** Files up to this size are read whole and synchronously by feed(). */
const SMALL_FILE = 1024 * 1024;
/** What feed() hands the annotator at a time from such a file: createReadStream's chunk size. */
const READ_PIECE = 64 * 1024;

/** A regular file of at most SMALL_FILE bytes, whole; null for anything else (read it as a stream). */
function readSmallFile(file: string): Buffer | null {
  // stat before open: a FIFO is never opened twice (its writer could see no reader between the two).
  const st0 = statSync(file);
  if (!st0.isFile() || st0.size > SMALL_FILE) return null;
  const fd = openSync(file, 'r');
  try {
    const st = fstatSync(fd);
    return st.isFile() && st.size <= SMALL_FILE ? readFileSync(fd) : null;
  } finally {
    closeSync(fd);
  }
}

/** Why a file could not be read, in a few words (never Node's raw message with its syscall). */
export function readError(err: unknown): string {
  if (err instanceof TooLarge) return err.message;
  const code = (err as NodeJS.ErrnoException)?.code;
  const WHY: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'is a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ELOOP: 'too many levels of symbolic links',
    ENOTDIR: 'a part of the path is not a directory',
    EIO: 'input/output error',
    ENXIO: 'no such device or address',
    ENAMETOOLONG: 'file name too long',
    EMFILE: 'too many open files',
    ENFILE: 'too many open files',
    EINVAL: 'invalid argument',
  };
  if (code && Object.hasOwn(WHY, code)) return WHY[code]!;
  return code ?? (err instanceof Error ? err.message : String(err));
}
