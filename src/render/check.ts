/**
 * Output of `vmcs check`: the failures first, each with why and what the CPU reports; then
 * whether they explain the failure the dump records; then the counts (--verbose lists the
 * passing and not-evaluated rules). JSON keeps the shape of the README.
 */
import type { Dump } from '../annotate/index.js';
import type { Caps } from '../caps/types.js';
import type { CheckReport, Explanation, RecordedFailure } from '../check/check.js';
import type { AssumedBit, FailureKind, Fix, Need, RuleResult } from '../check/types.js';
import { formatEncoding } from '../table/encoding.js';
import { enums } from '../bits/layouts.js';
import { hex } from '../check/inputs.js';
import type { Style } from './style.js';
import * as jsonDiag from './json.js';
import { safeText } from './messages.js';
import { SVM_HOST_NOTE } from '../dialects/types.js';

export const FAILURE_TEXT: Record<FailureKind, string> = {
  'vmfail-7': 'VMfailValid, VM-instruction error 7 (VM entry with invalid control field(s))',
  'vmfail-8': 'VMfailValid, VM-instruction error 8 (VM entry with invalid host-state field(s))',
  'exit-33': 'VM-entry failure: exit reason 33 (0x80000021, invalid guest state)',
  'exit-34': 'VM-entry failure: exit reason 34 (0x80000022, MSR loading)',
};

export function failureText(r: Pick<RuleResult, 'failure' | 'qualification' | 'id'>): string {
  const base = FAILURE_TEXT[r.failure];
  if (r.failure === 'exit-33') return `${base}, exit qualification ${r.qualification ?? 0}`;
  if (r.failure === 'exit-34') return `${base}, exit qualification = the index of the failing entry`;
  return base;
}

export function needText(n: Need): string {
  switch (n.kind) {
    case 'field':
      return `needs ${n.name} (${formatEncoding(n.encoding)}), which the dump does not hold`;
    case 'msr':
      return `needs ${n.name}: give the CPU's capabilities with --caps`;
    case 'fact':
      return `needs ${n.what}: give it with --cpu ${n.key}=...`;
    case 'memory':
      return `needs memory a dump does not hold: ${n.what}`;
    case 'model':
      return `depends on the processor model: ${n.what}`;
  }
}

export function recordedText(r: RecordedFailure): string {
  if (r.kind === 'vmfail-7' || r.kind === 'vmfail-8' || r.kind === 'vmfail') {
    const name = enums['vm-instruction-error']?.values[String(r.error)]?.name;
    return `VM-instruction error ${r.error} (VMfailValid${name ? `: ${name}` : ''})`;
  }
  const q = r.qualification !== undefined ? `, qualification ${r.qualification}` : '';
  const what = r.kind === 'exit-33' ? 'invalid guest state' : r.kind === 'exit-34' ? 'MSR loading' : 'machine-check event during VM entry';
  return `exit reason 0x${(r.exitReason ?? 0).toString(16)} (VM-entry failure, ${what}${q})`;
}

/** What exit qualification 2, 3 or 4 of exit 33 means (SDM 27.8, "VM-entry failures during or after loading guest state"). */
export const QUALIFICATION_TEXT: Record<NonNullable<Explanation['qualificationSays']>, string> = {
  pdptes: 'qualification 2: loading the PDPTEs failed (PAE paging: a PDPTE has a reserved bit set)',
  'nmi-under-sti': 'qualification 3: the entry injected an NMI while the guest blocks events by STI',
  'link-pointer': 'qualification 4: the VMCS link pointer failed a check',
};

export function explanationLines(c: Style, e: Explanation): string[] {
  const rec = recordedText(e.recorded);
  const says = e.qualificationSays ? [`The dump records ${QUALIFICATION_TEXT[e.qualificationSays]} (SDM 27.8).`] : [];
  return [...says, ...explanationBody(c, e, rec)];
}

function explanationBody(c: Style, e: Explanation, rec: string): string[] {
  if (e.recorded.kind === 'exit-41') return [`The dump records ${rec}: a machine check, not a check on the VMCS; the rules cannot predict it.`];
  if (e.recorded.kind === 'vmfail') return [`The dump records ${rec}: not one of the VM-entry checks on the VMCS fields (those give error 7 or 8); the rules cannot explain it.`];
  // the failure itself is said on the rule's line: this says only that it is the recorded one
  if (e.status === 'explained') return [c.name(`Explained: ${e.by.join(', ')} ${e.by.length > 1 ? 'give' : 'gives'} exactly the failure the dump records.`), ...decidedLines(e)];
  const lines =
    e.status === 'contradicted'
      ? [
          c.bad(
            e.recorded.kind === 'exit-33'
              ? `Not consistent: the dump records ${rec}, but the rules found control or host-state failures, which the CPU reports first (VMfailValid): the capabilities given may not be this CPU's.`
              : `Not consistent: the dump records ${rec}, but the rules found failures the CPU reports before MSR loading (VMfailValid, or invalid guest state).`,
          ),
        ]
      : [c.bad(`Not explained: the dump records ${rec}, and no evaluated rule gives that failure.`)];
  if (e.byIf?.length) lines.push(`  ${e.byIf.join(', ')} ${e.byIf.length > 1 ? 'give' : 'gives'} that failure under a setting of a control the dump does not hold (FAIL IF above).`);
  if (e.couldBe.length) lines.push(`  The cause may be among the rules not evaluated: ${e.couldBe.join(', ')}.`);
  else lines.push('  Every rule that gives this failure was evaluated and passed.');
  return lines;
}

