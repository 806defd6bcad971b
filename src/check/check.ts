/**
 * `vmcs check`: run every VM-entry rule over one VMCS state and say which fail, which pass,
 * and which could not be evaluated (and what they need); then, when the dump records how
 * its VM entry failed, whether the failures found explain it.
 */
import type { Dump } from '../annotate/index.js';
import { msrName, type Caps, type CpuFacts } from '../caps/types.js';
import { fieldByEncoding } from '../table/table.js';
import { Inputs, Missing, encodingOf } from './inputs.js';
import { layoutFor, layouts } from '../bits/layouts.js';
import { kvmCheck } from '../dialects/kvm-checks.js';
import { SVM_HOST_NOTE } from '../dialects/types.js';
import type { Memory } from './memory.js';
import { rules } from './rules/index.js';
import type { AssumedBit, Conditional, FailureKind, Rule, RuleResult } from './types.js';

/** Options of `checkDump()` and `checkFields()`: the capability MSRs, CPU facts, the rules to run, and how the entry failed when the dump's source says so. */
export interface CheckOptions {
  caps?: Caps;
  /** CPU facts and processor context; they override those of the caps */
  facts?: CpuFacts;
  /** Only these rules (IDs), e.g. to re-run one */
  only?: readonly string[];
  /**
   * How the entry failed when something beside the VMCS says so: KVM's
   * hardware_entry_failure_reason as QEMU prints it ("KVM: entry failed, hardware error 0x7").
   * It wins over the VMCS's exit reason, which after a VMfail is the previous exit's.
   */
  hardwareError?: bigint;
  /** Memory the dump does not hold (physical address -> quadword): the VTPR byte, the VMCS the link pointer names, the PDPTEs, the MSR-load area */
  memory?: Memory;
}

/** How the dump says its VM entry failed. */
export interface RecordedFailure {
  kind: FailureKind | 'exit-41' | 'vmfail';
  /** the exit reason field (for exit-*) */
  exitReason?: number;
  qualification?: bigint;
  /** the VM-instruction error (for vmfail-*) */
  error?: number;
}

/** Whether the rules that fail explain the failure the dump records, and which not-evaluated rules could. */
export interface Explanation {
  recorded: RecordedFailure;
  /**
   * explained: a failing rule gives exactly this failure;
   * contradicted: failing rules give a failure the CPU reports first (VMfailValid before a VM-entry-failure exit);
   * not-explained: no evaluated rule gives this failure (the not-evaluated ones may).
   */
  status: 'explained' | 'contradicted' | 'not-explained';
  /** IDs of the failing rules that give the recorded failure */
  by: string[];
  /** IDs of the not-evaluated rules that could give it */
  couldBe: string[];
  /** IDs of those among `couldBe` that give it under a setting of a control the dump does not hold (their `failsIf`) */
  byIf?: string[];
  /**
   * The rules of `by` that a decision after the rules decided, not the fields they read (their
   * `decidedBy`): a failure they explain is explained by what the dump records (or by QEMU's view),
   * and the explanation says so.
   */
  decided?: Array<{ id: string; by: NonNullable<RuleResult['decidedBy']> }>;
  /**
   * What a non-zero exit qualification of exit 33 says by itself (SDM 27.8, "VM-entry
   * failures during or after loading guest state"): 2 loading the PDPTEs failed, 3 an NMI was
   * injected while the guest blocks events by STI, 4 the VMCS link pointer failed a check.
   */
  qualificationSays?: 'pdptes' | 'nmi-under-sti' | 'link-pointer';
}

const QUALIFICATION_SAYS: Record<number, Explanation['qualificationSays']> = { 2: 'pdptes', 3: 'nmi-under-sti', 4: 'link-pointer' };

/** The result of a check: every rule's result in SDM order, the counts, the failure the CPU would report, and whether the failures explain the one the dump records. */
export interface CheckReport {
  /** (a result may be the same object in the reports of several dumps: read them, never modify them) */
  results: RuleResult[];
  counts: { pass: number; fail: number; notEvaluated: number };
  /** The failure the CPU would report: VMfailValid 7 before 8, before exit 33, before 34 (SDM §28.2-28.4); null when no rule fails */
  predicted: FailureKind | null;
  explanation?: Explanation;
}

const ORDER: FailureKind[] = ['vmfail-7', 'vmfail-8', 'exit-33', 'exit-34'];

