/**
 * QEMU's register dump of an x86 vCPU (target/i386/cpu-dump.c, x86_cpu_dump_state()), which
 * QEMU prints when KVM stops the vCPU: after `KVM: entry failed, hardware error 0x%x`
 * (KVM_EXIT_FAIL_ENTRY, accel/kvm: kvm_arch_handle_exit), `KVM internal error. Suberror: %d`
 * (KVM_EXIT_INTERNAL_ERROR), or on `-d cpu`. Many reports hold nothing else.
 *
 * It is not the VMCS: it is QEMU's view of the vCPU (KVM_GET_REGS / KVM_GET_SREGS, after KVM
 * wrote back what the VMCS held), so the dump is marked as such everywhere. Read as guest state:
 *   RIP/EIP, RFL/EFL, RSP/ESP          -> GUEST_RIP, GUEST_RFLAGS, GUEST_RSP
 *   `ES =sel base limit flags` ...     -> the segment's selector, base, limit and access rights;
 *                                         QEMU prints `flags & 0x00ffff00`, the descriptor's
 *                                         bits 8-23, so the access rights are (flags >> 8) & 0xf0ff;
 *                                         P (flags bit 15) 0 is a segment the VMCS holds unusable,
 *                                         and its access rights get bit 16 (0x10000) too: KVM's
 *                                         vmx_get_segment() reports `present = !unusable`, and QEMU's
 *                                         get_seg() (target/i386/kvm/kvm.c) prints P as
 *                                         `present && !unusable`, with the other bits as they are
 *                                         (`DS =0000 0000000000000000 ffffffff 00c00000`, a null
 *                                         selector in 64-bit code, is 0x1c000: unusable, D/B, G)
 *   GDT=/IDT= base limit               -> GUEST_GDTR/IDTR_BASE and _LIMIT
 *   CR0, CR3, CR4, DR7, EFER           -> GUEST_CR0, GUEST_CR3, GUEST_CR4, GUEST_DR7, GUEST_IA32_EFER
 *   HLT=1 / HLT=0                      -> GUEST_ACTIVITY_STATE 1 (HLT) / 0 (active)
 * and kept as notes: the hardware error line, CPL, II (an interrupt shadow: blocking by STI or by
 * MOV SS, QEMU does not say which, nor anything of NMI or SMI blocking, so it is no
 * interruptibility-state value; check decides rule A-03 from `II=1` and HLT, src/check/check.ts),
 * SMM, A20, CR2.
 *
 * Hard wraps: a line that ends in the head of a row (ROWS below: `CR0=... CR2=...`, `ES`,
 * `KVM: entry failed,`) is held; the next line that goes on with the same row (after mail quoting,
 * an indent, or a syslog or journal program prefix) is glued to it and the row read at the
 * head's line. A head that gets no rest is reported (`unplaced-line`) inside a dump; outside one,
 * a head of two values or more of a row that opens a dump is reported, and any other head is
 * counted as a line no reader takes. The general registers, DR0-DR3, DR6, the FPU
 * and vector registers and `Code=` are not VMCS state; those lines are counted as skipped.
 *
 * `KVM: entry failed, hardware error N` is KVM's hardware_entry_failure_reason: an exit reason
 * with bit 31 set (a VM-entry failure, SDM 27.8) -> VM_EXIT_REASON, or else the VM-instruction
 * error VMREAD gave after VMLAUNCH/VMRESUME failed (SDM 31.4) -> VM_INSTRUCTION_ERROR. On an AMD
 * host it is SVM's exit code (arch/x86/kvm/svm/svm.c, svm_handle_exit(): `control.exit_code`);
 * 0xffffffff is neither a VMX exit reason (bits 30-16 reserved, basic reason 0xffff) nor a
 * VM-instruction error, and is kept as a note. It is SVM_EXIT_ERR (VMEXIT_INVALID: VMRUN found
 * the VMCB's state invalid, AMD APM Vol. 2 "VMRUN"), but all ones is also what a read that failed
 * gives, so alone it does not say the host is AMD. With KVM's SVM dump_vmcb() in the same input
 * (`KVM: FAILED VMRUN WITH VMCB:` up to 4.x, `VMCB %p, last attempted VMRUN on CPU %d`,
 * `VMCB Control Area:`, `VMCB State Save Area:`; before or after QEMU's lines) it does: the
 * dump gets the note SVM_HOST_NOTE and `svm-host` (a warning), and check evaluates no rule of it
 * (Intel's VM-entry rules do not decide an AMD VMRUN). dump_vmcb()'s own `name: value` lines
 * after its header are VMCB values, no VMCS field: skipped, their tokens not counted.
 *
 * Outside 64-bit code QEMU prints bases, CR2 and CR3 with 8 digits ((uint32_t) casts): those
 * values are the low 32 bits.
 *
 * `KVM internal error. Suberror: N` (qemu-kvm 0.12: `error.Suberror`) is followed by KVM's
 * run->internal.data[], one `extra data[i]: 0x%016llx` line each (older QEMU: `%llx`, no 0x;
 * accel/kvm kvm_handle_internal_error()). What each holds is fixed by the suberror and KVM's
 * generation (Linux arch/x86/kvm/vmx/vmx.c, x86.c), and most of it is read from the VMCS:
 *   1 emulation failure: no data before Linux 5.16; from 5.16 (prepare_emulation_failure_exit())
 *     flags (bit 0: two words of instruction bytes follow), then get_exit_info()'s exit reason,
 *     exit qualification, IDT-vectoring information, exit interruption information and its error
 *     code (0 where the interruption has none; the last three 0 after a failed VM entry), then
 *     whatever the exit path added
 *   2 simultaneous exceptions (handle_exception_nmi()): IDT-vectoring information, exit
 *     interruption information, its error code (0 where it has none), from 5.11 the last CPU
 *   3 event delivery failed (vmx_handle_exit()): IDT-vectoring information, exit reason, exit
 *     qualification, the guest-physical address after an EPT misconfiguration, from 5.11 the
 *     last CPU; a later kernel (kvm_prepare_event_vectoring_exit()) gives an address always,
 *     all ones where there is none, so a word after the qualification that is all ones is no
 *     CPU number and no address
 *   4 unexpected exit reason: the exit reason, from 5.11 the last CPU
 * Each word the VMCS held goes to its field on its line; the others (flags, instruction bytes,
 * the CPU) are notes. The words are an Intel host's: an exit reason that is none of VMX's (an
 * AMD host gives SVM's exit code) is a note, and the words after it too.
 *
 * Before QEMU took KVM in (qemu-kvm up to 1.x, RHEL 6's 0.12, kvm-userspace), its own lines:
 * `unhandled vm exit: 0x%x` (libkvm, KVM_EXIT_UNKNOWN's hardware_exit_reason) and
 * `kvm: unhandled exit %llx` (qemu-kvm handle_unhandled()): the exit reason -> VM_EXIT_REASON;
 * `kvm: vm entry failed with error 0x%llx` (handle_failed_vmentry()): as QEMU's hardware error;
 * and kvm_show_regs()'s register dump, also QEMU's view of the vCPU (KVM_GET_REGS/SREGS):
 *   `rax %016llx rbx ...` rows (rsp -> GUEST_RSP), `rip %016llx rflags %08llx`,
 *   `cs %04x (%08llx/%08x p %d dpl %d db %d s %d type %x l %d g %d avl %d)` (selector, base,
 *   limit, and the access rights put together from the attributes, P 0 as unusable),
 *   `gdt %llx/%x`, `idt %llx/%x`, `cr0 %llx cr2 %llx cr3 %llx cr4 %llx cr8 %llx efer %llx`.
 * A row a terminal or mailer cut before its last value (`... rdx` / `00000000006a3c8a`) is read
 * on with the value alone on the next line.
 */