/** What decided the rules of an explanation that a decision after the rules decided (Explanation.decided). */
const DECIDED_TEXT: Record<NonNullable<Explanation['decided']>[number]['by'], string> = {
  'exit-qualification': "by the dump's record of the failure (its exit qualification, which only this rule gives), not by the fields it reads",
  'kvm-check': "by the dump's record of KVM's failed consistency check (kvm_nested_vmenter_failed), not by the fields it reads",
  'qemu-view': "from QEMU's view of the vCPU (II= and HLT=), not from the VMCS",
};

function decidedLines(e: Explanation): string[] {
  return (e.decided ?? []).map((d) => `  ${d.id} was decided after the rules, ${DECIDED_TEXT[d.by]}.`);
}

export interface CheckedDump {
  dump: Dump;
  index: number;
  report: CheckReport;
}

function where(d: Dump): string {
  const parts: string[] = [];
  if (d.source) parts.push(safeText(d.source));
  if (d.firstLine !== undefined) parts.push(d.lastLine !== undefined && d.lastLine !== d.firstLine ? `lines ${d.firstLine}-${d.lastLine}` : `line ${d.firstLine}`);
  parts.push(d.format);
  return parts.join(', ');
}

export function renderCheck(c: Style, x: CheckedDump, caps: Caps | undefined, verbose: boolean): string {
  const { report } = x;
  const out: string[] = [c.heading(`Dump ${x.index}`) + ` (${where(x.dump)})`];
  // QEMU's register dump: the rules read QEMU's view of the vCPU, not the VMCS
  if (x.dump.format === 'qemu' && x.dump.description) out.push(`  ${c.note(x.dump.description)}`);
  // KVM's failed nested consistency check, as the trace line records it (the rule it is fails by the record when it is one)
  for (const n of x.dump.notes ?? []) if (n.label === 'kvm_nested_vmenter_failed') out.push(`  ${c.note('The dump records kvm_nested_vmenter_failed:')} ${safeText(n.value)}: ${safeText(n.what)}`);
  const failing = report.results.filter((r) => r.status === 'fail');
  for (const r of failing) {
    out.push(`  ${c.bad('FAIL')} ${c.name(r.id.padEnd(5))} ${c.note(`SDM ${r.section}`)}  ${r.title}`);
    out.push(`       ${r.message ?? ''}`);
    // the fields line only when it adds to the message (a value the message does not give)
    if (r.fields.length && !r.fields.every((f) => (r.message ?? '').includes(`${f.name} ${hex(f.value)}`))) out.push(`       ${c.note('fields:')} ${r.fields.map((f) => `${f.name}=${c.value(hex(f.value))}`).join(' ')}`);
    if (r.msrs.length) out.push(`       ${c.note('MSRs:')} ${r.msrs.map((m) => `${m.name}=${c.value(hex(m.value))}`).join(' ')}`);
    // a rule the record decides says so in its message: the failure is not said again
    if (!r.recorded) out.push(`       ${c.note('the CPU would report:')} ${failureText(r)}`);
    if (r.decision) out.push(`       ${c.note('note:')} ${r.decision}`);
    if (r.fixes) out.push(`       ${c.note('fix:')} ${fixText(r.fixes)}`);
  }
  // a rule the dump cannot decide for want of a control, which fails under some setting of it
  const conditional = report.results.filter((r) => r.status === 'not-evaluated' && r.failsIf);
  for (const r of conditional) {
    out.push(`  ${c.bad('FAIL IF')} ${c.name(r.id.padEnd(5))} ${c.note(`SDM ${r.section}`)}  ${r.title}`);
    for (const x of r.failsIf!) out.push(`       ${c.note('if')} ${conditionText(x.when)}: ${x.message}`);
    out.push(`       ${c.note('then the CPU would report:')} ${failureText(r)}`);
  }
  const n = report.counts;
  const errors = x.dump.diagnostics.filter((d) => d.severity === 'error').length;
  const svm = x.dump.notes?.find((m) => m.label === SVM_HOST_NOTE);
  if (svm) out.push(`  ${c.bad('Not checked:')} ${safeText(svm.what)}`);
  else if (n.pass + n.fail === 0) out.push(`  ${c.bad('Nothing could be checked:')} no rule can be evaluated with the ${x.dump.fields.length} field${x.dump.fields.length === 1 ? '' : 's'} this dump holds.`);
  else if (failing.length === 0)
    out.push(
      errors
        ? `  ${c.bad(`No rule fails among the ${n.pass} evaluated, but ${errors} value${errors === 1 ? '' : 's'} of this dump could not be read (see the errors): the result may be incomplete.`)}`
        : conditional.length
          ? `  ${c.bad(`No rule fails for certain, but ${conditional.length} would under a setting of a control the dump does not hold (FAIL IF above).`)}`
          : `  ${c.name('No rule fails.')}`,
    );
  // which failure wins, said once: only when the failing rules give different ones (each rule's line gives its own)
  else if (new Set(failing.map((r) => r.failure)).size > 1) out.push(`  ${c.note('The CPU would report:')} ${report.predicted ? FAILURE_TEXT[report.predicted] : ''}`);
  if (report.explanation) out.push(...explanationLines(c, report.explanation).map((l) => '  ' + l));
  if (verbose) {
    const ne = report.results.filter((r) => r.status === 'not-evaluated');
    if (ne.length) {
      out.push(`  ${c.group('Not evaluated')}`);
      for (const r of ne) out.push(`    ${r.id.padEnd(5)} ${r.title}\n          ${c.note(r.needs ? needText(r.needs) : '')}`);
    }
    const ok = report.results.filter((r) => r.status === 'pass');
    if (ok.length) {
      out.push(`  ${c.group('Passed')}`);
      for (const r of ok) out.push(`    ${r.id.padEnd(5)} ${r.title}`);
    }
  }
  const capsNote = caps ? `capabilities: ${safeText(caps.source)}` : 'no capabilities given (--caps): the rules that need them were not evaluated';
  out.push(
    `  ${n.fail} failed, ${n.pass} passed, ${n.notEvaluated} not evaluated${verbose || n.notEvaluated === 0 ? '' : ' (--verbose lists them)'}; ${capsNote}`,
  );
  return out.join('\n') + '\n\n';
}

