/** kvm_exit tracepoint dumps (the `kvm-exit` dialect); see ./index.ts for how dialects plug into annotate. */
import { fieldByEncoding } from '../table/table.js';
import { enums, exitReasonName } from '../bits/layouts.js';
import { reportUnknown, type OtherParser, type UnknownToken } from './common.js';
import type { LineSink } from './types.js';
import { diagnostic } from '../diagnostics.js';
import { kvmCheck, VMENTER_ERRORS } from './kvm-checks.js';

// The kvm_exit tracepoint, arch/x86/kvm/trace.h (TP_printk of TRACE_EVENT(kvm_exit) and, from
// 5.12, TRACE_EVENT_KVM_EXIT):
//   2.6.3x:     "reason %s rip 0x%lx"
//   to 5.9:     "[vcpu %u ]reason %s rip 0x%lx info %llx %llx"   info = exit qualification,
//               VM-exit interruption information (vmx_get_exit_info: vmcs_readl(EXIT_QUALIFICATION),
//               vmcs_read32(VM_EXIT_INTR_INFO))
//   from 5.10:  "vcpu %u reason %s%s%s rip 0x%lx info1 0x%016llx info2 0x%016llx intr_info 0x%08x
//               error_code 0x%08x" [+ " requests 0x%016llx" in 6.x]; info1 = exit qualification,
//               info2 = IDT-vectoring information, intr_info = VM-exit interruption information,
//               error_code = VM-exit interruption error code when intr_info says the exception
//               has one (else 0); after a failed VM entry KVM prints 0 for the last three
//               ("KVM: x86: Add intr/vectoring info and error code to kvm_exit tracepoint").
// The reason is __print_symbolic(exit_reason & 0xffff, VMX_EXIT_REASONS), then " FAILED_VMENTRY"
// (VMX_EXIT_REASON_FLAGS) when bit 31 is set; a number KVM has no name for prints as 0x%x. The
// names are Linux's EXIT_REASON_* (the table's ids; PENDING_INTERRUPT before INTERRUPT_WINDOW).
// On AMD the names are SVM's, in lower case (and so were VMX's before 2.6.35): not VMCS.

const KVM_EXIT_RE = /\bkvm_exit:\s+(?:vcpu (\d+) +)?reason (\S+(?: \S+)*?) rip (?:0x)?([0-9a-fA-F]+)(.*)$/;

let reasonIds: Map<string, number> | undefined;

function reasonByName(name: string): number | undefined {
  if (!reasonIds) {
    reasonIds = new Map([['PENDING_INTERRUPT', 7]]);
    for (const [n, v] of Object.entries(enums['basic-exit-reason']?.values ?? {})) if (v.id) reasonIds.set(v.id, Number(n));
  }
  return reasonIds.get(name);
}

// The nested-VMX tracepoints of the same file:
//   kvm_nested_vmexit         to ~5.7:  "rip %llx reason %s info1 %llx info2 %llx int_info %x int_info_err %x"
//                             ~5.8-5.15: "rip: 0x%016llx reason: %s%s%s ext_inf1: 0x%016llx ext_inf2: 0x%016llx
//                                         ext_int: 0x%08x ext_int_err: 0x%08x"
//                             5.16+:    the kvm_exit template above (TRACE_EVENT_KVM_EXIT)
//   (nested_vmx_reflect_vmexit(): EXIT_QUALIFICATION, vmx->idt_vectoring_info, VM_EXIT_INTR_INFO,
//   VM_EXIT_INTR_ERROR_CODE of the exit from L2, as L0 read them from vmcs02)
//   kvm_nested_vmexit_inject  "reason %s info1 %llx info2 %llx int_info %x int_info_err %x", later
//                             "reason: %s%s%s ext_inf1: 0x%016llx ext_inf2: 0x%016llx ext_int: 0x%08x
//                             ext_int_err: 0x%08x" (nested_vmx_vmexit(): vmcs12's exit reason,
//                             qualification, IDT-vectoring information, interruption information and
//                             error code: the exit KVM reflects to L1)
//   kvm_nested_vmenter_failed "%s%s": the text of the failed CC() consistency check of nested.c,
//                             or "hardware VM-instruction error: " and the error's name
//   kvm_nested_vmenter        6.1+: "rip: 0x%016llx vmcs: 0x%016llx nested_rip: 0x%016llx int_ctl: 0x%08x
//                             event_inj: 0x%08x nested_ept=%s %s: 0x%016llx" (y/n, then guest_cr3 or
//                             nested_eptp); 5.19-6.0 ended "nested_ept: %s" (on/off), then ", guest_pgd: 0x%016llx".
//                             nested_vmx_enter_non_root_mode(): L1's RIP, the vmcs12 pointer, then vmcs12's
//                             guest_rip, guest_intr_status, vm_entry_intr_info_field, the EPT control,
//                             guest_cr3 or ept_pointer: the entry L1 asks for. "vmcb:" is SVM's (not VMCS)
// A trace line cut by a hard wrap goes on on the next line (which has no trace prefix): the
// pieces are joined until the line is whole.

