/**
 * `vmcs template`: CLI wiring only (options -> library -> renderer -> exit code).
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { Caps } from '../../caps/types.js';
import type { Style } from '../../render/style.js';
import { readFileSync } from 'node:fs';
import { loadCaps } from '../load.js';
import { readAll } from '../io.js';

export interface TemplateCliOptions {
  json?: boolean;
  color: boolean;
  width?: number;
  caps?: string;
  mode?: string;
  ept?: boolean;
  vpid?: boolean;
  unrestricted?: boolean;
  msrBitmaps?: boolean;
  set?: string[];
  format?: string;
  from?: string;
  dump?: string;
}

interface TemplateCtx<IO extends { stderr: { write(s: string): unknown }; stdin?: unknown }> {
  io: IO;
  out: { write(s: string): void; flush(): void };
  styles(o: { json?: boolean; color: boolean }): Promise<{ c: Style; e: Style }>;
}

type LoadCaps<IO> = (spec: string, cmd: string, e: Style, io: IO) => Promise<Caps | null>;

const EXAMPLES = `
The state passes every VM-entry check that can be decided with the capabilities given (it runs
check on itself); addresses are named placeholders, listed in the output, to replace with --set.
Modes: long (64-bit), protected (32-bit paging), protected-pae, real (at the reset vector, with
unrestricted guest), unrestricted-real (a boot sector at 0x7c00), v86 (virtual-8086).

--from DUMP starts from a dump (any input annotate reads): its values are kept where they pass,
the rules it fails are repaired with check's suggested fixes (as check --apply-fixes), and the
fields it lacks come from the template for its mode (--mode may be left out: the dump's mode).
The EPT, VPID, unrestricted-guest and MSR-bitmap controls it uses are kept; the read-only
VM-exit information is left out. The output says which values were fixed, and when a fix
depends on what you intended.

Examples:
  $ vmcs template --caps qemu:Icelake-Server --mode long --ept --vpid
  $ vmcs template --caps i7-9750h --mode real --format c > vmcs_setup.c
  $ vmcs template --caps msrs.txt --mode long --set HOST_RIP=0xffffffff81234560 --format rust
  $ vmcs template --caps i7-9750h --mode long | vmcs check --caps i7-9750h --cpu lma=1
  $ vmcs template --caps i7-9750h --from failing-dump.txt > fixed.txt`;

/** Adds the command's options to `cmd`. */
export function configureTemplate(cmd: Command): Command {
  return cmd
    .description('generate a minimal VMCS state that passes every decidable VM-entry check, for a CPU and a guest mode')
    .requiredOption('--caps <source>', 'capability MSRs: a built-in profile (caps --list), local (this CPU, root), an rdmsr-style file, vmxcap output, a VirtualBox log or /proc/cpuinfo')
    .addOption(new Option('--mode <mode>', 'guest mode (required unless --from gives a dump)').choices(['long', 'protected', 'protected-pae', 'real', 'unrestricted-real', 'v86']))
    .option('--from <dump>', 'start from this dump\'s state, repaired and completed to pass check ("-" for standard input)')
    .option('--dump <n>', 'with --from: which dump of the file, counting from 1 (when it holds several)')
    .option('--ept', 'enable EPT')
    .option('--vpid', 'enable VPID')
    .option('--unrestricted', 'unrestricted guest (implies --ept)')
    .option('--msr-bitmaps', 'use MSR bitmaps')
    .option('--set <field=value...>', 'set a field (a placeholder\'s real address, or any field): NAME=HEX, repeatable')
    .addOption(new Option('--format <format>', 'output').choices(['dump', 'json', 'c', 'rust']).default('dump'))
    .addHelpText('after', EXAMPLES);
}

