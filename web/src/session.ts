/**
 * One run of the page over one input: the library's Annotator reads the bytes in chunks, each
 * dump it completes is checked with checkDump, exactly as `vmcs check` does, and the page gets
 * plain data back: a short summary per dump as it completes, and on demand the whole view of
 * one dump (its check as `vmcs check --json` gives it, its fields grouped as `vmcs annotate`
 * groups them). Runs in the Web Worker, or on the page itself when no worker can be made.
 * No DOM here, nothing but the library (dist/, the very build the CLI runs).
 */
import { Annotator, type Dump } from '../../dist/annotate/index.js';
import { checkDump, type CheckReport } from '../../dist/check/check.js';
import { findProfile, profileCaps, profiles } from '../../dist/caps/profiles.js';
import { parseCaps } from '../../dist/caps/parse.js';
import { parseFacts } from '../../dist/caps/facts.js';
import type { Caps, CpuFacts } from '../../dist/caps/types.js';
import { formatEncoding, formatValue, widthBits } from '../../dist/table/encoding.js';
import { compactBits, renderDump } from '../../dist/render/human.js';
import { explanationLines, FAILURE_TEXT, jsonCheck, renderCheck } from '../../dist/render/check.js';
import { jsonDiagnostic } from '../../dist/render/json.js';
import { plain } from '../../dist/render/style.js';
import type { FormatOption } from '../../dist/annotate/index.js';

/** Diagnostics of bit-level decoding (annotate with bits), which `check` does not produce. */
const BIT_WARNINGS: ReadonlySet<string> = new Set(['reserved-bit-set', 'unknown-bit-set', 'unknown-value']);

/** What the page asks for: the input and the options `vmcs check` takes. */
export interface RunOptions {
  /** File name, or "pasted text" */
  source: string;
  format: FormatOption;
  /** A built-in profile name (`--caps NAME`) */
  profile?: string;
  /** The text of a capabilities file (`--caps FILE`: rdmsr lines, vmxcap output, VBox.log) */
  capsText?: string;
  capsName?: string;
  /** `--cpu` facts: paw=46,la57=0 */
  cpu?: string;
}

export interface DumpSummary {
  /** 1-based, over the dumps that hold fields, as `vmcs check` numbers them */
  index: number;
  format: string;
  firstLine?: number;
  lastLine?: number;
  description?: string;
  fields: number;
  counts: CheckReport['counts'];
  predicted: string | null;
  /** IDs of the rules that fail */
  failed: string[];
  /** explained, not-explained, contradicted, or absent when the dump records no failed entry */
  explanation?: string;
}

export interface FieldView {
  encoding: string;
  name: string | null;
  title: string;
  /** The value as `annotate` prints it: padded to the field's width */
  value: string;
  line?: number;
  offset?: number;
  flags: string[];
  /** The decoded bits on one line, as `annotate` prints them under the field */
  decoded: string;
  /** What to hand explain() on a click: the dump's own exit reason and vector go with the qualification */
  explain: { field: string; value: string; reason?: string; vector?: number };
}

export interface DumpView {
  index: number;
  format: string;
  source?: string;
  firstLine?: number;
  lastLine?: number;
  description?: string;
  /** `vmcs check --json` of this dump (failures and not-evaluated rules) */
  check: Record<string, unknown>;
  /** "The CPU reports:" the failure the CPU reports first, when a rule fails */
  predicted: string;
  /** The dump's exit reason and vector, for explain() of the fields a failed rule read */
  context: { reason?: string; vector?: number };
  /** The sentence(s) on how the failures found compare with the failure the dump records */
  explanation: string[];
  capsNote: string;
  groups: { title: string; fields: FieldView[] }[];
  notes: { where: string; label: string; value: string; what: string }[];
  diagnostics: Record<string, unknown>[];
  /** The same dump as the CLI prints it (check, then annotate), for copying into an issue */
  text: string;
}

