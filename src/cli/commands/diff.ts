/**
 * `vmcs diff A B`: CLI wiring only (files -> annotate -> diff library -> renderer -> exit code).
 * Exit status like diff(1): 0 same, 1 different, 2 trouble.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { Caps, CpuFacts } from '../../caps/types.js';
import type { Style } from '../../render/style.js';
import { loadCaps } from '../load.js';
import { readAll } from '../io.js';
import { fitter } from '../width.js';

export interface DiffCliOptions {
  json?: boolean;
  ndjson?: boolean;
  color: boolean;
  width?: number;
  dumps?: string;
  ignore?: string;
  ignoreVolatile?: boolean;
  check?: boolean;
  caps?: string;
  cpu?: string;
  format?: string;
}

interface DiffCtx<IO extends { stderr: { write(s: string): unknown } }> {
  io: IO;
  out: { write(s: string): void; flush(): void };
  styles(o: { json?: boolean; color: boolean }): Promise<{ c: Style; e: Style }>;
}

const EXAMPLES = `
A and B are any input annotate reads, in different formats if need be (a KVM dump against a
vmcs12 binary). A file with several dumps needs --dumps; one file and --dumps I,J compares two
dumps of one log. Exit status: 0 same, 1 different, 2 trouble.

--ignore-volatile leaves out the VM-exit information fields, GUEST_RIP, GUEST_RSP, GUEST_CR3,
GUEST_FS_BASE, GUEST_GS_BASE, GUEST_PML_INDEX, TSC_OFFSET, VMX_PREEMPTION_TIMER_VALUE, HOST_RSP.

Examples:
  $ vmcs diff working.txt failing.txt
  $ vmcs diff dmesg.log --dumps 1,2 --ignore-volatile
  $ vmcs diff vmcs12.bin kvm-dump.txt --ignore TSC_OFFSET,GUEST_RIP
  $ vmcs diff --check --caps i7-9750h before.txt after.txt    which rule did my change break?
  $ vmcs diff --ndjson a.txt b.txt | jq -c 'select(.type=="field") | [.name, .a, .b]'`;

export function configureDiff(cmd: Command): Command {
  return cmd
    .description('compare two VMCS states field by field and bit by bit (and, with --check, the VM-entry rules)')
    .argument('<a>', 'first input (a file; "-" for standard input)')
    .argument('[b]', 'second input; leave out with --dumps I,J to compare two dumps of one file')
    .option('--dumps <i,j>', 'which dumps to compare, counting from 1: of the one file, or the I-th of A and the J-th of B')
    .option('--ignore <fields>', 'fields to leave out, comma-separated names or encodings')
    .option('--ignore-volatile', 'leave out the fields that differ between any two dumps (listed below)')
    .option('--check', 'also run the VM-entry checks on both and list the rules whose outcome differs')
    .option('--caps <source>', 'with --check: capability MSRs, as for check')
    .option('--cpu <facts>', 'with --check: CPU facts, as for check')
    .option('--ndjson', 'print one JSON object per difference (field, or rule with --check), then one summary object (JSON Lines)')
    .addHelpText('after', EXAMPLES);
}

export async function diffCommand<IO extends { stderr: { write(s: string): unknown }; stdin: unknown }>(
  a: string,
  b: string | undefined,
  o: DiffCliOptions,
  ctx: DiffCtx<IO>,
  loadCaps: (spec: string, cmd: string, e: Style, io: IO) => Promise<Caps | null>,
  readAll: (stream: IO['stdin']) => Promise<string>,
): Promise<number> {
  const { io, out } = ctx;
  const { c, e } = await ctx.styles(o);
  const fail = (msg: string): number => {
    io.stderr.write(`vmcs diff: ${e.error('error')}: ${msg}\n`);
    return 2;
  };
  let pick: [number, number] | undefined;
  if (o.dumps !== undefined) {
    const m = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(o.dumps);
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) return fail(`--dumps '${o.dumps}': expected two dump numbers counting from 1, as 1,2`);
    pick = [Number(m[1]), Number(m[2])];
  }
  if (b === undefined && !pick) return fail('give two inputs, or one input and --dumps I,J');
  if (a === '-' && b === '-') return fail('standard input can be only one of the inputs');
  if (o.json && o.ndjson) return fail('--json and --ndjson exclude each other');
  const { annotate } = await import('../../annotate/index.js');
  type D = import('../../annotate/index.js').Dump;
  const cache = new Map<string, D[]>();
  const dumpsOf = async (file: string): Promise<D[] | string> => {
    const hit = cache.get(file);
    if (hit) return hit;
    let input: string | Uint8Array;
    try {
      input = file === '-' ? await readAll(io.stdin) : new Uint8Array(readFileSync(file));
    } catch (err) {
      const code = (err as { code?: string }).code;
      return `cannot read '${file}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message}`;
    }
    const r = annotate(input, { source: file === '-' ? '<stdin>' : file, format: (o.format as never) ?? 'auto' });
    const dumps = r.dumps.filter((d) => d.fields.length > 0);
    cache.set(file, dumps);
    return dumps;
  };
  const choose = async (file: string, n: number | undefined, which: string): Promise<{ dump: D; index: number; count: number } | string> => {
    const dumps = await dumpsOf(file);
    if (typeof dumps === 'string') return dumps;
    if (dumps.length === 0) return `${file}: no VMCS dump found`;
    if (n === undefined) {
      if (dumps.length > 1) return `${file} holds ${dumps.length} dumps; say which with --dumps (${which === 'A' ? '1,1' : '1,1'} compares the first of each)`;
      return { dump: dumps[0]!, index: 1, count: 1 };
    }
    if (n > dumps.length) return `${file}: --dumps asks for dump ${n}, but it holds ${dumps.length}`;
    return { dump: dumps[n - 1]!, index: n, count: dumps.length };
  };
  const fileB = b ?? a;
  const ca = await choose(a, pick?.[0], 'A');
  if (typeof ca === 'string') return fail(ca);
  const cb = await choose(fileB, pick?.[1], 'B');
  if (typeof cb === 'string') return fail(cb);

  const { diffDumps, resolveIgnore } = await import('../../diff/diff.js');
  let ignore: Set<number> | undefined;
  if (o.ignore !== undefined) {
    const r = resolveIgnore(o.ignore.split(',').map((s) => s.trim()).filter(Boolean));
    if (r.unknown.length) {
      const { suggestNames } = await import('../../table/table.js');
      const near = suggestNames(r.unknown[0]!);
      return fail(`--ignore: unknown field '${r.unknown[0]}'${near.length ? `; did you mean ${near.join(', ')}?` : ''}`);
    }
    ignore = r.encodings;
  }
  let check: { caps?: Caps; facts?: CpuFacts } | undefined;
  if (o.check) {
    check = {};
    if (o.caps !== undefined) {
      const caps = await loadCaps(o.caps, 'diff', e, io);
      if (!caps) return 2;
      check.caps = caps;
    }
    if (o.cpu !== undefined) {
      const { parseFacts } = await import('../../caps/facts.js');
      const r = parseFacts(o.cpu);
      if ('error' in r) return fail(`--cpu ${r.error}`);
      check.facts = r.facts;
    }
  } else if (o.caps !== undefined || o.cpu !== undefined) return fail('--caps and --cpu go with --check');
  const d = diffDumps(ca.dump, cb.dump, { ...(ignore ? { ignore } : {}), ...(o.ignoreVolatile ? { ignoreVolatile: true } : {}), ...(check ? { check } : {}) });
  const side = (file: string, x: { dump: D; index: number; count: number }) => ({
    source: file === '-' ? '<stdin>' : file,
    dump: x.index,
    format: x.dump.format,
    ...(x.dump.firstLine !== undefined ? { firstLine: x.dump.firstLine, lastLine: x.dump.lastLine } : {}),
  });
  const label = (s: ReturnType<typeof side>, count: number): string =>
    `${s.source}${count > 1 ? ` dump ${s.dump}` : ''} (${s.format}${s.firstLine !== undefined ? `, lines ${s.firstLine}-${s.lastLine}` : ''})`;
  const render = await import('../../render/diff.js');
  const sa = side(a, ca);
  const sb = side(fileB, cb);
  if (o.ndjson) out.write(render.ndjsonDiff(d, sa, sb));
  else if (o.json) out.write(JSON.stringify(render.jsonDiff(d, sa, sb), null, 2) + '\n');
  else {
    // fitted to the terminal as every command's human output is (whole lines in a pipe)
    const fit = await fitter(o, io as unknown as { stdout: { isTTY?: boolean; columns?: number }; env: Record<string, string | undefined> });
    out.write(fit(render.renderDiff(c, d, { label: label(sa, ca.count) }, { label: label(sb, cb.count) })));
  }
  out.flush();
  return d.identical ? 0 : 1;
}

/** Registers `vmcs diff` on the program (src/cli/program.ts). */
export function register(r: import('../program.js').Registry): void {
  r.common(configureDiff(r.program.command('diff'))).action(async (a: string, b: string | undefined, o: DiffCliOptions) => {
    r.setCode(await diffCommand(a, b, o, r.ctx, loadCaps, readAll));
  });
}