const fieldList = (m: ReadonlyMap<number, bigint>): RuleResult['fields'] => [...m].map(([encoding, value]) => ({ name: fieldByEncoding(encoding)?.name ?? `0x${encoding.toString(16)}`, encoding, value }));

/** The name of a control bit, from the field's layout in fields.json ("Load debug controls"). */
function controlBitName(field: string, n: number): string {
  const f = fieldByEncoding(encodingOf(field));
  const layout = f ? layoutFor(f) : undefined;
  const b = layout ? layouts[layout]?.bits.find((x) => x.bits === String(n)) : undefined;
  return b?.name ?? `bit ${n}`;
}

/**
 * What a rule's result depends on: the caps, the facts and the memory (the same for every dump
 * of a run) and the fields it looked up, in the order it looked them up (a trace of encoding,
 * value pairs; undefined for a field the dump lacks). A rule is a function of what it reads, so
 * a dump that has the same values at every encoding of a trace gets the same result: the rule
 * would read the same fields in the same order and decide the same way. A long log repeats most
 * of its values from dump to dump (the controls, the host state, the segments), so most rules
 * of most dumps are answered here without running, and their results (shared, never modified
 * afterwards) keep their JSON text (src/render/check.ts).
 */
interface Memo {
  trace: Array<number | bigint | undefined>;
  result: RuleResult;
}
/** Results remembered per rule, most recently used first. */
const MEMO_PER_RULE = 8;
let memoFor: { caps: Caps | undefined; facts: CpuFacts | undefined; memory: Memory | undefined } = { caps: undefined, facts: undefined, memory: undefined };
let memos = new Map<Rule, Memo[]>();

function remembered(rule: Rule, values: ReadonlyMap<number, bigint>): RuleResult | undefined {
  const list = memos.get(rule);
  if (list === undefined) return undefined;
  next: for (let k = 0; k < list.length; k++) {
    const { trace } = list[k]!;
    for (let i = 0; i < trace.length; i += 2) if (values.get(trace[i] as number) !== trace[i + 1]) continue next;
    if (k > 0) list.unshift(list.splice(k, 1)[0]!);
    return list[0]!.result;
  }
  return undefined;
}

/**
 * One rule over one state. The rule reads its inputs through `Inputs` that assume 1 for a bit of
 * a control the dump does not hold (but the bits that set the guest's mode): a rule that then
 * fails is not evaluated, with the conditional verdict `failsIf` (a dump that holds DR7 =
 * 0x4000000000000001 and no VM_ENTRY_CONTROLS fails G-10 if "load debug controls" is 1, and
 * passes if it is 0); any other outcome after an assumption is "not evaluated", with what it
 * needs and the inputs read as a run that did not assume reports them. One run per rule.
 */
function runRule(rule: Rule, values: ReadonlyMap<number, bigint>, caps: Caps | undefined, facts: CpuFacts, memory: Memory | undefined): RuleResult {
  const hit = remembered(rule, values);
  if (hit !== undefined) return hit;
  const trace: Array<number | bigint | undefined> = [];
  const s = new Inputs(values, caps, facts, memory, true, trace);
  let status: RuleResult['status'];
  let why: string | undefined;
  let needs: RuleResult['needs'];
  let conditional: Conditional | undefined;
  try {
    const r = rule.test(s);
    if (typeof r === 'string') {
      status = 'fail';
      why = r;
    } else status = 'pass';
  } catch (e) {
    if (!(e instanceof Missing)) throw e;
    status = 'not-evaluated';
    needs = e.need;
  }
  const before = s.before;
  if (before) {
    if (status === 'fail') {
      const when: AssumedBit[] = s.assumed.map((key) => {
        const [field, b] = key.split(':') as [string, string];
        return { field, bit: Number(b), name: controlBitName(field, Number(b)), value: 1 };
      });
      conditional = { when, message: why!, fields: fieldList(s.readFields) };
    }
    status = 'not-evaluated';
    why = undefined;
    needs = before.need;
  }
  const result: RuleResult = {
    id: rule.id,
    status,
    section: rule.section,
    group: rule.group,
    title: rule.title,
    failure: rule.failure,
    fields: fieldList(before ? before.fields : s.readFields),
    msrs: [...(before ? before.msrs : s.readMsrs)].map(([index, value]) => ({ index, name: msrName(index), value })),
  };
  if (rule.qualification !== undefined) result.qualification = rule.qualification;
  if (why !== undefined) {
    result.message = why;
  }
  if (needs !== undefined) result.needs = needs;
  if (conditional) result.failsIf = [conditional];
  if (rule.decision !== undefined) result.decision = rule.decision;
  if (status === 'fail' && rule.fix) {
    const fixes = fixesOf(rule, new Inputs(values, caps, facts, memory, false, trace));
    if (fixes) result.fixes = fixes;
  }
  let list = memos.get(rule);
  if (list === undefined) memos.set(rule, (list = []));
  list.unshift({ trace, result });
  if (list.length > MEMO_PER_RULE) list.pop();
  return result;
}

