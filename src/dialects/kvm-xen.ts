/**
 * KVM `dump_vmcs()` and Xen `vmcs_dump_vcpu()` dumps, as found in kernel logs
 * (`dmesg`, `journalctl -k`, `xl dmesg`, mail and bug-report pastes).
 *
 * Both print `*** Guest State ***`, `*** Host State ***` and `*** Control State ***` sections
 * of `Label = value` and `label=value` pairs; the same label means different fields in
 * different sections (RIP is the guest's in the guest section, the host's in the host
 * section), and `CR0:`, `CS:`, `VMExit:` set the context of the labels after them.
 * The labels and the fields they print are catalogued in docs: KVM lines K0-K51, Xen X1-X39,
 * and Xen 4.5 and older (docs 2.3: `CR3: actual=…, target_count=…`, `Guest PAT`, `Host PAT`,
 * KVM-like segment lines with a `(XEN) ` prefix).
 *
 * Whatever prefix a line carries (timestamps, `kvm_intel: `, `(XEN) `, syslog) is ignored:
 * labels are found by their trailing words.
 *
 * Hard wraps (mail at 72 columns, terminals at 80) cut a line anywhere; the continuation has
 * no prefix, and a line with one is never a continuation. A number cut at the end of a line
 * goes on with the hex digits that start the next, up to the width the dump prints it with; a
 * label, a `label=` or `label=0x` cut at the end of a line is glued to the start of the next
 * when that reads at least as much as the next line alone (labels are compared without
 * spaces, so `Interruptibil` / `ity = 0` and `TSC` / `Multiplier = 0x0` both read); a
 * `CS:RIP=`, `SVI|RVI =`, a Xen segment-table row, KVM's `(effective)` and a section header
 * are made whole again the same way. A piece that carries values and that nothing completes (a
 * Xen row's first columns, a lone `Label = value` line after a dump ended) is reported by line
 * (`unplaced-line`), never dropped, and never left to another dialect to misread. Values that
 * are not VMCS fields (the `VMCS <ptr>` address, KVM's `(effective)` and `(autoload)` EFER, the
 * MSR autoload lists, Xen's saved register copies, `ve_info:`) are kept as notes, never passed
 * off as fields.
 */
import type { LineSink } from './types.js';
import { hasLogPrefix } from './log-prefix.js';
import { namesPairField, parsePairLine } from './pairs.js';
import { diagnostic } from '../diagnostics.js';
import { normalizeName as norm } from '../table/table.js';
import { valueDigits } from '../table/encoding.js';
import { GUEST_SEGMENTS as SEGMENTS, isWordCode, reportUnknown, type UnknownToken } from './common.js';

type Section = 'guest' | 'host' | 'control';


function table(): Record<Section, Map<string, number>> {
  const guest = new Map<string, number>([
    ['cr0.actual', 0x6800], ['cr0.shadow', 0x6004], ['cr0.ghmask', 0x6000],
    ['cr4.actual', 0x6804], ['cr4.shadow', 0x6006], ['cr4.ghmask', 0x6002],
    ['cr3', 0x6802], ['cr3.actual', 0x6802],
    // Xen <=4.5: `CR3: actual=..., target_count=<dec>` then `target0=..., target1=...` lines
    ['cr3.targetcount', 0x400a],
    ['target0', 0x6008], ['target1', 0x600a], ['target2', 0x600c], ['target3', 0x600e],
    ['pdptr0', 0x280a], ['pdptr1', 0x280c], ['pdptr2', 0x280e], ['pdptr3', 0x2810],
    ['pdpte0', 0x280a], ['pdpte1', 0x280c], ['pdpte2', 0x280e], ['pdpte3', 0x2810],
    ['rsp', 0x681c], ['rip', 0x681e], ['rflags', 0x6820], ['dr7', 0x681a],
    ['sysenterrsp', 0x6824],
    ['gdtr.limit', 0x4810], ['gdtr.base', 0x6816], ['idtr.limit', 0x4812], ['idtr.base', 0x6818],
    ['efer', 0x2806], ['pat', 0x2804], ['guestpat', 0x2804],
    ['debugctl', 0x2802], ['debugexceptions', 0x6822], ['perfglobctl', 0x2808], ['bndcfgs', 0x2812],
    ['interruptibility', 0x4824], ['activitystate', 0x4826], ['interruptstatus', 0x0810],
    ['scet', 0x6828], ['ssp', 0x682a], ['ssptable', 0x682c], ['intrssptable', 0x682c],
    ['preemptiontimer', 0x482e], ['smbase', 0x4828],
    ['specctrlmask', 0x204a], ['shadow', 0x204c],
    ['tscoffset', 0x2010],
  ]);
  for (const [seg, [sel, ar, limit, base]] of Object.entries(SEGMENTS)) {
    guest.set(`${seg}.sel`, sel).set(`${seg}.attr`, ar).set(`${seg}.limit`, limit).set(`${seg}.base`, base);
  }
  const host = new Map<string, number>([
    ['rip', 0x6c16], ['rsp', 0x6c14],
    ['cs', 0x0c02], ['ss', 0x0c04], ['ds', 0x0c06], ['es', 0x0c00], ['fs', 0x0c08], ['gs', 0x0c0a], ['tr', 0x0c0c],
    ['fsbase', 0x6c06], ['gsbase', 0x6c08], ['trbase', 0x6c0a], ['gdtbase', 0x6c0c], ['idtbase', 0x6c0e],
    ['cr0', 0x6c00], ['cr3', 0x6c02], ['cr4', 0x6c04], ['sysenterrsp', 0x6c10],
    ['efer', 0x2c02], ['pat', 0x2c00], ['hostpat', 0x2c00], ['perfglobctl', 0x2c04],
    ['scet', 0x6c18], ['ssp', 0x6c1a], ['ssptable', 0x6c1c], ['intrssptable', 0x6c1c],
  ]);
  const control = new Map<string, number>([
    ['pinbased', 0x4000], ['cpubased', 0x4002], ['secondaryexec', 0x401e], ['tertiaryexec', 0x2034],
    ['entrycontrols', 0x4012], ['exitcontrols', 0x400c], ['secondaryexitcontrols', 0x2044],
    ['exceptionbitmap', 0x4004], ['pfecmask', 0x4006], ['pfecmatch', 0x4008],
    ['vmentry.intrinfo', 0x4016], ['vmentry.errcode', 0x4018], ['vmentry.ilen', 0x401a],
    ['vmexit.intrinfo', 0x4404], ['vmexit.errcode', 0x4406], ['vmexit.ilen', 0x440c],
    ['reason', 0x4402], ['qualification', 0x6400],
    ['idtvectoring.info', 0x4408], ['idtvectoring.errcode', 0x440a],
    ['tscoffset', 0x2010], ['tscmultiplier', 0x2032],
    ['tprthreshold', 0x401c], ['apicaccessaddr', 0x2014], ['virtapicaddr', 0x2012],
    ['postedintrvec', 0x0002], ['eptpointer', 0x201a], ['eptpindex', 0x0004],
    ['cr3target0', 0x6008], ['cr3target1', 0x600a], ['cr3target2', 0x600c], ['cr3target3', 0x600e],
    ['target0', 0x6008], ['target1', 0x600a], ['target2', 0x600c], ['target3', 0x600e],
    ['plegap', 0x4020], ['window', 0x4022],
    ['virtualprocessorid', 0x0000], ['vmfunccontrols', 0x2018], ['veinfoaddress', 0x202a],
    // Host CET state printed after the control state (the KVM CET series' dump_vmcs():
    // `if (vmexit_ctl & VM_EXIT_LOAD_CET_STATE)` after `Virtual processor ID`): host state by position.
    ['scet', 0x6c18], ['ssp', 0x6c1a], ['ssptable', 0x6c1c], ['intrssptable', 0x6c1c],
  ]);
  return { guest, host, control };
}

const TABLES = table();

/** Labels that carry the context of the labels after them on the line (and on a wrapped continuation). */
const CONTEXTS = new Set(['cr0', 'cr3', 'cr4', 'gdtr', 'idtr', 'vmentry', 'vmexit', 'idtvectoring', ...Object.keys(SEGMENTS)]);


/** `label = value` pairs of a line: the label is whatever stands between the previous value and the `=`. */
const PAIR_RE = /([^=]*?)=\s*(?:(0x)?([0-9a-fA-F]+)\b|([^\s,;()|]+))/g;
const HEADER_RE = /\*\*\* (Guest|Host|Control) State \*\*\*/;
const VMCS_PTR_RE = /\bVMCS ([0-9a-f]+), last attempted VM-entry on CPU (\d+)/;
const XEN_SEG_RE = /\b(CS|DS|SS|ES|FS|GS|LDTR|TR): ([0-9a-f]{4}) ([0-9a-f]{5}) ([0-9a-f]{8}) ([0-9a-f]{16})\s*$/;
const XEN_DT_RE = /\b(GDTR|IDTR): +([0-9a-f]{8}) ([0-9a-f]{16})\s*$/;
const XEN_BANNER_RE = /\*{6,} VMCS Areas? \*{6,}|>>> Domain \d+ <<</;
const XEN_FOOTER_RE = /^(?:.*\(XEN\))?\s*\*{30,}\s*$/;
const XEN_VCPU_RE = /(?:^|\(XEN\))\s+VCPU \d+\s*$/;
const CS_RIP_RE = /CS:RIP=([0-9a-fA-F]+):([0-9a-fA-F]+)/;
const SVI_RVI_RE = /SVI\|RVI ?= ?([0-9a-fA-F]{2})\|([0-9a-fA-F]{2})/;
const QEMU_RE = /\bQEMU\[\d+\]:|\b[ER]AX=[0-9a-f]{8}|\bKVM: entry failed|^(?:.*\s)?(?:ES|CS|SS|DS|FS|GS|LDT|TR) +=[0-9a-f]{4} [0-9a-f]{8} |\b[GI]DT= +[0-9a-f]+ [0-9a-f]+|\bCR0=[0-9a-f]+ CR2=|\bDR[0-7]=|\bEFER=[0-9a-f]+\s*$|\bCode=/;
/**
 * QEMU_RE.test(line), after a look for what each of its alternatives needs (most dump lines
 * have none of it, and the regex's `^(?:.*\s)?` tries every blank of the line).
 */
function isQemuLine(line: string): boolean {
  if (
    !line.includes('QEMU[') && !line.includes('AX=') && !line.includes('KVM: entry failed') && !line.includes('DT=') && !line.includes(' CR2=') &&
    !hasDrEquals(line) && !line.includes('EFER=') && !line.includes('Code=') && !QEMU_SEG_NEED_RE.test(line)
  ) return false;
  return QEMU_RE.test(line);
}
/** What QEMU_RE's `\bDR[0-7]=` needs: `DR`, a digit 0-7 and `=` (KVM's `DR7 = `, `GDTR:`, `LDTR:` have not). */
export function hasDrEquals(line: string): boolean {
  for (let i = line.indexOf('DR'); i !== -1; i = line.indexOf('DR', i + 2)) {
    const d = line.charCodeAt(i + 2);
    if (d >= 0x30 && d <= 0x37 && line.charCodeAt(i + 3) === 0x3d) return true;
  }
  return false;
}
/** What QEMU_RE's segment-row alternative needs: ` =` and four hex digits, a blank. */
const QEMU_SEG_NEED_RE = / =[0-9a-f]{4} /;
/** QEMU's report of KVM_EXIT_FAIL_ENTRY: hardware_entry_failure_reason, the exit reason of a VM-entry failure or the VM-instruction error of a VMfail. */
const QEMU_ENTRY_FAILED_RE = /\bKVM: entry failed, hardware error (0x[0-9a-fA-F]+)/;
export const QEMU_ENTRY_FAILED_WHAT = "QEMU's report of the failed VM entry (KVM's hardware_entry_failure_reason: an exit reason with bit 31 set, or the VM-instruction error of a VMfail)";
const XEN_FAIL_RE = /\b(VMLAUNCH|VMRESUME) error: (0x[0-9a-f]+|\d+)/;
/**
 * That line cut by a wrap before its number (`d2v0 VMLAUNCH error:` / `0x7`): the rest comes next.
 * The vCPU (`%pv`) or `error:` tells it from other lines ending in the word (`kvm_exit: ... reason VMRESUME`).
 */
const XEN_FAIL_PART_RE = /\bd\d+v\d+ (?:VMLAUNCH|VMRESUME)(?: error:?)?\s*$|\b(?:VMLAUNCH|VMRESUME) error:\s*$/;
/** Xen <=4.5's failed VM entry (vmx.c): `Failed vm entry (exit reason 0x80000021) caused by ...`. */
const XEN_OLD_FAIL_RE = /\bFailed vm entry \(exit reason 0x[0-9a-f]+\)/;
/** Labels only Xen 4.5 and older print (docs 2.3). */
const XEN_OLD_RE = /\btarget_count=|\b(?:Guest|Host) PAT = 0x/;
/**
 * The shapes of Xen 4.6+ segment-table and GDTR/IDTR rows (docs X9), `h` for a hex digit, each run
 * of blanks one blank (GDTR's row is `GDTR:            hhhhhhhh ...`): a line that is the start of
 * one was cut by a wrap.
 */
const XEN_ROW_SHAPES_ONE_BLANK = [
  ...['CS', 'DS', 'SS', 'ES', 'FS', 'GS', 'LDTR', 'TR'].map((n) => `${n}: hhhh hhhhh hhhhhhhh hhhhhhhhhhhhhhhh`),
  ...['GDTR', 'IDTR'].map((n) => `${n}: hhhhhhhh hhhhhhhhhhhhhhhh`),
];

/** Whether the text (a line without its prefix) is the start of a Xen segment row, cut before its end. */
function isXenRowStart(raw: string): boolean {
  if (raw.trim() === '') return false;
  // runs of blanks count as one: a wrap's continuation lost the padding of GDTR's empty column
  const text = raw.includes('  ') ? raw.replace(/ {2,}/g, ' ') : raw;
  return XEN_ROW_SHAPES_ONE_BLANK.some((shape) => {
    if (text.length >= shape.length) return false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const want = shape.charCodeAt(i);
      if (want === 0x68 /* h */ ? !((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) : c !== want) return false;
    }
    return true;
  });
}
/**
 * Whether the text, without its trailing blanks, has a blank 17 characters from its end: true of
 * every line XEN_SEG_RE or XEN_DT_RE matches (` [0-9a-f]{16}\s*$`; trimEnd drops what `\s*` does).
 */
export function blankBeforeLast16(text: string): boolean {
  const t = text.trimEnd();
  return t.length >= 17 && t.charCodeAt(t.length - 17) === 0x20;
}

/**
 * Whether `sel` stands before a character that may be a blank (`\s`: any but the printable ASCII
 * ones) somewhere in the line: true of every line Xen's `sel attr limit base` header expression
 * matches, false of KVM's `sel=0x...` rows.
 */
export function mayBeSelHeader(line: string): boolean {
  for (let i = line.indexOf('sel'); i >= 0; i = line.indexOf('sel', i + 1)) {
    const c = line.charCodeAt(i + 3);
    if (c <= 0x20 || c >= 0x7f) return true;
  }
  return false;
}

/**
 * The section of the first `*** Guest State ***`, `*** Host State ***` or `*** Control State ***`
 * in a line (what HEADER_RE.exec finds first), or null: three plain searches, no expression compiled.
 */