import { SVM_HOST_NOTE, type LineSink } from './types.js';
import { CONTINUATION_PREFIX_RE, GUEST_SEGMENTS, headAt, reportUnknown, type OtherParser } from './common.js';
import { diagnostic } from '../diagnostics.js';
import { namesPairField, parsePairLine } from './pairs.js';

/** What annotate and check say of every QEMU dump. */
export const QEMU_VIEW = "QEMU's view of the vCPU, not the VMCS";
/** What annotate and check say of a VMM's own KVM_EXIT_FAIL_ENTRY line (no QEMU, no register dump). */
const FAIL_ENTRY_VIEW = "a VMM's report of KVM_EXIT_FAIL_ENTRY (kvm_run's hardware_entry_failure_reason), no register dump";

/** KVM's SVM dump_vmcb() header lines (see the top of this file), which only an AMD host prints. */
const VMCB_HEAD_RE = /(?:^|[\s:\]])(?:KVM: FAILED VMRUN WITH VMCB:|VMCB Control Area:|VMCB State Save Area:|VMCB (?:0x)?[0-9a-f]{1,16}, last attempted VMRUN on CPU \d{1,5})\s*$/;
/** A line of dump_vmcb() after its header (`cpl: 0 efer: 0000000000001000`, `cr_read:            0000`, `es:   s: 0010 a: 0093 …`), or a paste's `[...]`. */
const VMCB_ROW_RE = /^(?:[ \t]*>)*[ \t]*(?:\[ *\d+\.\d+\] *)?(?:kvm(?:_amd)?: )?(?:[a-z][a-z0-9_.]{0,30}:(?:[ \t]+(?:0x)?[0-9a-f]{1,16})?[ \t]*){1,8}$|^[ \t>]*\[(?:\.\.\.|…)\][ \t]*$/;

/** The lines QEMU's dump starts with (hardware error, internal error). */
const ENTRY_FAILED_RE = /\bKVM: entry failed, hardware error (0x[0-9a-fA-F]+)\b/;
/** (the number ends the line, as QEMU prints it: `console reports "KVM internal error. Suberror: 3".` is someone's prose) */
const INTERNAL_RE = /\bKVM internal error\. ?Suberror: (\d+)\s*$/;
/** A word of run->internal.data[] after the internal-error line; the rest of the line may be anyone's comment. */
const EXTRA_RE = /(?:^|[\s:\]>])extra data\[(\d{1,2})\]: (?:0x)?([0-9a-fA-F]{1,16})(?=\s|$)/;
/** The lines of the register dump, each as QEMU prints it (cpu-dump.c). */
const GPR_RE = /(?:^|[\s:\]])(?:[RE]AX|[RE]SI|R8 |R12)=[0-9a-f]{8,16} /;
const IP_RE = /(?:^|[\s:\]])([RE])IP=([0-9a-f]{8,16}) [RE]FL=([0-9a-f]{8}) \[[^\]]{7}\] CPL=(\d) II=(\d) A20=(\d) SMM=(\d) HLT=(\d)/;
const SEG_RE = /(?:^|[\s:\]])(ES |CS |SS |DS |FS |GS |LDT|TR )=([0-9a-f]{4}) ([0-9a-f]{8}|[0-9a-f]{16}) ([0-9a-f]{8}) ([0-9a-f]{8})(?: |$)/;
const DT_RE = /(?:^|[\s:\]])([GI])DT= {5}([0-9a-f]{8}|[0-9a-f]{16}) ([0-9a-f]{8})\s*$/;
/** The same inside a dump QEMU's other lines opened: mail digests and HTML pages collapse the five spaces. */
const DT_LOOSE_RE = /(?:^|[\s:\]])([GI])DT=[ \t]+([0-9a-f]{8}|[0-9a-f]{16}) ([0-9a-f]{8})\s*$/;
/** A GDT=/IDT= line whose numbers are garbled (a pasted link, a cut): reported, never guessed. */
const DT_ANY_RE = /(?:^|[\s:\]])([GI])DT=[ \t]+\S/;
const CR_RE = /(?:^|[\s:\]])CR0=([0-9a-f]{8}) CR2=([0-9a-f]{8}|[0-9a-f]{16}) CR3=([0-9a-f]{8}|[0-9a-f]{16}) CR4=([0-9a-f]{8})\b/;
const DR03_RE = /(?:^|[\s:\]])DR0=[0-9a-f]{8,16} DR1=/;
/** DR3 alone: the rest of the DR0-DR3 row a hard wrap cut after DR2 (the row holds nothing read). */
const DR3_ALONE_RE = /(?:^|[\s:\]])DR3=[0-9a-f]{8,16}\s*$/;
const DR67_RE = /(?:^|[\s:\]])DR6=([0-9a-f]{8,16}) DR7=([0-9a-f]{8,16})\b/;
const DR67_ALONE_RE = /(?:^|[\s:\]])DR6=[0-9a-f]{16} DR7=[0-9a-f]{16}\s*$/;
const EFER_RE = /(?:^|[\s:\]])EFER=([0-9a-f]{16})\s*$/;
/** qemu-kvm's own lines (see the top of this file). */
const LEGACY_EXIT_RE = /(?:^|[\s:\]>])(?:unhandled vm exit: 0x|kvm: unhandled exit (?:0x)?)([0-9a-f]{1,16})(?: vcpu_id \d+)?\s*$/;
const LEGACY_VMENTRY_RE = /(?:^|[\s:\]>])kvm: vm entry failed with error 0x([0-9a-f]{1,16})\s*$/;
/**
 * A VMM's own print of KVM's kvm_run->fail_entry.hardware_entry_failure_reason after
 * KVM_EXIT_FAIL_ENTRY, the value QEMU's `hardware error` line gives: C VMMs print
 * `hardware_entry_failure_reason = 0x%llx` (the example of LWN's "Using the KVM API" that many
 * copy, dosemu2), Rust ones the kvm-ioctls exit's Debug form, `hardware_entry_failure_reason: %u`
 * in decimal (`VcpuExitFailEntry { hardware_entry_failure_reason: 0, cpu: 2 }`, uhyve), or the
 * tuple of older kvm-ioctls, `FailEntry(0, 2)` (the reason, then the CPU).
 */