/** 'VM_ENTRY_CONTROLS bit 2 (Load debug controls) = 1, which the dump does not hold' */
export function conditionText(when: readonly AssumedBit[]): string {
  const fields = [...new Set(when.map((b) => b.field))];
  return `${when.map((b) => `${b.field} bit ${b.bit} (${b.name}) = ${b.value}`).join(' and ')}, which the dump does not hold${fields.length > 1 ? ' (' + fields.join(', ') + ')' : ''}`;
}

export function jsonRuleResult(r: RuleResult): Record<string, unknown> {
  const o: Record<string, unknown> = {
    id: r.id,
    status: r.status,
    section: r.section,
    title: r.title,
    fields: r.fields.map((f) => ({ name: f.name, encoding: formatEncoding(f.encoding), value: hex(f.value) })),
    message: r.status === 'fail' ? r.message : r.status === 'not-evaluated' && r.needs ? needText(r.needs) : r.title,
    failure: r.failure,
    failureText: failureText(r),
  };
  if (r.qualification !== undefined) o.qualification = r.qualification;
  if (r.msrs.length) o.msrs = r.msrs.map((m) => ({ name: m.name, index: '0x' + m.index.toString(16), value: hex(m.value) }));
  if (r.needs) o.needs = r.needs.kind === 'field' ? { ...r.needs, encoding: formatEncoding(r.needs.encoding) } : r.needs.kind === 'msr' ? { ...r.needs, index: '0x' + r.needs.index.toString(16) } : r.needs;
  if (r.decision) o.decision = r.decision;
  if (r.fixes) o.fixes = r.fixes.map((f) => ({ field: f.field, from: hex(f.from), to: hex(f.to), why: f.why, ...(f.dependsOnIntent ? { dependsOnIntent: f.dependsOnIntent } : {}) }));
  if (r.recorded) o.recorded = true;
  if (r.decidedBy) o.decidedBy = r.decidedBy;
  if (r.failsIf) o.failsIf = r.failsIf.map((x) => ({ when: x.when, message: x.message, fields: x.fields.map((f) => ({ name: f.name, encoding: formatEncoding(f.encoding), value: hex(f.value) })) }));
  return o;
}

/** One line: "GUEST_RFLAGS 0x2 -> 0x202 (set RFLAGS.IF (bit 9)); depends on intent: or clear ..." */
export function fixText(fixes: readonly Fix[]): string {
  const changes = fixes.map((f) => `${f.field} ${hex(f.from)} -> ${hex(f.to)} (${f.why})`).join('; ');
  const intents = [...new Set(fixes.flatMap((f) => (f.dependsOnIntent ? [f.dependsOnIntent] : [])))];
  return changes + (intents.length ? `; depends on intent: ${intents.join('; ')}` : '');
}