export function headerSection(line: string): Section | null {
  let which: Section | null = null;
  let first = -1;
  for (const [section, text] of HEADERS) {
    const at = line.indexOf(text);
    if (at >= 0 && (first < 0 || at < first)) {
      first = at;
      which = section;
    }
  }
  return which;
}
const HEADERS: ReadonlyArray<readonly [Section, string]> = [
  ['guest', '*** Guest State ***'],
  ['host', '*** Host State ***'],
  ['control', '*** Control State ***'],
];

/**
 * Whether what follows the last `CS:` of the text (without its trailing blanks) is only
 * characters of `RIP=` and hex digits and colons: true of every text that
 * `/CS:(?:R(?:IP?)?)?(?:=[0-9a-fA-F]*:?)?\s*$/` matches, false of KVM's `CS:   sel=...` rows.
 */
export function mayEndInCsRip(text: string): boolean {
  const t = text.trimEnd();
  const at = t.lastIndexOf('CS:');
  if (at < 0) return false;
  for (let i = at + 3; i < t.length; i++) {
    const c = t.charCodeAt(i);
    const ok = (c >= 0x30 && c <= 0x3a) /* 0-9 : */ || c === 0x3d /* = */ || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) || c === 0x49 /* I */ || c === 0x50 /* P */ || c === 0x52 /* R */;
    if (!ok) return false;
  }
  return true;
}

/** The start of a Xen segment row with at least one digit of its columns (`CS: 0008 0a0`): no other line starts so. */
function isXenRowCut(text: string): boolean {
  const t = text.trimStart();
  return isXenRowStart(t) && /\d/.test(t.slice(t.indexOf(':')));
}

/**
 * What a log puts before each line (timestamps, `kvm_intel: `, `(XEN) `, syslog), after any
 * indentation or mail quoting. A hard wrap's continuation never starts with one. The first line
 * of a paste that lost its beginning may start inside the prefix, at a word of it
 * (`17:25:51 host kernel: `, `673.850218] `, `14:09:46] `, `host kernel: `): that is a prefix too.
 */
const LOG_PREFIX_RE = { test: hasLogPrefix }; // the expression LOG_PREFIX_SOURCE, as a character scan (./log-prefix.ts)
/** One element of such a prefix, to strip them one by one (`kvm_intel: vcpuN` names the vCPU: src/annotate/assemble.ts routes by it). */
const PREFIX_PART_RE = /^[\s>]*(?:\(XEN\)|\[[^\]]*\]|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ \S+:|\d{4}-\d\d-\d\d[T ]\S+(?: \S+ \S+:)?|kvm_intel:(?: vcpu\d+(?= ))?|kvm:|\S+-\d+ +\[\d+\] +(?:[\w.]{4,6} +)?\d+\.\d+: +(?:bprint: +)?|(?:dump_vmcs|vmx_dump_[a-z_]+|vmcs_dump_vcpu)(?:\.[\w.]+)?:(?= )|kernel:(?= |$)|[A-Za-z][\w.-]*\[\d+\]:(?= |$)|(?:\d{1,2} )?\d\d:\d\d:\d\d(?:\.\d+)? \S+ \S+:(?= |$)|\d\d:\d\d:\d\d(?:\.\d+)?\](?= |$)|\d+\.\d+\](?= |$)|[\w.-]+ kernel:(?= |$))/;
/**
 * The start of a label cut off by a wrap (`Interruptibil`, `TSC`, `CR0:`, `Virtual processor`,
 * `li` of `limit=`), possibly up to its `=` or `=0x` (`DebugExceptions =`, `base=0x`).
 */
const FRAG_RE = /^[A-Za-z][\w|.:()-]*(?:\s+[A-Za-z][\w|.:()-]*){0,3}\s*(?:=\s*(?:0x)?)?$/;
/** The first `NAME=value` pairs of a dump line whose rest a wrap put on the next line. */
const PAIRS_START_RE = /^(?:[A-Za-z]\w*=(?:0x)?[0-9a-fA-F]+\s+)*[A-Za-z]\w*=(?:0x)?[0-9a-fA-F]+$/;
/** `CS:RIP=cs:rip` cut before its end: it is kept whole for the next line, never read as `RIP=`. */
const CS_RIP_PART_RE = /\bCS:(?:RIP(?:=[0-9a-fA-F]*:?)?|RI?)?$/;
/** KVM's `SVI|RVI = %02x|%02x` cut before its end, likewise. */
const SVI_PART_RE = /\bSVI(?:\|(?:R(?:VI?)?)?)?(?: ?=(?: ?[0-9a-fA-F]{1,2}(?:\|[0-9a-fA-F]?)?)?)?$/;
/** The start of a section header cut by a wrap ("*** Guest" / "State ***"). */
const HEADER_PART_RE = /(?:^|\s)\*{1,3}(?: ?(?:Guest|Host|Control|[GHC][a-z]*)(?: ?[A-Za-z]*)?(?: \*{0,2})?)?\s*$/;
/**
 * What may complete a cut label at the start of a line with its own log prefix: `=` and a value,
 * a value (after `Label =`), or the label's next words up to their `=` (`pointer =`, `ity =`).
 */
const PREFIXED_REST_RE = /^(?:=\s*(?:0x)?[0-9a-fA-F]|(?:0x)?[0-9a-fA-F]+\b|[A-Za-z][\w|.-]*(?: [A-Za-z][\w|.-]*){0,2} ?=)/;
/** A line ending in a number after its label's `=` (or `CS:RIP=cs:`), which a cut may have shortened. */
const CUT_END_RE = /(?:=\s*(?:0x)?|CS:RIP=[0-9a-fA-F]{4}:)([0-9a-fA-F]{1,15})$/;
/** The widths the dumps print numbers at (`%016lx`, `%08x`, `%05x`, `%04x`). */
const PRINTED_WIDTHS = [16, 8, 5, 4];
/** The start of a line that is a value (its label on the line before), or `=` and a value. */
const CUT_VALUE_RE = /^(?:0x)?[0-9a-fA-F]{2,16}(?![\w=])/;
const CUT_EQ_VALUE_RE = /^=\s*(?:0x)?[0-9a-fA-F]{2,16}(?![\w=])/;
/** A line that carries a value: inside a dump, one no reader takes is reported, never dropped. */
const JUNK_VALUE_RE = /=|\b0x[0-9a-fA-F]|(?:^|[\s:])[0-9a-fA-F]{8,16}\b/;
/** A value in a kept label fragment (`deadbeefcafe0000` is a word to FRAG_RE): then it is no mere label. */
const TAIL_VALUE_RE = /\b0x[0-9a-fA-F]|(?:^|[\s:])[0-9a-fA-F]{8,16}\b/;
/** What follows KVM's EFER when it is not the VMCS field. */
const EFER_SUFFIXES = ['(effective)', '(autoload)'];

/**
 * Hex digits the dumps print for a field where that differs from its width (a number cut between
 * two prefixed records is joined only up to it): the access rights as `attr=0x%05x` (KVM's and
 * Xen's vmx_dump_sel()), RFLAGS as `0x%08lx` (KVM's dump_vmcs(), Xen 4.6+; Xen 4.5 and older print 16).
 */
function printedWidth(encoding: number, max: number, xenOld: boolean): number {
  if (encoding >= 0x4814 && encoding <= 0x4822 && (encoding & 1) === 0) return 5;
  if (encoding === 0x6820 && !xenOld) return 8;
  return max;
}

/**
 * Values the dumps print with fewer digits than the field holds, at the end of a line: such a
 * value is whole, and a next line of hex digits ("A" of "APIC-access addr") is not its rest.
 * TPR Threshold and PostedIntrVec are `0x%02x`; Xen 4.5 and older print `target_count=%d`,
 * `ActivityState=%04x` and an 8-digit `qualification=`.
 */
const PRINTED_DIGITS = new Map<number, number>([[0x401c, 2], [0x0002, 2]]);
const PRINTED_DIGITS_XEN_OLD = new Map<number, number>([[0x400a, 1], [0x4824, 4], [0x4826, 4], [0x6400, 8]]);

/**
 * The shapes of KVM's and Xen's dump lines (docs: KVM K0-K51, Xen X1-X39), as they read once the
 * log's prefix is gone, and the sections that print them. They let a dump be read without its
 * `*** ... State ***` headers (a paste that lost its beginning, a syzbot report that starts at
 * `VMExit:`): a line of one of these shapes opens a dump in its section, and a line that only a
 * later section prints moves the dump on to it. Only whole shapes count, never a bare
 * `NAME=value` (users' own summaries of a few values are no dump). `first` marks the first line
 * its section prints: a line that two sections print and that stands just before it belongs to
 * the section before.
 */
const SHAPES: ReadonlyArray<readonly [RegExp, readonly Section[], boolean?]> = [
  [/^CR0: actual=0x[0-9a-f]+, shadow=/i, ['guest'], true],
  [/^CR[34]: actual=0x[0-9a-f]+, (?:shadow|target_count)=/i, ['guest']],
  [/^PDPT(?:R|E)[0-3] = 0x[0-9a-f]{16}/, ['guest']],
  [/^RFLAGS=0x[0-9a-f]{8}(?: \(0x[0-9a-f]+\))?\s+DR7 = 0x/, ['guest']],
  [/^(?:CS|DS|SS|ES|FS|GS|LDTR|TR):\s+sel=0x[0-9a-f]{4}, attr=0x[0-9a-f]{5}, limit=0x/, ['guest']],
  [/^(?:GDTR|IDTR):\s+limit=0x[0-9a-f]{8}, base=0x/, ['guest']],
  [/^DebugCtl = 0x[0-9a-f]{16}\s+DebugExceptions = 0x/, ['guest']],
  [/^DebugCtl=[0-9a-f]{16} DebugExceptions=/, ['guest']],
  [/^Interruptibility = [0-9a-f]{8}\s+ActivityState = /, ['guest']],
  [/^Interruptibility=[0-9a-f]{4} ActivityState=/, ['guest']],
  [/^Sysenter RSP=[0-9a-f]{8,16} CS:RIP=[0-9a-f]{4}:/, ['guest', 'host']],
  [/^EFER = 0x[0-9a-f]{16}\s+PAT = 0x/, ['guest', 'host']],
  [/^RIP = 0x[0-9a-f]{16}(?: \([^)]*\))?\s+RSP = 0x/, ['host'], true],
  [/^FSBase=[0-9a-f]{16} GSBase=/, ['host']],
  [/^GDTBase=[0-9a-f]{16} IDTBase=/, ['host']],
  [/^CR0=[0-9a-f]{16} CR3=[0-9a-f]{16} CR4=/, ['host']],
  [/^ExceptionBitmap=[0-9a-f]{8}\s+PFECmask=/, ['control']],
  [/^reason=[0-9a-f]{8}\s+qualification=[0-9a-f]{8,16}\s*$/, ['control']],
  [/^PLE Gap=[0-9a-f]{8} Window=/, ['control']],
  [/^CR3 = 0x[0-9a-f]{8,16}\s*$/, ['guest']],
  [/^RSP = 0x[0-9a-f]{16}(?: \(0x[0-9a-f]+\))?\s+RIP = 0x/, ['guest']],
  [/^(?:CS|DS|SS|ES|FS|GS|LDTR|TR): [0-9a-f]{4} [0-9a-f]{5} [0-9a-f]{8} [0-9a-f]{16}\s*$/, ['guest']],
  [/^(?:GDTR|IDTR): +[0-9a-f]{8} [0-9a-f]{16}\s*$/, ['guest']],
  [/^sel\s+attr\s+limit\s+base\s*$/, ['guest']],
  [/^EFER = {5}0x[0-9a-f]{16}\s+PAT = 0x/, ['guest']],
  [/^EFER\((?:VMCS|MSR ?LL)\) = 0x/, ['guest']],
  [/^(?:PreemptionTimer = 0x|InterruptStatus = [0-9a-f]{4}|BndCfgS = 0x|SM Base = 0x)/, ['guest']],
  [/^EFER= 0x[0-9a-f]{16}/, ['guest', 'host']],
  [/^PAT = 0x[0-9a-f]{16}\s*$/, ['guest', 'host']],
  [/^PerfGlobCtl = 0x/, ['guest', 'host']],
  [/^CS=[0-9a-f]{4} (?:SS|DS)=[0-9a-f]{4} /, ['host']],
  [/^(?:PinBased|CPUBased)=(?:0x)?[0-9a-f]{8}\b/, ['control'], true],
  [/^(?:SecondaryExec|TertiaryExec|EntryControls|ExitControls)=(?:0x)?[0-9a-f]{8}/, ['control']],
  [/^VMEntry: intr_info=[0-9a-f]{8}\s/i, ['control']],
  [/^VMExit: intr_info=[0-9a-f]{8}\s/i, ['control']],
  [/^IDTVectoring: info=[0-9a-f]{8}\s/i, ['control']],
  [/^TSC Offset = 0x[0-9a-f]{16}/, ['control']],
  [/^TSC Multiplier = 0x/, ['control']],
  [/^SVI\|RVI = [0-9a-f]{2}\|[0-9a-f]{2}/, ['control']],
  [/^(?:TPR Threshold = 0x|APIC-access addr = 0x|virt-APIC addr = 0x|PostedIntrVec = 0x|VE info address = 0x)/, ['control']],
  [/^EPT pointer = 0x[0-9a-f]{8,16}/, ['control']],
  [/^Virtual processor ID = 0x[0-9a-f]{4}/, ['control']],
];

/**
 * The first line of a paste that lost its beginning is often the first piece of a wrapped line:
 * to open a dump, the start of a line is enough (`RFLAGS=0x…`, `RIP = 0x…`, `CS=0010`). Inside
 * a dump these never move it: a wrap's continuation (`RIP = 0x…` cut from the guest's `RSP = …`)
 * looks the same.
 */
const OPEN_SHAPES: ReadonlyArray<readonly [RegExp, readonly Section[], boolean?]> = [
  [/^CR0: actual=0x[0-9a-f]/i, ['guest'], true],
  [/^CR[34]: actual=0x[0-9a-f]/i, ['guest']],
  [/^PDPT(?:R|E)[0-3] = 0x[0-9a-f]/, ['guest']],
  [/^RSP = 0x[0-9a-f]{16}(?: \(0x[0-9a-f]+\))?\s*$/, ['guest', 'host']],
  [/^RIP = 0x[0-9a-f]{16}(?: \([^)]*\))?\s*$/, ['guest', 'host']],
  [/^CS:RIP=[0-9a-f]{4}:[0-9a-f]{1,16}\s*$/, ['guest', 'host']],
  [/^RFLAGS=0x[0-9a-f]/, ['guest']],
  [/^(?:CS|DS|SS|ES|FS|GS|LDTR|TR):\s+sel=0x[0-9a-f]{4}\b/, ['guest']],
  [/^(?:GDTR|IDTR):\s+limit=0x[0-9a-f]/, ['guest']],
  [/^DebugCtl = 0x[0-9a-f]/, ['guest']],
  [/^DebugCtl=[0-9a-f]{16}\b/, ['guest']],
  [/^Interruptibility = [0-9a-f]{8}\b/, ['guest']],
  [/^Interruptibility=[0-9a-f]{4}\b/, ['guest']],
  [/^Sysenter RSP=[0-9a-f]{8,16}\b/, ['guest', 'host']],
  [/^EFER = 0x[0-9a-f]{16}\b/, ['guest', 'host']],
  [/^RIP = 0x[0-9a-f]{16}(?: \([^)]*\))?\s+RSP\b/, ['host'], true],
  [/^(?:FSBase|GSBase|TRBase)=[0-9a-f]{16}\b/, ['host']],
  [/^(?:GDTBase|IDTBase)=[0-9a-f]{16}\b/, ['host']],
  [/^CR[034]=[0-9a-f]{16}\b/, ['host']],
  [/^(?:ExceptionBitmap|PFECmask|PFECmatch)=[0-9a-f]{8}\b/, ['control']],
  [/^reason=[0-9a-f]{8}\b/, ['control']],
  [/^qualification=[0-9a-f]{8,16}\s*$/, ['control']],
  [/^PLE Gap=[0-9a-f]{8}\b/, ['control']],
  [/^RSP = 0x[0-9a-f]{16}(?: \(0x[0-9a-f]+\))?\s+RIP\b/, ['guest']],
  [/^EFER = {5}0x[0-9a-f]/, ['guest']],
  [/^EFER\((?:VMCS|MSR ?LL)\)/, ['guest']],
  [/^(?:VMEntry|VMExit|IDTVectoring):/i, ['control']],
];