const FAIL_ENTRY_RE = /(?:^|[\s:{(`])(?:hardware_entry_failure_reason(?: = 0x([0-9a-fA-F]{1,16})| ?: (\d{1,20}))(?=[\s,}`)]|$)|FailEntry\((\d{1,20}), \d{1,10}\))/;
const LEGACY_GPR_RE = /(?:^|[\s:\]>])(rax|rsi|r8 |r12) +[0-9a-f]{16} /;
const LEGACY_PAIR_RE = /\b(r[abcd]x|r[sd]i|r[sb]p|r\d\d?|rip|rflags)(?: +([0-9a-f]{8,16}))?(?=\s|$)/g;
const LEGACY_SEG_RE = /(?:^|[\s:\]>])(cs|ds|es|ss|fs|gs|tr|ldt) ([0-9a-f]{4}) \(([0-9a-f]{8,16})\/([0-9a-f]{8}) p (\d) dpl (\d) db (\d) s (\d) type ([0-9a-f]) l (\d) g (\d) avl (\d)\)/;
const LEGACY_DT_RE = /(?:^|[\s:\]>])([gi])dt ([0-9a-f]{1,16})\/([0-9a-f]{1,8})\s*$/;
const LEGACY_CR_RE = /(?:^|[\s:\]>])cr0 ([0-9a-f]{1,16}) cr2 ([0-9a-f]{1,16}) cr3 ([0-9a-f]{1,16}) cr4 ([0-9a-f]{1,16}) cr8 ([0-9a-f]{1,16}) efer ([0-9a-f]{1,16})\s*$/;
/** A row's last value alone, after a row that ended in its register's name. */
const LEGACY_REST_RE = /^(?:[ \t]*>)*[ \t]*([0-9a-f]{16})\s*$/;

/** Lines of the dump that hold no guest state we read (FPU, vector registers, cc state, code bytes). */
const OTHER_RE = /(?:^|[\s:\]])(?:FCW=|FPR\d=|[XYZ]MM\d\d=|CCS=|Code=|Opmask\d\d=|FS=|GS=[0-9a-f]+ (?:0|KGS))/;
/**
 * A row of `NAME=hex` registers as cpu-dump.c prints them (upper-case names, lower-case hex),
 * none of which this reader knows (`PKRU=00000000`, a register a later QEMU adds): inside a
 * dump, its tokens are reported (common.ts, the unknown-token policy).
 */
const UNKNOWN_ROW_RE = /(?:^|[\s:\]])((?:[A-Z][A-Z0-9_]* ?=[0-9a-f]+\s+)*[A-Z][A-Z0-9_]* ?=[0-9a-f]+)\s*$/;
const UNKNOWN_TOKEN_RE = /([A-Z][A-Z0-9_]*) ?=([0-9a-f]+)/g;
/** QEMU's advice after hardware error 0x80000021 (kvm_arch_handle_exit), five lines of prose. */
const HINT_RE = /If you're running a guest on an Intel machine without unrestricted mode|support, the failure can be most likely due to the guest entering an invalid|state for Intel VT\. For example, the guest maybe running in big real mode|which is not supported on less recent Intel processors\.|^\s*emulation failure\s*$/;

/**
 * Each row of the dump as a sequence of whitespace-separated tokens, to know a row a hard wrap cut
 * (`EIP=... A20=1` / `SMM=1 HLT=0`, `ES =0000 00000000 ffffffff` / `00809300`, `CR0=... CR2=...` /
 * `CR3=...`, `KVM: entry failed,` / `hardware error 0x7`): a line whose last tokens are the first
 * tokens of a row, and not all of them, is held until the next line says whether it goes on.
 * `open`: the row may open a dump (the others are held only inside one); `'two'`: it may, but a head of
 * it that gets no rest outside a dump is counted as a line no reader takes (`CR0=...` alone may be
 * anyone's), where a head of an `open: true` row with two values or more is reported.
 */
