/**
 * `vmcs annotate [FILE...]`: dumps read and every field named. No import of commander here
 * (options are made with the program's createOption): main.ts runs plain annotate without it.
 */
import type { Registry } from '../program.js';
import { EXIT_INVALID, EXIT_NOTHING, EXIT_OK, EXIT_USAGE, feed, type CommonOptions, type Ctx } from '../io.js';
import { safeText } from '../../render/messages.js';
import { readLayout } from '../load.js';
import { fitter, outputWidth } from '../width.js';

export interface AnnotateCliOptions extends CommonOptions {
  format: import('../../annotate/index.js').FormatOption;
  brief?: boolean;
  layout?: string;
  summary?: boolean;
  ndjson?: boolean;
}

const EXAMPLES = `
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
  $ trace-cmd report | vmcs annotate --summary     kvm_exit events counted per exit reason
  $ dmesg -w | vmcs annotate --ndjson | jq -c 'select(.type=="dump") | .fields | length'`;

export function register(r: Registry): void {
  const cmd = r.common(
    r.program
      .command('annotate')
      .description('read VMCS dumps (files, or standard input) and name every field')
      .argument('[files...]', 'dump files; "-" or nothing for standard input')
      .addOption(
        r.program.createOption('--format <format>', 'input format (binary regions and hex dumps are recognised by themselves)')
          .choices(['auto', 'pairs', 'kvm', 'xen', 'haxm', 'hvext', 'bhyve', 'kvm-exit', 'vbox', 'qemu', 'noirvisor', 'jonomango-hv', 'bareflank', 'hyperbone', 'vdhh', 'json'])
          .default('auto'),
      )
      .option('--brief', 'one line per field: no bit-by-bit decoding')
      .option('--layout <file>', 'layout profile (JSON) for hardware VMCS pages of its revision id')
      .option('--summary', 'count the dumps per exit reason (kvm_exit traces: exits per reason) instead of printing them')
      .option('--ndjson', 'print one JSON object per dump as soon as it is complete, then one summary object (JSON Lines)')
      .addHelpText('after', EXAMPLES),
  );
  r.quiet(cmd, 'the exit status says whether every input was read');
  cmd.action(async (files: string[], o: AnnotateCliOptions) => {
    r.setCode(await annotateCommand(files.length ? files : ['-'], o, r.ctx));
  });
}

export async function annotateCommand(files: string[], o: AnnotateCliOptions, ctx: Ctx): Promise<number> {
  const { io, out } = ctx;
  const { c, e } = await ctx.styles(o);
  const fit = await fitter(o, io);
  const width = outputWidth(o, io.stdout, io.env);
  if (files.filter((f) => f === '-').length > 1) {
    io.stderr.write(`vmcs annotate: ${e.error('error')}: standard input ("-") can be given only once\n`);
    return EXIT_USAGE;
  }
  const { Annotator } = await import('../../annotate/index.js');
  let profile: import('../../regions/types.js').LayoutProfile | undefined;
  if (o.layout !== undefined) {
    const p = await readLayout(o.layout, 'annotate', e, io);
    if (!p) return EXIT_USAGE;
    profile = p;
  }
  const exits = new Map<number, number>();
  const human = await import('../../render/human.js');
  const ndjson = o.ndjson === true;
  const json = o.json || ndjson ? await import('../../render/json.js') : null;
  let unreadable = false;
  let invalid = false;
  let dumpIndex = 0;
  const total = { lines: 0, skipped: 0, dumps: 0, fields: 0, errors: 0, warnings: 0, unknownReported: 0, unknownSkipped: 0 };
  const globalDiags: Record<string, unknown>[] = [];
  if (json && !ndjson) out.write('{"schema":"vmcs/annotate/v1","dumps":[');

  // Each dump goes out as soon as it is complete (`dmesg -w | vmcs annotate`), with one
  // write per input chunk rather than per dump.
  // JSON is written as bytes into one buffer, handed to the output every 64 KiB and after each chunk
  const bytes = json ? new json.JsonBytes() : null;
  const emit = (dumps: import('../../annotate/index.js').Dump[]): void => {
    if (dumps.length === 0) return;
    for (const d of dumps) {
      dumpIndex++;
      if (o.summary) {
        const reason = d.fields.find((f) => f.encoding === 0x4402);
        const key = reason ? Number(reason.value & 0xffffn) : -1;
        exits.set(key, (exits.get(key) ?? 0) + 1);
        continue;
      }
      if (json && bytes) {
        if (ndjson) {
          json.writeDumpJson(bytes, d, '{"schema":"vmcs/annotate-record/v1","type":"dump",');
          bytes.ascii('\n');
        } else {
          bytes.ascii(dumpIndex > 1 ? ',\n' : '\n');
          json.writeDumpJson(bytes, d);
        }
        if (bytes.pos >= 1 << 16) out.writeBytes(bytes.take());
      } else {
        out.write(fit(human.renderDump(c, d, dumpIndex, width)));
        if (d.diagnostics.length) {
          out.flush();
          for (const x of d.diagnostics) io.stderr.write(human.diagnosticLine(e, x, d.source) + '\n');
        }
      }
    }
    if (bytes) out.writeBytes(bytes.take());
    out.flush();
  };

  for (const file of files) {
    const source = file === '-' ? '<stdin>' : file;
    const a = new Annotator({ source, format: o.format, bits: !o.brief && !o.summary, ...(profile ? { profile } : {}) });
    const why = await feed(file, 'annotate', a, emit, ctx);
    if (why !== null) {
      out.flush();
      io.stderr.write(`vmcs annotate: ${e.error('error')}: cannot read '${safeText(file)}': ${why}\n`);
      if (json) globalDiags.push({ source, severity: 'error', code: 'unreadable', message: `cannot read '${safeText(file)}': ${why}` });
      unreadable = true;
      total.errors++; // the summary counts it with the other errors, as the diagnostics list it
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
    const { exitReasonName } = await import('../../bits/layouts.js');
    const rows = [...exits.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .map(([reason, count]) => ({ reason: reason < 0 ? null : reason, name: reason < 0 ? 'no exit reason in the dump' : exitReasonName(reason), count }));
    if (ndjson) out.write(`{"schema":"vmcs/annotate-record/v1","type":"summary","exits":${JSON.stringify(rows)},"diagnostics":${JSON.stringify(globalDiags)},"summary":${JSON.stringify(total)}}\n`);
    else if (json) out.write(`\n],"exits":${JSON.stringify(rows)},"diagnostics":${JSON.stringify(globalDiags)},"summary":${JSON.stringify(total)}}\n`);
    else {
      const { widest } = await import('../../render/widest.js');
      const w = widest(5, rows, (r) => String(r.count).length);
      for (const r of rows) out.write(fit(`${c.value(String(r.count).padStart(w))}  ${c.encoding(r.reason === null ? '   -' : String(r.reason).padStart(4))}  ${c.name(r.name)}\n`));
      out.write(human.renderSummary(c, total));
    }
  } else if (ndjson) out.write(`{"schema":"vmcs/annotate-record/v1","type":"summary","diagnostics":${JSON.stringify(globalDiags)},"summary":${JSON.stringify(total)}}\n`);
  else if (json) out.write(`\n],"diagnostics":${JSON.stringify(globalDiags)},"summary":${JSON.stringify(total)}}\n`);
  else out.write(human.renderSummary(c, total));
  out.flush();
  // 3: no input held a VMCS field (check gives the same status for it)
  return unreadable ? EXIT_USAGE : total.fields === 0 ? EXIT_NOTHING : invalid ? EXIT_INVALID : EXIT_OK;
}