const TRACE_RE = /\b(kvm_exit|kvm_nested_vmexit_inject|kvm_nested_vmexit|kvm_nested_vmenter_failed|kvm_nested_vmenter):(.*)$/;
// (the `d` flag: each value's own place in the line, for its line when a wrap cut it; looking a value up by
// its text finds an earlier equal one, as the zeros of `ext_inf1: 0x0000000000000000 ... ext_int_err: 0x00000000`.
// A line that is one piece reads with the `_1` twin without `d`: V8 builds the indices on every match)
const NESTED_OLD_RE = /^\s*rip (?:0x)?([0-9a-fA-F]+) reason (\S+(?: \S+)*?) info1 (?:0x)?([0-9a-fA-F]+) info2 (?:0x)?([0-9a-fA-F]+) int_info (?:0x)?([0-9a-fA-F]+) int_info_err (?:0x)?([0-9a-fA-F]+)\b/d;
const NESTED_OLD_RE_1 = /^\s*rip (?:0x)?([0-9a-fA-F]+) reason (\S+(?: \S+)*?) info1 (?:0x)?([0-9a-fA-F]+) info2 (?:0x)?([0-9a-fA-F]+) int_info (?:0x)?([0-9a-fA-F]+) int_info_err (?:0x)?([0-9a-fA-F]+)\b/;
const NESTED_MID_RE = /^\s*rip: 0x([0-9a-fA-F]+) reason: (\S+(?: \S+)*?) ext_inf1: 0x([0-9a-fA-F]+) ext_inf2: 0x([0-9a-fA-F]+) ext_int: 0x([0-9a-fA-F]+) ext_int_err: 0x([0-9a-fA-F]+)\b/d;
const NESTED_MID_RE_1 = /^\s*rip: 0x([0-9a-fA-F]+) reason: (\S+(?: \S+)*?) ext_inf1: 0x([0-9a-fA-F]+) ext_inf2: 0x([0-9a-fA-F]+) ext_int: 0x([0-9a-fA-F]+) ext_int_err: 0x([0-9a-fA-F]+)\b/;
const INJECT_OLD_RE = /^\s*reason (\S+(?: \S+)*?) info1 (?:0x)?([0-9a-fA-F]+) info2 (?:0x)?([0-9a-fA-F]+) int_info (?:0x)?([0-9a-fA-F]+) int_info_err (?:0x)?([0-9a-fA-F]+)\b/d;
const INJECT_OLD_RE_1 = /^\s*reason (\S+(?: \S+)*?) info1 (?:0x)?([0-9a-fA-F]+) info2 (?:0x)?([0-9a-fA-F]+) int_info (?:0x)?([0-9a-fA-F]+) int_info_err (?:0x)?([0-9a-fA-F]+)\b/;
const INJECT_NEW_RE = /^\s*reason: (\S+(?: \S+)*?) ext_inf1: 0x([0-9a-fA-F]+) ext_inf2: 0x([0-9a-fA-F]+) ext_int: 0x([0-9a-fA-F]+) ext_int_err: 0x([0-9a-fA-F]+)\b/d;
const INJECT_NEW_RE_1 = /^\s*reason: (\S+(?: \S+)*?) ext_inf1: 0x([0-9a-fA-F]+) ext_inf2: 0x([0-9a-fA-F]+) ext_int: 0x([0-9a-fA-F]+) ext_int_err: 0x([0-9a-fA-F]+)\b/;
const EXIT_BODY_RE = /^\s*(?:vcpu (\d+),? +)?reason (\S+(?: \S+)*?) rip (?:0x)?([0-9a-fA-F]+)(.*)$/d;
const EXIT_BODY_RE_1 = /^\s*(?:vcpu (\d+),? +)?reason (\S+(?: \S+)*?) rip (?:0x)?([0-9a-fA-F]+)(.*)$/;
/** The two numbers after `info` of the kvm_exit form of Linux 5.9 and older. */
const OLD_INFO_RE = /\binfo ([0-9a-fA-F]+) ([0-9a-fA-F]+)\b/d;
const OLD_INFO_RE_1 = /\binfo ([0-9a-fA-F]+) ([0-9a-fA-F]+)\b/;
const VMENTER_RE = /^\s*rip: 0x([0-9a-fA-F]+) (vmcs|vmcb): 0x([0-9a-fA-F]+) nested_rip: 0x([0-9a-fA-F]+) int_ctl: 0x([0-9a-fA-F]+) event_inj: 0x([0-9a-fA-F]+) nested_(?:ept|npt)(?:=|: )(y|n|on|off)(?:,? (guest_cr3|guest cr3|nested_eptp|nested_cr3|guest_pgd): 0x([0-9a-fA-F]+))?\s*$/d;
/**
 * A trace line its author shortened to the fields that mattered (`kvm_exit: vcpu 23 reason HLT`,
 * `... reason DR_ACCESS info1 0x...`, `kvm_nested_vmexit_inject: reason: DR_ACCESS ext_inf1: 0x...`):
 * the exit reason, then only labelled values, no rip. Each labelled value is read by its label.
 */