/** Pairs that only a line's context (`CR0:`, `CS:`, `VMExit:`) makes fields: alone, they are the rest of a cut line. */
const CONTEXT_ONLY_RE = /^(?:(?:actual|shadow|gh_mask|sel|attr|limit|base|intr_info|errcode|ilen|info|target_count|target[0-3])=(?:0x)?[0-9a-f]+[,\s]*)+$/;
/** A line of KVM's or Xen's `Label = value` shape (blanks around `=`). */
const FIRST_CUT_RE = /^[A-Za-z][\w ]{0,30} = (?:0x)?[0-9a-fA-F]{4,16}\b/;
/** KVM's `Label=value` (no blanks), for a lone line after a dump: it counts when the label is one of the dumps'. */
const KERNEL_PAIR_RE = /^([A-Za-z][\w|]*)=(?:0x)?[0-9a-fA-F]{2,16}\b/;

/** Whether a cut label (`Sysenter`, `EPT`, `Interruptibil`, `Virtual processor`) is the start of one the section reads, and no label itself. */
const LABEL_STARTS = new Map<string, boolean>();
function startOfLabel(tail: string, map: Map<string, number>): boolean {
  const key = TABLE_IDS.get(map)! + norm(tail);
  let yes = LABEL_STARTS.get(key);
  if (yes === undefined) {
    const t = norm(tail);
    yes = t !== '' && !map.has(t) && [...map.keys()].some((k) => k.length > t.length && k.startsWith(t));
    if (LABEL_STARTS.size >= 1024) LABEL_STARTS.clear();
    LABEL_STARTS.set(key, yes);
  }
  return yes;
}

/** Whether a label glued from cut pieces (`TPR Threshold =`, up to its `=` or `= 0x`) is one the section reads. */
function isLabel(text: string, map: Map<string, number>): boolean {
  return map.has(norm(text.replace(/=\s*(?:0x)?\s*$/, '')));
}

/** Whether a label (one word) is one KVM or Xen prints in some section, without a context. */
function kernelLabel(word: string): boolean {
  const k = norm(word);
  return TABLES.guest.has(k) || TABLES.host.has(k) || TABLES.control.has(k);
}

/** A value whose label a cut took (`= 0x...`, `0x... (0x...)`, `0x...  EPTP index`: the next pair's label after it): whose field it is went with the cut. */
const LABEL_LOST_RE = /^(?:=\s*(?:0x)?[0-9a-fA-F]+|0x[0-9a-fA-F]{4,16})(?:\s*\(0x[0-9a-fA-F]+\))?(?:[,\s]*|\s{2}[A-Za-z][\w|.:()-]*(?: [A-Za-z][\w|.:()-]*){0,3}(?: ?=)?\s*)$/;

const SECTION_ORDER: Record<Section, number> = { guest: 0, host: 1, control: 2 };

/** The sections a line (without its prefix) is a dump line of, and whether it is the first line of its section. */
function shapeOf(text: string, opening = false): { sections: readonly Section[]; first: boolean } | null {
  // Only the shapes whose text a line starts with are tested (see literalLeads).
  // (plain loops: a closure per shape tested was most of what a line outside a dump allocated)
  shapeLeads ??= SHAPES.map(([re]) => literalLeads(re));
  openLeads ??= OPEN_SHAPES.map(([re]) => literalLeads(re));
  shapeLower = undefined;
  for (let i = 0; i < SHAPES.length; i++) {
    const entry = SHAPES[i]!;
    if (mayMatch(text, shapeLeads[i]!, entry[0]) && entry[0].test(text)) return shapeResult(entry[1], entry[2] === true);
  }
  if (opening) {
    for (let i = 0; i < OPEN_SHAPES.length; i++) {
      const entry = OPEN_SHAPES[i]!;
      if (mayMatch(text, openLeads[i]!, entry[0]) && entry[0].test(text)) return shapeResult(entry[1], entry[2] === true);
    }
  }
  return null;
}

/** The lower-case text of the line shapeOf tests, made on the first case-blind shape. */
let shapeLower: string | undefined;

/** Whether `text` starts with one of a shape's leads (null: any text may match). */
function mayMatch(text: string, leads: string[] | null, re: RegExp): boolean {
  if (leads === null) return true;
  const t = re.ignoreCase ? (shapeLower ??= text.toLowerCase()) : text;
  for (let j = 0; j < leads.length; j++) if (t.startsWith(leads[j]!)) return true;
  return false;
}

/** shapeOf's answers, one object per (sections, first): callers only read them. */
const shapeResults = new Map<readonly Section[], Array<{ sections: readonly Section[]; first: boolean }>>();
function shapeResult(sections: readonly Section[], first: boolean): { sections: readonly Section[]; first: boolean } {
  let pair = shapeResults.get(sections);
  if (pair === undefined) shapeResults.set(sections, (pair = [{ sections, first: false }, { sections, first: true }]));
  return pair[first ? 1 : 0]!;
}

let shapeLeads: Array<string[] | null> | undefined;
let openLeads: Array<string[] | null> | undefined;

/** A-Z, a-z or 0-9 (a character code). */
function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * The plain text that every match of a regular expression anchored at `^` starts with, one
 * string per alternative of a leading `(?:a|b)` (lower case for an /i one), or null when its
 * start is not plain text. shapeOf tests a shape only on a line that starts with one of them: a
 * regular expression is compiled on its first test, and compiling the ~70 shapes that a line
 * fails was a tenth of the start-up of `vmcs annotate` on one dump. A lead may be shorter than
 * what a match starts with (it stops at the first character that is not plain), never longer.
 */
export function literalLeads(re: RegExp): string[] | null {
  const src = re.source;
  if (src[0] !== '^') return null;
  for (const flag of re.flags) if ('gymsuv'.includes(flag)) return null;
  // `^a|b`: the anchor is the first alternative's only
  for (let i = 0, depth = 0; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === '[') {
      while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
    } else if (src[i] === '(') depth++;
    else if (src[i] === ')') depth--;
    else if (src[i] === '|' && depth === 0) return null;
  }
  // Plain characters from `at` up to the first that is not (or that a quantifier makes optional).
  const plain = (at: number): { text: string; end: number } => {
    let text = '';
    let i = at;
    for (;;) {
      let c = src[i];
      let width = 1;
      if (c === undefined || '^$.[](){}|*+?'.includes(c)) break;
      if (c === '\\') {
        const d = src[i + 1];
        if (d === undefined || isAsciiAlnum(d.charCodeAt(0))) break; // \d, \s, \b, \x41, \1 ...: no plain character
        c = d;
        width = 2;
      }
      const q = src[i + width];
      if (q === '*' || q === '?' || q === '{') break;
      text += c;
      i += width;
      if (q === '+') break;
    }
    return { text, end: i };
  };
  let leads: string[];
  if (src.startsWith('^(?:')) {
    leads = [];
    let i = 4;
    for (;;) {
      const { text, end } = plain(i);
      if (text === '') return null;
      leads.push(text);
      // the rest of this alternative: plain text, escapes and classes only (no group inside)
      let j = end;
      while (j < src.length && src[j] !== '|' && src[j] !== ')') {
        if (src[j] === '(') return null;
        if (src[j] === '\\') j++;
        else if (src[j] === '[') {
          while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
        }
        j++;
      }
      if (src[j] === ')') {
        const q = src[j + 1];
        if (q === '?' || q === '*' || q === '{') return null; // the group may be absent
        break;
      }
      if (src[j] !== '|') return null;
      i = j + 1;
    }
  } else {
    const { text } = plain(1);
    if (text === '') return null;
    leads = [text];
  }
  return re.ignoreCase ? leads.map((l) => l.toLowerCase()) : leads;
}

/**
 * Xen's line before the dump of a failed VM entry (vmx.c, vmx_failed_vmentry()):
 * `%pv vmentry failure (reason %#x): ` then `Invalid guest state (%lu)` (the exit qualification,
 * decimal), `MSR loading (entry %lu)` (the qualification less one) or `MCE`; for MSR loading a
 * second line `  msr %08x val %016lx (mbz %#x)`.
 */
const XEN_VMENTRY_RE = /\b(d\d+v\d+) vmentry failure \(reason (0x[0-9a-f]+)\):\s*(.*)$/;
/** The same line without its vCPU: a paste that starts inside it (the words after the prefix). */
const XEN_VMENTRY_CUT_RE = /^()vmentry failure \(reason (0x[0-9a-f]+)\):\s*(.*)$/;
/**
 * Less of it, on the first line of a paste only (one that starts inside the line: `(reason
 * 0x80000021): ...`); from the reason on, only a reason with bit 31 set (a failed VM entry's, the
 * only one Xen prints there) is taken.
 */