export interface RunEnd {
  summary: { lines: number; skipped: number; dumps: number; fields: number; errors: number; warnings: number };
  /** check's summary as `vmcs check --json` gives it (the unknown-token counts are annotate's) */
  totals: { dumps: number; pass: number; fail: number; notEvaluated: number; unknownReported: number; unknownSkipped: number };
  diagnostics: Record<string, unknown>[];
  caps: { source: string; cpu?: string } | null;
  ms: number;
}

export const PROFILES = profiles.map((p) => ({ name: p.name, cpu: p.cpu }));

const GROUP_TITLE: Record<string, string> = { control: 'Control fields', 'exit-info': 'VM-exit information', guest: 'Guest state', host: 'Host state' };

/** `--caps` and `--cpu` as `vmcs check` reads them; a string is the error the CLI would print. */
export function loadOptions(o: RunOptions): { caps?: Caps; facts?: CpuFacts } | string {
  let caps: Caps | undefined;
  if (o.capsText !== undefined) {
    const r = parseCaps(o.capsText, o.capsName ?? 'capabilities');
    if ('error' in r) return r.error;
    caps = r.caps;
  } else if (o.profile) {
    const p = findProfile(o.profile);
    if (!p) return `no built-in profile '${o.profile}' (${profiles.map((x) => x.name).join(', ')})`;
    caps = profileCaps(p);
  }
  let facts: CpuFacts | undefined;
  if (o.cpu !== undefined && o.cpu.trim() !== '') {
    const r = parseFacts(o.cpu);
    if ('error' in r) return `CPU facts: ${r.error}`;
    facts = r.facts;
  }
  return { ...(caps ? { caps } : {}), ...(facts ? { facts } : {}) };
}

export class Session {
  private readonly annotator: Annotator;
  private readonly dumps: Dump[] = [];
  private readonly totals = { dumps: 0, pass: 0, fail: 0, notEvaluated: 0 };
  private readonly started = Date.now();

  constructor(
    private readonly options: RunOptions,
    private readonly check: { caps?: Caps; facts?: CpuFacts },
  ) {
    // bits: true (as annotate), so the view can show the decoded bits; check reads only the values.
    this.annotator = new Annotator({ source: options.source, format: options.format });
  }

  /** Feed bytes; returns the summaries of the dumps they completed. */
  write(chunk: Uint8Array): DumpSummary[] {
    return this.take(this.annotator.write(chunk));
  }

  end(): { summaries: DumpSummary[]; end: RunEnd } {
    const summaries = this.take(this.annotator.end());
    const source = this.options.source;
    const diagnostics = this.annotator.diagnostics.map((d) => jsonDiagnostic(d, source));
    if (this.dumps.length === 0 && !this.annotator.diagnostics.some((d) => d.code === 'no-fields')) {
      const what = this.annotator.summary.dumps > 0 ? 'its dumps hold no VMCS field to check (only values that are not fields)' : 'no VMCS dump found';
      diagnostics.push({ source, severity: 'error', code: 'no-fields', message: `${source}: ${what}` });
    }
    const caps = this.check.caps ? { source: this.check.caps.source, ...(this.check.caps.cpu ? { cpu: this.check.caps.cpu } : {}) } : null;
    return { summaries, end: { summary: { ...this.annotator.summary }, totals: { ...this.totals, unknownReported: this.annotator.summary.unknownReported, unknownSkipped: this.annotator.summary.unknownSkipped }, diagnostics, caps, ms: Date.now() - this.started } };
  }

  private report(dump: Dump): CheckReport {
    return checkDump(dump, this.check);
  }

  private take(dumps: Dump[]): DumpSummary[] {
    const out: DumpSummary[] = [];
    for (const dump of dumps) {
      // as `vmcs check`: dumps with no field are not numbered, unless they record KVM's failed nested consistency check
      if (dump.fields.length === 0 && !dump.notes?.some((n) => n.label === 'kvm_nested_vmenter_failed')) continue;
      this.dumps.push(dump);
      const report = this.report(dump);
      this.totals.dumps++;
      this.totals.pass += report.counts.pass;
      this.totals.fail += report.counts.fail;
      this.totals.notEvaluated += report.counts.notEvaluated;
      const s: DumpSummary = {
        index: this.dumps.length,
        format: dump.format,
        fields: dump.fields.length,
        counts: report.counts,
        predicted: report.predicted,
        failed: report.results.filter((r) => r.status === 'fail').map((r) => r.id),
      };
      if (dump.firstLine !== undefined) s.firstLine = dump.firstLine;
      if (dump.lastLine !== undefined) s.lastLine = dump.lastLine;
      if (dump.description !== undefined) s.description = dump.description;
      if (report.explanation) s.explanation = report.explanation.status;
      out.push(s);
    }
    return out;
  }