const TRIMMED_RE = /^\s*(?:vcpu (\d+),? +)?reason:? ([A-Za-z][A-Za-z0-9_]*)((?:\s+(?:(?:info1|info2|intr_info|error_code|requests) (?:0x)?[0-9a-fA-F]+|(?:ext_inf1|ext_inf2|ext_int|ext_int_err): 0x[0-9a-fA-F]+|[a-z][a-z0-9_]*:? 0x[0-9a-fA-F]+))*)\s*$/;
const TRIMMED_PAIR_RE = /\b(info1|info2|intr_info|error_code|requests|ext_inf1|ext_inf2|ext_int|ext_int_err):? (?:0x)?([0-9a-fA-F]+)\b/g;
/** A labelled value of a trace line (`label 0x…`, `label: 0x…`): one the line's form does not print is an unknown token. */
const LABELLED_RE = /(?:^|\s)([a-z][a-z0-9_]*):? (0x[0-9a-fA-F]+)\b/g;
/** The labels a shortened trace line may keep. */
const TRIMMED_LABELS = new Set(['info1', 'info2', 'intr_info', 'error_code', 'requests', 'ext_inf1', 'ext_inf2', 'ext_int', 'ext_int_err']);
/** The labels the kvm_exit forms print after the rip (`info` is the two-number form of Linux 5.9 and older). */
const EXIT_LABELS = new Set(['info1', 'info2', 'intr_info', 'error_code', 'requests', 'info']);

/** A trace line that is whole: nothing a wrap could have cut from its end (made on first use: a run without traces never parses them). */
let wholeRe: RegExp[] | undefined;
const WHOLE_RE = (): RegExp[] => (wholeRe ??= [
  /\binfo [0-9a-fA-F]+ [0-9a-fA-F]+\s*$/,
  /\berror_code 0x[0-9a-fA-F]+(?: requests 0x[0-9a-fA-F]+)?\s*$/,
  /\bint_info_err (?:0x)?[0-9a-fA-F]+\s*$/,
  /\bext_int_err: 0x[0-9a-fA-F]+\s*$/,
  /\b(?:guest_cr3|guest cr3|nested_eptp|nested_cr3|guest_pgd): 0x[0-9a-fA-F]+\s*$/,
  /\bnested_(?:ept|npt): (?:on|off)\s*$/,
]);
/** What the rest of a cut trace line starts with: a field of the line, a number, an exit reason name. */
const CONT_RE = /^[\s>]*(?:(?:vcpu|reason|rip|info[12]?|int_info(?:_err)?|intr_info|error_code|ext_inf[12]|ext_int(?:_err)?|requests|nested_rip|int_ctl|event_inj|nested_(?:ept|npt)|cr3|guest_cr3|nested_eptp|nested_cr3|guest_pgd)\b|0x[0-9a-fA-F]+\b|[0-9a-fA-F]+ (?:int_info|info2|ext_|intr_info)|[A-Z][A-Z0-9_]{2,}(?: [A-Z_]+)? rip )/;
// KVM's message when a VMWRITE fails (arch/x86/kvm/vmx: vmwrite_error()):
//   to 5.3:  "vmwrite error: reg %lx value %lx (err %d)"
//   5.4+:    "[kvm: ]vmwrite failed: field=%lx val=%lx err=%u" (vmx_insn_failed: a WARN_ONCE, then
//            pr_warn_ratelimited, `kvm_intel: ` before it in 6.x), err = vmcs_read32(VM_INSTRUCTION_ERROR)
// The value was not written (the VMCS does not hold it); the error number is the VM-instruction
// error field of the current VMCS (SDM "VM-Instruction Error Numbers"): 0 or a number the table
// has no name for is no such error (VMfailInvalid: no current VMCS, and the read of the field failed too).
const VMWRITE_RE = /\bvmwrite (?:error: reg ([0-9a-fA-F]{1,8}) value ([0-9a-fA-F]{1,16}) \(err (\d{1,10})\)|failed: field=([0-9a-fA-F]{1,8}) val=([0-9a-fA-F]{1,16}) err=(\d{1,10}))\s*$/;
// The other VMX instructions of the same code (vmx.c vmread_error(), vmclear_error(), vmptrld_error()):
//   "vmread failed: field=%lx" (5.4+; no error number), "vmclear failed: %p/%llx err=%u",
//   "vmptrld failed: %p/%llx err=%u" (5.4+; 5.4-6.x without err=), 4.x "kvm: vmclear fail: %p/%llx",
//   "kvm: vmptrld %p/%llx failed"
const VMREAD_RE = /\bvmread failed: field=([0-9a-fA-F]{1,8})\s*$/;
const VMPTR_RE = /\b(?:(vmclear|vmptrld) failed: (\S{1,40})\/([0-9a-fA-F]{1,16})(?: err=(\d{1,10}))?|(vmclear) fail: (\S{1,40})\/([0-9a-fA-F]{1,16})|(vmptrld) (\S{1,40})\/([0-9a-fA-F]{1,16}) failed)\s*$/;

/**
 * Tracepoints only AMD's code prints (arch/x86/kvm/trace.h, called from svm/: `kvm_nested_vmrun`
 * `rip: 0x%016llx vmcb: 0x%016llx nrip: … int_ctl: … event_inj: … npt: %s`, `kvm_nested_intercepts`
 * `cr_read: %04x cr_write: %04x excp: %08x intercepts: …`, `kvm_nested_intr_vmexit`, `kvm_invlpga`,
 * `kvm_skinit`): no exit and no VMCS; their labelled values are the VMCB's, never unknown fields.
 */