/**
 * One checked dump as `check` writes it in JSON: a `vmcs/check-record/v1` line with `--ndjson`,
 * else an element of the `dumps` array of `vmcs/check/v1` (after a comma past the first). The
 * main thread and the worker threads (src/cli/check-worker.ts) write the same text through it.
 * The text of `results` is made from each result's own text, kept with it: check reuses a
 * rule's result for every dump that has the same values where the rule looked
 * (src/check/check.ts), so most results of a long log are written once.
 */
export function jsonCheckText(x: CheckedDump, ndjson: boolean): string {
  const [head, tail] = jsonCheckEnds(x, ndjson);
  return head + resultsText(x.report.results) + tail;
}

/**
 * The same text as jsonCheckText, in pieces: the text before and after the results, and each
 * result as UTF-8 bytes (kept with the result, as its text is), so that a writer of bytes
 * neither builds nor encodes again what most dumps of a long log repeat.
 */
export function jsonCheckChunks(x: CheckedDump, ndjson: boolean): Array<string | Uint8Array> {
  const [head, tail] = jsonCheckEnds(x, ndjson);
  const results = x.report.results;
  const out: Array<string | Uint8Array> = [head + '['];
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    let b = resultBytes.get(r);
    if (b === undefined) {
      b = new TextEncoder().encode(',' + resultText(r));
      resultBytes.set(r, b);
    }
    out.push(i === 0 ? b.subarray(1) : b);
  }
  out.push(']' + tail);
  return out;
}

/** The text before the results' array (up to `"results":`) and after it. */
function jsonCheckEnds(x: CheckedDump, ndjson: boolean): [string, string] {
  const o = jsonCheck(x, true, false);
  const head = ndjson ? JSON.stringify({ schema: 'vmcs/check-record/v1', type: 'dump', ...o }) : JSON.stringify(o);
  return [(ndjson ? '' : x.index > 1 ? ',\n' : '\n') + head.slice(0, -1) + ',"results":', ndjson ? '}\n' : '}'];
}

/** The JSON text of each result, and its bytes with a comma before (results are never modified once made). */
const resultTexts = new WeakMap<RuleResult, string>();
const resultBytes = new WeakMap<RuleResult, Uint8Array>();

function resultText(r: RuleResult): string {
  let t = resultTexts.get(r);
  if (t === undefined) {
    t = JSON.stringify(jsonRuleResult(r));
    resultTexts.set(r, t);
  }
  return t;
}

/** The last results' text: the next dump often has the very same results. */
let lastResults: readonly RuleResult[] = [];
let lastResultsText = '[]';

function resultsText(results: readonly RuleResult[]): string {
  if (results.length === lastResults.length && results.every((r, i) => r === lastResults[i])) return lastResultsText;
  let t = '[';
  for (let i = 0; i < results.length; i++) t += (i > 0 ? ',' : '') + resultText(results[i]!);
  t += ']';
  lastResults = results;
  lastResultsText = t;
  return t;
}

export function jsonCheck(x: CheckedDump, verbose = true, results = true): Record<string, unknown> {
  const { dump, report } = x;
  const o: Record<string, unknown> = { format: dump.format };
  if (dump.description !== undefined) o.description = dump.description;
  if (dump.source !== undefined) o.source = dump.source;
  if (dump.firstLine !== undefined) o.firstLine = dump.firstLine;
  if (dump.lastLine !== undefined) o.lastLine = dump.lastLine;
  o.counts = report.counts;
  o.predicted = report.predicted;
  if (report.explanation) {
    const e = report.explanation;
    const rec: Record<string, unknown> = { kind: e.recorded.kind };
    if (e.recorded.exitReason !== undefined) rec.exitReason = '0x' + e.recorded.exitReason.toString(16);
    if (e.recorded.qualification !== undefined) rec.qualification = hex(e.recorded.qualification);
    if (e.recorded.error !== undefined) rec.error = e.recorded.error;
    o.explanation = { recorded: rec, status: e.status, by: e.by, couldBe: e.couldBe, ...(e.byIf ? { byIf: e.byIf } : {}), ...(e.decided ? { decided: e.decided } : {}), ...(e.qualificationSays ? { qualificationSays: e.qualificationSays, qualificationText: QUALIFICATION_TEXT[e.qualificationSays] } : {}) };
  }
  if (dump.diagnostics.length) {
    const { jsonDiagnostic } = jsonDiag;
    o.diagnostics = dump.diagnostics.map((d) => jsonDiagnostic(d));
  }
  if (results) o.results = report.results.filter((r) => verbose || r.status !== 'pass').map(jsonRuleResult);
  return o;
}
