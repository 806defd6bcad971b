/**
 * The command line: commander wires arguments to the library and the renderers, and this
 * file maps results to exit codes. Nothing here decodes anything.
 *
 * Exit codes: 0 done; 1 some input could not be resolved or was invalid; 2 usage error or
 * unreadable file.
 */
import { readFileSync, createReadStream } from 'node:fs';
import { colorLevel, makeStyle, type Style } from './render/style.js';

export interface CliIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

interface CommonOptions {
  json?: boolean;
  color: boolean;
}

interface AnnotateCliOptions extends CommonOptions {
  format: import('./annotate.js').FormatOption;
  brief?: boolean;
  layout?: string;
  summary?: boolean;
}

function version(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** Buffered writer: few syscalls for big outputs, and EPIPE (`| head`) ends quietly. */
class Out {
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

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Arguments, or stdin lines when there are none (blank lines and # comments skipped). */
async function inputsFrom(args: string[], io: CliIO): Promise<string[] | null> {
  if (args.length > 0) return args;
  if (io.stdin.isTTY) return null;
  return (await readAll(io.stdin))
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
}

const EXAMPLES = {
  encode: `
Examples:
  $ vmcs encode GUEST_CR0                 0x00006800
  $ vmcs encode "guest cr0" Guest-RIP     names, aliases and SDM titles, any case
  $ vmcs encode EPT_POINTER_HIGH          the high half of a 64-bit field
  $ vmcs encode --json VMCS_64BIT_GUEST_LINK_POINTER
  $ printf 'GUEST_RSP\\nGUEST_RIP\\n' | vmcs encode`,
  decode: `
Examples:
  $ vmcs decode 0x6800 4402 0x2001
  $ vmcs decode --json 0x0000681e
  $ vmcs encode GUEST_RIP | vmcs decode`,
  list: `
Examples:
  $ vmcs list                       every field
  $ vmcs list cr0                   fields whose name, alias or title mentions CR0
  $ vmcs list --type host --width natural
  $ vmcs list --high --json         also the high halves of 64-bit fields`,
  explain: `
Examples:
  $ vmcs explain EXIT_REASON 0x80000021           VM-entry failure, invalid guest state
  $ vmcs explain GUEST_CS_AR_BYTES a09b           a 64-bit code segment
  $ vmcs explain EXIT_QUALIFICATION 0x83 --reason 48
  $ vmcs explain CPU_BASED_VM_EXEC_CONTROL b5986dfa --all
  $ vmcs explain --json VMX_INSTRUCTION_INFO 0x20000000 --reason VMREAD`,
  annotate: `
Input: KVM dump_vmcs() and Xen vmcs_dump_vcpu() dumps as kernel logs print them (dmesg,
journalctl -k, xl dmesg, pasted bug reports), or one field per line, in any of these forms,
after any prefix (timestamps, "vmx:"):
  0x00006800 = 0x80050033    GUEST_CR0: 80050033    Guest CR0 -> 0x80050033
  VMCS[0x6800] = 0x80050033  6800 80050033
or JSON: {"GUEST_CR0": "0x80050033", ...}, or annotate --json output.
A dump ends where a field already seen in it appears again, at a blank line, or at a header.

Examples:
  $ vmcs annotate examples/pairs.log
  $ dmesg | vmcs annotate                 KVM's dump of a failed VM entry
  $ xl dmesg | vmcs annotate --brief
  $ vmcs annotate --json dump.txt > dump.json && vmcs annotate dump.json
  $ vmcs annotate vmcs12.bin                KVM nested vmcs12, eVMCS, nested state (raw or xxd/hexdump -C/od text)
  $ vmcs annotate --layout skylake.json page.bin   a hardware VMCS page, with a layout profile
  $ trace-cmd report | vmcs annotate --summary     kvm_exit events counted per exit reason`,
};


interface Ctx {
  io: CliIO;
  out: Out;
  /** Style for standard output and for standard error */
  styles(o: CommonOptions): Promise<{ c: Style; e: Style }>;
}

async function encodeCommand(inputs: string[], o: CommonOptions, ctx: Ctx): Promise<number> {
  const { encode } = await import('./fields.js');
  const results = inputs.map(encode);
  if (o.json) {
    const { jsonEncode } = await import('./render/json.js');
    ctx.out.write(JSON.stringify(results.map(jsonEncode), null, 2) + '\n');
  } else {
    // One encoding per line: nothing to load a renderer for (this is the hot path of scripts).
    for (const r of results) if (r.ok) ctx.out.write(r.encoding + '\n');
  }
  ctx.out.flush();
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) return EXIT_OK;
  const { e } = await ctx.styles(o);
  const { formatMessage } = await import('./render/messages.js');
  for (const r of failed) if (!r.ok) ctx.io.stderr.write(`vmcs encode: ${e.error('error')}: ${formatMessage(r.diagnostic)}\n`);
  return EXIT_INVALID;
}

async function decodeCommand(inputs: string[], o: CommonOptions, ctx: Ctx): Promise<number> {
  const { decode } = await import('./fields.js');
  const results = inputs.map(decode);
  const { c, e } = await ctx.styles(o);
  if (o.json) {
    const { jsonDecode } = await import('./render/json.js');
    ctx.out.write(JSON.stringify(results.map(jsonDecode), null, 2) + '\n');
  } else {
    const { renderDecode } = await import('./render/human.js');
    ctx.out.write(renderDecode(c, results));
  }
  ctx.out.flush();
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) return EXIT_OK;
  const { formatMessage } = await import('./render/messages.js');
  for (const r of failed) if (!r.ok) ctx.io.stderr.write(`vmcs decode: ${e.error('error')}: ${formatMessage(r.diagnostic)}\n`);
  return EXIT_INVALID;
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

export async function runCli(argv: string[], io: CliIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const out = new Out(io.stdout);
  const ctx: Ctx = {
    io,
    out,
    styles: async (o) => ({
      c: await makeStyle(colorLevel(io.stdout, io.env, !o.color)),
      e: await makeStyle(colorLevel(io.stderr, io.env, !o.color)),
    }),
  };
  const args = argv.slice(2);
  const fast = fastPath(args);
  if (fast === 'encode') return encodeCommand(args.slice(1), { color: true }, ctx);
  if (fast === 'decode') return decodeCommand(args.slice(1), { color: true }, ctx);

  const { Command, CommanderError, Option } = await import('commander');
  let code = EXIT_OK;
  const commonOptions = (cmd: InstanceType<typeof Command>) =>
    cmd.option('--json', 'print JSON (stable shapes, see the README)').option('--no-color', 'never use colour (also NO_COLOR=1)');

  const program = new Command('vmcs')
    .description('Intel VT-x VMCS fields: encode names, decode encodings, annotate dumps (SDM Vol. 3, Appendix B).')
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // One line per error: commander's "(Did you mean --json?)" joins the message line.
      outputError: (s, write) => write('vmcs: ' + s.trimEnd().replace(/\n+/g, ' ') + '\n'),
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 done; 1 some input could not be resolved or was invalid; 2 usage error or unreadable file.
Colour only on a terminal; NO_COLOR, FORCE_COLOR and --no-color are honoured.`,
    );

  const withInputs =
    (run: (inputs: string[], o: CommonOptions, ctx: Ctx) => Promise<number>) =>
    async (items: string[], o: CommonOptions, cmd: InstanceType<typeof Command>) => {
      const inputs = await inputsFrom(items, io);
      if (inputs === null) {
        cmd.outputHelp({ error: true });
        code = EXIT_USAGE;
        return;
      }
      code = await run(inputs, o, ctx);
    };

  commonOptions(
    program
      .command('encode')
      .description('field names (SDM titles, or Linux, Xen, Bochs, ia32-doc, VirtualBox, rust x86 ... identifiers) to 32-bit encodings')
      .argument('[names...]', 'field names; read from standard input, one per line, when none are given')
      .addHelpText('after', EXAMPLES.encode),
  ).action(withInputs(encodeCommand));

  commonOptions(
    program
      .command('decode')
      .description('32-bit encodings (hex, 0x optional) to name, title, width, type, index and access')
      .argument('[encodings...]', 'encodings; read from standard input, one per line, when none are given')
      .addHelpText('after', EXAMPLES.decode),
  ).action(withInputs(decodeCommand));

  commonOptions(
    program
      .command('list')
      .description('the field table, filtered')
      .argument('[pattern]', 'keep fields whose name, an alias or the title contains this (case and punctuation ignored)')
      .addOption(new Option('--type <type>', 'only fields of this type').choices(['control', 'exit-info', 'guest', 'host']))
      .addOption(new Option('--width <width>', 'only fields of this width').choices(['16', '32', '64', 'natural']))
      .option('--high', 'also list the high halves of 64-bit fields')
      .addHelpText('after', EXAMPLES.list),
  ).action(async (pattern: string | undefined, o: CommonOptions & { type?: string; width?: string; high?: boolean }) => {
    const { list } = await import('./fields.js');
    const entries = list({ pattern, type: o.type as never, width: o.width as never, high: o.high });
    const { c } = await ctx.styles(o);
    if (o.json) out.write(JSON.stringify(entries, null, 2) + '\n');
    else {
      const { renderList } = await import('./render/human.js');
      out.write(renderList(c, entries));
    }
    out.flush();
    if (entries.length === 0 && pattern !== undefined) code = EXIT_INVALID;
  });

  commonOptions(
    program
      .command('explain')
      .description('one field\'s value, bit by bit, in the SDM\'s words')
      .argument('<field>', 'name, alias, title or encoding (EXIT_REASON, "guest cr0", 0x4402)')
      .argument('<value>', 'the value in hex, 0x optional, as dumps print it')
      .option('--reason <reason>', 'exit reason, for the exit qualification and instruction information: 48, 0x30, EPT_VIOLATION, "EPT violation"')
      .option('--vector <n>', 'vector of the exiting event, for the qualification of exception exits (reason 0): 1 (#DB) or 14 (#PF)')
      .option('--all', 'also list the bits that are clear')
      .addHelpText('after', EXAMPLES.explain),
  ).action(async (fieldText: string, valueText: string, o: CommonOptions & { reason?: string; vector?: string; all?: boolean }) => {
    code = await explainCommand(fieldText, valueText, o, ctx);
  });

  commonOptions(
    program
      .command('annotate')
      .description('read VMCS dumps (files, or standard input) and name every field')
      .argument('[files...]', 'dump files; "-" or nothing for standard input')
      .addOption(
        new Option('--format <format>', 'input format (binary regions and hex dumps are recognised by themselves)')
          .choices(['auto', 'pairs', 'kvm', 'xen', 'haxm', 'hvext', 'bhyve', 'kvm-exit', 'vbox', 'json'])
          .default('auto'),
      )
      .option('--brief', 'one line per field: no bit-by-bit decoding')
      .option('--layout <file>', 'layout profile (JSON) for hardware VMCS pages of its revision id')
      .option('--summary', 'count the dumps per exit reason (kvm_exit traces: exits per reason) instead of printing them')
      .addHelpText('after', EXAMPLES.annotate),
  ).action(async (files: string[], o: AnnotateCliOptions) => {
    code = await annotateCommand(files.length ? files : ['-'], o, ctx);
  });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      out.flush();
      // --help and --version succeed; help shown because no command was given is a usage error.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT_OK;
      if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
      // commander already printed its one-line message
      return EXIT_USAGE;
    }
    throw e;
  }
  out.flush();
  return code;
}

async function explainCommand(
  fieldText: string,
  valueText: string,
  o: CommonOptions & { reason?: string; vector?: string; all?: boolean },
  ctx: Ctx,
): Promise<number> {
  const { explain } = await import('./explain.js');
  const { formatMessage } = await import('./render/messages.js');
  const { c, e } = await ctx.styles(o);
  let vector: number | undefined;
  if (o.vector !== undefined) {
    vector = /^0x/i.test(o.vector) ? parseInt(o.vector, 16) : Number(o.vector);
    if (!Number.isInteger(vector) || vector < 0 || vector > 255) {
      ctx.io.stderr.write(`vmcs explain: ${e.error('error')}: --vector '${o.vector}' is not a vector (0-255)\n`);
      return EXIT_USAGE;
    }
  }
  const r = explain(fieldText, valueText, { reason: o.reason, vector, all: o.all });
  if (o.json) {
    const { jsonExplain } = await import('./render/json.js');
    ctx.out.write(JSON.stringify(jsonExplain(r, { field: fieldText, value: valueText }), null, 2) + '\n');
  } else if (r.ok) {
    const { renderExplain } = await import('./render/human.js');
    ctx.out.write(renderExplain(c, r));
  }
  ctx.out.flush();
  if (!r.ok) {
    ctx.io.stderr.write(`vmcs explain: ${e.error('error')}: ${formatMessage(r.diagnostic)}\n`);
    return EXIT_INVALID;
  }
  for (const d of r.diagnostics) ctx.io.stderr.write(`vmcs explain: ${e.warning('warning')}: ${formatMessage(d)}\n`);
  return EXIT_OK;
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

async function annotateCommand(files: string[], o: AnnotateCliOptions, ctx: Ctx): Promise<number> {
  const { io, out } = ctx;
  const { c, e } = await ctx.styles(o);
  const { Annotator } = await import('./annotate.js');
  let profile: import('./binary.js').LayoutProfile | undefined;
  if (o.layout !== undefined) {
    const { parseProfile } = await import('./binary.js');
    let text: string;
    try {
      text = readFileSync(o.layout, 'utf8');
    } catch (err) {
      io.stderr.write(`vmcs annotate: ${e.error('error')}: cannot read layout profile '${o.layout}': ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}\n`);
      return EXIT_USAGE;
    }
    const p = parseProfile(text);
    if ('error' in p) {
      io.stderr.write(`vmcs annotate: ${e.error('error')}: layout profile '${o.layout}': ${p.error}\n`);
      return EXIT_USAGE;
    }
    profile = p;
  }
  const exits = new Map<number, number>();
  const human = await import('./render/human.js');
  const json = o.json ? await import('./render/json.js') : null;
  let unreadable = false;
  let invalid = false;
  let dumpIndex = 0;
  const total = { lines: 0, skipped: 0, dumps: 0, fields: 0, errors: 0, warnings: 0 };
  const globalDiags: Record<string, unknown>[] = [];
  if (json) out.write('{"dumps":[');

  // Each dump goes out as soon as it is complete (`dmesg -w | vmcs annotate`), with one
  // write per input chunk rather than per dump.
  let bytes = 0;
  const emit = (dumps: import('./annotate.js').Dump[]): void => {
    if (dumps.length === 0) return;
    for (const d of dumps) {
      dumpIndex++;
      if (o.summary) {
        const reason = d.fields.find((f) => f.encoding === 0x4402);
        const key = reason ? Number(reason.value & 0xffffn) : -1;
        exits.set(key, (exits.get(key) ?? 0) + 1);
        continue;
      }
      if (json) out.write((dumpIndex > 1 ? ',\n' : '\n') + json.jsonDumpText(d));
      else {
        out.write(human.renderDump(c, d, dumpIndex));
        if (d.diagnostics.length) {
          out.flush();
          for (const x of d.diagnostics) io.stderr.write(human.diagnosticLine(e, x, d.source) + '\n');
        }
      }
    }
    out.flush();
  };

  for (const file of files) {
    const source = file === '-' ? '<stdin>' : file;
    const a = new Annotator({ source, format: o.format, bits: !o.brief && !o.summary, ...(profile ? { profile } : {}) });
    let stream: NodeJS.ReadableStream;
    if (file === '-') {
      stream = io.stdin;
      if (io.stdin.isTTY) io.stderr.write('vmcs annotate: reading a dump from the terminal; end it with Ctrl-D\n');
    } else stream = createReadStream(file);
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
      const ex = err as NodeJS.ErrnoException;
      const why = ex.code === 'ENOENT' ? 'no such file' : ex.code === 'EISDIR' ? 'is a directory' : ex.code === 'EACCES' ? 'permission denied' : ex.message;
      out.flush();
      io.stderr.write(`vmcs annotate: ${e.error('error')}: cannot read '${file}': ${why}\n`);
      if (json) globalDiags.push({ source, severity: 'error', code: 'unreadable', message: `cannot read '${file}': ${why}` });
      unreadable = true;
      continue;
    }
    emit(a.end());
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += a.summary[k];
    if (a.summary.errors > 0) invalid = true;
    for (const d of a.diagnostics) {
      if (json) globalDiags.push(json.jsonDiagnostic(d, source));
      else {
        out.flush();
        io.stderr.write(human.diagnosticLine(e, d, source) + '\n');
      }
    }
  }
  if (o.summary) {
    const { exitReasonName } = await import('./layouts.js');
    const rows = [...exits.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .map(([reason, count]) => ({ reason: reason < 0 ? null : reason, name: reason < 0 ? 'no exit reason in the dump' : exitReasonName(reason), count }));
    if (json) out.write(`\n],"exits":${JSON.stringify(rows)},"diagnostics":${JSON.stringify(globalDiags)},"summary":${JSON.stringify(total)}}\n`);
    else {
      const w = Math.max(5, ...rows.map((r) => String(r.count).length));
      for (const r of rows) out.write(`${c.value(String(r.count).padStart(w))}  ${c.encoding(r.reason === null ? '   -' : String(r.reason).padStart(4))}  ${c.name(r.name)}\n`);
      out.write(human.renderSummary(c, total));
    }
  } else if (json) out.write(`\n],"diagnostics":${JSON.stringify(globalDiags)},"summary":${JSON.stringify(total)}}\n`);
  else out.write(human.renderSummary(c, total));
  out.flush();
  return unreadable ? EXIT_USAGE : invalid ? EXIT_INVALID : EXIT_OK;
}