export async function templateCommand<IO extends { stderr: { write(s: string): unknown }; stdin?: unknown }>(o: TemplateCliOptions, ctx: TemplateCtx<IO>, loadCaps: LoadCaps<IO>): Promise<number> {
  const { io, out } = ctx;
  const { e } = await ctx.styles(o);
  const fail = (msg: string): number => {
    io.stderr.write(`vmcs template: ${e.error('error')}: ${msg}\n`);
    return 2;
  };
  if (o.mode === undefined && o.from === undefined) return fail("required option '--mode <mode>' not specified (or give --from DUMP)");
  if (o.dump !== undefined && o.from === undefined) return fail('--dump goes with --from');
  if (o.dump !== undefined && !/^[1-9]\d*$/.test(o.dump)) return fail(`--dump '${o.dump}': expected a dump number counting from 1`);
  if (o.caps === '-' && o.from === '-') return fail('--caps - and --from - cannot both read standard input');
  const caps = await loadCaps(o.caps!, 'template', e, io);
  if (!caps) return 2;
  const { lookupName, suggestNames } = await import('../../table/table.js');
  const set = new Map<number, bigint>();
  for (const item of o.set ?? []) {
    const m = /^([^=]+)=\s*(?:0x)?([0-9a-f]+)$/i.exec(item.trim());
    if (!m) {
      io.stderr.write(`vmcs template: ${e.error('error')}: --set '${item}': expected FIELD=HEX (HOST_RIP=0xffffffff81000000)\n`);
      return 2;
    }
    const f = lookupName(m[1]!);
    if (!f) {
      const near = suggestNames(m[1]!);
      io.stderr.write(`vmcs template: ${e.error('error')}: --set '${item}': unknown field '${m[1]}'${near.length ? `; did you mean ${near.join(', ')}?` : ''}\n`);
      return 2;
    }
    const v = BigInt('0x' + m[2]!);
    const bits = f.width === '16' ? 16n : f.width === '32' ? 32n : 64n;
    if (v >> bits !== 0n) {
      io.stderr.write(`vmcs template: ${e.error('error')}: --set '${item}': 0x${m[2]} is wider than ${f.name}, a ${f.width === 'natural' ? 'natural-width' : f.width + '-bit'} field\n`);
      return 2;
    }
    set.set(f.encoding, v);
  }
  const { buildTemplate, buildTemplateFrom, proveTemplate } = await import('../../template/template.js');
  const r = await import('../../render/template.js');
  let from: import('../../render/template.js').FromInfo | undefined;
  let t: ReturnType<typeof buildTemplate>;
  if (o.from !== undefined) {
    const file = o.from;
    let input: string | Uint8Array;
    try {
      input = file === '-' ? await readAll(io.stdin as never) : new Uint8Array(readFileSync(file));
    } catch (err) {
      const code = (err as { code?: string }).code;
      return fail(`cannot read '${file}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message}`);
    }
    const { annotate } = await import('../../annotate/index.js');
    const source = file === '-' ? '<stdin>' : file;
    const dumps = annotate(input, { source }).dumps.filter((d) => d.fields.some((f) => f.name !== null));
    if (dumps.length === 0) return fail(`${source}: no VMCS dump found`);
    const n = o.dump === undefined ? 1 : Number(o.dump);
    if (o.dump === undefined && dumps.length > 1) return fail(`${source} holds ${dumps.length} dumps; say which with --dump N`);
    if (n > dumps.length) return fail(`${source}: --dump ${n}, but it holds ${dumps.length}`);
    const dump = dumps[n - 1]!;
    const values = new Map(dump.fields.filter((f) => f.name !== null).map((f) => [f.encoding, f.value] as const));
    const { modeOfState } = await import('../../template/template.js');
    const dumpMode = modeOfState(values);
    if (o.mode !== undefined && dumpMode !== null && o.mode !== dumpMode) return fail(`--mode ${o.mode}: the guest of ${source}${dumps.length > 1 ? ` dump ${n}` : ''} is in ${dumpMode} mode; leave --mode out or give --mode ${dumpMode}`);
    const tf = buildTemplateFrom({ caps, from: values, ...(o.mode ? { mode: o.mode as never } : {}), ept: o.ept, vpid: o.vpid, unrestricted: o.unrestricted, msrBitmaps: o.msrBitmaps, set });
    t = tf;
    from = { source, dump: n, count: dumps.length, format: dump.format, dropped: tf.dropped, dumpMode: tf.dumpMode, inferred: tf.inferred };
  } else t = buildTemplate({ caps, mode: o.mode as never, ept: o.ept, vpid: o.vpid, unrestricted: o.unrestricted, msrBitmaps: o.msrBitmaps, set });
  for (const d of t.diagnostics) io.stderr.write(r.templateDiagnosticLine(e, d) + '\n');
  const format = o.json ? 'json' : o.format ?? 'dump';
  if (!t.ok) {
    // The errors are on stderr; a JSON reader still gets a document, with them in `diagnostics`.
    if (format === 'json') out.write(JSON.stringify(r.jsonTemplate(t, caps, null, from), null, 2) + '\n');
    out.flush();
    return 1;
  }
  const proof = proveTemplate(t, caps);
  if (format === 'json') out.write(JSON.stringify(r.jsonTemplate(t, caps, proof, from), null, 2) + '\n');
  else if (format === 'c') out.write(r.renderTemplateC(t, caps, from));
  else if (format === 'rust') out.write(r.renderTemplateRust(t, caps, from));
  else {
    // on a terminal the comments are fitted to its width (each piece a comment: the text stays a dump); C and Rust stay whole
    const { outputWidth } = await import('../width.js');
    const width = outputWidth(o, (io as unknown as { stdout: { isTTY?: boolean; columns?: number } }).stdout, (io as unknown as { env: Record<string, string | undefined> }).env);
    const text = r.renderTemplateDump(t, caps, proof, from);
    out.write(Number.isFinite(width) ? (await import('../../render/wrap.js')).fitComments(text, width) : text);
  }
  out.flush();
  // A failure of the self-check is a bug of the template (or a --set value): say so, exit 1.
  for (const f of proof.failed) io.stderr.write(`vmcs template: ${e.error('error')}: the template fails ${f.id} (${f.title}): ${f.message}\n`);
  return proof.failed.length ? 1 : 0;
}

/** Registers `vmcs template` on the program (src/cli/program.ts). */
export function register(r: import('../program.js').Registry): void {
  r.common(configureTemplate(r.program.command('template'))).action(async (o: TemplateCliOptions) => {
    r.setCode(await templateCommand(o, r.ctx, loadCaps));
  });
}