const H = '[0-9a-f]';
const tok = (re: string): RegExp => new RegExp('^(?:' + re + ')$');
const gprRow = (names: string[]): RegExp[] => names.flatMap((n) => (n.length === 2 ? [tok(n), tok(`=${H}{16}`)] : [tok(`${n}=${H}{8,16}`)]));
type Row = { name: string; open: boolean | 'two'; tokens: RegExp[]; min?: number };
/** Made on first use (a hard-wrap test of a line that may hold a QEMU row): ~60 regular expressions a run without QEMU lines never parses (start-up, issue 17). */
let rows: Row[] | undefined;
const ROWS = (): Row[] => (rows ??= [
  { name: 'entry', open: true, tokens: ['KVM:', 'entry', 'failed,', 'hardware', 'error', '0x[0-9a-fA-F]+'].map(tok) },
  { name: 'internal', open: true, tokens: ['KVM', 'internal', 'error\\.', 'Suberror:', '\\d+'].map(tok) },
  { name: 'internal', open: true, tokens: ['KVM', 'internal', 'error\\.Suberror:', '\\d+'].map(tok) },
  { name: 'gpr', open: true, tokens: gprRow(['[RE]AX', '[RE]BX', '[RE]CX', '[RE]DX']) },
  { name: 'gpr', open: true, tokens: gprRow(['[RE]SI', '[RE]DI', '[RE]BP', '[RE]SP']) },
  { name: 'gpr', open: true, tokens: gprRow(['R8', 'R9', 'R10', 'R11']) },
  { name: 'gpr', open: true, tokens: gprRow(['R12', 'R13', 'R14', 'R15']) },
  { name: 'ip', open: true, tokens: [`[RE]IP=${H}{8,16}`, `[RE]FL=${H}{8}`, '\\[.{7}\\]', 'CPL=\\d', 'II=\\d', 'A20=\\d', 'SMM=\\d', 'HLT=\\d'].map(tok) },
  { name: 'seg', open: 'two', tokens: ['ES|CS|SS|DS|FS|GS|TR', `=${H}{4}`, `${H}{8}|${H}{16}`, `${H}{8}`, `${H}{8}`].map(tok) },
  { name: 'seg', open: 'two', tokens: [`LDT=${H}{4}`, `${H}{8}|${H}{16}`, `${H}{8}`, `${H}{8}`].map(tok) },
  { name: 'dt', open: 'two', tokens: ['[GI]DT=', `${H}{8}|${H}{16}`, `${H}{8}`].map(tok) },
  { name: 'cr', open: 'two', tokens: [`CR0=${H}{8}`, `CR2=${H}{8,16}`, `CR3=${H}{8,16}`, `CR4=${H}{8}`].map(tok) },
  // (whole from DR2 on: some builds print DR3 on the DR6 row, sample 49; the row holds nothing read)
  { name: 'dr', open: false, min: 3, tokens: [`DR0=${H}{8,16}`, `DR1=${H}{8,16}`, `DR2=${H}{8,16}`, `DR3=${H}{8,16}`].map(tok) },
  { name: 'dr', open: 'two', tokens: [`DR6=${H}{8,16}`, `DR7=${H}{8,16}`].map(tok) },
  // KVM's internal-error words (`extra data[0]:` / `80000008`: read only inside the report)
  { name: 'extra', open: false, tokens: ['extra', 'data\\[\\d{1,2}\\]:', '(?:0x)?[0-9a-fA-F]{1,16}'].map(tok) },
]);

/** Any token of any row: a line whose last token is none of them ends in no row's head (a cheap test before the rest). */
let anyToken: RegExp | undefined;
const ANY_TOKEN_RE = (): RegExp => (anyToken ??= new RegExp('^(?:' + [...new Set(ROWS().flatMap((r) => r.tokens.map((t) => t.source.slice(4, -2))))].join('|') + ')$'));

/** Mail quoting and indent before a wrapped row's rest. */
const QUOTING_RE = /^(?:[ \t]*>)*[ \t]*/;
/** A token of a held head that holds a value (a head of labels alone, `KVM: entry`, `ES`, is let go silently). */
const VALUE_TOKEN_RE = /=[0-9a-f]|^(?:0x)?[0-9a-f]+$|^\d+$/;
/** What a line that ends in the head of a row has (a cheap test before the tokens). */
const HOLD_RE = /[A-Z][A-Z\d].?=|DT=|KVM|[A-Z]\d?\s*$|extra\s*$|data\[\d{1,2}\]:\s*$/;

/** Order of the register-dump lines: a line earlier than the last one read starts another vCPU's dump. */
const ORDER = { gpr: 0, ip: 1, seg: 2, dt: 3, cr: 4, dr: 5, efer: 6 } as const;

/**
 * A GDTR or IDTR row (`GDT=     base limit`, qemu-kvm's `gdt base/limit`): its base and limit to
 * the guest's fields (SDM Appendix B: GUEST_GDTR_BASE 0x6816, GUEST_GDTR_LIMIT 0x4810, the IDTR's
 * 0x6818 and 0x4812). `m`: the table's letter (g or i, either case), the base, the limit.
 */
function descriptorTable(sink: LineSink, m: RegExpExecArray, lineNo: number): void {
  const gdt = m[1] === 'G' || m[1] === 'g';
  sink.field(gdt ? 0x6816 : 0x6818, m[2]!, lineNo);
  sink.field(gdt ? 0x4810 : 0x4812, m[3]!, lineNo);
}