const SVM_ONLY_RE = /\b(kvm_nested_vmrun|kvm_nested_intercepts|kvm_nested_intr_vmexit|kvm_invlpga|kvm_skinit):/;
/** The rest of an SVM-only tracepoint line a wrap cut (`    nrip: 0x… int_ctl: …`, `    npt: on`, `    intercepts: …`). */
const SVM_CONT_RE = /^[\s>]*(?:rip|vmcb|nrip|int_ctl|event_inj|npt|cr_read|cr_write|excp|intercepts|asid|address|slb):? /;

/** A cut trace line whose last word is a label waiting for its value (`... info` / `200000006 1ab000`). */
const OPEN_LABEL_RE = /\b(?:info[12]?|int_info(?:_err)?|intr_info|error_code|ext_inf[12]:|ext_int(?:_err)?:|rip:?|requests)\s*$/;
/** A line that starts with a number: the value an open label waits for. */
const NUMBER_START_RE = /^[\s>]*(?:0x)?[0-9a-fA-F]+(?:\s|$)/;
/** The start of another trace or log line: never the rest of a cut one. */
const NEW_LINE_RE = /\bkvm_[a-z_]+:|^\s*\S+-\d+ +\[\d+\] |^\s*\[[\d. ]+\]|^\s*$/;

/** The exit reason of a trace line: its name (or number) and flags, or a note when unknown. */
function readReason(text: string, notes: Array<{ label: string; value: string; what: string }>): number | undefined | null {
  const [first = '', ...flags] = text.split(' ');
  if (/[a-z]/.test(first) && !/^0x[0-9a-f]+$/i.test(first)) return null; // SVM's names: not VMCS
  // trace-cmd's kvm plugin names SVM's exit codes EXIT_NPF, EXIT_EXCP_GP... (SVM_EXIT_REASONS of
  // plugin_kvm.c; its VMX names have no EXIT_ prefix): AMD, not VMCS
  if (/^EXIT_[A-Z0-9_]+$/.test(first) && reasonByName(first) === undefined) return null;
  let full: number | undefined;
  if (/^0x[0-9a-fA-F]{1,8}$/.test(first)) full = parseInt(first.slice(2), 16);
  else if (/^\d{1,10}$/.test(first) && Number(first) <= 0xffffffff) full = Number(first);
  else {
    const basic = reasonByName(first);
    if (basic !== undefined) full = basic;
    else notes.push({ label: 'reason', value: first, what: 'an exit reason name this table does not know' });
  }
  for (const flag of flags) {
    if (flag === 'FAILED_VMENTRY') full = full === undefined ? undefined : (full | 0x80000000) >>> 0;
    else if (/^0x[0-9a-fA-F]{1,8}$/.test(flag) && full !== undefined) full = (full | parseInt(flag.slice(2), 16)) >>> 0;
    else notes.push({ label: 'reason', value: flag, what: 'an exit-reason flag this reader does not know' });
  }
  return full;
}

/**
 * Which kernel generation printed the second number of a kvm_exit `info A B` line. The kernel's
 * own format prints it so up to Linux 5.9 only (B the VM-exit interruption information); from
 * 5.10 it prints `info1 … info2 … intr_info …`. But trace-cmd's kvm plugin (libtraceevent
 * plugin_kvm.c kvm_exit_handler: `" info %llx %llx", info1, info2`) prints
 * the tracepoint's info1 and info2 as `info A B` for every kernel, and 5.10's info2 is the
 * IDT-vectoring information. The kernel's own format is told by what the plugin never prints:
 * `vcpu N` before the reason (5.8-5.9), or the latency-flags column of the ftrace buffer
 * (`[003] d..1.  123.4:` of /sys/kernel/tracing/trace). Else the value may tell: the VM-exit
 * interruption information is valid (bit 31) for every exit by an exception or NMI (reason 0)
 * and for no exit but those and external interrupts (reason 1; SDM "Information for VM Exits Due
 * to Vectored Events"), so a value against that is 5.10's info2. Otherwise the generation
 * cannot be told.
 */
function oldInfoGeneration(prefix: string, vcpu: boolean, reason: number | undefined, value: string): 'to-5.9' | 'from-5.10' | 'unknown' {
  if (vcpu || /\[\d{1,4}\]\s+[.dDXNnhHsSzZbBpP0-9]{4,5}\s+\d+\.\d+:/.test(prefix)) return 'to-5.9';
  if (reason === undefined || (reason & 0x80000000) !== 0 || value.length > 8) return 'unknown';
  const valid = (parseInt(value, 16) & 0x80000000) !== 0;
  const basic = reason & 0xffff;
  return (basic === 0 && !valid) || (basic > 1 && valid) ? 'from-5.10' : 'unknown';
}