  /** The whole view of dump `index` (1-based). The check runs again: one dump is quick, and the run keeps no reports. */
  view(index: number): DumpView | undefined {
    const dump = this.dumps[index - 1];
    if (!dump) return undefined;
    const report = this.report(dump);
    // The check verdict reports what `vmcs check` reports: the dump's input diagnostics, not the
    // warnings of bit-level decoding, which only the annotated fields below carry (check reads no bits).
    const x = { dump: { ...dump, diagnostics: dump.diagnostics.filter((d) => !BIT_WARNINGS.has(d.code)) }, index, report };
    const reason = dump.fields.find((f) => f.encoding === 0x4402);
    const intr = dump.fields.find((f) => f.encoding === 0x4404);
    const groups: DumpView['groups'] = [];
    for (const f of dump.fields) {
      let g = groups[groups.length - 1];
      const title = GROUP_TITLE[f.type] ?? f.type;
      if (!g || g.title !== title) groups.push((g = { title, fields: [] }));
      const bits = widthBits(f.width, f.access);
      const value = f.flags.includes('value-too-wide') ? '0x' + f.value.toString(16) : formatValue(f.value, bits);
      const explain: FieldView['explain'] = { field: formatEncoding(f.encoding), value };
      // as annotate decodes them: with the dump's own exit reason (and the vector of the exiting
      // event); fields whose layout does not depend on them ignore both
      if (reason) explain.reason = String(Number(reason.value & 0xffffn));
      if (intr && (intr.value >> 31n) & 1n) explain.vector = Number(intr.value & 0xffn);
      const fv: FieldView = {
        encoding: formatEncoding(f.encoding),
        name: f.name,
        title: f.title ?? `${f.width === 'natural' ? 'natural' : f.width + '-bit'} ${f.type} field, index ${(f.encoding >> 1) & 0x1ff}`,
        value,
        flags: [...f.flags],
        decoded: f.bits && f.bits.length ? compactBits(plain, f.bits, 0).trim() : '',
        explain,
      };
      if (f.line !== undefined) fv.line = f.line;
      if (f.offset !== undefined) fv.offset = f.offset;
      g.fields.push(fv);
    }
    const notes = (dump.notes ?? []).map((n) => ({
      where: n.line !== undefined ? `line ${n.line}` : n.offset !== undefined ? `+0x${n.offset.toString(16).padStart(3, '0')}` : '',
      label: n.label,
      value: n.value,
      what: n.what,
    }));
    const caps = this.check.caps;
    const view: DumpView = {
      index,
      format: dump.format,
      check: jsonCheck(x, false),
      predicted: report.predicted ? FAILURE_TEXT[report.predicted] : '',
      context: {
        ...(reason ? { reason: String(Number(reason.value & 0xffffn)) } : {}),
        ...(intr && (intr.value >> 31n) & 1n ? { vector: Number(intr.value & 0xffn) } : {}),
      },
      explanation: report.explanation ? explanationLines(plain, report.explanation) : [],
      capsNote: caps ? `capabilities: ${caps.source}` : 'no capabilities given: the rules that need them were not evaluated',
      groups,
      notes,
      diagnostics: dump.diagnostics.map((d) => jsonDiagnostic(d, dump.source)),
      text: renderCheck(plain, x, caps, false) + renderDump(plain, dump, index),
    };
    if (dump.source !== undefined) view.source = dump.source;
    if (dump.firstLine !== undefined) view.firstLine = dump.firstLine;
    if (dump.lastLine !== undefined) view.lastLine = dump.lastLine;
    if (dump.description !== undefined) view.description = dump.description;
    return view;
  }
}