/** A rule's suggested fixes over a state, or undefined (none, or the fix needs what the state lacks). */
function fixesOf(rule: Rule, s: Inputs): RuleResult['fixes'] {
  if (!rule.fix) return undefined;
  try {
    const fixes = rule.fix(s);
    return fixes && fixes.length ? fixes : undefined;
  } catch (e) {
    if (!(e instanceof Missing)) throw e;
    return undefined;
  }
}

/**
 * The result of rule `id` in `results` for this report alone, when the fields left it not
 * evaluated: a copy put in its place (results are shared between reports, see Memo), for a
 * decision the dump's record takes after the rules ran; undefined otherwise.
 */
function ownUndecided(results: RuleResult[], id: string): RuleResult | undefined {
  const i = results.findIndex((x) => x.id === id);
  const shared = results[i];
  if (!shared || shared.status !== 'not-evaluated') return undefined;
  const r: RuleResult = { ...shared };
  results[i] = r;
  return r;
}

/** The counts, the failure the CPU would report and the explanation, from the results (again, after a decision changed one). */
function tally(report: { results: RuleResult[] }, recorded: RecordedFailure | undefined): CheckReport {
  const { results } = report;
  const counts = { pass: 0, fail: 0, notEvaluated: 0 };
  for (const r of results) {
    if (r.status === 'pass') counts.pass++;
    else if (r.status === 'fail') counts.fail++;
    else counts.notEvaluated++;
  }
  const failing = results.filter((r) => r.status === 'fail');
  const predicted = ORDER.find((k) => failing.some((r) => r.failure === k)) ?? null;
  const out: CheckReport = { results, counts, predicted };
  if (recorded) out.explanation = explain(recorded, results);
  return out;
}

/** Check one VMCS state: field encoding -> value. */
export function checkFields(values: ReadonlyMap<number, bigint>, options: CheckOptions = {}): CheckReport {
  if (memoFor.caps !== options.caps || memoFor.facts !== options.facts || memoFor.memory !== options.memory) {
    memoFor = { caps: options.caps, facts: options.facts, memory: options.memory };
    memos = new Map();
  }
  const facts: CpuFacts = { ...(options.caps?.facts ?? {}), ...(options.facts ?? {}) };
  const only = options.only ? new Set(options.only) : undefined;
  const results = rules.filter((r) => !only || only.has(r.id)).map((r) => runRule(r, values, options.caps, facts, options.memory));
  const recorded = options.hardwareError !== undefined ? fromHardwareError(options.hardwareError, values) : recordedFailure(values);
  if (recorded) decideByRecord(recorded, results, values, options.caps, facts);
  return tally({ results }, recorded);
}

/** Check the VMCS state of an annotated dump (and QEMU's report of the failure, when the dump has it). */
export function checkDump(dump: Dump, options: CheckOptions = {}): CheckReport {
  if (dump.notes?.some((n) => n.label === SVM_HOST_NOTE)) return notVmx(options);
  const values = new Map<number, bigint>();
  for (const f of dump.fields) if (f.name !== null) values.set(f.encoding, f.value);
  const qemu = dump.notes?.find((n) => n.label === 'KVM: entry failed, hardware error');
  const report = qemu && options.hardwareError === undefined && /^0x[0-9a-f]+$/i.test(qemu.value) ? checkFields(values, { ...options, hardwareError: BigInt(qemu.value) }) : checkFields(values, options);
  const kvm = dump.notes?.find((n) => n.label === 'kvm_nested_vmenter_failed');
  if (kvm) decideByKvmCheck(kvm.value, report, values, options);
  const shadow = dump.format === 'qemu' ? dump.notes?.find((n) => n.label === 'II') : undefined;
  if (shadow?.value === '1') decideByInterruptShadow(report, values);
  else if (shadow?.value === '0') decideByNoShadow(report, values, options);
  return report;
}