export function createKvmExitParser(): OtherParser {
  /** A trace line cut by a wrap: its text so far and, per piece, where it starts and its line. */
  let held: { text: string; pieces: Array<{ at: number; line: number }> } | null = null;

  /** The input line a position of the (joined) text is on. */
  function lineOf(h: { pieces: Array<{ at: number; line: number }> }, at: number): number {
    let line = h.pieces[0]!.line;
    for (const p of h.pieces) if (p.at <= at) line = p.line;
    return line;
  }

  function emit(sink: LineSink, h: NonNullable<typeof held>): void {
    const m = TRACE_RE.exec(h.text);
    if (!m) return;
    const event = m[1]!;
    const bodyAt = m.index + m[0].length - m[2]!.length;
    const body = m[2]!;
    const fields: Array<[number, string, number]> = [];
    const notes: Array<{ label: string; value: string; what: string; line?: number }> = [];
    /** Labelled values the line's form does not print: reported (common.ts, the unknown-token policy). */
    const unknown: Array<[UnknownToken, number]> = [];
    const first = h.pieces[0]!.line;
    const whole = h.pieces.length === 1;
    /** The line of capture group `g` of match `x` (made on `body`; with indices when the line is in pieces). */
    const lineAt = (x: RegExpExecArray, g: number): number => (whole ? first : lineOf(h, bodyAt + x.indices![g]![0]));
    /** A field from capture group `g` of match `x`, on the line its value is on. */
    const put = (x: RegExpExecArray, g: number, encoding: number): void => {
      fields.push([encoding, x[g]!, lineAt(x, g)]);
    };
    /** Labelled values after the last one a nested form prints: none of them is read. */
    const after = (x: RegExpExecArray): void => {
      const restAt = bodyAt + x.index + x[0].length;
      for (const y of body.slice(x.index + x[0].length).matchAll(LABELLED_RE)) unknown.push([{ token: y[1]!, value: y[2]! }, lineOf(h, restAt + y.index! + y[0].length - y[2]!.length)]);
    };
    if (event === 'kvm_nested_vmenter_failed') {
      const msg = body.trim();
      const hw = /^hardware VM-instruction error:\s*(\S+)\s*$/.exec(msg);
      if (hw) {
        const name = hw[1]!;
        const n = /^0x[0-9a-fA-F]+$/.test(name) ? parseInt(name.slice(2), 16) : VMENTER_ERRORS[name];
        if (n !== undefined) fields.push([0x4400, n.toString(16), first]);
        notes.push({ label: 'kvm_nested_vmenter_failed', value: msg, what: 'the CPU failed the nested VM entry (VMfail): the VM-instruction error of vmcs02' });
      } else if (!/[A-Za-z]{2}/.test(msg) || msg === '(null)') {
        // no text at all (the tracepoint kept a pointer to a string of a module unloaded since:
        // Linux before 5.13's fix prints nothing, `(null)`, or what trace's own warning quotes after it)
        notes.push({ label: 'kvm_nested_vmenter_failed', value: msg, what: "KVM's consistency check of the nested VM entry failed, but the line does not say which: its message is empty or lost" });
      } else {
        const check = kvmCheck(msg);
        notes.push({
          label: 'kvm_nested_vmenter_failed',
          value: msg,
          what: check
            ? `KVM's consistency check of the nested VM entry failed: ${check.what} (SDM rule${check.rules.length > 1 ? 's' : ''} ${check.rules.join(', ')})`
            : "KVM's consistency check of the nested VM entry failed: a check of KVM's own, no SDM rule of this table",
        });
      }
    } else {
      let x: RegExpExecArray | null;
      if (event === 'kvm_nested_vmenter') {
        const v = VMENTER_RE.exec(body);
        if (!v) {
          sink.boundary();
          sink.report(diagnostic('unplaced-line', { dialect: event + ' trace', text: h.text.trim().slice(0, 100) }, first));
          return;
        }
        if (v[2] === 'vmcb') return skipSvm(sink, event, 'vmcb', first);
        const ept = v[7] === 'y' || v[7] === 'on';
        put(v, 4, 0x681e);
        put(v, 5, 0x0810);
        put(v, 6, 0x4016);
        if (v[9] !== undefined) {
          // guest_cr3 without EPT; nested_eptp (and guest_pgd with EPT) is vmcs12's EPT pointer
          const pgd = v[8] === 'nested_eptp' || (v[8] === 'guest_pgd' && ept);
          if (v[8] === 'nested_cr3') return skipSvm(sink, event, 'nested_cr3', first);
          put(v, 9, pgd ? 0x201a : 0x6802);
        }
        notes.push({ label: 'kvm_nested_vmenter', value: '', what: "the nested VM entry L1 asks for, as KVM reads vmcs12: nested_rip the guest RIP, int_ctl the guest interrupt status, event_inj the VM-entry interruption information" });
        notes.push({ label: 'rip', value: v[1]!, what: "L1's RIP at its VMLAUNCH/VMRESUME (not a field of vmcs12)", line: lineAt(v, 1) });
        notes.push({ label: 'vmcs', value: v[3]!, what: "vmcs12's guest-physical address (L1's current-VMCS pointer, not a field)", line: lineAt(v, 3) });
        notes.push({ label: 'nested_ept', value: v[7]!, what: `the "enable EPT" control of vmcs12 is ${ept ? '1' : '0'} (secondary processor-based controls bit 1)`, line: lineAt(v, 7) });
      }
      const exitLike = event === 'kvm_exit' || event === 'kvm_nested_vmexit' ? (whole ? EXIT_BODY_RE_1 : EXIT_BODY_RE).exec(body) : null;
      if (event === 'kvm_nested_vmenter') {
        // read above
      } else if ((x = event === 'kvm_nested_vmexit' ? (whole ? NESTED_OLD_RE_1 : NESTED_OLD_RE).exec(body) ?? (whole ? NESTED_MID_RE_1 : NESTED_MID_RE).exec(body) : null)) {
        const reason = readReason(x[2]!, notes);
        if (reason === null) return skipSvm(sink, event, x[2]!, first);
        put(x, 1, 0x681e);
        if (reason !== undefined) fields.push([0x4402, reason.toString(16), lineAt(x, 2)]);
        put(x, 3, 0x6400);
        put(x, 4, 0x4408);
        put(x, 5, 0x4404);
        put(x, 6, 0x4406);
        after(x);
        notes.push({ label: 'kvm_nested_vmexit', value: '', what: 'an exit from L2 as L0 (KVM) read it from vmcs02: info1 the exit qualification, info2 the IDT-vectoring information' });
      } else if ((x = event === 'kvm_nested_vmexit_inject' ? (whole ? INJECT_OLD_RE_1 : INJECT_OLD_RE).exec(body) ?? (whole ? INJECT_NEW_RE_1 : INJECT_NEW_RE).exec(body) : null)) {
        const reason = readReason(x[1]!, notes);
        if (reason === null) return skipSvm(sink, event, x[1]!, first);
        if (reason !== undefined) fields.push([0x4402, reason.toString(16), lineAt(x, 1)]);
        put(x, 2, 0x6400);
        put(x, 3, 0x4408);
        put(x, 4, 0x4404);
        put(x, 5, 0x4406);
        after(x);
        notes.push({ label: 'kvm_nested_vmexit_inject', value: '', what: "the exit KVM reflects to L1: vmcs12's exit reason, qualification, IDT-vectoring and interruption information" });
      } else if (exitLike) {
        const reason = readReason(exitLike[2]!, notes);
        if (reason === null) return skipSvm(sink, event, exitLike[2]!, first);
        const failed = reason !== undefined && (reason & 0x80000000) !== 0;
        if (reason !== undefined) fields.push([0x4402, reason.toString(16), lineAt(exitLike, 2)]);
        fields.push([0x681e, exitLike[3]!, lineAt(exitLike, 3)]);
        const rest = exitLike[4]!;
        const restAt = bodyAt + exitLike.index + exitLike[0].length - rest.length;
        const kv = new Map<string, [string, number]>();
        for (const y of rest.matchAll(/\b(info1|info2|intr_info|error_code|requests) (?:0x)?([0-9a-fA-F]+)\b/g)) kv.set(y[1]!, [y[2]!, lineOf(h, restAt + y.index! + y[0].length - y[2]!.length)]);
        const old = (whole ? OLD_INFO_RE_1 : OLD_INFO_RE).exec(rest);
        for (const y of rest.matchAll(LABELLED_RE)) if (!EXIT_LABELS.has(y[1]!)) unknown.push([{ token: y[1]!, value: y[2]! }, lineOf(h, restAt + y.index! + y[0].length - y[2]!.length)]);
        if (kv.has('info1')) {
          const [q, ql] = kv.get('info1')!;
          fields.push([0x6400, q, ql]);
          const zeroed = 'KVM prints 0 here after a failed VM entry (not read from the VMCS)';
          const info2 = kv.get('info2');
          if (info2 !== undefined) {
            if (failed) notes.push({ label: 'info2', value: info2[0], what: zeroed, line: info2[1] });
            else fields.push([0x4408, info2[0], info2[1]]);
          }
          const intr = kv.get('intr_info');
          if (intr !== undefined) {
            if (failed) notes.push({ label: 'intr_info', value: intr[0], what: zeroed, line: intr[1] });
            else fields.push([0x4404, intr[0], intr[1]]);
          }
          const err = kv.get('error_code');
          if (err !== undefined) {
            const iv = intr === undefined ? 0n : BigInt('0x' + intr[0]);
            const hasCode = !failed && (iv >> 31n) & 1n && (iv >> 11n) & 1n;
            if (hasCode) fields.push([0x4406, err[0], err[1]]);
            else notes.push({ label: 'error_code', value: err[0], what: failed ? zeroed : 'KVM prints 0 when the exiting event has no error code (not read from the VMCS)', line: err[1] });
          }
          if (info2 !== undefined && intr === undefined) notes.push({ label: 'info2', value: info2[0], what: 'read as the IDT-vectoring information (the info1/info2 form of Linux 5.10 and later); the line was cut before intr_info' });
        } else if (old) {
          const infoLine = whole ? first : lineOf(h, restAt + old.indices![2]![0]);
          fields.push([0x6400, old[1]!, whole ? first : lineOf(h, restAt + old.indices![1]![0])]);
          const gen = oldInfoGeneration(h.text.slice(0, m.index), exitLike[1] !== undefined, reason, old[2]!);
          if (gen === 'to-5.9') fields.push([0x4404, old[2]!, infoLine]);
          else if (gen === 'from-5.10') {
            fields.push([0x4408, old[2]!, infoLine]);
            notes.push({ label: 'info', value: old[2]!, what: "read as the IDT-vectoring information (Linux 5.10 and later): trace-cmd's kvm plugin prints `info info1 info2` for every kernel, and this value cannot be the VM-exit interruption information of this exit reason", line: infoLine });
          } else notes.push({ label: 'info', value: old[2]!, what: "the VM-exit interruption information up to Linux 5.9, or the IDT-vectoring information from 5.10: trace-cmd's kvm plugin prints `info info1 info2` for every kernel, and this line does not tell which kernel printed it, so the value is not read", line: infoLine });
        }
        if (event === 'kvm_nested_vmexit') notes.push({ label: 'kvm_nested_vmexit', value: '', what: 'an exit from L2 as L0 (KVM) read it from vmcs02: info1 the exit qualification, info2 the IDT-vectoring information' });
        if (exitLike[1] !== undefined) notes.push({ label: 'vcpu', value: exitLike[1], what: "KVM's vCPU index (not a VMCS field)" });
        const req = kv.get('requests');
        if (req !== undefined) notes.push({ label: 'requests', value: req[0], what: "KVM's pending vCPU requests (not a VMCS field)" });
      } else if (event !== 'kvm_nested_vmenter_failed' && (x = TRIMMED_RE.exec(body))) {
        const reason = readReason(x[2]!, notes);
        if (reason === null) return skipSvm(sink, event, x[2]!, first);
        const failed = reason !== undefined && (reason & 0x80000000) !== 0;
        if (reason !== undefined) fields.push([0x4402, reason.toString(16), first]);
        const kv = new Map<string, string>();
        for (const y of x[3]!.matchAll(TRIMMED_PAIR_RE)) kv.set(y[1]!, y[2]!);
        for (const y of x[3]!.matchAll(LABELLED_RE)) if (!TRIMMED_LABELS.has(y[1]!)) unknown.push([{ token: y[1]!, value: y[2]! }, first]);
        // kvm_exit / kvm_nested_vmexit with labelled info1/info2 is the shape of Linux 5.10 and
        // later (info2 the IDT-vectoring information); kvm_nested_vmexit_inject names vmcs12's fields
        const map: Record<string, number> = event === 'kvm_nested_vmexit_inject'
          ? { ext_inf1: 0x6400, ext_inf2: 0x4408, ext_int: 0x4404, ext_int_err: 0x4406 }
          : { info1: 0x6400, info2: 0x4408, intr_info: 0x4404 };
        const zeroed = 'KVM prints 0 here after a failed VM entry (not read from the VMCS)';
        for (const [k, v] of kv) {
          const e = map[k];
          if (k === 'requests') notes.push({ label: 'requests', value: v, what: "KVM's pending vCPU requests (not a VMCS field)" });
          else if (k === 'error_code') notes.push({ label: 'error_code', value: v, what: 'the VM-exit interruption error code as KVM prints it (read only with the interruption information that says it is valid)' });
          else if (e === undefined) notes.push({ label: k, value: v, what: `not a field of ${event}` });
          else if (failed && e !== 0x6400) notes.push({ label: k, value: v, what: zeroed });
          else fields.push([e, v, first]);
        }
        notes.push({ label: event, value: '', what: 'a trace line shortened by its author (fields left out): the exit reason and the labelled values present are read' });
        if (x[1] !== undefined) notes.push({ label: 'vcpu', value: x[1], what: "KVM's vCPU index (not a VMCS field)" });
      } else {
        // a trace line of ours that does not read: said, never dropped
        sink.boundary();
        sink.report(diagnostic('unplaced-line', { dialect: event + ' trace', text: h.text.trim().slice(0, 100) }, first));
        return;
      }
    }
    sink.boundary();
    sink.setFormat('kvm-exit');
    for (const [e, v, l] of fields) sink.field(e, v, l);
    for (const n of notes) sink.note({ line: n.line ?? first, label: n.label, value: n.value, what: n.what });
    for (const [t, l] of unknown) reportUnknown(sink, l, event + ' trace', [t]);
    sink.boundary();
  }

  /** KVM's message of a failed VMX instruction (VMWRITE, VMREAD, VMCLEAR, VMPTRLD): read, or false. */
  function vmxInstructionFailed(line: string, lineNo: number, sink: LineSink): boolean {
    if (!line.includes('vm')) return false;
    if (line.includes('vmwrite ')) {
      const w = VMWRITE_RE.exec(line);
      if (w) {
        vmwriteFailed(sink, w, lineNo);
        return true;
      }
    }
    if (line.includes('vmread failed')) {
      const w = VMREAD_RE.exec(line);
      if (w) {
        const reg = w[1]!.toLowerCase();
        const name = fieldByEncoding(parseInt(reg, 16))?.name;
        sink.boundary();
        sink.setFormat('kvm-exit');
        sink.note({ line: lineNo, label: 'vmread', value: reg, what: `KVM's VMREAD of ${name ?? 'an encoding the table does not know'} (0x${reg}) failed (KVM used 0 for it): the VMCS value is not known` });
        sink.boundary();
        return true;
      }
    }
    if (line.includes('vmclear') || line.includes('vmptrld')) {
      const w = VMPTR_RE.exec(line);
      if (w) {
        const insn = (w[1] ?? w[5] ?? w[8])!;
        const addr = (w[3] ?? w[7] ?? w[10])!.toLowerCase();
        sink.boundary();
        sink.setFormat('kvm-exit');
        sink.note({ line: lineNo, label: insn, value: addr, what: `KVM's ${insn.toUpperCase()} of the VMCS at physical address 0x${addr} failed` });
        instructionError(sink, w[4], lineNo, insn.toUpperCase());
        sink.boundary();
        return true;
      }
    }
    return false;
  }

  function vmwriteFailed(sink: LineSink, w: RegExpExecArray, lineNo: number): void {
    const reg = (w[1] ?? w[4])!.toLowerCase();
    const value = (w[2] ?? w[5])!.toLowerCase();
    const name = fieldByEncoding(parseInt(reg, 16))?.name;
    sink.boundary();
    sink.setFormat('kvm-exit');
    sink.note({
      line: lineNo,
      label: 'vmwrite',
      value: `${reg} ${value}`,
      what: `KVM's VMWRITE of ${name ?? 'an encoding the table does not know'} (0x${reg}) with 0x${value} failed: the VMCS does not hold that value`,
    });
    instructionError(sink, w[3] ?? w[6], lineNo, 'VMWRITE');
    sink.boundary();
  }

  /** The `err` of a failed VMX instruction: VM_INSTRUCTION_ERROR when it is an error number, else a note. */
  function instructionError(sink: LineSink, text: string | undefined, lineNo: number, insn: string): void {
    if (text === undefined) return;
    const err = Number(text);
    const errName = enums['vm-instruction-error']?.values[String(err)]?.name;
    if (err !== 0 && errName !== undefined) sink.field(0x4400, err.toString(16), lineNo);
    else {
      sink.note({
        line: lineNo,
        label: 'err',
        value: String(err),
        what: err === 0
          ? `no VM-instruction error: the ${insn} failed with VMfailInvalid (no current VMCS)`
          : `${err} is no VM-instruction error number: the read of the error field failed too (no current VMCS?)`,
      });
    }
  }

  function skipSvm(sink: LineSink, event: string, reason: string, line: number): void {
    // SVM's exit codes (npf, msr, io, ...), or a pre-2.6.35 kernel: not VMCS fields. Said in
    // the no-fields message when nothing else is read (what was seen, and why no field).
    sink.skip();
    sink.svm?.(event, reason.split(' ')[0]!.slice(0, 40), line);
  }

  function flush(sink: LineSink): void {
    const h = held;
    held = null;
    if (h) emit(sink, h);
  }

  /** Lines of an SVM-only tracepoint line a wrap cut: read so far (its rest is skipped with it). */
  let svmPieces = 0;

  return {
    format: 'kvm-exit',
    get inDump() {
      return false;
    },
    end(sink) {
      flush(sink);
      svmPieces = 0;
    },
    parse(line, lineNo, sink) {
      if (svmPieces > 0) {
        if (svmPieces < 4 && !NEW_LINE_RE.test(line) && SVM_CONT_RE.test(line)) {
          svmPieces++;
          sink.skip();
          return true;
        }
        svmPieces = 0;
      }
      if (held) {
        if (!NEW_LINE_RE.test(line) && (CONT_RE.test(line) || (OPEN_LABEL_RE.test(held.text) && NUMBER_START_RE.test(line))) && held.pieces.length < 4) {
          // the rest of a trace line a wrap cut (without the quoting a reply put before it)
          const piece = line.replace(/^[\s>]+/, '').trimEnd();
          held.pieces.push({ at: held.text.length + 1, line: lineNo });
          held.text += ' ' + piece;
          if (held.text.length > 4096 || WHOLE_RE().some((re) => re.test(held!.text))) flush(sink);
          else if (/kvm_nested_vmenter_failed:/.test(held.text)) flush(sink);
          return true;
        }
        flush(sink);
      }
      if (!line.includes('kvm_')) return vmxInstructionFailed(line, lineNo, sink);
      const m = TRACE_RE.exec(line);
      if (!m) {
        const svm = line.includes('kvm_nested_') || line.includes('kvm_invlpga') || line.includes('kvm_skinit') ? SVM_ONLY_RE.exec(line) : null;
        if (svm) {
          sink.skip();
          sink.svm?.(svm[1]!, '', lineNo);
          svmPieces = 1;
          return true;
        }
        return vmxInstructionFailed(line, lineNo, sink);
      }
      held = { text: line, pieces: [{ at: 0, line: lineNo }] };
      if (WHOLE_RE().some((re) => re.test(line)) || m[1] === 'kvm_nested_vmenter_failed') flush(sink);
      return true;
    },
  };
}

/** Exits per basic exit reason, most frequent first (for `vmcs annotate --summary`). */
export function summarizeExits(dumps: Array<{ fields: Array<{ encoding: number; value: bigint }> }>): Array<{ reason: number; name: string; count: number }> {
  const counts = new Map<number, number>();
  for (const dump of dumps) {
    const f = dump.fields.find((x) => x.encoding === 0x4402);
    if (!f) continue;
    const basic = Number(f.value & 0xffffn);
    counts.set(basic, (counts.get(basic) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([reason, count]) => ({ reason, name: exitReasonName(reason), count }));
}