const XEN_VMENTRY_FIRST_RE = /^()(?:(?:failure )?\(reason )?(0x8[0-9a-f]{7})\):\s*(.*)$/;
/** A vCPU word (`d2v0`) on a line, and the start of a failure line from it (after a fence's backquotes, say). */
const XEN_VCPU_WORD_RE = /\bd\d+v\d/;
const XEN_FAIL_HEAD_RE = /(?:^|[\s)`])(d\d+v\d+(?: .*)?)$|^(vmentry(?: .*)?)$/;
const XEN_FAILURE_TAIL_RE = /^(?:Invalid guest state \((\d+)\)|MSR loading \(entry (\d+)\)|MCE|Unknown)\s*$/;
const XEN_MSR_RE = /\bmsr ([0-9a-f]{8}) val ([0-9a-f]{16}) \(mbz (0x[0-9a-f]+|0)\)/;

/**
 * The words of Xen's failure line, and of what follows `(reason %#x): `: a hard wrap cuts the
 * line between words (a mailer inside one), and the pieces are glued again while they are the
 * start of it. A word is plain text, or a pattern with the pattern of its starts. Only a start
 * whose first word is the vCPU (`d2v0`) is held: no other line starts so (Xen's `d2v0 VMLAUNCH
 * error:` goes on differently, and is let go).
 */
type Word = string | readonly [RegExp, RegExp];
const XEN_VMENTRY_WORDS: readonly Word[] = [[/^d\d+v\d+$/, /^d(?:\d+(?:v\d*)?)?$/], 'vmentry', 'failure', '(reason', [/^0x[0-9a-f]+\):$/, /^0(?:x[0-9a-f]*\)?)?$/]];
/** The start of a failure line without its vCPU (a paste that starts inside it). */
const isFailStart = (text: string, first: boolean): boolean =>
  startOfWords(text, XEN_VMENTRY_WORDS) || (text.startsWith('vm') && startOfWords(text, XEN_VMENTRY_WORDS.slice(1))) ||
  (first && (startOfWords(text, XEN_VMENTRY_WORDS.slice(2)) || startOfWords(text, XEN_VMENTRY_WORDS.slice(3))));
const XEN_FAILURE_TAIL_WORDS: ReadonlyArray<readonly Word[]> = [
  ['Invalid', 'guest', 'state', [/^\(\d+\)$/, /^\(\d*$/]],
  ['MSR', 'loading', '(entry', [/^\d+\)$/, /^\d+$/]],
];
const isTailStart = (text: string): boolean => XEN_FAILURE_TAIL_WORDS.some((w) => startOfWords(text, w));
/** Xen's `  msr %08x val %016lx (mbz %#x)` after the failure line, word by word. */
const XEN_MSR_WORDS: readonly Word[] = ['msr', [/^[0-9a-f]{8}$/, /^[0-9a-f]{1,7}$/], 'val', [/^[0-9a-f]{16}$/, /^[0-9a-f]{1,15}$/], '(mbz', [/^(?:0x[0-9a-f]+|0)\)$/, /^0(?:x[0-9a-f]*)?$/]];

/**
 * Whether text is the start, cut by a wrap, of a line of these words: fewer words than the line
 * has, the last one whole or cut inside (`(rea`, `0x8000`).
 */
function startOfWords(text: string, words: readonly Word[]): boolean {
  const w = text.trim().split(/\s+/);
  if (w[0] === '' || w.length > words.length) return false;
  const whole = (x: string, word: Word): boolean => (typeof word === 'string' ? x === word : word[0].test(x));
  for (let i = 0; i < w.length - 1; i++) if (!whole(w[i]!, words[i]!)) return false;
  const last = w[w.length - 1]!;
  const word = words[w.length - 1]!;
  if (whole(last, word)) return w.length < words.length;
  return typeof word === 'string' ? word.startsWith(last) : word[1].test(last);
}

/**
 * A line that only marks what the author cut out of a paste (`...`, `…`, `[...]`, `[snip]`, with
 * or without the log prefix or quoting): the dump goes on after it, so it neither ends the dump
 * nor gives up what waited for the next dump line (Xen's failure line before the dump's rest).
 */
const ELISION_RE = /^(?:\.{2,}|…+|\[(?:\.{2,}|…|snip|cut)\]|<(?:snip|cut)>)$/i;
/** Whether a line may be one ELISION_RE matches (after its prefix): its text ends as such a mark does. */
function mayBeElision(line: string): boolean {
  let i = line.length - 1;
  while (i >= 0 && /\s/.test(line[i]!)) i--;
  const c = i >= 0 ? line.charCodeAt(i) : 0;
  return c === 0x2e || c === 0x2026 || c === 0x5d || c === 0x3e;
}

/** The line without what the log put before it. */
function stripPrefix(line: string): string {
  // (a line outside the memo asks this of the same text up to four times)
  if (line === stripIn) return stripOut;
  let rest = line.replace(/^[\s>]*/, '');
  for (let m = PREFIX_PART_RE.exec(rest); m && m[0].length > 0; m = PREFIX_PART_RE.exec(rest)) rest = rest.slice(m[0].length);
  stripIn = line;
  stripOut = rest.trim();
  return stripOut;
}
let stripIn = '';
let stripOut = '';

export interface KernelParser {
  /** Whether the line belonged to a KVM or Xen dump (and was read). */
  parse(line: string, lineNo: number, sink: LineSink): boolean;
  readonly format: 'kvm' | 'xen';
  /** Whether a KVM or Xen dump is being read. */
  readonly inDump: boolean;
  /** The section of the open dump (control state is the last both print), null when none is known. */
  readonly section: 'guest' | 'host' | 'control' | null;
  /** The dump ends here (a line of another dialect follows, or the input ends). */
  end(sink: LineSink): void;
}

/** A field read at the end of a line, held until the next line shows whether it goes on there. */
interface Held {
  encoding: number;
  digits: string;
  line: number;
  efer: boolean;
  /** The start of `(effective)` / `(autoload)` after KVM's EFER, cut by the wrap. */
  suffix: string;
  /** How many digits the dump prints for it: up to there, a wrap may have cut it. */
  max: number;
}

/** What a line remembered by parseLineMemo did: its fields (encoding, digits...), the field it held for the next line, the context it left, whether it was ours. */
interface MemoEntry {
  fields: Array<number | string>;
  held: Omit<Held, 'line'> | null;
  prevContext: string | null;
  claimed: boolean;
}

/**
 * A line remembered by the shape of its text (parseLineMemo): its fields' and held field's digits
 * as where they stand in the line (start, end), the positions of the line's values (`spans`).
 */
interface ShapeEntry {
  /** encoding, start, end of each field */
  fields: number[];
  held: { encoding: number; start: number; end: number; efer: boolean; suffix: string; max: number } | null;
  prevContext: string | null;
  spans: number[];
}

/** The characters a value's digits are made in a line's shape: one per kind (digit, a-f, A-F). */
const SHAPE_CHARS = ['', '\u0001', '\u0002', '\u0003'];
function hexKind(c: number): number {
  return c >= 0x30 && c <= 0x39 ? 1 : c >= 0x61 && c <= 0x66 ? 2 : c >= 0x41 && c <= 0x46 ? 3 : 0;
}
/** Where valueShape found the values of the line it was given: start, end of each. */
const shapeSpans: number[] = [];
/**
 * A line's text with the digits of its values made one character per kind of digit (0-9, a-f,
 * A-F), so that lines that differ only in the values they print have one shape; null when it has
 * none. A value is a run of hex digits right after `=` (blanks and `0x` may stand between) that
 * ends where the line or a word does; labels, prefixes and every other character are kept.
 * Every test the reader makes of a line treats the digits of one kind alike (classes, lengths,
 * word boundaries; `0x` is kept as it is), so two lines of one shape read alike but for the
 * digits they give: parseLineMemo takes those from where the line has them.
 */
function valueShape(rest: string): string | null {
  shapeSpans.length = 0;
  let key = '';
  let from = 0;
  const n = rest.length;
  for (let i = rest.indexOf('='); i !== -1; i = rest.indexOf('=', i + 1)) {
    let j = i + 1;
    while (j < n && (rest.charCodeAt(j) === 0x20 || rest.charCodeAt(j) === 0x09)) j++;
    if (rest.charCodeAt(j) === 0x30 && (rest.charCodeAt(j + 1) | 0x20) === 0x78) j += 2;
    let k = j;
    while (k < n && hexKind(rest.charCodeAt(k)) !== 0) k++;
    if (k === j || (k < n && isWordCode(rest.charCodeAt(k)))) continue;
    key += rest.slice(from, j);
    for (let q = j; q < k; q++) key += SHAPE_CHARS[hexKind(rest.charCodeAt(q))]!;
    from = k;
    shapeSpans.push(j, k);
  }
  return shapeSpans.length === 0 ? null : key + rest.slice(from);
}
/** Which value of shapeSpans holds exactly these digits, found nowhere else in the line (its start's index in shapeSpans), or -1. */
function spanOf(rest: string, digits: string): number {
  const at = rest.indexOf(digits);
  if (at < 0 || digits.length === 0 || rest.indexOf(digits, at + 1) !== -1) return -1;
  for (let s = 0; s < shapeSpans.length; s += 2) if (shapeSpans[s] === at && shapeSpans[s + 1] === at + digits.length) return s;
  return -1;
}

/** Where a line's label pairs map: fields, notes, and labels no table knows. */
interface Found {
  fields: Array<[number, string]>;
  notes: Array<{ label: string; value: string; what: string }>;
  unknown: Array<{ label: string; value: string }>;
  /** A label this section knows followed by something that is no hex number (`CR3 = 0xZZZZ`). */
  bad: Array<{ label: string; value: string }>;
  /** Values with no label before them but a log prefix (`[12.3] kvm_intel: = 0x...`, `(XEN) = 0x...`): a wrap took it. */
  lost: number;
}

/**
 * What a label (the text between a value and the next `=`) says, worked out once per label
 * text: the same few dozen labels repeat in every dump of a log, so scan() looks them up instead
 * of running its regexes, splits and normalizations on every pair. A leading kernel timestamp
 * (`[  100.000013] RIP `) is made all zeros in the key, so that the first label of each line is
 * found too: no label a section knows starts with a digit, so the timestamp never takes part in
 * a match; where its words are printed (unknown labels, MSR lists), the exact label is used.
 */
interface LabelInfo {
  /** A known context word before a colon (`CR0:`, `CS:`): the labels after it are read in it. */
  context: string | null;
  /** `  0: msr=`: KVM's MSR autoload list from here on. */
  msr: boolean;
  words: string[];
  /** normalized candidates, longest first: the last min(4, words) words, then one fewer... */
  keys: string[];
  eferLoadList: boolean;
  lastIsEferWord: boolean;
  lastStartsEfer: boolean;
  lastIsTargetCount: boolean;
  /** Nothing but a log prefix (or Xen's copies in parentheses) before the `=`: the value's label went with a cut. */
  empty: boolean;
  /** false when the entry was found under a timestamp made zeros: its words are not this label's */
  exact: boolean;
  /**
   * When not exact: how many of the first words hold the timestamp made zeros (0 when a context
   * or an MSR list cut them off): the words after them are this label's own.
   */
  stampWords: number;
  /** Encoding found per table and context */
  hits: Map<string, { encoding: number | undefined; viaContext: boolean }>;
}

const LABELS = new Map<string, LabelInfo>();
const TIMESTAMP_KEY_RE = /^(\s*\[)([\d. ]+)\]/;
const PARENS_RE = /\([^)]*\)/g;
const TABLE_IDS = new Map<Map<string, number>, string>([[TABLES.guest, 'g'], [TABLES.host, 'h'], [TABLES.control, 'c']]);

function labelInfoOf(raw: string): LabelInfo {
  // Xen's "(0x...)" saved copies and "(symbol)" sit between a value and the next label.
  let label = raw.replace(/\([^)]*\)/g, ' ');
  let context: string | null = null;
  let msr = false;
  // "CR0: actual", "CS:   sel", "VMExit: intr_info", "  0: msr": a context, then the label.
  // Only a colon after a known context word counts (timestamps have colons too).
  for (let colon = label.lastIndexOf(':'); colon >= 0; colon = label.lastIndexOf(':', colon - 1)) {
    const before = label.slice(0, colon).trimEnd();
    const word = norm(before.slice(before.search(/\S+$/)));
    const rest = norm(label.slice(colon + 1));
    if (CONTEXTS.has(word)) {
      context = word;
      label = label.slice(colon + 1);
      break;
    }
    if (/^\d{1,3}$/.test(word) && rest === 'msr') {
      msr = true;
      label = label.slice(colon + 1);
      break;
    }
    if (colon === 0) break;
  }
  // (a comma or semicolon between pairs is not part of the label)
  const words = label.trim().split(/\s+/).filter((w) => w !== ',' && w !== ';' && w !== '');
  const keys: string[] = [];
  for (let n = Math.min(words.length, 4); n >= 1; n--) keys.push(norm(words.slice(words.length - n).join(' ')));
  const last = words[words.length - 1] ?? '';
  const lastLower = last.toLowerCase();
  return {
    context,
    msr,
    words,
    keys,
    // (plain string tests of what /EFER\(MSR ?LL\)/, /^efer$/i, /^efer/i, /target_?count$/i and
    // /[,;]/g ask: no expression compiled for them; no character outside ASCII case-folds to these letters)
    eferLoadList: raw.includes('EFER(MSR LL)') || raw.includes('EFER(MSRLL)'),
    lastIsEferWord: last.length === 4 && lastLower === 'efer',
    lastStartsEfer: lastLower.startsWith('efer'),
    lastIsTargetCount: lastLower.endsWith('targetcount') || lastLower.endsWith('target_count'),
    empty: stripPrefix(label.replaceAll(',', ' ').replaceAll(';', ' ')) === '',
    exact: true,
    stampWords: 0,
    hits: new Map(),
  };
}

function labelInfo(raw: string): LabelInfo {
  let info = LABELS.get(raw);
  if (info !== undefined) return info;
  const stamped = raw.charCodeAt(0) === 0x5b || raw.charCodeAt(0) <= 0x20 ? raw.replace(TIMESTAMP_KEY_RE, (_, open: string, t: string) => open + t.replace(/\d/g, '0') + ']') : raw;
  // Text in parentheses is no part of a label (labelInfoOf drops it, `EFER(MSR LL)` apart):
  // labels that differ only there (`audit(1234.5:42): apparmor`, a new one on every line of a
  // log's own messages) share one entry, with the same words.
  const key = stamped.includes('(') && !stamped.includes('EFER(') ? stamped.replace(PARENS_RE, '()') : stamped;
  if (key !== raw) {
    info = LABELS.get(key);
    if (info === undefined) {
      info = labelInfoOf(key);
      info.exact = stamped === raw;
      if (!info.exact && info.context === null && !info.msr) info.stampWords = TIMESTAMP_KEY_RE.exec(stamped)![0].trim().split(/\s+/).length;
      remember(key, info);
    }
    return info;
  }
  // (a copy: the label is cut from the line, and it and its words would keep the input chunk
  // they came from alive)
  const own = raw.length < 13 ? raw : (' ' + raw).slice(1);
  info = labelInfoOf(own);
  remember(own, info);
  return info;
}

function remember(key: string, info: LabelInfo): void {
  // a log's own text between dumps (`audit(1234.5:42): apparmor=`) makes labels of its own: kept few
  if (LABELS.size >= 1024) LABELS.clear();
  LABELS.set(key, info);
}

/** The field a label names in a section's table: the longest run of trailing words it knows, in the context first. */
function resolveLabel(info: LabelInfo, map: Map<string, number>, ctx: string | null): { encoding: number | undefined; viaContext: boolean } {
  const k = TABLE_IDS.get(map)! + (ctx ?? '');
  let hit = info.hits.get(k);
  if (hit !== undefined) return hit;
  let encoding: number | undefined;
  let viaContext = false;
  for (const key of info.keys) {
    const inCtx = ctx ? map.get(`${ctx}.${key}`) : undefined;
    viaContext = inCtx !== undefined;
    encoding = inCtx ?? map.get(key);
    if (encoding !== undefined) break;
  }
  hit = { encoding, viaContext };
  info.hits.set(k, hit);
  return hit;
}

/**
 * Where the kernel timestamp (`[  123.456789]`: blanks, digits, a point, digits) that starts a
 * line ends (the index of its `]`), or -1: parseLineMemo remembers such lines by the shape of
 * their timestamp and the rest.
 */
let timestampBlanks = 0;
function timestampEnd(raw: string): number {
  if (raw.charCodeAt(0) !== 0x5b) return -1;
  const close = raw.indexOf(']');
  if (close < 0 || close > 31) return -1;
  let i = 1;
  while (i < close && raw.charCodeAt(i) === 0x20) i++;
  timestampBlanks = i - 1;
  const int = i;
  while (i < close && raw.charCodeAt(i) >= 0x30 && raw.charCodeAt(i) <= 0x39) i++;
  if (i === int || raw.charCodeAt(i) !== 0x2e) return -1;
  const frac = ++i;
  while (i < close && raw.charCodeAt(i) >= 0x30 && raw.charCodeAt(i) <= 0x39) i++;
  return i !== close || i === frac ? -1 : close;
}

export function createKernelParser(): KernelParser {
  let section: Section | null = null;
  let inDump = false;
  let fields = 0;
  let xen = false;
  /** The context (CR0, CS, VMExit...) of the line just before, for a wrapped continuation. */
  let prevContext: string | null = null;
  /** Trailing words of the last line that were a label without its value (or the start of one). */
  let tail = '';
  /** A Xen 4.6+ segment row cut by a wrap, for the next line to complete. */
  let segPart = '';
  /** The tail is a cut `CS:RIP=...` or `SVI|RVI = ...`: it is glued to the next line as it is. */
  let tailExact = false;
  /** A section header cut by a wrap, for the next line to complete. */
  let headPart = '';
  /** The fields the open dump has read: a section prints each once. */
  const seen = new Set<number>();
  /** Where headPart and tail came from (line number and text), to report them when nothing completes them. */
  let headPartAt: { line: number; text: string } | null = null;
  let tailLine = 0;
  /** The dump is Xen 4.5's or older (docs 2.3). */
  let xenOld = false;
  let held: Held | null = null;
  /** Set by Xen's banners and failure lines: the next dump is Xen's. */
  let nextXen = false;
  /** Xen's `VMLAUNCH error:` cut before its number, for the next line. */
  let failPart = '';
  /** The start of Xen's failure line (`d2v0 vmentry`, `d2v0`) cut by a wrap, for the next line. */
  let failHead = '';
  /** failHead began on the paste's first line (it may start anywhere in Xen's failure line there). */
  let failFirst = false;
  /** A VM-instruction error printed before Xen's dump (`VMLAUNCH error: 0x7`), for the next dump. */
  let pendingError: { value: string; line: number } | null = null;
  /** The dump was opened by the shape of a line, not by a header: later sections are found by shape too. */
  let headerless = false;
  /** The last line this reader read: a wrap's continuation follows a line of ours. */
  let lastClaimed = 0;
  /** The first line of the input with text on it: a paste may start inside a line there. */
  let firstText = 0;
  /** A KVM or Xen dump was read in this input: a lone line of its shape later is one of its lines. */
  let dumpSeen = false;
  /**
   * Before any dump: a line that may be the label a wrap cut from the value on the next line
   * (`claimed`: this reader took its lines, a cut Xen row; `lone`: the values of a line after a
   * dump ended; either is reported when nothing glues it on).
   */
  let preFrag: { line: number; text: string; prefix: string; from: number; claimed: boolean; lone: boolean } | null = null;
  /** The line just read glued preFrag on (or extended it). */
  let fragUsed = false;
  /** Where segPart began (line number), to report it when nothing completes it. */
  let segPartAt = 0;
  /** The line as placeByShape glued it to the label of the line before. */
  let joined: string | null = null;
  /** Lines that two sections print, met before anything told which section the dump is in. */
  let pending: Array<{ raw: string; lineNo: number; sections: readonly Section[] }> = [];
  /**
   * Lines inside the open dump that no reader took and that carry a value (`=`, `0x…`, a long hex
   * number): reported by line when a later line of the same dump shows they stood inside it; a
   * dump that ends before one leaves them as the other log text between dumps (kernel chatter).
   */
  let junk: Array<{ line: number; text: string }> = [];
  /** Counts dumps opened and closed: junk is reported only into the dump it stood in. */
  let generation = 0;
  let junkGeneration = 0;
  /**
   * Lines of nothing but labels no section knows (`some_driver: reg=0x1f`), read inside the open
   * dump: lines of it, reported (unknown-field), when a later line of the same dump follows;
   * else the other log text after a dump's last line, skipped and counted (common.ts).
   */
  let unknownOnly: Array<{ line: number; text: string; tokens: UnknownToken[] }> = [];
  let unknownGeneration = 0;
  /** parseLine put the line into unknownOnly. */
  let deferredThis = false;
  /**
   * parseLine left the line to the pairs reader (it names a pairs field): no junk of this dump,
   * whose report would be a second one of the line (the pairs side reports it: ambiguous-line).
   */
  let pairsLine = false;

  /** The lines of unknownOnly, as the policy says: reported in the dump they stood in, or counted. */
  function settleUnknown(sink: LineSink, inIt: boolean): void {
    const lines = unknownOnly;
    unknownOnly = [];
    for (const u of lines) {
      if (inIt) reportUnknown(sink, u.line, xen ? 'Xen' : 'KVM', u.tokens);
      else sink.skip(u.text);
    }
  }
  /** What Xen's `vmentry failure` line (and the `msr` line after it) said, for the dump that follows. */
  let pendingFail: {
    fields: Array<[number, string, number]>;
    notes: Array<{ line: number; label: string; value: string; what: string }>;
    awaitTail: boolean;
    line: number;
    /** The start of what follows the reason (`Invalid guest state` / `(0)`), or of the `msr` line, cut by a wrap. */
    tailText: string;
    msrText: string;
  } | null = null;
  /** Lines remembered with what they did (parseLineMemo). */
  const lineMemo = new Map<number, Map<string, MemoEntry>>();
  /** Lines remembered by their shape (valueShape): lines that differ only in their values. */
  const shapeMemo = new Map<number, Map<string, ShapeEntry>>();
  let memoSize = 0;
  /** A number for each context word met (prevContext), for lineMemo's keys. */
  const contextIds = new Map<string, number>();
  /**
   * A sink that passes everything on and records the fields of this line; anything else spoils
   * the record. One for the parser, set up again for each line it records (a sink of eleven
   * closures per line was much of what a line outside the memo allocated).
   */
  const rec = {
    to: null as unknown as LineSink,
    lineNo: 0,
    fields: [] as Array<number | string>,
    spoiled: false,
    sink: {
      field(encoding: number, digits: string, line: number) {
        if (line === rec.lineNo) rec.fields.push(encoding, digits);
        else rec.spoiled = true;
        rec.to.field(encoding, digits, line);
      },
      boundary() {
        rec.spoiled = true;
        rec.to.boundary();
      },
      skip() {
        rec.spoiled = true;
        rec.to.skip();
      },
      report(d) {
        rec.spoiled = true;
        rec.to.report(d);
      },
      get inDump() {
        return rec.to.inDump;
      },
      setFormat(format) {
        rec.spoiled = true;
        rec.to.setFormat(format);
      },
      note(n) {
        rec.spoiled = true;
        rec.to.note(n);
      },
      describe(text, line) {
        rec.spoiled = true;
        rec.to.describe?.(text, line);
      },
      get canReport() {
        return rec.to.canReport;
      },
      suggest(token) {
        rec.spoiled = true;
        return rec.to.suggest(token);
      },
    } as LineSink,
  };
  /** Set when placeByShape looked at the fields the dump has read (`seen`): the line's reading then depends on more than its text. */
  let readSeen = false;

  function release(sink: LineSink): void {
    if (!held) return;
    sink.field(held.encoding, held.digits, held.line);
    seen.add(held.encoding);
    fields++;
    held = null;
  }

  function setXen(sink: LineSink): void {
    if (!xen) {
      xen = true;
      if (inDump) sink.setFormat('xen');
    }
  }

  function open(sink: LineSink, isXen: boolean): void {
    release(sink);
    generation++;
    junk = [];
    if (!inDump || fields > 0) sink.boundary();
    inDump = true;
    fields = 0;
    seen.clear();
    section = null;
    prevContext = null;
    tail = '';
    dropSegPart(sink);
    xenOld = false;
    xen = isXen || nextXen;
    nextXen = false;
    sink.setFormat(xen ? 'xen' : 'kvm');
    headerless = false;
    dumpSeen = true;
    if (pendingError) {
      sink.field(0x4400, pendingError.value, pendingError.line);
      fields++;
      pendingError = null;
    }
    if (pendingFail) {
      for (const [e, v, l] of pendingFail.fields) {
        sink.field(e, v, l);
        fields++;
      }
      for (const n of pendingFail.notes) sink.note(n);
      pendingFail = null;
    }
  }

  /** What follows Xen's `vmentry failure (reason …): `: the exit qualification, in words. */
  function failureTail(text: string, lineNo: number): boolean {
    if (!pendingFail) return false;
    const t = XEN_FAILURE_TAIL_RE.exec(text.trim());
    if (!t) {
      // cut by a wrap ("Invalid guest state" / "(0)", "MSR" / "loading (entry 1)"): the rest comes next
      if (isTailStart(text)) {
        pendingFail.tailText = text.trim();
        return true;
      }
      return false;
    }
    pendingFail.awaitTail = false;
    pendingFail.tailText = '';
    if (t[1] !== undefined) pendingFail.fields.push([0x6400, BigInt(t[1]).toString(16), lineNo]);
    else if (t[2] !== undefined) pendingFail.fields.push([0x6400, (BigInt(t[2]) + 1n).toString(16), lineNo]);
    return true;
  }

  /** Xen's failure line with no dump after it: a dump of its own, so that what it says is kept. */
  function flushFail(sink: LineSink): void {
    if (!pendingFail) return;
    nextXen = true;
    open(sink, true);
    close(sink);
  }

  /** A line two sections print that nothing placed: reported with its values, never dropped. */
  function reportPending(sink: LineSink): void {
    for (const p of pending) {
      sink.report(diagnostic('ambiguous-section', { text: stripPrefix(p.raw.replace(/\u00a0/g, ' ')).slice(0, 100), sections: p.sections.join(' or ') }, p.lineNo));
    }
    pending = [];
  }

  /**
   * Place the lines that waited, now that the section after them is known: each goes to the
   * latest of its sections not after `next` (before it, when `next` starts with this line).
   */
  function flushPending(sink: LineSink, next: Section, nextFirst: boolean): void {
    const list = pending;
    pending = [];
    for (const p of list) {
      const ok = p.sections.filter((c) => (nextFirst ? SECTION_ORDER[c] < SECTION_ORDER[next] : SECTION_ORDER[c] <= SECTION_ORDER[next]));
      if (ok.length === 0) {
        pending = [p];
        reportPending(sink);
        continue;
      }
      section = ok[ok.length - 1]!;
      parseLine(p.raw, p.lineNo, sink);
    }
  }

  /**
   * A line outside any section: a dump line by its shape opens a dump without a header (or
   * waits, when two sections print it); inside such a dump, a line only a later section prints
   * moves the dump on, and one of an earlier section starts the next dump.
   */
  function placeByShape(line: string, raw: string, lineNo: number, sink: LineSink, isXen: boolean): 'placed' | 'pending' | 'none' {
    if (isQemuLine(line)) return 'none';
    const text = stripPrefix(line);
    let shape = shapeOf(text, !inDump || section === null);
    if (!shape && (!inDump || section === null || headerless) && LOG_PREFIX_RE.test(line)) {
      // a line whose last number a record split or a wrap cut (`(XEN) TSC Offset = 0xf` / `(XEN)
      // fffffd2984c98e6`, `ExceptionBitmap=0` / `0060042 ...`): its shape is that of the whole line,
      // the number made up to a width the dumps print; only in a record with the log's prefix (a
      // user's own `EPT pointer = 0x1234` is a pairs line, and `CR0=60000010` that a wrap cut from
      // QEMU's `CR0=... CR2=...` no host CR0); parseLine joins the number
      const cut = CUT_END_RE.exec(text);
      const opening = !inDump || section === null;
      for (const w of PRINTED_WIDTHS) if (!shape && cut && cut[1]!.length < w) shape = shapeOf(text + '0'.repeat(w - cut[1]!.length), opening);
    }
    const frag = preFrag;
    preFrag = null;
    const prefixed = LOG_PREFIX_RE.test(line);
    if (!shape && inDump && tail && (!prefixed || (tailLine === lineNo - 1 && !tailExact))) {
      // the same inside a dump, when the glued line is one another section prints (also when the
      // rest carries its own log prefix: `kvm_intel: Virtual processor` / `kvm_intel: ID = 0x0003`)
      const both = tail + ' ' + text;
      const s2 = shapeOf(both);
      if (s2 && section !== null && !s2.sections.includes(section)) {
        shape = s2;
        raw = line = both;
        joined = line;
        tail = '';
      }
    }
    if (!shape && frag && frag.line === lineNo - 1) {
      // "dump_vmcs: CR3" / "= 0x..." before any dump: the label was cut from its value by a wrap
      // (the rest may carry its own log prefix, "[12.3] kvm_intel: CR3" / "[12.3] kvm_intel: = 0x...":
      // only a whole dump line of a shape glues)
      const both = frag.text + ' ' + text;
      shape = shapeOf(both, !inDump || section === null);
      if (shape) {
        raw = line = frag.prefix + both;
        joined = line;
        fragUsed = true;
      } else if (!prefixed && (!inDump || section === null) && (/=\s*(?:0x)?$/.test(frag.text) ? CUT_VALUE_RE.test(text) : CUT_EQ_VALUE_RE.test(text)) && parsePairLine(line) === null) {
        // "controls =" / "0000000000000000", "processor ID" / "= 0x5a02 VMfunc": a value whose
        // label a wrap put on the line before, in a line no shape places (a paste that started
        // inside it): reported, never dropped
        fragUsed = true;
        sink.report(diagnostic('unplaced-line', { dialect: xen || frag.claimed ? 'Xen dump' : 'KVM or Xen dump', text: both.slice(0, 100) }, lineNo));
        return 'pending';
      }
    }
    if (!shape) {
      // (or a Xen segment row cut inside its columns: "  CS: 0008 0a099 ffffffff" / "0000000000000000",
      // or the first pairs of a line of pairs: "CS=0010" / "SS=0018 DS=0000 ...")
      // A narrow wrap cuts a line in three or more: the fragments are glued on as they come.
      const fragOf = (t: string): boolean => t.length <= 40 && (FRAG_RE.test(t) || (/\d/.test(t.trimStart()) && isXenRowStart(t.trimStart())) || PAIRS_START_RE.test(t));
      if (!inDump || section === null) {
        // (a label over three records or more, each with its prefix: `(XEN) Virtual` / `(XEN) processor ID =` / `(XEN) 0x7678 ...`)
        const more = frag && frag.line === lineNo - 1 && (!prefixed || (frag.prefix !== '' && LOG_PREFIX_RE.test(frag.prefix))) ? frag.text + ' ' + text : null;
        if (more !== null && fragOf(more)) {
          preFrag = { line: lineNo, text: more, prefix: frag!.prefix, from: frag!.from, claimed: frag!.claimed, lone: frag!.lone };
          fragUsed = true;
        } else if (fragOf(text)) preFrag = { line: lineNo, text, prefix: line.slice(0, Math.max(0, line.lastIndexOf(text))), from: lineNo, claimed: false, lone: false };
        if (preFrag && (preFrag.claimed || isXenRowCut(preFrag.text))) {
          // "(XEN)   CS: 0008 0a099" / "ffffffff" / "0000...": the start of a Xen segment row is
          // nothing else (never a pairs line `ENC VALUE`): it waits here for its rest, and is
          // reported when none comes
          preFrag.claimed = true;
          sink.skip();
          return 'pending';
        }
      }
      // The paste's first line may start inside a dump line ("DebugExceptions = 0x...", "Offset = 0x..."
      // after the wrap's cut, "0x...  PDPTR1 = 0x..."): what it holds is reported, not guessed or dropped
      const cutFirst = lineNo === firstText && !inDump && !preFrag && FIRST_CUT_RE.test(text) && parsePairLine(line) === null;
      if ((!inDump || section === null) && (cutFirst || CONTEXT_ONLY_RE.test(text) || (!preFrag && LABEL_LOST_RE.test(text) && parsePairLine(line) === null))) {
        // the rest of a line cut off before the paste begins ("gh_mask=...", "base=0x..."):
        // whose register it is went with the cut, so it is reported, not guessed
        sink.report(diagnostic('unplaced-line', { dialect: 'KVM or Xen dump', text: text.slice(0, 100) }, lineNo));
        return 'pending';
      }
      // Later in a log that held a dump, after it ended, a lone `Label = value` line of the dumps'
      // shape (a piece a wrap cut off, "DebugExceptions = 0x...", "Window=00001000") that no
      // shape places is reported, never dropped; a line the pairs dialect reads is left to it
      // (or, when it may be the start of a line the next completes, "Window=00001000" /
      // "PLE Gap=..." cut apart, when nothing does)
      if (!inDump && dumpSeen && (FIRST_CUT_RE.test(text) || ((m) => m !== null && kernelLabel(m[1]!))(KERNEL_PAIR_RE.exec(text))) && parsePairLine(line) === null) {
        if (preFrag) preFrag.lone = true;
        else {
          sink.report(diagnostic('unplaced-line', { dialect: xen ? 'Xen dump' : 'KVM dump', text: text.slice(0, 100) }, lineNo));
          return 'pending';
        }
      }
      return 'none';
    }
    if (inDump && section !== null && !headerless) {
      // a dump with headers: only a line that one other section alone prints, and that this
      // section cannot read (versions differ: Xen 4.5's host prints RSP before RIP), moves it
      // ... or that this section could read but has already read: the header of the later
      // section it belongs to was deleted or junked (F5), so the host RIP is not a second guest RIP
      const cur = section;
      const later = shape.sections.length === 1 && SECTION_ORDER[shape.sections[0]!] > SECTION_ORDER[cur];
      if (later) readSeen = true;
      const again = later && ((r) => r.fields.length > 0 && r.fields.every(([e]) => seen.has(e)))(scan(text, TABLES[cur]));
      if (!again && (shape.sections.length > 1 || shape.sections.includes(cur) || score(text, TABLES[cur]) > 0)) return 'placed';
      if (SECTION_ORDER[shape.sections[0]!] < SECTION_ORDER[section]) {
        close(sink);
        return placeByShape(line, raw, lineNo, sink, isXen);
      }
      section = shape.sections[0]!;
      prevContext = null;
      tail = '';
      dropSegPart(sink);
      return 'placed';
    }
    if (!inDump || section === null) {
      if (shape.sections.length > 1) {
        pending.push({ raw, lineNo, sections: shape.sections });
        if (pending.length > 64) reportPending(sink);
        sink.skip();
        return 'pending';
      }
      const s = shape.sections[0]!;
      if (!inDump) open(sink, isXen);
      headerless = true;
      flushPending(sink, s, shape.first);
      release(sink);
      section = s;
      return 'placed';
    }
    const cur: Section = section;
    if (shape.sections.includes(cur)) return 'placed';
    const later = shape.sections.filter((x) => SECTION_ORDER[x] > SECTION_ORDER[cur]);
    if (later.length > 0) {
      section = later[0]!;
      prevContext = null;
      tail = '';
      dropSegPart(sink);
      return 'placed';
    }
    // a line of an earlier section: the next dump begins (without its header)
    close(sink);
    return placeByShape(line, raw, lineNo, sink, isXen);
  }

  /** A cut Xen segment row is given up (a header, another section, the dump's end): reported when it held values. */
  function dropSegPart(sink: LineSink): void {
    if (segPart && isXenRowCut(segPart)) sink.report(diagnostic('unplaced-line', { dialect: 'Xen dump', text: segPart.slice(0, 100) }, segPartAt));
    segPart = '';
  }

  function close(sink: LineSink): void {
    release(sink);
    generation++;
    junk = [];
    sink.boundary();
    inDump = false;
    headerless = false;
    section = null;
    tail = '';
    dropSegPart(sink);
  }

  function put(sink: LineSink, encoding: number, digits: string, lineNo: number): void {
    sink.field(encoding, digits, lineNo);
    seen.add(encoding);
    fields++;
  }

  /** The label pairs of a line, mapped through the section's table. */
  function scan(text: string, map: Map<string, number>): Found & { context: string | null; usedPrev: boolean; rest: string; lastIsEfer: boolean; endsWithValue: boolean } {
    const found: Found = { fields: [], notes: [], unknown: [], bad: [], lost: 0 };
    let context: string | null = null;
    let usedPrev = false;
    let msrList = false;
    let lastEnd = 0;
    let lastIsEfer = false;
    PAIR_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    // (no `=` left: no pair either; the regex would find that out at every position, O(n^2))
    while (text.indexOf('=', PAIR_RE.lastIndex) !== -1 && (m = PAIR_RE.exec(text)) !== null) {
      const digits = m[3] ?? '';
      const badValue = m[4];
      if (badValue === undefined) lastEnd = PAIR_RE.lastIndex;
      lastIsEfer = false;
      let info = labelInfo(m[1]!);
      if (info.context !== null) context = info.context;
      else if (info.msr) msrList = true;
      if (badValue !== undefined) {
        // A value that is no hex number after a label this section reads: reported (F4). `0x` at
        // the end is the start of a number cut by a wrap; unknown labels stay other log text, and
        // so do printf conversions and quotes (dump_vmcs()'s source quoted in a mail: `=%08x\n"`).
        if (msrList || /^0[xX]?$/.test(badValue) || /^%|["'`\\]/.test(badValue)) continue;
        // (the last four words at most are read: the label's own when the timestamp's are before them)
        info = info.exact || info.words.length - Math.min(info.words.length, 4) >= info.stampWords ? info : labelInfoOf(m[1]!);
        const { words } = info;
        let named = '';
        const ctx = context ?? prevContext;
        for (let n = Math.min(words.length, 4); n >= 1 && named === ''; n--) {
          const said = words.slice(words.length - n).join(' ');
          const key = info.keys[Math.min(words.length, 4) - n]!;
          if (ctx && map.has(`${ctx}.${key}`)) named = `${ctx.toUpperCase()} ${said}`;
          else if (map.has(key)) named = said;
        }
        if (named === '') continue;
        lastEnd = PAIR_RE.lastIndex;
        found.bad.push({ label: named.slice(0, 40), value: badValue.slice(0, 40) });
        continue;
      }
      if (msrList) {
        info = info.exact ? info : labelInfoOf(m[1]!);
        found.notes.push({ label: info.words.join(' '), value: digits, what: 'an entry of an MSR list of KVM (not a VMCS field)' });
        continue;
      }
      // Xen's EFER(MSR LL) and KVM's "EFER= 0x... (effective)" / "(autoload)" are not the VMCS field.
      if (info.eferLoadList) {
        found.notes.push({ label: 'EFER', value: digits, what: 'from the MSR load list (not the VMCS field)' });
        continue;
      }
      if (info.lastIsEferWord) {
        const after = text.slice(lastEnd, lastEnd + 14);
        if (after.includes('(') && /^\s*\((?:effective|autoload)\)/.test(after)) {
          found.notes.push({ label: 'EFER', value: digits, what: /autoload/.test(after) ? 'from the VM-entry MSR-load list (not the VMCS field)' : "KVM's effective EFER (not the VMCS field)" });
          continue;
        }
      }
      if (info.empty && context === null && !info.msr) {
        found.lost++;
        continue;
      }
      // The label is the longest run of trailing words that the section knows. A context set
      // on this line comes first; the line just before serves a wrapped continuation
      // ("shadow=...", "gh_mask=...", "base=..." alone on a line).
      const ctx = context ?? prevContext;
      const hit = resolveLabel(info, map, ctx);
      if (hit.viaContext && context === null) usedPrev = true;
      const encoding = hit.encoding;
      if (encoding !== undefined) {
        // Xen <=4.5 prints CR3_TARGET_COUNT in decimal (`target_count=%d`).
        found.fields.push([encoding, encoding === 0x400a && info.lastIsTargetCount && /^\d+$/.test(digits) ? Number(digits).toString(16) : digits]);
        lastIsEfer = info.lastStartsEfer;
      } else if (info.words.length > 0 && info.words.length <= 4) {
        // (the label is read from after its last `:`, `]` or `)` before a blank: past the timestamp's `]`
        // when other words follow it, so the timestamp's digits are never part of it)
        const stampEnds = info.stampWords === 0 || (info.words.length > info.stampWords && info.words[info.stampWords - 1]!.endsWith(']'));
        info = info.exact || stampEnds ? info : labelInfoOf(m[1]!);
        found.unknown.push({ label: info.words.join(' '), value: digits });
      }
    }
    const rest = text.slice(lastEnd).trim();
    return { fields: found.fields, notes: found.notes, unknown: found.unknown, bad: found.bad, lost: found.lost, context, usedPrev, rest, lastIsEfer, endsWithValue: lastEnd > 0 && rest === '' };
  }

  /** A whole Xen 4.6+ segment-table or GDTR/IDTR row (docs X9): its four or two fields. */
  function readXenRow(text: string, map: Map<string, number>, sink: LineSink, lineNo: number): boolean {
    // Both rows end in a blank and 16 hex digits (then blanks): a line that does not is neither,
    // and their expressions are not compiled for it (a KVM dump has no such line).
    if (!blankBeforeLast16(text)) return false;
    const seg = XEN_SEG_RE.exec(text);
    if (seg) {
      const f = SEGMENTS[seg[1]!.toLowerCase()]!;
      put(sink, f[0], seg[2]!, lineNo);
      put(sink, f[1], seg[3]!, lineNo);
      put(sink, f[2], seg[4]!, lineNo);
      put(sink, f[3], seg[5]!, lineNo);
      setXen(sink);
      prevContext = null;
      return true;
    }
    const dt = XEN_DT_RE.exec(text);
    if (dt) {
      const key = dt[1]!.toLowerCase();
      put(sink, map.get(`${key}.limit`)!, dt[2]!, lineNo);
      put(sink, map.get(`${key}.base`)!, dt[3]!, lineNo);
      prevContext = null;
      return true;
    }
    return false;
  }

  /** How much a line reads (fields and notes, less labels nobody knows), to choose between two readings. */
  function score(text: string, map: Map<string, number>): number {
    let n = 0;
    let t = text;
    if (CS_RIP_RE.test(t)) {
      n += 2;
      t = t.replace(CS_RIP_RE, ' ');
    }
    if (t.includes('SVI|RVI') && SVI_RVI_RE.test(t)) {
      // "SVI|RVI =" / "00|2f TPR Threshold =": one field, as parseLine reads it
      n += 2;
      t = t.replace(SVI_RVI_RE, ' ');
    }
    const r = scan(t, map);
    return n + 2 * (r.fields.length + r.notes.length) - r.unknown.length;
  }

  return {
    get format() {
      return xen ? 'xen' : 'kvm';
    },
    get inDump() {
      return inDump;
    },
    get section() {
      return inDump ? section : null;
    },
    end(sink: LineSink) {
      release(sink);
      if (preFrag?.claimed || preFrag?.lone) sink.report(diagnostic('unplaced-line', { dialect: preFrag.claimed || xen ? 'Xen dump' : 'KVM dump', text: preFrag.text.slice(0, 100) }, preFrag.from));
      preFrag = null;
      dropSegPart(sink);
      junk = [];
      settleUnknown(sink, false);
      if (pending.length > 0) reportPending(sink);
      inDump = false;
      headerless = false;
      section = null;
      tail = '';
      if (pendingFail) flushFail(sink);
      if (pendingError) {
        // Xen's `VMLAUNCH error: 0x7` with no dump after it (a paste cut there): a dump of its
        // own, so that the VM-instruction error it gives is kept
        nextXen = true;
        open(sink, true);
        close(sink);
      }
    },
    parse(raw: string, lineNo: number, sink: LineSink): boolean {
      if (firstText === 0 && raw.trim() !== '') firstText = lineNo;
      const before = generation;
      const wasIn = inDump && section !== null;
      deferredThis = false;
      pairsLine = false;
      const frag = preFrag;
      fragUsed = false;
      const claimed = parseLineMemo(raw, lineNo, sink);
      if (unknownOnly.length > 0) {
        if (generation !== unknownGeneration || !inDump) settleUnknown(sink, false);
        else if (claimed && !deferredThis) settleUnknown(sink, true);
      }
      if ((frag?.claimed || frag?.lone) && !fragUsed) {
        // a cut Xen row, or a lone line's values, that nothing completed: reported, never dropped
        if (preFrag === frag) preFrag = null;
        sink.report(diagnostic('unplaced-line', { dialect: frag.claimed ? 'Xen dump' : xen ? 'Xen dump' : 'KVM dump', text: frag.text.slice(0, 100) }, frag.from));
      }
      if (claimed) {
        lastClaimed = lineNo;
        // (a line of nothing but unknown names waits with them: it is not yet known to be of the dump)
        if (junk.length > 0 && !deferredThis) {
          // a line of the same dump after them: they stood inside it
          if (generation === before && generation === junkGeneration && inDump) {
            for (const j of junk) sink.report(diagnostic('unplaced-line', { dialect: xen ? 'Xen dump' : 'KVM dump', text: j.text }, j.line));
          }
          junk = [];
        }
      } else if (wasIn && inDump && generation === before && junk.length < 64 && !pairsLine && !(tail !== '' && tailLine === lineNo && !TAIL_VALUE_RE.test(tail))) {
        // (a label cut from its value, kept for the next line, is no junk: "EFER =" / "0x...")
        const text = stripPrefix(raw.replace(/\u00a0/g, ' '));
        if (JUNK_VALUE_RE.test(text)) {
          if (junk.length === 0) junkGeneration = generation;
          junk.push({ line: lineNo, text: text.slice(0, 100) });
        }
      }
      if (!claimed && mayBeElision(raw) && (ELISION_RE.test(stripPrefix(raw)) || ELISION_RE.test(raw.replace(/^[\s>]*(?:\(XEN\))?/, '').trim()))) return false;
      if (!claimed) {
        // a line that is not ours: what waited for the next dump line will not get one
        if (pending.length > 0) reportPending(sink);
        if (pendingFail && !pendingFail.awaitTail) flushFail(sink);
      }
      return claimed;
    },
  };

  /**
   * Lines of a dump read before, with what they did: a long log prints the same dump lines again
   * and again (the controls, the host state, the segments of each dump), and a line read in the
   * same state does the same. Only lines with a kernel timestamp (`[  123.456789] `: no wrap's
   * continuation, and the field held from the line before is complete) inside a dump with
   * nothing waiting (no cut label, header or row, no pending lines or failure), whose reading
   * gave fields and nothing else and left the reader as it found it (its section, Xen's flags),
   * are remembered, by their text with the timestamp's digits left out (the reader never looks
   * at them: labelInfo reads the first label with them zeroed), the section, Xen's flags and the
   * context of the line before. A remembered line gives its fields, the field it holds for the
   * next line and its context again, without a regex. A line that is not ours (the log's other
   * messages between dumps: `usb 1-1: new device`, `EXT4-fs ... errors=remount-ro`) is
   * remembered too when reading it changed nothing and told the sink nothing: it is not ours again.
   */
  function parseLineMemo(raw: string, lineNo: number, sink: LineSink): boolean {
    if (!inDump || section === null || headerless || headPart !== '' || tail !== '' || tailExact || segPart !== '' || pending.length > 0 || pendingFail !== null || preFrag !== null || failPart !== '' || failHead !== '' || unknownOnly.length > 0) return parseLine(raw, lineNo, sink);
    const close = timestampEnd(raw);
    if (close < 0) return parseLine(raw, lineNo, sink);
    // (a number held shorter than the dump prints it may go on in this record: parseLine joins it)
    if (held !== null && held.digits.length < printedWidth(held.encoding, held.max, xenOld)) return parseLine(raw, lineNo, sink);
    release(sink);
    // (by the state and the timestamp's shape, then by the rest of the line: no string is built)
    // (a number: the section, Xen's flags, the context, the timestamp's length, point and blanks)
    let ctx = prevContext === null ? 0 : contextIds.get(prevContext);
    if (ctx === undefined) contextIds.set(prevContext!, (ctx = contextIds.size + 1));
    if (ctx >= 64) return parseLine(raw, lineNo, sink);
    const state = ((((SECTION_ORDER[section] * 4 + (xen ? 2 : 0) + (xenOld ? 1 : 0)) * 64 + ctx) * 32 + close) * 32 + raw.indexOf('.')) * 32 + timestampBlanks;
    let byText = lineMemo.get(state);
    const rest = raw.slice(close);
    const m = byText?.get(rest);
    if (m !== undefined) {
      const f = m.fields;
      for (let i = 0; i < f.length; i += 2) put(sink, f[i] as number, f[i + 1] as string, lineNo);
      const h = m.held;
      if (h !== null) held = { encoding: h.encoding, digits: h.digits, line: lineNo, efer: h.efer, suffix: h.suffix, max: h.max };
      prevContext = m.prevContext;
      return m.claimed;
    }
    // the same line but for its values (a RIP, a counter): its fields from where this line has them
    const shape = rest.indexOf('=') === -1 ? null : valueShape(rest);
    let byShape = shape === null ? undefined : shapeMemo.get(state);
    const sm = shape === null ? undefined : byShape?.get(shape);
    if (sm !== undefined && sameSpans(sm.spans)) {
      const f = sm.fields;
      for (let i = 0; i < f.length; i += 3) put(sink, f[i]!, rest.slice(f[i + 1], f[i + 2]), lineNo);
      const h = sm.held;
      if (h !== null) held = { encoding: h.encoding, digits: rest.slice(h.start, h.end), line: lineNo, efer: h.efer, suffix: h.suffix, max: h.max };
      prevContext = sm.prevContext;
      return true;
    }
    const was = { section, xen, xenOld, generation, fields, nextXen, pendingError, dumpSeen };
    const rec = recorder(sink, lineNo);
    readSeen = false;
    const claimed = parseLine(raw, lineNo, rec.sink);
    if (
      !rec.spoiled && !readSeen && section === was.section && xen === was.xen && xenOld === was.xenOld && generation === was.generation &&
      inDump && !headerless && headPart === '' && tail === '' && !tailExact && segPart === '' && pending.length === 0 && pendingFail === null && preFrag === null && failPart === '' && failHead === '' && unknownOnly.length === 0 && !deferredThis &&
      (claimed
        ? held === null || (held as Held).line === lineNo
        : // a line that is not ours (the log's other messages between dumps) is remembered when reading
          // it changed nothing and told the sink nothing: in the same state it is not ours again
          held === null && rec.fields.length === 0 && fields === was.fields && nextXen === was.nextXen && pendingError === was.pendingError && dumpSeen === was.dumpSeen)
    ) {
      if (++memoSize > 4096) {
        lineMemo.clear();
        shapeMemo.clear();
        memoSize = 1;
        byText = undefined;
        byShape = undefined;
      }
      if (byText === undefined) lineMemo.set(state, (byText = new Map()));
      const h = held as Held | null;
      if (shape !== null && claimed) {
        // by its shape too, when each digit string it gave is one value of the line, found once in it
        // (CR3_TARGET_COUNT's decimal and SVI|RVI's two halves are made, not found)
        const fields: number[] = [];
        const f = rec.fields;
        for (let i = 0; i < f.length && fields.length === 3 * (i >> 1); i += 2) {
          const s = f[i] === 0x400a || f[i] === 0x0810 ? -1 : spanOf(rest, f[i + 1] as string);
          if (s >= 0) fields.push(f[i] as number, shapeSpans[s]!, shapeSpans[s + 1]!);
        }
        const hs = h === null ? -2 : spanOf(rest, h.digits);
        if (fields.length === 3 * (f.length >> 1) && hs !== -1) {
          if (byShape === undefined) shapeMemo.set(state, (byShape = new Map()));
          memoSize++;
          byShape.set(shape, {
            fields,
            held: h === null ? null : { encoding: h.encoding, start: shapeSpans[hs]!, end: shapeSpans[hs + 1]!, efer: h.efer, suffix: h.suffix, max: h.max },
            prevContext,
            spans: shapeSpans.slice(),
          });
        }
      }
      // (copies: a slice of the input would keep its whole chunk alive)
      const own = (t: string): string => (' ' + t).slice(1);
      for (let i = 1; i < rec.fields.length; i += 2) rec.fields[i] = own(rec.fields[i] as string);
      byText.set(own(rest), { fields: rec.fields, held: h === null ? null : { encoding: h.encoding, digits: own(h.digits), efer: h.efer, suffix: h.suffix, max: h.max }, prevContext, claimed });
    }
    return claimed;
  }

  /** Whether the line valueShape read last has its values where `spans` has them. */
  function sameSpans(spans: number[]): boolean {
    if (spans.length !== shapeSpans.length) return false;
    for (let i = 0; i < spans.length; i++) if (spans[i] !== shapeSpans[i]) return false;
    return true;
  }

  function recorder(sink: LineSink, lineNo: number): typeof rec {
    rec.to = sink;
    rec.lineNo = lineNo;
    rec.fields = [];
    rec.spoiled = false;
    return rec;
  }

  function parseLine(raw: string, lineNo: number, sink: LineSink): boolean {
      let line = raw.includes('\u00a0') ? raw.replace(/\u00a0/g, ' ') : raw;
      /** The paste's first line, which may start anywhere inside a line. */
      let first = lineNo === firstText;
      // A hard wrap's continuation has no prefix of its own; a line with one starts afresh.
      const cont = inDump && section !== null && !LOG_PREFIX_RE.test(line);
      // A field held from the end of the line before: a number cut by a wrap goes on here
      // ("base=0x00000000" / "7ffc2000", or "shadow=0x00000" / "00050032, gh_mask=..."), up to
      // the field's full width, and "(effective)" may follow KVM's EFER.
      if (held) {
        const h: Held = held;
        // (the continuation is read after its indentation and mail quoting: "> \t(effective)")
        const body = cont ? line.replace(/^[\s>]*/, '') : line;
        const digits = cont ? /^\s*([0-9a-fA-F]+)(?=[,\s)]|$)/.exec(body) : null;
        const afterZero = cont && h.digits === '0' && !h.suffix ? /^x([0-9a-fA-F]+)(?=[,\s)]|$)/.exec(body) : null;
        // A number cut between two records that each carry the log's prefix (`[ts] kvm_intel: CR3 =
        // 0x00000000` / `[ts] kvm_intel: 01234000`): joined only when the first part is shorter than
        // the width the dump prints and the hex digits after the prefix make it up exactly (a record
        // of hex digits that does not is reported below, never glued)
        const short = h.digits.length < printedWidth(h.encoding, h.max, xenOld);
        const record = short && !cont && h.suffix === '' && h.line === lineNo - 1 && inDump && section !== null && LOG_PREFIX_RE.test(line)
          ? /^([0-9a-fA-F]+)(?=[,\s)]|$)/.exec(stripPrefix(line)) : null;
        const joined = h.suffix === '' && digits && h.digits.length + digits[1]!.length <= h.max ? digits
          : afterZero && afterZero[1]!.length <= h.max ? afterZero // cut inside "0x": "base=0" / "x000000007ffc2000"
          : record && h.digits.length + record[1]!.length === printedWidth(h.encoding, h.max, xenOld) ? record
          : null;
        if (joined) {
          h.digits = (joined === afterZero ? '' : h.digits) + joined[1]!;
          line = joined === record ? stripPrefix(line).slice(joined[0].length) : body.slice(joined[0].length);
          const after = line.trim();
          if (h.efer && after !== '' && EFER_SUFFIXES.some((x) => after.startsWith(x) || x.startsWith(after))) {
            // KVM's "EFER= 0x00000000" / "00000d01 (effective)" (or "(eff" / "ective)")
            if (EFER_SUFFIXES.some((x) => after.startsWith(x))) {
              sink.note({ line: h.line, label: 'EFER', value: h.digits, what: after.startsWith('(autoload)') ? 'from the VM-entry MSR-load list (not the VMCS field)' : "KVM's effective EFER (not the VMCS field)" });
              held = null;
            } else h.suffix = after;
            return true;
          }
          release(sink);
          // what is left may be a comma before the next continuation ("x0000000060000011,")
          if (/^[\s,;]*$/.test(line)) return true;
        } else if (h.efer && cont && EFER_SUFFIXES.some((x) => (h.suffix + body).startsWith(x))) {
          const what = (h.suffix + body).startsWith('(autoload)') ? 'from the VM-entry MSR-load list (not the VMCS field)' : "KVM's effective EFER (not the VMCS field)";
          sink.note({ line: h.line, label: 'EFER', value: h.digits, what });
          held = null;
          return true;
        } else if (record) {
          // hex digits that do not make up the cut number: whose they are is not known, reported
          release(sink);
          sink.report(diagnostic('unplaced-line', { dialect: xen ? 'Xen dump' : 'KVM dump', text: stripPrefix(line).slice(0, 100) }, lineNo));
          line = stripPrefix(line).slice(record[0].length);
          if (/^[\s,;]*$/.test(line)) return true;
        } else release(sink);
      }
      if (headPart) {
        // "*** Guest" / "State ***": the header is whole again on this line
        const part = headPart;
        const at = headPartAt;
        headPart = '';
        headPartAt = null;
        let whole: string | undefined;
        if (!HEADER_RE.test(line)) {
          // (the rest may carry its own log prefix: "(XEN) *** Host State" / "(XEN) ***")
          const body = LOG_PREFIX_RE.test(line) ? stripPrefix(line) : line.replace(/^[\s>]*/, '');
          whole = [part + body, part + ' ' + body].find((j) => HEADER_RE.test(j));
          if (whole !== undefined) line = whole;
        }
        if (whole === undefined && !HEADER_RE.test(line) && at && inDump && /^\*{3}|^\*{1,3} ?[GHC]/.test(part)) {
          // A damaged section header ("*** Host St", F5): which section follows is not known from
          // it, so the lines after it are placed by their shapes, as in a dump without headers,
          // and the damaged line is reported; a value is never moved to another section's field.
          if (section !== null) headerless = true;
          sink.report(diagnostic('unplaced-line', { dialect: xen ? 'Xen dump' : 'KVM dump', text: at.text }, at.line));
        }
      }
      const hasXenPrefix = line.includes('(XEN)');
      const stars = line.includes('***');
      const which = stars ? headerSection(line) : null;
      if (which !== null) {
        if (which === 'guest') {
          if (!inDump || fields > 0) open(sink, hasXenPrefix || (inDump && xen));
        } else if (!inDump) open(sink, hasXenPrefix);
        if (hasXenPrefix) setXen(sink);
        if (pending.length > 0) {
          flushPending(sink, which, true);
          release(sink);
        }
        headerless = false;
        section = which;
        prevContext = null;
        tail = '';
        dropSegPart(sink);
        sink.skip();
        return true;
      }
      const ptr = line.includes('last attempted') ? VMCS_PTR_RE.exec(line) : null;
      if (ptr) {
        open(sink, false);
        sink.note({ line: lineNo, label: 'VMCS', value: ptr[1]!, what: `the kernel address of the hardware VMCS (not a field); last VM entry attempted on CPU ${ptr[2]}` });
        sink.skip();
        return true;
      }
      if (failHead) {
        // "(XEN) d2v0 vmentry" / "failure (reason" / "0x80000021): ...": whole again
        const part = failHead;
        const f = failFirst;
        failHead = '';
        const body = LOG_PREFIX_RE.test(line) ? stripPrefix(line) : line.replace(/^[\s>]*/, '').trim();
        const glued = [part + ' ' + body, part + body].find((g) =>
          XEN_VMENTRY_RE.test(g) || XEN_VMENTRY_CUT_RE.test(g) || XEN_FAIL_RE.test(g) || XEN_FAIL_PART_RE.test(g) || isFailStart(g, f) ||
          (f && (XEN_VMENTRY_FIRST_RE.test(g) || XEN_FAILURE_TAIL_RE.test(g) || isTailStart(g))));
        if (glued !== undefined) {
          line = glued;
          first = f;
        }
      }
      const vmentry = line.includes('vmentry failure') ? XEN_VMENTRY_RE.exec(line) ?? XEN_VMENTRY_CUT_RE.exec(stripPrefix(line))
        : first && line.includes('):') ? XEN_VMENTRY_FIRST_RE.exec(stripPrefix(line)) : null;
      if (vmentry) {
        // Xen's report of a failed VM entry, before its dump: the exit reason and (in words) the
        // exit qualification, for the dump that follows.
        if (inDump) close(sink);
        if (pendingFail) flushFail(sink);
        pendingFail = {
          fields: [[0x4402, vmentry[2]!.slice(2), lineNo]],
          notes: vmentry[1] ? [{ line: lineNo, label: 'vCPU', value: vmentry[1], what: "Xen's domain and vCPU of the failed VM entry (d<domain>v<vcpu>)" }] : [],
          awaitTail: true,
          line: lineNo,
          tailText: '',
          msrText: '',
        };
        if (vmentry[3]!.trim() !== '') failureTail(vmentry[3]!, lineNo);
        nextXen = true;
        sink.skip();
        return true;
      }
      if (first && !pendingFail && !line.includes('=') && XEN_FAILURE_TAIL_RE.test(stripPrefix(line))) {
        // a paste that starts inside Xen's failure line, after its reason ("Invalid guest state (0)"):
        // the exit qualification it gives, for the dump that follows
        pendingFail = { fields: [], notes: [], awaitTail: true, line: lineNo, tailText: '', msrText: '' };
        failureTail(stripPrefix(line), lineNo);
        nextXen = true;
        sink.skip();
        return true;
      }
      if (pendingFail && !inDump) {
        // the rest of the failure line, cut by a wrap; then the MSR that failed to load
        // (a continuation has no log prefix of its own; the whole tail may have one: Xen's
        // console starts a record there when the printk before it had no newline)
        const prefixed = LOG_PREFIX_RE.test(line);
        const tailText = pendingFail.tailText;
        if (pendingFail.awaitTail && (tailText === '' || !prefixed || XEN_FAILURE_TAIL_RE.test(stripPrefix(line)))) {
          const body = stripPrefix(line);
          pendingFail.tailText = '';
          const cands = tailText === '' || XEN_FAILURE_TAIL_RE.test(body) ? [body] : [tailText + ' ' + body, tailText + body];
          if (cands.some((c) => failureTail(c, lineNo))) {
            sink.skip();
            return true;
          }
        }
        const msrText = pendingFail.msrText;
        pendingFail.msrText = '';
        if (msrText !== '' && !prefixed) {
          const body = line.replace(/^[\s>]*/, '').trim();
          const glued = [msrText + ' ' + body, msrText + body].find((g) => XEN_MSR_RE.test(g) || startOfWords(g, XEN_MSR_WORDS));
          if (glued !== undefined) line = glued;
        }
        const msr = line.includes('msr ') ? XEN_MSR_RE.exec(line) : null;
        if (!msr && line.includes('msr')) {
          // "(XEN)   msr 000001dd val" / "1ffff80676f52be5 (mbz 0)": the rest comes next
          const t = stripPrefix(line);
          if (startOfWords(t, XEN_MSR_WORDS)) {
            pendingFail.msrText = t;
            sink.skip();
            return true;
          }
        }
        if (msr) {
          pendingFail.awaitTail = false;
          pendingFail.notes.push({ line: lineNo, label: `MSR ${msr[1]}`, value: msr[2]!, what: `the entry of Xen's VM-entry MSR-load area that failed to load (mbz ${msr[3]}); not a VMCS field` });
          sink.skip();
          return true;
        }
      }
      if (failPart) {
        // "d2v0 VMLAUNCH error:" / "0x7": whole again
        const part = failPart;
        failPart = '';
        if (!LOG_PREFIX_RE.test(line)) {
          const glued = part + ' ' + line.replace(/^[\s>]*/, '');
          if (XEN_FAIL_RE.test(glued)) line = glued;
        }
      }
      const fail = line.includes(' error: ') ? XEN_FAIL_RE.exec(line) : null;
      if (fail) {
        // Xen prints the VM-instruction error it read from the VMCS before dumping it.
        close(sink);
        const v = fail[2]!;
        pendingError = { value: /^0x/i.test(v) ? v.slice(2) : Number(v).toString(16), line: lineNo };
        nextXen = true; // the dump that follows is Xen's
        sink.skip();
        return true;
      }
      const failCut = line.includes('VM') && (line.includes('VMLAUNCH') || line.includes('VMRESUME')) ? XEN_FAIL_PART_RE.exec(line) : null;
      if (failCut) {
        failPart = failCut[0].trim();
        sink.skip();
        return true;
      }
      if (!line.includes('=') && (first || line.includes('vmentry') || (line.includes('d') && XEN_VCPU_WORD_RE.test(line)))) {
        // the start of Xen's failure line cut by a wrap ("(XEN) d2v0 vmentry", "14:09:46] d2v0"; on
        // the paste's first line, any start of its words: "(reason", "Invalid guest")
        const text = stripPrefix(line);
        const m = XEN_FAIL_HEAD_RE.exec(text);
        const head = m?.[1] ?? m?.[2] ?? (first ? text : undefined);
        if (head !== undefined && (isFailStart(head, first) || (first && !pendingFail && isTailStart(head)))) {
          failHead = head;
          failFirst = first;
          sink.skip();
          return true;
        }
      }
      if (line.includes('Failed vm entry') && XEN_OLD_FAIL_RE.test(line)) {
        // Xen <=4.5: the dump that follows is Xen's (its reason is in the dump itself)
        close(sink);
        nextXen = true;
        sink.skip();
        return true;
      }
      if ((stars || line.includes('>>>')) && XEN_BANNER_RE.test(line) || ((xen || hasXenPrefix) && line.includes('VCPU') && XEN_VCPU_RE.test(line))) {
        close(sink);
        nextXen = true;
        sink.skip();
        return true;
      }
      if (stars && XEN_FOOTER_RE.test(line)) {
        // the 38 asterisks that end Xen's dump
        close(sink);
        sink.skip();
        return true;
      }
      if (line.includes('*')) {
        const part = HEADER_PART_RE.exec(line);
        if (part) {
          headPart = part[0].trimStart();
          headPartAt = { line: lineNo, text: stripPrefix(line).slice(0, 100) };
        }
      }
      if (!inDump || section === null || headerless || line.includes('=') || (tail !== '' && !LOG_PREFIX_RE.test(line))) {
        joined = null;
        const placed = placeByShape(line, raw, lineNo, sink, hasXenPrefix);
        if (placed === 'pending') return true;
        if (placed === 'none' && (!inDump || section === null)) return false;
        if (joined !== null) line = joined;
      }
      if (section === null) return false;
      if (hasXenPrefix) setXen(sink);
      if (isQemuLine(line)) {
        // QEMU's register dump often follows KVM's: it is not part of the VMCS dump. Its first
        // line says how the entry failed, which a dump after a VMfail does not (its exit
        // reason is the previous exit's): keep that as a note of the dump.
        const failed = QEMU_ENTRY_FAILED_RE.exec(line);
        if (failed) sink.note({ line: lineNo, label: 'KVM: entry failed, hardware error', value: failed[1]!.toLowerCase(), what: QEMU_ENTRY_FAILED_WHAT });
        close(sink);
        return false;
      }

      const s = section;
      const map = TABLES[s];
      let claimed = false;

      // Fixed-shape lines first.
      if (s === 'guest') {
        // A Xen segment row cut by a wrap ("  CS: 0008 0a099 ffff" / "ffff 0000000000000000"):
        // the columns have fixed widths, so the row is whole again either glued or with a space.
        const part = segPart;
        segPart = '';
        // (the rest may be a record of its own with the log's prefix, `(XEN)   CS: 0008 0a099` /
        // `(XEN) ffffffff 0000000000000000`: it goes on there when it starts with the next column)
        const record = part !== '' && !cont && lastClaimed === lineNo - 1 && LOG_PREFIX_RE.test(line) && /^[0-9a-f]/.test(stripPrefix(line));
        if (part && (cont || record)) {
          const body = record ? stripPrefix(line) : line.replace(/^[\s>]*/, '');
          for (const joined of [part + (record ? body : line), part + ' ' + body]) {
            if (readXenRow(joined, map, sink, lineNo)) {
              tail = '';
              return true;
            }
          }
          // a narrow wrap cuts the row in three or more (records, also inside a column: `0a0` / `99 ...`)
          const more = [part + ' ' + body.trim(), ...(record ? [part + body.trim()] : [])].find(isXenRowStart);
          if (body.trim() !== '' && more !== undefined) {
            segPart = more;
            tail = '';
            sink.skip();
            return true;
          }
        }
        // the row's start that nothing completed: reported, never dropped
        if (part && isXenRowCut(part)) sink.report(diagnostic('unplaced-line', { dialect: 'Xen dump', text: part.slice(0, 100) }, segPartAt));
        if (readXenRow(line, map, sink, lineNo)) return true;
        if (mayBeSelHeader(line) && /\bsel\s+attr\s+limit\s+base\b/.test(line)) {
          sink.skip();
          return true;
        }
        // (after the whole log prefix, or the piece of it a wrap left: "14:09:46]   CS:")
        const unprefixed = line.includes('=') ? '' : stripPrefix(line);
        if (unprefixed !== '' && isXenRowStart(unprefixed)) {
          segPart = unprefixed;
          segPartAt = lineNo;
          // "  CS: 0008 0a09" is nothing else; "  CS:" may also be the start of KVM's "CS:   sel=..."
          if (/\d/.test(unprefixed.slice(unprefixed.indexOf(':')))) {
            sink.skip();
            return true;
          }
        }
      }
      // A label cut off at the end of the line before ("... ActivityState" / "= 00000000",
      // "TSC" / "Multiplier = ...", "Interruptibil" / "ity = ...", "li" / "mit=0x...",
      // "DebugExceptions =" / "0x..."): the rest is on this line. The two halves are glued
      // (labels are compared without spaces) when that reads at least as much as this line alone.
      let text = line;
      // (a blank line keeps a cut label for the next line as it was, and where it was)
      if (tail && cont && line.trim() === '') return false;
      // `SVI|RVI =` / `[ts] kvm_intel: ec|00 TPR`, `... CS:RIP=0010:` / `[ts] kvm_intel: ffffffff81766a30`:
      // a cut `SVI|RVI = %02x|%02x` or `CS:RIP=%04x:%016lx` goes on in the next record, glued as it is
      // (reported when nothing completes it and it held a value; a lone `CS:` may be a segment's label)
      const exact = tail && !cont && tailExact && inDump && section !== null && tailLine === lineNo - 1 && LOG_PREFIX_RE.test(line) ? tail + stripPrefix(line) : '';
      if (exact && (SVI_RVI_RE.test(exact) || CS_RIP_RE.test(exact) || SVI_PART_RE.test(exact) || CS_RIP_PART_RE.test(exact))) text = exact;
      else if (exact && /=\s*[0-9a-fA-F]/.test(tail)) sink.report(diagnostic('unplaced-line', { dialect: xen ? 'Xen dump' : 'KVM dump', text: tail.slice(0, 100) }, tailLine));
      else if (tail && !cont && (!tailExact || exact) && inDump && section !== null && tailLine === lineNo - 1 && LOG_PREFIX_RE.test(line)) {
        // The rest of a cut label on a line with its own log prefix (the kernel or a log tool
        // split the record: "[12.3] kvm_intel: dump_vmcs: CR3" / "[12.3] kvm_intel: dump_vmcs:
        // = 0x...", "(XEN) EPT" / "(XEN) pointer = 0x..."): glued when the line starts with what
        // completes the label (`=` and a value, a value after `Label =`, the label's next words)
        // and reads more glued than alone; a whole dump line of its own is read alone.
        const body = stripPrefix(line);
        if (body !== '' && body.length <= 40 && (FRAG_RE.test(body) || /^=\s*(?:0x)?$/.test(body)) && (/=/.test(body) ? /=\s*(?:0x)?$/.test(body) && isLabel(tail + ' ' + body, map) : startOfLabel(tail + ' ' + body, map) || isLabel(tail + ' ' + body, map))) {
          // a label split over three records or more ("Virtual" / "processor" / "ID =" / "0x0001",
          // "ec|00 TPR" / "Threshold =" / "0x00", "TPR" / "Threshold" / "= 0x00", "RIP" / "=" / "0x..."): it goes on
          tail = tail + ' ' + body;
          tailLine = lineNo;
          tailExact = false;
          return true;
        }
        if (PREFIXED_REST_RE.test(body)) {
          // (glued as one word, `Interruptibil` / `ity = ...`, or at a blank, which a context
          // needs: `CS:` / `sel=0x0010, attr=...`)
          const own = score(body, map);
          for (const joined of [tail + (tail.endsWith('=') ? ' ' : '') + body, tail + ' ' + body]) {
            // (a tail that is only the start of a label, `Sysenter` / `RSP=... CS:RIP=...`, is glued
            // when that reads as much: alone, `RSP=` would be another field)
            const gain = score(joined, map) - own;
            if (gain > 0 || (gain === 0 && startOfLabel(tail, map))) {
              text = joined;
              break;
            }
          }
        }
      } else if (tail && cont) {
        // glued, but "SVI|RVI =" / "00|2f" keeps its space after "="
        const joined = tail + (tailExact || !tail.endsWith('=') ? '' : ' ') + line.replace(/^[\s>]*/, '');
        // a whole dump line of its own ("DS:   sel=..." after "CS: ..., limi") is no continuation:
        // the cut label is reported, and this line's values stay its own (F5)
        // ("LD" / "TR: sel=..." glues to a whole line of its own: that is a wrap)
        const body = line.replace(/^[\s>]*/, '');
        const own = !tailExact && /^[A-Za-z]+:\s+\w+=/.test(body) && shapeOf(body) !== null && shapeOf(stripPrefix(joined)) === null;
        if (own) sink.report(diagnostic('unplaced-line', { dialect: xen ? 'Xen dump' : 'KVM dump', text: tail.slice(0, 100) }, tailLine));
        else if (score(joined, map) >= score(line, map)) text = joined;
      }
      tail = '';
      tailExact = false;
      let partial = '';
      const cutPart = (mayEndInCsRip(text) && /CS:(?:R(?:IP?)?)?(?:=[0-9a-fA-F]*:?)?\s*$/.test(text) && !CS_RIP_RE.test(text) ? CS_RIP_PART_RE.exec(text.trimEnd()) : null)
        ?? (s === 'control' && text.includes('SVI') && !SVI_RVI_RE.test(text) ? SVI_PART_RE.exec(text.trimEnd()) : null);
      if (cutPart) {
        // "Sysenter RSP=... CS:RIP=0010:" / "ffffffff81766a30": not "RIP=0010" here
        partial = cutPart[0];
        text = text.trimEnd().slice(0, cutPart.index);
      }
      let heldRip: Held | null = null;
      const csrip = CS_RIP_RE.exec(text);
      if (csrip && (s === 'guest' || s === 'host')) {
        put(sink, s === 'guest' ? 0x482a : 0x4c00, csrip[1]!, lineNo);
        const eip = s === 'guest' ? 0x6826 : 0x6c12;
        // at the end of the line, the RIP may go on on the next one
        if (text.slice(csrip.index + csrip[0].length).trim() === '') heldRip = { encoding: eip, digits: csrip[2]!, line: lineNo, efer: false, suffix: '', max: 16 };
        else put(sink, eip, csrip[2]!, lineNo);
        text = text.replace(CS_RIP_RE, ' ');
        claimed = true;
      }
      const svi = text.includes('SVI|RVI') ? SVI_RVI_RE.exec(text) : null;
      if (svi && s === 'control') {
        put(sink, 0x0810, svi[1]! + svi[2]!, lineNo);
        text = text.replace(SVI_RVI_RE, ' ');
        claimed = true;
      }
      if (text.includes('ve_info:') && /\bve_info:/.test(text)) {
        sink.note({ line: lineNo, label: 've_info', value: text.slice(text.indexOf('ve_info:') + 8).trim(), what: 'the #VE information area (not VMCS fields)' });
        sink.skip();
        return true;
      }
      if (text.includes('MSR ') && /\bMSR (?:guest|host) auto(?:load|store):/.test(text)) {
        sink.note({ line: lineNo, label: text.slice(text.indexOf('MSR')).trim(), value: '', what: 'an MSR list of KVM (not VMCS fields)' });
        sink.skip();
        return true;
      }
      if ((text.includes('target_count=') || text.includes('Guest PAT = 0x') || text.includes('Host PAT = 0x')) && XEN_OLD_RE.test(text)) {
        xenOld = true;
        setXen(sink);
      }

      const r = scan(text, map);
      const onlyUnknown = !claimed && r.unknown.length > 0 && r.fields.length === 0 && r.notes.length === 0 && r.bad.length === 0;
      // A line of the pairs dialect after the dump ("GUEST_RIP = 0x1"): not ours.
      if (!claimed && r.fields.length === 0 && r.notes.length === 0 && r.unknown.length > 0 && namesPairField(parsePairLine(line))) {
        pairsLine = true;
        return false;
      }
      for (const n of r.notes) sink.note({ line: lineNo, ...n });
      if (xenOld && s === 'control') {
        // Xen <=4.5 prints VM_ENTRY_INSTRUCTION_LEN a second time as the VMExit `ilen` (docs 2.3).
        const i = r.fields.findIndex(([encoding]) => encoding === 0x440c);
        if (i >= 0) {
          sink.note({ line: lineNo, label: 'VMExit ilen', value: r.fields[i]![1], what: 'VM_ENTRY_INSTRUCTION_LEN read again (Xen 4.5 and older print it here), not VM_EXIT_INSTRUCTION_LEN' });
          r.fields.splice(i, 1);
          claimed = true;
        }
      }
      // What is left after the last value: the start of a label cut by the wrap, or of
      // KVM's "(effective)" after EFER (Xen's saved copies in parentheses are not part of it).
      const restFrag = r.rest === '' ? '' : stripPrefix(r.rest.replace(/\([^)]*\)/g, ' ')).replace(/^[\s,;]+/, '');
      const eferSuffix = r.lastIsEfer && restFrag !== '' && EFER_SUFFIXES.some((x) => x.startsWith(restFrag) && x !== restFrag) ? restFrag : '';
      r.fields.forEach(([encoding, digits], i) => {
        // The last value of a line may go on on the next one (a wrap inside the number, or KVM's "(effective)").
        if (i === r.fields.length - 1 && !heldRip && !partial && (r.endsWithValue || eferSuffix)) held = { encoding, digits, line: lineNo, efer: r.lastIsEfer, suffix: eferSuffix, max: (xenOld ? PRINTED_DIGITS_XEN_OLD.get(encoding) : undefined) ?? PRINTED_DIGITS.get(encoding) ?? valueDigits(encoding) };
        else put(sink, encoding, digits, lineNo);
      });
      if (heldRip) held = heldRip;
      // after the line's readable fields, so that the report lands in the dump they open
      for (const b of r.bad) sink.report(diagnostic('invalid-value', { token: b.label, value: b.value }, lineNo));
      if (r.lost > 0) {
        // a value whose label a wrap took (the label's line did not complete it): reported, never dropped
        sink.report(diagnostic('unplaced-line', { dialect: xen ? 'Xen dump' : 'KVM dump', text: stripPrefix(line).slice(0, 100) }, lineNo));
        claimed = true;
      }
      // a label of the dump that no table of its section knows: reported (common.ts, the unknown-token
      // policy); a line of nothing else waits for the dump to go on after it (unknownOnly)
      if (r.unknown.length > 0) {
        // the label, without what stands before it on the line (`[ 12.3] some_driver: reg` -> `reg`)
        const tokens = r.unknown.map((u) => ({ token: u.label.replace(/^.*[:\])]\s+/, ''), value: u.value }));
        if (onlyUnknown && unknownOnly.length < 64) {
          if (unknownOnly.length === 0) unknownGeneration = generation;
          unknownOnly.push({ line: lineNo, text: line, tokens });
          deferredThis = true;
        } else reportUnknown(sink, lineNo, xen ? 'Xen' : 'KVM', tokens);
      }
      if (r.bad.length > 0) claimed = true;
      claimed ||= r.fields.length > 0 || r.notes.length > 0 || r.unknown.length > 0;
      // A continuation that read its labels in the context of the line before ("limit=..." after
      // "CS:   sel=..., attr=...,") passes it on to the next continuation.
      // A line that read nothing (a lone comma, another message) leaves it as it was.
      prevContext = r.context ?? (r.usedPrev || !claimed ? prevContext : null);
      if (partial) {
        tail = (FRAG_RE.test(restFrag) ? restFrag : '') + partial;
        tailLine = lineNo;
        tailExact = true;
      } else if (claimed && !eferSuffix && FRAG_RE.test(restFrag)) {
        tail = restFrag;
        tailLine = lineNo;
      }
      else if (!claimed) {
        // Nothing read: the line may be the start of a wrapped line ("CR0:", "Interruptibil",
        // "Virtual processor") whose rest comes next, without the prefix.
        const bare = stripPrefix(text);
        // Xen's copies in parentheses before it ("(0x...)  RIP =", "(vmx_asm_vmexit_handler)  RSP ="
        // after a wrap) are no VMCS field (they are skipped on a whole line too): the label is kept
        const label = bare.startsWith('(') ? bare.replace(/\([^)]*\)/g, ' ').trim() : bare;
        if (FRAG_RE.test(label) && label.length <= 40) {
          tail = label;
          tailLine = lineNo;
          if (label !== bare && label !== '') claimed = true;
        }
      }
      if (!claimed && tail === '' && (/=\s*(?:0x)?[0-9a-fA-F]+\b/.test(text) || (cont && lastClaimed === lineNo - 1 && /^[\s>]*(?:0x)?[0-9a-fA-F]{2,}\b/.test(text)))) {
        // a value in the dump that no label of its section reads: reported, never dropped
        sink.report(diagnostic('unplaced-line', { dialect: xen ? 'Xen dump' : 'KVM dump', text: stripPrefix(line).slice(0, 100) }, lineNo));
        return true;
      }
      return claimed;
  }
}