/**
 * The report of a dump of an AMD host's failed VMRUN (the reader's SVM_HOST_NOTE): the VM-entry
 * rules are Intel's (SDM Vol. 3C chapter 28), and an AMD processor's VMRUN checks the VMCB
 * instead (AMD APM Vol. 2 "Canonicalization and Consistency Checks"): no rule is evaluated.
 */
function notVmx(options: CheckOptions): CheckReport {
  const only = options.only ? new Set(options.only) : undefined;
  const results = rules
    .filter((r) => !only || only.has(r.id))
    .map((rule): RuleResult => {
      const r: RuleResult = { id: rule.id, status: 'not-evaluated', section: rule.section, group: rule.group, title: rule.title, failure: rule.failure, fields: [], msrs: [], needs: { kind: 'model', what: "an Intel (VMX) processor: this dump is of an AMD host's failed VMRUN (SVM)" } };
      if (rule.qualification !== undefined) r.qualification = rule.qualification;
      return r;
    });
  return tally({ results }, undefined);
}

/** GUEST_INTERRUPTIBILITY_INFO's bits that QEMU's `II=` does not show: 2-4 (SMI, NMI blocking, enclave interruption), each setting, with the reserved bits 31:5 all 0 and all 1. */
const UNSHOWN_INTERRUPTIBILITY: readonly bigint[] = [0n, 0xffffffe0n].flatMap((high) => [0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n].map((b) => high | (b << 2n)));

/**
 * QEMU's `II=0`: no interrupt shadow. QEMU prints II from KVM_GET_VCPU_EVENTS'
 * `interrupt.shadow`, which KVM's vmx_get_interrupt_shadow() reads from bits 0 (blocking by STI)
 * and 1 (blocking by MOV SS) of GUEST_INTERRUPTIBILITY_INFO, and a VM entry that failed leaves the
 * guest-state area as it was (SDM 28.8): both bits are 0. QEMU shows none of the other bits. A rule
 * not evaluated for want of that field alone passes from QEMU's view when it passes whatever those
 * other bits are (run with bits 0-1 clear and each setting of bits 2-4, reserved bits 31:5 clear
 * and set): A-03 (SDM 28.3.1.5, "the activity-state field must indicate the active state if the
 * interruptibility-state field indicates blocking by either MOV-SS or by STI": no such blocking,
 * whatever the activity state), I-02 (not both), I-03 (blocking by STI requires IF)...; a rule
 * that reads the other bits (I-01 reserved bits, I-06/I-07 SMI, I-09 NMI) or another field the dump
 * lacks stays not evaluated.
 */
function decideByNoShadow(report: CheckReport, values: ReadonlyMap<number, bigint>, options: CheckOptions): void {
  const facts: CpuFacts = { ...(options.caps?.facts ?? {}), ...(options.facts ?? {}) };
  let changed = false;
  for (const shared of [...report.results]) {
    if (shared.status !== 'not-evaluated' || shared.needs?.kind !== 'field' || shared.needs.encoding !== 0x4824) continue;
    const rule = rules.find((x) => x.id === shared.id);
    if (!rule) continue;
    let read: Map<number, bigint> | undefined;
    let passes = true;
    for (const v of UNSHOWN_INTERRUPTIBILITY) {
      const m = new Map(values);
      m.set(0x4824, v);
      const s = new Inputs(m, options.caps, facts, options.memory);
      try {
        if (typeof rule.test(s) === 'string') passes = false;
      } catch (e) {
        if (!(e instanceof Missing)) throw e;
        passes = false;
      }
      if (!passes) break;
      read ??= s.readFields;
    }
    if (!passes) continue;
    const r = ownUndecided(report.results, shared.id)!;
    r.status = 'pass';
    r.decidedBy = 'qemu-view';
    r.fields = fieldList(new Map([...read!].filter(([encoding]) => encoding !== 0x4824)));
    delete r.needs;
    delete r.failsIf;
    changed = true;
  }
  if (changed) Object.assign(report, tally(report, report.explanation?.recorded));
}

