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

interface CheckCliOptions extends CommonOptions {
  caps?: string;
  cpu?: string;
  verbose?: boolean;
  list?: boolean;
  format: import('./annotate.js').FormatOption;
  layout?: string;
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
  $ vmcs explain --json VMX_INSTRUCTION_INFO 0x20000000 --reason VMREAD
  $ vmcs explain VM_EXIT_INTR_ERROR_CODE 0x18 --vector 13   an error code, by its event's vector
  $ vmcs explain EPT_ENTRY 0x800000010f3c9077     also MSR_ENTRY, PI_DESC, PID_POINTER_ENTRY, VE_INFO`,
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
  check: `
Reads every input annotate reads. Rules that need the CPU's capability MSRs (--caps), a CPU
fact (--cpu) or memory the dump does not hold are "not evaluated", never passed.

Examples:
  $ dmesg | vmcs check                               which VM-entry check failed?
  $ vmcs check --caps i7-9750h dump.txt              with a built-in CPU profile
  $ vmcs check --caps msrs.txt --cpu paw=46 dump.txt MSR values from rdmsr, vmxcap or VBox.log
  $ vmcs check --verbose dump.txt                    also list passed and not-evaluated rules
  $ vmcs check --json dump.txt | jq '.dumps[].results[] | select(.status=="fail")'
  $ vmcs check --list                                every rule: ID, SDM section, failure`,
  caps: `
SOURCE: a built-in profile (i7-9750h, ...; --list shows them), a file of "MSR VALUE" lines
(rdmsr-style), the output of QEMU's vmxcap, or a VirtualBox log; "-" or nothing: stdin.

Examples:
  $ vmcs caps i7-9750h
  $ for m in 0x480 0x481 0x482; do echo $m $(rdmsr -x $m); done | vmcs caps
  $ vmcs caps --diff i7-9750h i9-9980xe      what one CPU allows that the other does not
  $ vmcs caps --json VBox.log`,
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

  commonOptions(
    program
      .command('check')
      .description('name the VM-entry checks (SDM §28.2-28.4) a VMCS dump fails')
      .argument('[files...]', 'dump files; "-" or nothing for standard input')
      .option('--caps <source>', 'capability MSRs: a built-in CPU profile, an rdmsr-style file, vmxcap output or a VirtualBox log')
      .option('--cpu <facts>', 'CPU facts and processor state, KEY=VALUE,...: paw=39 la57=0 rtm=0 sgx=1 lam=0 gp=4 fixed=3 lma=1 smm=0 x2apic=0')
      .option('--verbose', 'also list the rules that passed and those not evaluated (with what they need)')
      .option('--list', 'list every rule (ID, SDM section, failure) and exit')
      .addOption(new Option('--format <format>', 'input format, as for annotate').choices(['auto', 'pairs', 'kvm', 'xen', 'haxm', 'hvext', 'bhyve', 'kvm-exit', 'vbox', 'json']).default('auto'))
      .option('--layout <file>', 'layout profile (JSON) for hardware VMCS pages')
      .addHelpText('after', EXAMPLES.check),
  ).action(async (files: string[], o: CheckCliOptions) => {
    code = await checkCommand(files.length ? files : ['-'], o, ctx);
  });

  commonOptions(
    program
      .command('caps')
      .description('decode VMX capability MSRs (IA32_VMX_BASIC 0x480 to IA32_VMX_EXIT_CTLS2 0x493), like vmxcap')
      .argument('[sources...]', 'a built-in profile, a file of MSR values, vmxcap output or a VirtualBox log; "-" or nothing for standard input')
      .option('--diff', 'compare two sources: what each allows that the other does not')
      .option('--list', 'list the built-in CPU profiles')
      .addHelpText('after', EXAMPLES.caps),
  ).action(async (sources: string[], o: CommonOptions & { diff?: boolean; list?: boolean }) => {
    code = await capsCommand(sources, o, ctx);
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

/**
 * Stream one input ("-": standard input) through an Annotator, handing each batch of finished
 * dumps to `emit`. Returns null, or why the input could not be read.
 */
async function feed(file: string, cmd: string, a: import('./annotate.js').Annotator, emit: (dumps: import('./annotate.js').Dump[]) => void, ctx: Ctx): Promise<string | null> {
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

async function annotateCommand(files: string[], o: AnnotateCliOptions, ctx: Ctx): Promise<number> {
  const { io, out } = ctx;
  const { c, e } = await ctx.styles(o);
  const { Annotator } = await import('./annotate.js');
  let profile: import('./binary.js').LayoutProfile | undefined;
  if (o.layout !== undefined) {
    const p = await readLayout(o.layout, 'annotate', e, io);
    if (!p) return EXIT_USAGE;
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
    const why = await feed(file, 'annotate', a, emit, ctx);
    if (why !== null) {
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

/** Read a --layout profile; an error is reported and undefined returned as `null`. */
async function readLayout(file: string, cmd: string, e: Style, io: CliIO): Promise<import('./binary.js').LayoutProfile | null> {
  const { parseProfile } = await import('./binary.js');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    io.stderr.write(`vmcs ${cmd}: ${e.error('error')}: cannot read layout profile '${file}': ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}\n`);
    return null;
  }
  const p = parseProfile(text);
  if ('error' in p) {
    io.stderr.write(`vmcs ${cmd}: ${e.error('error')}: layout profile '${file}': ${p.error}\n`);
    return null;
  }
  return p;
}

function readError(err: unknown): string {
  const ex = err as NodeJS.ErrnoException;
  return ex.code === 'ENOENT' ? 'no such file' : ex.code === 'EISDIR' ? 'is a directory' : ex.code === 'EACCES' ? 'permission denied' : ex.message;
}

/**
 * Capabilities from a built-in profile name, a file, or "-" (standard input). Errors are
 * one line on stderr; null means the source could not be used.
 */
async function loadCaps(spec: string, cmd: string, e: Style, io: CliIO): Promise<import('./caps/types.js').Caps | null> {
  const { findProfile, profileCaps } = await import('./caps/profiles.js');
  const profile = findProfile(spec);
  if (profile && !(spec.includes('/') || spec.includes('.'))) return profileCaps(profile);
  let text: string;
  try {
    text = spec === '-' ? await readAll(io.stdin) : readFileSync(spec, 'utf8');
  } catch (err) {
    if (profile) return profileCaps(profile);
    const { profiles } = await import('./caps/profiles.js');
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? `no such file, and no built-in profile of that name (${profiles.map((p) => p.name).join(', ')})` : readError(err);
    io.stderr.write(`vmcs ${cmd}: ${e.error('error')}: cannot read capabilities '${spec}': ${why}\n`);
    return null;
  }
  const { parseCaps } = await import('./caps/parse.js');
  const source = spec === '-' ? '<stdin>' : spec;
  const r = parseCaps(text, source);
  if ('error' in r) {
    io.stderr.write(`vmcs ${cmd}: ${e.error('error')}: ${source}: ${r.error}\n`);
    return null;
  }
  const { capsDiagnosticLine } = await import('./render/caps.js');
  // Notes (severity info) say what a source leaves out; `vmcs caps` shows them, `check` does not.
  for (const d of r.diagnostics) if (d.severity !== 'info' || cmd === 'caps') io.stderr.write(capsDiagnosticLine(e, d, source) + '\n');
  return r.caps;
}

async function checkCommand(files: string[], o: CheckCliOptions, ctx: Ctx): Promise<number> {
  const { io, out } = ctx;
  const { c, e } = await ctx.styles(o);
  const render = await import('./render/check.js');
  if (o.list) {
    const { rules } = await import('./check/rules/index.js');
    if (o.json) out.write(JSON.stringify(rules.map((r) => ({ id: r.id, section: r.section, group: r.group, title: r.title, failure: r.failure, failureText: render.failureText(r), ...(r.decision ? { decision: r.decision } : {}) })), null, 2) + '\n');
    else for (const r of rules) out.write(`${c.name(r.id.padEnd(5))}  ${c.note(r.section.padEnd(8))}  ${r.failure.padEnd(8)}  ${r.title}\n`);
    out.flush();
    return EXIT_OK;
  }
  let caps: import('./caps/types.js').Caps | undefined;
  if (o.caps === '-' && files.includes('-')) {
    io.stderr.write(`vmcs check: ${e.error('error')}: --caps - reads standard input, so give the dump as a file\n`);
    return EXIT_USAGE;
  }
  if (o.caps !== undefined) {
    const loaded = await loadCaps(o.caps, 'check', e, io);
    if (!loaded) return EXIT_USAGE;
    caps = loaded;
  }
  let facts: import('./caps/types.js').CpuFacts | undefined;
  if (o.cpu !== undefined) {
    const { parseFacts } = await import('./caps/facts.js');
    const r = parseFacts(o.cpu);
    if ('error' in r) {
      io.stderr.write(`vmcs check: ${e.error('error')}: --cpu ${r.error}\n`);
      return EXIT_USAGE;
    }
    facts = r.facts;
  }
  let profile: import('./binary.js').LayoutProfile | undefined;
  if (o.layout !== undefined) {
    const p = await readLayout(o.layout, 'check', e, io);
    if (!p) return EXIT_USAGE;
    profile = p;
  }
  const { Annotator } = await import('./annotate.js');
  const { checkDump } = await import('./check/check.js');
  const { diagnosticLine } = await import('./render/human.js');
  let index = 0;
  let failed = false;
  let unreadable = false;
  const totals = { dumps: 0, pass: 0, fail: 0, notEvaluated: 0 };
  const globalDiags: Record<string, unknown>[] = [];
  const json = o.json ? await import('./render/json.js') : null;
  if (json) out.write('{"dumps":[');
  const emit = (dumps: import('./annotate.js').Dump[]): void => {
    for (const dump of dumps) {
      if (dump.fields.length === 0) continue;
      index++;
      const report = checkDump(dump, { ...(caps ? { caps } : {}), ...(facts ? { facts } : {}) });
      totals.dumps++;
      totals.pass += report.counts.pass;
      totals.fail += report.counts.fail;
      totals.notEvaluated += report.counts.notEvaluated;
      if (report.counts.fail > 0) failed = true;
      const x = { dump, index, report };
      if (json) out.write((index > 1 ? ',\n' : '\n') + JSON.stringify(render.jsonCheck(x)));
      else out.write(render.renderCheck(c, x, caps, o.verbose === true));
    }
    out.flush();
  };
  for (const file of files) {
    const source = file === '-' ? '<stdin>' : file;
    const a = new Annotator({ source, format: o.format, bits: false, ...(profile ? { profile } : {}) });
    const why = await feed(file, 'check', a, emit, ctx);
    if (why !== null) {
      out.flush();
      io.stderr.write(`vmcs check: ${e.error('error')}: cannot read '${file}': ${why}\n`);
      if (json) globalDiags.push({ source, severity: 'error', code: 'unreadable', message: `cannot read '${file}': ${why}` });
      unreadable = true;
      continue;
    }
    const before = index;
    emit(a.end());
    const diags = [...a.diagnostics];
    for (const d of diags) {
      if (json) globalDiags.push(json.jsonDiagnostic(d, source));
      else {
        out.flush();
        io.stderr.write(diagnosticLine(e, d, source) + '\n');
      }
    }
    if (index === before && a.summary.fields === 0) {
      // annotate's no-fields diagnostic has said so already
      if (!diags.some((d) => d.code === 'no-fields')) {
        out.flush();
        const what = a.summary.dumps > 0 ? 'its dumps hold no VMCS field to check (only values that are not fields)' : 'no VMCS dump found';
        if (!json) io.stderr.write(`vmcs check: ${e.error('error')}: ${source}: ${what}\n`);
        else globalDiags.push({ source, severity: 'error', code: 'no-fields', message: `${source}: ${what}` });
      }
      unreadable = true;
    }
  }
  if (json) out.write(`\n],"caps":${JSON.stringify(caps ? { source: caps.source, ...(caps.cpu ? { cpu: caps.cpu } : {}) } : null)},"diagnostics":${JSON.stringify(globalDiags)},"summary":${JSON.stringify(totals)}}\n`);
  else if (totals.dumps > 1) out.write(`${totals.dumps} dumps: ${totals.fail} failures, ${totals.pass} passed, ${totals.notEvaluated} not evaluated\n`);
  out.flush();
  return unreadable ? EXIT_USAGE : failed ? EXIT_INVALID : EXIT_OK;
}

async function capsCommand(sources: string[], o: CommonOptions & { diff?: boolean; list?: boolean }, ctx: Ctx): Promise<number> {
  const { io, out } = ctx;
  const { c, e } = await ctx.styles(o);
  if (o.list) {
    const { profiles } = await import('./caps/profiles.js');
    if (o.json) out.write(JSON.stringify(profiles.map((p) => ({ name: p.name, aliases: p.aliases, cpu: p.cpu, citation: p.citation, ...(p.assumed ? { assumed: p.assumed } : {}) })), null, 2) + '\n');
    else for (const p of profiles) out.write(`${c.name(p.name.padEnd(12))}  ${p.cpu}${p.aliases.length ? c.note(` (also: ${p.aliases.join(', ')})`) : ''}\n`);
    out.flush();
    return EXIT_OK;
  }
  if (sources.length === 0) {
    if (io.stdin.isTTY) {
      io.stderr.write(`vmcs caps: ${e.error('error')}: give a source (a profile, a file, or "-" for standard input); vmcs caps --list shows the profiles\n`);
      return EXIT_USAGE;
    }
    sources = ['-'];
  }
  if (o.diff && sources.length !== 2) {
    io.stderr.write(`vmcs caps: ${e.error('error')}: --diff compares two sources, got ${sources.length}\n`);
    return EXIT_USAGE;
  }
  if (sources.filter((s) => s === '-').length > 1) {
    io.stderr.write(`vmcs caps: ${e.error('error')}: standard input can be only one of the sources\n`);
    return EXIT_USAGE;
  }
  const loaded: import('./caps/types.js').Caps[] = [];
  for (const s of sources) {
    const caps = await loadCaps(s, 'caps', e, io);
    if (!caps) return EXIT_USAGE;
    loaded.push(caps);
  }
  const { decodeCaps, diffCaps } = await import('./caps/decode.js');
  const render = await import('./render/caps.js');
  if (o.diff) {
    const d = diffCaps(loaded[0]!, loaded[1]!);
    out.write(o.json ? JSON.stringify(render.jsonCapsDiff(d), null, 2) + '\n' : render.renderCapsDiff(c, d));
  } else if (o.json) {
    const reports = loaded.map((x) => render.jsonCaps(decodeCaps(x)));
    out.write(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n');
  } else out.write(loaded.map((x) => render.renderCaps(c, decodeCaps(x))).join('\n'));
  out.flush();
  return EXIT_OK;
}