export function createQemuParser(): OtherParser {
  /** The head of a row a hard wrap cut, waiting for its rest. */
  let held: { text: string; lineNo: number; tokens: number; row: Row } | null = null;
  let inDump = false;
  let stage = -1;
  /** Segment rows read in this dump, so that a second ES row starts another dump. */
  let segs = new Set<string>();
  let opened = 0;
  /** The internal-error report whose `extra data[i]` words come next (other: another vCPU's, printed into this dump). */
  let extra: { sub: number; other: boolean; base?: number; reason?: bigint; intr?: bigint; amd?: boolean } | null = null;
  /** A kvm_show_regs() row ended in this register's name: its value is the next line. */
  let legacyName: string | null = null;
  /** The first line of KVM's SVM dump_vmcb() in the input (an AMD host), and whether its rows follow. */
  let vmcbAt: number | null = null;
  let vmcbRows = false;
  /** The line of the open dump's hardware error 0xffffffff, and whether it was said to be an AMD host's. */
  let invalidAt: number | null = null;
  let svmSaid = false;

  function open(sink: LineSink, lineNo: number, view = QEMU_VIEW): void {
    sink.boundary();
    sink.setFormat('qemu');
    inDump = true;
    stage = -1;
    segs = new Set();
    opened = lineNo;
    extra = null;
    legacyName = null;
    invalidAt = null;
    svmSaid = false;
    sink.describe?.(view, lineNo);
  }

  /** The open dump is an AMD host's failed VMRUN: hardware error 0xffffffff and dump_vmcb() (line `vmcb`). */
  function svmHost(sink: LineSink, vmcb: number): void {
    if (svmSaid || invalidAt === null) return;
    svmSaid = true;
    note(sink, invalidAt, SVM_HOST_NOTE, '', `hardware error 0xffffffff is SVM's VMEXIT_INVALID and line ${vmcb} is KVM's dump_vmcb(): an AMD host's failed VMRUN, which Intel's VM-entry rules do not decide (the values are QEMU's view of the vCPU all the same)`);
    sink.report(diagnostic('svm-host', { error: invalidAt, vmcb }, invalidAt));
  }

  /**
   * CR0, CR2, CR3 and CR4 of a control-register line (groups 1-4 of QEMU's `CR0=… CR2=… CR3=… CR4=…`
   * and of qemu-kvm's `cr0 … cr2 … cr3 … cr4 …`): the guest's CR0, CR3 and CR4, CR2 a note
   * under the name the line prints.
   */
  function controlRegisters(sink: LineSink, lineNo: number, cr: RegExpExecArray, cr2: string): void {
    at(sink, ORDER.cr, lineNo);
    sink.field(0x6800, cr[1]!, lineNo);
    note(sink, lineNo, cr2, cr[2]!, 'the page-fault address register (not a VMCS field)');
    sink.field(0x6802, cr[3]!, lineNo);
    sink.field(0x6804, cr[4]!, lineNo);
  }

  /** A register line of stage `s`: opens a dump, or another one when the order starts over. */
  function at(sink: LineSink, s: number, lineNo: number, seg?: string): void {
    const again = seg !== undefined ? segs.has(seg) : stage > s || (stage === s && s !== ORDER.gpr && s !== ORDER.dt);
    if (!inDump || !sink.inDump || (again && s <= ORDER.ip) || (seg !== undefined && again)) open(sink, lineNo);
    if (seg !== undefined) segs.add(seg);
    stage = Math.max(stage, s);
    extra = null;
  }

  function note(sink: LineSink, lineNo: number, label: string, value: string, what: string): void {
    sink.note({ line: lineNo, label, value, what });
  }

  /** Whether `v` can be a VMX exit reason (basic reason up to 80; bits 26-29 and 31 the only others). */
  function vmxReason(v: bigint): boolean {
    return v <= 0xffffffffn && (v & 0xffffn) <= 80n && (v & 0x43ff0000n) === 0n;
  }

  /** Word `i` of KVM's run->internal.data[] (value `v`, as printed `digits`), by the suberror's layout (see the top of this file). */
  function extraWord(sink: LineSink, lineNo: number, i: number, v: bigint): void {
    const x = extra!;
    const label = `extra data[${i}]`;
    const hex = v.toString(16);
    const cpu = (): void => note(sink, lineNo, label, String(v), "the host CPU of the vCPU's last VM entry (last_vmentry_cpu, Linux 5.11 and later); not a VMCS value");
    const reason = (): void => {
      if (!vmxReason(v)) {
        x.amd = true;
        note(sink, lineNo, label, '0x' + hex, "not a VMX exit reason (an AMD host gives SVM's exit code, a VMCB value): this word and the ones after it are no VMCS values");
        return;
      }
      x.reason = v;
      sink.field(0x4402, hex, lineNo);
    };
    const failed = (): boolean => x.reason !== undefined && ((x.reason >> 31n) & 1n) === 1n;
    const errorCode = (): void => {
      // KVM reads the error code only where the exit interruption information says one was delivered (bits 31 and 11)
      if (x.intr !== undefined && (x.intr & 0x80000800n) === 0x80000800n) sink.field(0x4406, hex, lineNo);
      else note(sink, lineNo, label, '0x' + hex, x.intr === undefined ? "the exit interruption's error code as KVM gives it, but the interruption information is not in the paste: not placed" : 'the exit interruption delivers no error code: KVM gives 0, not the VMCS field');
    };
    if (x.other) {
      note(sink, lineNo, label, '0x' + hex, "another vCPU's internal-error data, printed in the middle of this dump");
      return;
    }
    if (x.amd) {
      note(sink, lineNo, label, '0x' + hex, "after an exit reason that is none of VMX's: not a VMCS value");
      return;
    }
    switch (x.sub) {
      case 1: {
        if (i === 0) {
          x.base = v & 1n ? 3 : 1;
          note(sink, lineNo, label, '0x' + hex, 'flags of KVM\'s emulation-failure data (Linux 5.16 and later; bit 0: the instruction bytes follow in the next two words)' + (v > 1n ? '; bits KVM does not define are set' : ''));
          return;
        }
        if (x.base === undefined) {
          note(sink, lineNo, label, '0x' + hex, 'the flags word (extra data[0]) is not in the paste, so where the exit information starts is not known: not placed');
          return;
        }
        if (i < x.base) {
          // struct kvm_run emulation_failure: insn_size (u8), then insn_bytes[15], over these two words
          const bytes = Array.from({ length: 8 }, (_, b) => Number((v >> BigInt(8 * b)) & 0xffn).toString(16).padStart(2, '0'));
          note(sink, lineNo, label, '0x' + hex, i === 1 ? `the instruction KVM failed to emulate: size ${Number(v & 0xffn)}, bytes ${bytes.slice(1).join(' ')}` : `the instruction KVM failed to emulate, bytes ${bytes.join(' ')}`);
          return;
        }
        const k = i - x.base;
        if (k === 0) reason();
        else if (k === 1) sink.field(0x6400, hex, lineNo);
        else if (k <= 4 && failed()) note(sink, lineNo, label, '0x' + hex, 'after a failed VM entry KVM gives 0 here, not a VMCS value');
        else if (k === 2) sink.field(0x4408, hex, lineNo);
        else if (k === 3) {
          x.intr = v;
          sink.field(0x4404, hex, lineNo);
        } else if (k === 4) errorCode();
        else note(sink, lineNo, label, '0x' + hex, 'a word the emulation-failure path added after the exit information (a guest-physical address, the last CPU)');
        return;
      }
      case 2:
        if (i === 0) sink.field(0x4408, hex, lineNo);
        else if (i === 1) {
          x.intr = v;
          sink.field(0x4404, hex, lineNo);
        } else if (i === 2) errorCode();
        else if (i === 3) cpu();
        else note(sink, lineNo, label, '0x' + hex, 'a word KVM does not give for simultaneous exceptions');
        return;
      case 3:
        if (i === 0) sink.field(0x4408, hex, lineNo);
        else if (i === 1) reason();
        else if (i === 2) sink.field(0x6400, hex, lineNo);
        else if (i === 3 && x.reason !== undefined && (x.reason & 0xffffn) === 0x31n) sink.field(0x2400, hex, lineNo);
        else if (i === 3 && v === 0xffffffffffffffffn) note(sink, lineNo, label, '0x' + hex, 'INVALID_GPA: no guest-physical address for this exit (a kernel that gives one always); not a VMCS value');
        else if (i === 3 && x.reason === undefined) note(sink, lineNo, label, '0x' + hex, 'the guest-physical address after an EPT misconfiguration or the last CPU: the exit reason (extra data[1]) is not in the paste, so which is not known');
        else if (i <= 4) cpu();
        else note(sink, lineNo, label, '0x' + hex, 'a word KVM does not give for a failed event delivery');
        return;
      case 4:
        if (i === 0) reason();
        else if (i === 1) cpu();
        else note(sink, lineNo, label, '0x' + hex, 'a word KVM does not give for an unexpected exit reason');
        return;
      default:
        note(sink, lineNo, label, '0x' + hex, `KVM's data for suberror ${x.sub}, whose layout is not known here`);
    }
  }

  /** A register of kvm_show_regs()'s rows: rsp, rip and rflags are read, the others hold nothing read. */
  function legacyRegister(sink: LineSink, lineNo: number, name: string, value: string): boolean {
    if (name === 'rsp') sink.field(0x681c, value, lineNo);
    else if (name === 'rip') sink.field(0x681e, value, lineNo);
    else if (name === 'rflags') sink.field(0x6820, value, lineNo);
    else return false;
    return true;
  }

  /**
   * KVM's hardware_entry_failure_reason as qemu-kvm or a VMM prints it, opening a dump: an exit
   * reason with bit 31 set, else the VM-instruction error; all ones or wider than 32 bits is
   * neither (an AMD host's SVM exit code?) and stays a note.
   */
  function entryFailure(sink: LineSink, lineNo: number, label: string, v: bigint, what: string, view = QEMU_VIEW): void {
    open(sink, lineNo, view);
    note(sink, lineNo, label, '0x' + v.toString(16), what);
    if (v > 0xffffffffn || v === 0xffffffffn) note(sink, lineNo, 'vm entry failed', '0x' + v.toString(16), 'neither an exit reason nor a VM-instruction error (an AMD host\'s SVM exit code?); not a VMCS value');
    else sink.field((v >> 31n) & 1n ? 0x4402 : 0x4400, v.toString(16), lineNo);
  }

  /** qemu-kvm's own lines (see the top of this file): true when the line was one. */
  function legacy(line: string, lineNo: number, sink: LineSink): boolean {
    const inQemu = inDump && sink.inDump;
    if (legacyName !== null) {
      const name = legacyName;
      legacyName = null;
      const rest = inQemu ? LEGACY_REST_RE.exec(line) : null;
      if (rest) {
        if (!legacyRegister(sink, lineNo, name, rest[1]!)) sink.skip();
        return true;
      }
    }
    const failEntry = line.includes('hardware_entry_failure_reason') || line.includes('FailEntry(') ? FAIL_ENTRY_RE.exec(line) : null;
    if (failEntry) {
      const v = failEntry[1] !== undefined ? BigInt('0x' + failEntry[1]) : BigInt((failEntry[2] ?? failEntry[3])!);
      entryFailure(sink, lineNo, 'hardware_entry_failure_reason', v, "a VMM's print of KVM's kvm_run fail_entry.hardware_entry_failure_reason (KVM_EXIT_FAIL_ENTRY)", FAIL_ENTRY_VIEW);
      return true;
    }
    if (line.includes('unhandled') || line.includes('vm entry failed')) {
      const exit = LEGACY_EXIT_RE.exec(line);
      const vmentry = exit ? null : LEGACY_VMENTRY_RE.exec(line);
      if (exit) {
        open(sink, lineNo);
        const v = BigInt('0x' + exit[1]!);
        if (vmxReason(v)) sink.field(0x4402, v.toString(16), lineNo);
        else note(sink, lineNo, 'unhandled exit', '0x' + v.toString(16), "not a VMX exit reason (an AMD host gives SVM's exit code): not a VMCS value");
        return true;
      }
      if (vmentry) {
        entryFailure(sink, lineNo, 'kvm: vm entry failed with error', BigInt('0x' + vmentry[1]!), "qemu-kvm's report of the failed VM entry (KVM's hardware_entry_failure_reason)");
        return true;
      }
      return false;
    }
    const gpr = line.includes('rax ') || line.includes('rsi ') || line.includes('r8  ') || line.includes('r12 ') ? LEGACY_GPR_RE.exec(line) : null;
    if (gpr || (inQemu && (line.includes('rip ') || line.includes('rflags ')))) {
      const pairs = [...line.matchAll(LEGACY_PAIR_RE)];
      if (pairs.length < 2) return false;
      if (gpr) at(sink, ORDER.gpr, lineNo);
      else at(sink, ORDER.ip, lineNo);
      let read = false;
      for (const p of pairs) {
        if (p[2] === undefined) legacyName = p[1]!;
        else read = legacyRegister(sink, lineNo, p[1]!, p[2]) || read;
      }
      if (!read) sink.skip();
      return true;
    }
    if (!inQemu && !line.includes(' dpl ')) return false;
    const seg = line.includes(' dpl ') ? LEGACY_SEG_RE.exec(line) : null;
    if (seg) {
      const name = seg[1]!.toUpperCase();
      at(sink, ORDER.seg, lineNo, name);
      const [sel, ar, limit, base] = GUEST_SEGMENTS[name === 'LDT' ? 'ldtr' : seg[1]!]!;
      const [p, dpl, db, s, type, l, g, avl] = [5, 6, 7, 8, 9, 10, 11, 12].map((k) => parseInt(seg[k]!, 16));
      sink.field(sel, seg[2]!, lineNo);
      sink.field(base, seg[3]!, lineNo);
      sink.field(limit, seg[4]!, lineNo);
      // kvm_segment's attributes put back in the access-rights layout (SDM Table 25-2); P 0 as unusable, as for QEMU's rows
      const rights = type! | (s! << 4) | (dpl! << 5) | (p! << 7) | (avl! << 12) | (l! << 13) | (db! << 14) | (g! << 15) | (p ? 0 : 0x10000);
      sink.field(ar, rights.toString(16), lineNo);
      return true;
    }
    if (!inQemu) return false;
    const dt = line.includes('dt ') ? LEGACY_DT_RE.exec(line) : null;
    if (dt) {
      at(sink, ORDER.dt, lineNo);
      descriptorTable(sink, dt, lineNo);
      return true;
    }
    const cr = line.includes('cr0 ') ? LEGACY_CR_RE.exec(line) : null;
    if (cr) {
      controlRegisters(sink, lineNo, cr, 'cr2');
      note(sink, lineNo, 'cr8', cr[5]!, 'the task-priority register (not a VMCS field)');
      sink.field(0x2806, cr[6]!, lineNo);
      return true;
    }
    return false;
  }

  /** The held head gets no rest: what it holds is reported by line (a head of labels alone is let go). */
  function letGo(sink: LineSink): void {
    const h = held!;
    held = null;
    const values = h.text.trim().split(/\s+/).slice(-h.tokens).filter((t) => VALUE_TOKEN_RE.test(t)).length;
    // outside a dump, only a head that is QEMU's beyond doubt is reported; the rest is counted
    // as any line no reader takes (common.ts)
    if (values > 0 && ((inDump && sink.inDump) || (h.row.open === true && values >= 2))) {
      sink.report(diagnostic('unplaced-line', { dialect: 'QEMU register dump', text: h.text.trim().slice(0, 100) }, h.lineNo));
    } else sink.skip(h.text);
  }

  /** A line whose end is the head of a row (not the whole row): held, true; else false. */
  function hold(line: string, lineNo: number, sink: LineSink): boolean {
    if (line.length > 400 || !HOLD_RE.test(line)) return false;
    const trimmed = line.trimEnd();
    if (!ANY_TOKEN_RE().test(trimmed.slice(Math.max(trimmed.lastIndexOf(' '), trimmed.lastIndexOf('\t')) + 1))) return false;
    const all = trimmed.trim().split(/\s+/);
    // (no row is longer than 16 tokens: the head of one is among the line's last 16)
    const tokens = all.length > 16 ? all.slice(-16) : all;
    const at = headAt(tokens, ROWS());
    if (!at) return false;
    if (!at.row.open && !(inDump && sink.inDump)) return false;
    // outside a QEMU dump, a line of the pairs dialect (`I/O RSI=00000000`: a field's title whose
    // last word is a register) is not the head of a QEMU row (as kvm-xen.ts leaves such a line to pairs)
    if (!(inDump && sink.inDump) && namesPairField(parsePairLine(line))) return false;
    held = { text: line, lineNo, tokens: at.matched, row: at.row };
    return true;
  }

  function read(line: string, lineNo: number, sink: LineSink): boolean {
      const failed = line.includes('KVM: entry failed') ? ENTRY_FAILED_RE.exec(line) : null;
      if (failed) {
        const started = inDump && sink.inDump && stage >= 0 && stage < ORDER.efer && lineNo - opened < 40;
        if (started) {
          // another vCPU's report, printed into the middle of this one
          note(sink, lineNo, 'KVM: entry failed, hardware error', failed[1]!.toLowerCase(), "another vCPU's report, printed in the middle of this dump");
          return true;
        }
        open(sink, lineNo);
        const v = BigInt(failed[1]!);
        const value = v.toString(16);
        note(sink, lineNo, 'KVM: entry failed, hardware error', '0x' + value, "QEMU's report of the failed VM entry (KVM's hardware_entry_failure_reason)");
        if (v === 0xffffffffn) {
          invalidAt = lineNo;
          if (vmcbAt !== null) svmHost(sink, vmcbAt);
          else note(sink, lineNo, 'hardware error', '0xffffffff', "neither a VMX exit reason nor a VM-instruction error: SVM's VMEXIT_INVALID on an AMD host, or all ones from a read that failed; not a VMCS value");
        } else if (v > 0xffffffffn) {
          note(sink, lineNo, 'hardware error', '0x' + value, 'wider than 32 bits: neither an exit reason nor a VM-instruction error');
        } else if ((v >> 31n) & 1n) {
          sink.field(0x4402, value, lineNo);
        } else {
          sink.field(0x4400, value, lineNo);
        }
        return true;
      }
      const internal = line.includes('KVM internal error') ? INTERNAL_RE.exec(line) : null;
      if (internal) {
        if (inDump && sink.inDump && stage >= 0 && stage < ORDER.efer) {
          note(sink, lineNo, 'KVM internal error. Suberror', internal[1]!, "another vCPU's report, printed in the middle of this dump");
          extra = { sub: Number(internal[1]), other: true };
          return true;
        }
        open(sink, lineNo);
        note(sink, lineNo, 'KVM internal error. Suberror', internal[1]!, 'KVM_EXIT_INTERNAL_ERROR (1: emulation failure, 2: simultaneous exceptions, 3: delivery event failed, 4: unexpected exit reason); not a VM-entry failure');
        extra = { sub: Number(internal[1]), other: false };
        return true;
      }
      const word = extra && inDump && sink.inDump && line.includes('extra data[') ? EXTRA_RE.exec(line) : null;
      if (word) {
        extraWord(sink, lineNo, Number(word[1]), BigInt('0x' + word[2]!));
        return true;
      }
      if (legacy(line, lineNo, sink)) return true;
      // (a register's name is two capitals, or R and a digit: `R8 =`, `R12=`)
      if (!/[A-Z][A-Z\d].?=|DT=/.test(line)) {
        if (inDump && sink.inDump && HINT_RE.test(line)) {
          sink.skip();
          return true;
        }
        return false;
      }
      const ip = IP_RE.exec(line);
      if (ip) {
        at(sink, ORDER.ip, lineNo);
        sink.field(0x681e, ip[2]!, lineNo);
        sink.field(0x6820, ip[3]!, lineNo);
        note(sink, lineNo, 'CPL', ip[4]!, 'current privilege level (the DPL of SS as KVM keeps it)');
        note(sink, lineNo, 'II', ip[5]!, ip[5] === '1' ? 'an interrupt shadow: blocking by STI or by MOV SS (QEMU does not say which, nor whether NMIs are blocked)' : 'no interrupt shadow (blocking by STI and by MOV SS are 0; NMI and SMI blocking not shown)');
        note(sink, lineNo, 'SMM', ip[7]!, ip[7] === '1' ? 'the vCPU is in system-management mode' : 'not in system-management mode');
        sink.field(0x4826, ip[8] === '1' ? '1' : '0', lineNo);
        return true;
      }
      // (outside a QEMU dump, `I/O RSI=00000000 I/O RDI=00000000` is a pairs line of two fields, as in hold)
      if (GPR_RE.test(line) && (inDump && sink.inDump || !namesPairField(parsePairLine(line)))) {
        const sp = /(?:^|\s)[RE]SP=([0-9a-f]{8,16})\b/.exec(line);
        at(sink, ORDER.gpr, lineNo);
        if (sp) sink.field(0x681c, sp[1]!, lineNo);
        else sink.skip();
        return true;
      }
      const seg = SEG_RE.exec(line);
      if (seg) {
        const name = seg[1]!.trim();
        at(sink, ORDER.seg, lineNo, name);
        // QEMU prints LDTR as "LDT"
        const [sel, ar, limit, base] = GUEST_SEGMENTS[name === 'LDT' ? 'ldtr' : name.toLowerCase()]!;
        const flags = parseInt(seg[5]!, 16);
        sink.field(sel, seg[2]!, lineNo);
        sink.field(base, seg[3]!, lineNo);
        sink.field(limit, seg[4]!, lineNo);
        sink.field(ar, (((flags >>> 8) & 0xf0ff) | (flags & 0x8000 ? 0 : 0x10000)).toString(16), lineNo);
        return true;
      }
      const dt = DT_RE.exec(line) ?? (inDump && sink.inDump ? DT_LOOSE_RE.exec(line) : null);
      if (dt) {
        at(sink, ORDER.dt, lineNo);
        descriptorTable(sink, dt, lineNo);
        return true;
      }
      if (DT_ANY_RE.test(line) && inDump && sink.inDump) {
        sink.report(diagnostic('unplaced-line', { dialect: 'QEMU register dump', text: line.trim().slice(0, 100) }, lineNo));
        return true;
      }
      const cr = CR_RE.exec(line);
      if (cr) {
        controlRegisters(sink, lineNo, cr, 'CR2');
        return true;
      }
      if ((DR03_RE.test(line) || DR3_ALONE_RE.test(line)) && inDump && sink.inDump) {
        sink.skip();
        return true;
      }
      const dr = DR67_RE.exec(line);
      // (the row alone opens a dump: a paste that starts below QEMU's CR row; DR6 and DR7 with 16 digits each are QEMU's)
      if (dr && ((inDump && sink.inDump) || DR67_ALONE_RE.test(line))) {
        at(sink, ORDER.dr, lineNo);
        sink.field(0x681a, dr[2]!, lineNo);
        return true;
      }
      const efer = EFER_RE.exec(line);
      if (efer && inDump && sink.inDump) {
        at(sink, ORDER.efer, lineNo);
        sink.field(0x2806, efer[1]!, lineNo);
        return true;
      }
      if (OTHER_RE.test(line) && inDump && sink.inDump) {
        sink.skip();
        return true;
      }
      // (cpu-dump.c's rows are under 120 characters: a longer line is no row of it, and is not scanned)
      const row = inDump && sink.inDump && line.length <= 400 ? UNKNOWN_ROW_RE.exec(line) : null;
      if (row) {
        reportUnknown(sink, lineNo, 'QEMU register', [...row[1]!.matchAll(UNKNOWN_TOKEN_RE)].map((t) => ({ token: t[1]!, value: t[2]! })));
        return true;
      }
      return false;
  }

  return {
    format: 'qemu' as const,
    get inDump() {
      return inDump;
    },
    end(sink: LineSink) {
      if (held) letGo(sink);
      inDump = false;
      stage = -1;
    },
    continueHeld(line: string, lineNo: number, sink: LineSink): boolean {
      if (!held) return false;
      const h = held;
      // the rest must go on with the same row, from where the head stopped: behind the
      // continuation's prefix, or behind its quoting alone where what looked like a journal's
      // `name[pid]: ` prefix is the row's own words (`extra` / `data[0]: 80000008`)
      const goesOn = (text: string, row: Row): { rest: string; more: string[]; k: number } => {
        const rest = text.trim();
        const more = rest ? rest.split(/\s+/) : [];
        let k = 0;
        while (k < more.length && h.tokens + k < row.tokens.length && row.tokens[h.tokens + k]!.test(more[k]!)) k++;
        return { rest, more, k };
      };
      let on = goesOn(line.replace(CONTINUATION_PREFIX_RE, ''), h.row);
      if (on.k === 0) on = goesOn(line.replace(QUOTING_RE, ''), h.row);
      if (on.k === 0) {
        // the head of another row with the same first words (qemu-kvm's `KVM internal` / `error.Suberror: 2`)
        const words = h.text.trim().split(/\s+/).slice(-h.tokens);
        for (const row of ROWS()) {
          if (row === h.row || row.tokens.length <= h.tokens || !words.every((w, i) => row.tokens[i]!.test(w))) continue;
          const other = goesOn(line.replace(CONTINUATION_PREFIX_RE, ''), row);
          if (other.k > 0) {
            on = other;
            h.row = row;
            break;
          }
        }
      }
      const { rest, more, k } = on;
      if (k === 0) {
        letGo(sink);
        return false;
      }
      const n0 = h.tokens + k;
      if (n0 < (h.row.min ?? h.row.tokens.length) && k < more.length && !(inDump && sink.inDump)) {
        // outside a QEMU dump, a rest that leaves the row before it is whole was no QEMU row
        // (`kvm_intel: CS` / `=0010 SS=0018 ...`: KVM's selector row cut after its first label):
        // the line goes to the other readers
        letGo(sink);
        return false;
      }
      held = null;
      // a DT row's five blanks, or the one blank a wrap took
      const glued = h.text.trimEnd() + (/DT=$/.test(h.text.trimEnd()) ? '     ' : ' ') + rest;
      const n = h.tokens + k;
      const whole = h.row.min ?? h.row.tokens.length;
      if (n < whole && k === more.length) {
        held = { text: glued, lineNo: h.lineNo, tokens: n, row: h.row };
        return true;
      }
      if (n < whole || !read(glued, h.lineNo, sink)) {
        if (n >= whole && h.row.name === 'gpr') {
          // the R8 and R12 rows hold nothing read: skipped, as the whole line is
          sink.skip(glued);
          return true;
        }
        // the rest went on, then left the row: the lot is reported
        sink.report(diagnostic('unplaced-line', { dialect: 'QEMU register dump', text: glued.trim().slice(0, 100) }, h.lineNo));
      }
      return true;
    },
    parse(line: string, lineNo: number, sink: LineSink): boolean {
      if (held) letGo(sink);
      if (vmcbRows) {
        if (VMCB_ROW_RE.test(line)) {
          sink.skip();
          return true;
        }
        vmcbRows = false;
      }
      if (line.includes('VMCB') && VMCB_HEAD_RE.test(line)) {
        vmcbAt ??= lineNo;
        vmcbRows = true;
        // the dump_vmcb() of the report open here (printed after QEMU's lines)
        if (inDump && sink.inDump) svmHost(sink, lineNo);
        sink.skip();
        return true;
      }
      if (hold(line, lineNo, sink)) return true;
      return read(line, lineNo, sink);
    },
  };
}