/**
 * QEMU's `II=1` is an interrupt shadow (KVM's vmx_get_interrupt_shadow(): blocking by STI or by
 * MOV SS, GUEST_INTERRUPTIBILITY_INFO bit 0 or 1), without saying which. Either one decides A-03
 * (SDM 28.3.1.5: blocking by STI or by MOV SS requires the active state) with the activity
 * state QEMU's `HLT=` gives, when the dump lacks the interruptibility-state field itself.
 */
function decideByInterruptShadow(report: CheckReport, values: ReadonlyMap<number, bigint>): void {
  const act = values.get(0x4826);
  const r = act === undefined ? undefined : ownUndecided(report.results, 'A-03');
  if (!r || act === undefined) return;
  r.fields = [{ name: 'GUEST_ACTIVITY_STATE', encoding: 0x4826, value: act }];
  delete r.needs;
  delete r.failsIf;
  r.decidedBy = 'qemu-view';
  if (act === 0n) r.status = 'pass';
  else {
    r.status = 'fail';
    r.message = `QEMU's view of the vCPU: II=1, an interrupt shadow (blocking by STI or by MOV SS, QEMU does not say which), but GUEST_ACTIVITY_STATE is ${'0x' + act.toString(16)}${act === 1n ? ' (HLT=1)' : ''}, not active`;
  }
  Object.assign(report, tally(report, report.explanation?.recorded));
}

/**
 * `kvm_nested_vmenter_failed` records which of KVM's consistency checks of a nested VM entry
 * failed (src/dialects/kvm-checks.ts). Where that check is one SDM rule, the rule fails by the
 * record, as with exit qualification 3 (decideByRecord), whatever fields the dump lacks; where
 * it is several (CR0's fixed bits and PG without PE are one KVM check), the record does not say
 * which, and the rules stay as the fields leave them.
 */
function decideByKvmCheck(condition: string, report: CheckReport, values: ReadonlyMap<number, bigint>, options: CheckOptions): void {
  const check = kvmCheck(condition);
  if (!check || check.rules.length !== 1) return;
  const r = ownUndecided(report.results, check.rules[0]!);
  if (!r) return;
  r.status = 'fail';
  r.recorded = true;
  r.decidedBy = 'kvm-check';
  r.message = `the dump records that KVM's consistency check '${condition}' of the nested VM entry failed, which is this rule (${check.what})`;
  delete r.needs;
  delete r.failsIf;
  const rule = rules.find((x) => x.id === r.id);
  const fixes = rule && fixesOf(rule, new Inputs(values, options.caps, { ...(options.caps?.facts ?? {}), ...(options.facts ?? {}) }));
  if (fixes) r.fixes = fixes;
  Object.assign(report, tally(report, report.explanation?.recorded));
}

/**
 * A VM-entry failure from its exit reason (bit 31 set; SDM §28.8), with the exit qualification
 * of the VMCS when the VMCS holds that same exit reason; undefined for any other exit reason.
 * A value with bits 31:16 all clear is the basic exit reason alone, as dumps that print only bits
 * 15:0 show it (bhyve, xhyve and hyperkit mask the field with 0xffff): basic reasons 33, 34 and
 * 41 are VM-entry failures whatever the bits not printed (SDM Appendix C), so they count too.
 */
function entryFailureExit(reason: bigint, values: ReadonlyMap<number, bigint>): RecordedFailure | undefined {
  if (((reason >> 31n) & 1n) === 0n && reason > 0xffffn) return undefined;
  const basic = Number(reason & 0xffffn);
  const kind = basic === 33 ? 'exit-33' : basic === 34 ? 'exit-34' : basic === 41 ? 'exit-41' : undefined;
  if (!kind) return undefined;
  const r: RecordedFailure = { kind, exitReason: Number(reason & 0xffffffffn) };
  const q = values.get(0x6400);
  if (q !== undefined && values.get(0x4402) === (reason & 0xffffffffn)) r.qualification = q;
  return r;
}

/** A VMfailValid from its VM-instruction error (SDM §32.4): 7 controls, 8 host state, others not from the checks. */
function vmfail(error: number): RecordedFailure {
  return { kind: error === 7 ? 'vmfail-7' : error === 8 ? 'vmfail-8' : 'vmfail', error };
}

/** KVM's hardware_entry_failure_reason: an exit reason with bit 31 set, or a VM-instruction error. */
function fromHardwareError(v: bigint, values: ReadonlyMap<number, bigint>): RecordedFailure | undefined {
  if ((v >> 31n) & 1n) return entryFailureExit(v, values);
  return vmfail(Number(v & 0xffffffffn));
}

/**
 * What the dump says about how its VM entry failed: an exit reason with bit 31 set
 * (VM-entry failure, SDM §28.8) or a VM-instruction error of 7 or 8 (SDM §32.4).
 */
export function recordedFailure(values: ReadonlyMap<number, bigint>): RecordedFailure | undefined {
  const reason = values.get(0x4402);
  const exit = reason !== undefined ? entryFailureExit(reason, values) : undefined;
  if (exit) return exit;
  const error = values.get(0x4400);
  if (error === 7n || error === 8n) return vmfail(Number(error));
  return undefined;
}

/**
 * Where the recorded failure alone decides a rule, the rule fails whatever the fields: exit
 * reason 0x80000021 with qualification 3 is given by one rule only (I-08, an NMI injected
 * while blocking by STI, SDM 27.8), which otherwise depends on the processor model or on fields
 * the dump may lack. Qualifications 2 and 4 name a group of rules (PDPTEs, the VMCS link
 * pointer), not one, and are said in the explanation.
 */
function decideByRecord(recorded: RecordedFailure, results: RuleResult[], values: ReadonlyMap<number, bigint>, caps: Caps | undefined, facts: CpuFacts): void {
  if (recorded.kind !== 'exit-33' || recorded.qualification === undefined) return;
  const q = recorded.qualification;
  const candidates = results.filter((r) => r.failure === 'exit-33' && BigInt(r.qualification ?? 0) === q);
  if (q === 0n || candidates.length !== 1) return;
  // Only a rule the fields could not decide: one that passes (its condition does not hold, as
  // after a fix) is not made to fail by the record, which then goes unexplained.
  const r = ownUndecided(results, candidates[0]!.id);
  if (!r) return;
  r.status = 'fail';
  r.recorded = true;
  r.decidedBy = 'exit-qualification';
  r.message = `the dump records exit reason 0x${(recorded.exitReason ?? 0).toString(16)} with exit qualification ${q}, which only this check gives (SDM 27.8)`;
  delete r.needs;
  const rule = rules.find((x) => x.id === r.id);
  const fixes = rule && fixesOf(rule, new Inputs(values, caps, facts));
  if (fixes) r.fixes = fixes;
}

function explain(recorded: RecordedFailure, results: RuleResult[]): Explanation {
  const kind = recorded.kind;
  const gives = (r: RuleResult): boolean => {
    if (r.failure !== kind) return false;
    if (kind !== 'exit-33' || recorded.qualification === undefined) return true;
    return BigInt(r.qualification ?? 0) === recorded.qualification;
  };
  const by = results.filter((r) => r.status === 'fail' && gives(r)).map((r) => r.id);
  const couldBe = results.filter((r) => r.status === 'not-evaluated' && gives(r)).map((r) => r.id);
  let status: Explanation['status'] = by.length ? 'explained' : 'not-explained';
  // A VM-entry failure exit happens only once every control and host check passed (§28.2 before
  // §28.3), and MSR loading only after the guest state was checked and loaded (§28.4). The
  // control and host checks themselves may run in any order (§28.2): 7 and 8 do not contradict.
  const earlier = (k: FailureKind): boolean => (kind === 'exit-33' ? k === 'vmfail-7' || k === 'vmfail-8' : kind === 'exit-34' ? k !== 'exit-34' : false);
  if (results.some((r) => r.status === 'fail' && earlier(r.failure))) status = 'contradicted';
  const e: Explanation = { recorded, status, by, couldBe };
  const byIf = results.filter((r) => r.status === 'not-evaluated' && r.failsIf && gives(r)).map((r) => r.id);
  if (byIf.length) e.byIf = byIf;
  const decided = results.filter((r) => r.status === 'fail' && r.decidedBy !== undefined && gives(r)).map((r) => ({ id: r.id, by: r.decidedBy! }));
  if (decided.length) e.decided = decided;
  const says = kind === 'exit-33' && recorded.qualification !== undefined && recorded.qualification < 8n ? QUALIFICATION_SAYS[Number(recorded.qualification)] : undefined;
  if (says) e.qualificationSays = says;
  return e;
}
