/**
 * bhyve's report of a VM exit it could not handle, and hyperkit's VMCS dump after it (the `bhyve`
 * dialect, beside bhyvectl's `name[n]` rows of ./bhyve.ts); see ./index.ts for how dialects plug in.
 *
 * 1. `vm exit[N]` block: FreeBSD usr.sbin/bhyve/bhyverun.c `vmexit_vmx()`, the same code in xhyve
 *    and hyperkit (src/lib/xhyve.c), printed to stderr:
 *
 *        vm exit[%d]\n  \treason\t\tVMX\n  \trip\t\t0x%016lx\n  \tinst_length\t%d\n  \tstatus\t\t%d\n
 *        \texit_reason\t%u[ (%s)]\n  \tqualification\t0x%016lx\n  \tinst_type\t\t%d\n  \tinst_error\t\t%d\n
 *        [\tEPT misconfiguration:\n  \t\tGPA: %#lx\n  \t\tPTE(%d): %#lx %#lx %#lx %#lx\n]
 *
 *    What the values are (sys/amd64/vmm/intel/vmx.c `vmx_run()`, `vmx_exit_inst_error()`): rip is
 *    the guest RIP and inst_length the VM-exit instruction length read from the VMCS; exit_reason
 *    is `vmcs_exit_reason()`, the exit-reason field **masked with 0xffff** (vmcs.h; hyperkit's
 *    vmcs.h the same), so bit 31 (VM-entry failure) is never printed; qualification is the exit
 *    qualification. status is bhyve's VM_SUCCESS (0), VM_FAIL_INVALID (1) or VM_FAIL_VALID (2) of
 *    the VMLAUNCH/VMRESUME; after a VMfail bhyve sets exit_reason and qualification to ~0 (not
 *    VMCS values) and inst_error to the VM-instruction error field only after VMfailValid.
 *    The header may be lost (a paste cut, a log that interleaves stderr with stdout): a labelled
 *    line still counts when it has bhyve's exact tab layout (`\trip\t\t0x…`). With the tabs turned
 *    into blanks (a copy from a terminal or a web page) and no header, a line is bhyve's by its own
 *    shape: its value where bhyve's TABs put it (the label on a tab stop, the value 16 columns after
 *    it, 24 for inst_type and inst_error), a label no other print has (`inst_length`, `inst_type`,
 *    `inst_error`, `reason VMX`), or bhyve's description after the exit reason (`48 (EPT violation)`);
 *    then the block's next labels in order. `exit_reason 28` with none of these is bhyve's decimal
 *    or another print's hex: reported as ambiguous (`ambiguous-number`), never read as 0x28.
 *
 * 2. hyperkit's `hvdump()` (moby/hyperkit src/lib/vmm/intel/vmx.c, printed to stdout on an abort):
 *    `printf("VMCS_PIN_BASED_CTLS:           0x%016llx\n", …)`, every name padded so that its value
 *    starts at column 31, then `rip: 0x%016llx rfl: 0x%016llx cr2: 0x%016llx` and four lines of
 *    general-purpose registers. Two of its lines are mislabelled in the source: the
 *    `VMCS_GUEST_IDTR_LIMIT` and `VMCS_GUEST_IDTR_BASE` lines print `vmcs_read(vcpu,
 *    VMCS_GUEST_LDTR_LIMIT)` and `…LDTR_BASE)` (as of moby/hyperkit c5ebe709), and `r13:` prints
 *    R12 again: these are read as what they print, and said so. Only lines with hyperkit's exact
 *    padding are taken here; `VMCS_NAME: value` lines of other programs stay with the pairs reader.
 */
import type { LineSink } from './types.js';
import { DumpState, dumpParser, digitsOf, type OtherParser } from './common.js';
import { diagnostic } from '../diagnostics.js';

/** hvdump()'s names (Hypervisor.framework's VMCS_ constants) and the fields it reads with them. */
const HVDUMP: Readonly<Record<string, number>> = {
  VMCS_PIN_BASED_CTLS: 0x4000, VMCS_PRI_PROC_BASED_CTLS: 0x4002, VMCS_SEC_PROC_BASED_CTLS: 0x401e,
  VMCS_ENTRY_CTLS: 0x4012, VMCS_EXIT_CTLS: 0x400c, VMCS_EXCEPTION_BITMAP: 0x4004,
  VMCS_CR0_MASK: 0x6000, VMCS_CR0_SHADOW: 0x6004, VMCS_CR4_MASK: 0x6002, VMCS_CR4_SHADOW: 0x6006,
  VMCS_GUEST_PHYSICAL_ADDRESS: 0x2400, VMCS_GUEST_LINEAR_ADDRESS: 0x640a,
  VMCS_GUEST_GDTR_LIMIT: 0x4810, VMCS_GUEST_GDTR_BASE: 0x6816,
  VMCS_GUEST_CR0: 0x6800, VMCS_GUEST_CR3: 0x6802, VMCS_GUEST_CR4: 0x6804, VMCS_GUEST_IA32_EFER: 0x2806,
  ...Object.fromEntries(
    (
      [
        ['ES', 0x0800, 0x4800, 0x4814, 0x6806], ['CS', 0x0802, 0x4802, 0x4816, 0x6808], ['SS', 0x0804, 0x4804, 0x4818, 0x680a],
        ['DS', 0x0806, 0x4806, 0x481a, 0x680c], ['FS', 0x0808, 0x4808, 0x481c, 0x680e], ['GS', 0x080a, 0x480a, 0x481e, 0x6810],
        ['LDTR', 0x080c, 0x480c, 0x4820, 0x6812], ['TR', 0x080e, 0x480e, 0x4822, 0x6814],
      ] as const
    ).flatMap(([s, sel, lim, ar, base]) => [
      [`VMCS_GUEST_${s}_SELECTOR`, sel], [`VMCS_GUEST_${s}_LIMIT`, lim], [`VMCS_GUEST_${s}_ACCESS_RIGHTS`, ar], [`VMCS_GUEST_${s}_BASE`, base],
    ]),
  ),
};
/** The two lines hvdump() labels IDTR while it reads the LDTR's fields. */
const HVDUMP_MISLABELLED: Readonly<Record<string, [number, string]>> = {
  VMCS_GUEST_IDTR_LIMIT: [0x480c, 'GUEST_LDTR_LIMIT'],
  VMCS_GUEST_IDTR_BASE: [0x6812, 'GUEST_LDTR_BASE'],
};
const HVDUMP_RE = /(?:^|\s)(VMCS_[A-Z0-9_]{1,40}):( +)0x([0-9a-fA-F]{16})\s*$/;
/** hvdump() pads `NAME:` and the blanks after it to 31 columns. */
const HVDUMP_COLUMN = 31;
const HVDUMP_RIP_RE = /(?:^|\s)rip: 0x([0-9a-fA-F]{16}) rfl: 0x([0-9a-fA-F]{16}) cr2: 0x([0-9a-fA-F]{16})\s*$/;
const HVDUMP_GPR_RE = /(?:^|\s)(rax|rsi|r8|r12): {1,2}0x[0-9a-fA-F]{16} (?:[a-z0-9]{2,3}: {1,2}0x[0-9a-fA-F]{16} ?){3}\s*$/;

const EXIT_HEADER_RE = /(?:^|\s)vm exit\[(\d+)\]\s*$/;
const LABELS = ['reason', 'rip', 'inst_length', 'status', 'exit_reason', 'qualification', 'inst_type', 'inst_error'] as const;
type Label = (typeof LABELS)[number];
/** bhyverun.c's exact layout: a TAB, the label, the TABs it prints after it, the value. */
const TABS: Readonly<Record<Label, string>> = {
  reason: '\t\t', rip: '\t\t', inst_length: '\t', status: '\t\t', exit_reason: '\t', qualification: '\t', inst_type: '\t\t', inst_error: '\t\t',
};
const EXIT_TAB_RE = /(?:^|\s)\t(reason|rip|inst_length|status|exit_reason|qualification|inst_type|inst_error)(\t+)(\S(?:.*\S)?)\s*$/;
/** The same lines with the TABs turned into blanks: inside a block (after its header or its first line). */
const EXIT_SPACE_RE = /^\s*(reason|rip|inst_length|status|exit_reason|qualification|inst_type|inst_error)(\s+)(\S(?:.*\S)?)\s*$/;
/** Where the value starts after the label's first column once bhyverun.c's TABs are expanded (8 columns, the label on a tab stop). */
const EXPANDED: Readonly<Record<Label, number>> = {
  reason: 16, rip: 16, inst_length: 16, status: 16, exit_reason: 16, qualification: 16, inst_type: 24, inst_error: 24,
};
/** Labels of bhyve's block that no VMCS field name and no other print has. */
const OWN_LABELS: ReadonlySet<string> = new Set(['inst_length', 'inst_type', 'inst_error']);
/** The value each label prints (`exit_reason` may carry bhyve's description: `48 (EPT violation)`). */
const VALUE_RE: Readonly<Record<Label, RegExp>> = {
  reason: /^(?:VMX|SVM)$/, rip: /^0x[0-9a-fA-F]{1,16}$/, inst_length: /^-?\d{1,10}$/, status: /^-?\d{1,10}$/,
  exit_reason: /^\d{1,10}(?: \([^()]{1,60}\))?$/, qualification: /^0x[0-9a-fA-F]{1,16}$/, inst_type: /^-?\d{1,10}$/, inst_error: /^-?\d{1,10}$/,
};
/** A line that may be one of the block's with its TABs turned into blanks (looked at further only then). */
const SPACE_START_RE = /^\s*(?:reason|rip|inst_length|status|exit_reason|qualification|inst_type|inst_error) /;
const EPT_MISCONFIG_RE = /(?:^|\s)\tEPT misconfiguration:\s*$/;
const EPT_GPA_RE = /(?:^|\s)\t\tGPA: (0x[0-9a-fA-F]{1,16}|0)\s*$/;
const EPT_PTE_RE = /(?:^|\s)\t\tPTE\((\d+)\):((?: (?:0x[0-9a-fA-F]{1,16}|0)){4})\s*$/;

const STATUS: Readonly<Record<string, string>> = {
  '0': 'VM_SUCCESS: the VMLAUNCH/VMRESUME did not fail (bhyve status)',
  '1': 'VM_FAIL_INVALID: VMfailInvalid (bhyve status); exit_reason and qualification are then ~0, not VMCS values',
  '2': 'VM_FAIL_VALID: VMfailValid (bhyve status); inst_error is the VM-instruction error field',
};
const INST_TYPE: Readonly<Record<string, string>> = {
  '0': 'no VMX instruction failed (bhyve inst_type)',
  '1': 'VMRESUME failed (bhyve inst_type VMX_VMRESUME_ERROR)',
  '2': 'VMLAUNCH failed (bhyve inst_type VMX_VMLAUNCH_ERROR)',
  '3': 'INVEPT failed (bhyve inst_type VMX_INVEPT_ERROR)',
};

export function createBhyveExitParser(): OtherParser {
  const d = new DumpState('bhyve');
  /** the `vm exit` block being read: index of the next label, its vCPU, and what was read */
  let next = -1;
  let vcpu: string | null = null;
  let header = false;
  let svm = false;
  let status: string | null = null;
  /** hvdump() lines were read in the open dump */
  let hvdump = false;

  function reset(): void {
    next = -1;
    vcpu = null;
    header = false;
    svm = false;
    status = null;
    hvdump = false;
  }

  /** A value for a field the dump may already hold (rip printed twice): the second is a note. */
  function fieldOnce(sink: LineSink, encoding: number, digits: string, lineNo: number, label: string, printed: string, again: string): void {
    if (d.inDump && d.has(encoding)) d.note(sink, lineNo, label, printed, again);
    else d.field(sink, encoding, digits, lineNo);
  }

  function exitLine(label: Label, value: string, lineNo: number, sink: LineSink): void {
    next = LABELS.indexOf(label) + 1;
    if (label === 'reason') {
      svm = value === 'SVM';
      d.note(sink, lineNo, 'reason', value, svm ? 'an exit bhyve did not handle on an AMD host (VM_EXITCODE_SVM): the values after it come from the VMCB' : 'an exit bhyve did not handle (VM_EXITCODE_VMX)');
      return;
    }
    if (svm) {
      d.note(sink, lineNo, label, value, 'read from the VMCB on an AMD host (not a VMCS field)');
      return;
    }
    switch (label) {
      case 'rip':
        fieldOnce(sink, 0x681e, value.slice(2), lineNo, label, value, 'guest RIP again (read as GUEST_RIP on an earlier line)');
        return;
      case 'inst_length':
        if (value.startsWith('-')) d.note(sink, lineNo, label, value, 'a value this reader cannot read');
        else d.field(sink, 0x440c, digitsOf(value, true)!, lineNo);
        return;
      case 'status':
        status = value;
        d.note(sink, lineNo, label, value, STATUS[value] ?? 'bhyve status of the VMLAUNCH/VMRESUME');
        return;
      case 'exit_reason': {
        const n = value.split(' ')[0]!;
        if (status !== null && status !== '0') d.note(sink, lineNo, label, value, 'not a VMCS value: bhyve sets it to ~0 after a VMfail');
        else {
          d.field(sink, 0x4402, digitsOf(n, true)!, lineNo);
          d.note(sink, lineNo, label, value, 'bits 15:0 of the exit-reason field (bhyve masks it with 0xffff): bit 31, "VM-entry failure", is not printed');
        }
        return;
      }
      case 'qualification':
        if (status !== null && status !== '0') d.note(sink, lineNo, label, value, 'not a VMCS value: bhyve sets it to ~0 after a VMfail');
        else d.field(sink, 0x6400, value.slice(2), lineNo);
        return;
      case 'inst_type':
        d.note(sink, lineNo, label, value, INST_TYPE[value] ?? 'which VMX instruction failed (bhyve inst_type)');
        return;
      case 'inst_error':
        if (status === '2' && !value.startsWith('-')) d.field(sink, 0x4400, digitsOf(value, true)!, lineNo);
        else d.note(sink, lineNo, label, value, 'not read from the VMCS: bhyve reads the VM-instruction error only after VMfailValid (status 2)');
        return;
    }
  }

  return dumpParser(d, (line, lineNo, sink) => {
    // `vm exit[N]`: a block of its own, unless the open dump holds hvdump() lines and no block
    // yet (hyperkit's stderr and stdout interleaved in one log)
    if (line.includes('vm exit[')) {
      const h = EXIT_HEADER_RE.exec(line);
      if (h) {
        if (!d.inDump || header || next >= 0 || !hvdump || (vcpu !== null && vcpu !== h[1])) {
          d.open(sink);
          reset();
        }
        header = true;
        vcpu = h[1]!;
        next = 0;
        return true;
      }
    }
    const tabbed = line.includes('\t');
    if (tabbed || (d.inDump && next >= 0) || SPACE_START_RE.test(line)) {
      let m = tabbed ? EXIT_TAB_RE.exec(line) : null;
      let label: Label | null = null;
      let value = '';
      if (m && m[2] === TABS[m[1] as Label]) {
        label = m[1] as Label;
        value = m[3]!;
      } else if ((m = EXIT_SPACE_RE.exec(line)) && VALUE_RE[m[1] as Label].test(m[3]!)) {
        const l = m[1] as Label;
        const at = LABELS.indexOf(l);
        const gap = m[2]!;
        if (header && next >= 0) label = l;
        else if (d.inDump && next >= 0 && at >= next && !hvdump) label = l; // the block without its header, in order
        else if (
          (/^ +$/.test(gap) && l.length + gap.length === EXPANDED[l]) ||
          OWN_LABELS.has(l) ||
          (l === 'reason' && m[3] === 'VMX') ||
          (l === 'exit_reason' && m[3]!.includes('('))
        ) {
          // bhyve's line by its own shape: a block without its header starts here (opened below)
          label = l;
        } else if (l === 'exit_reason') {
          // bhyve prints it in decimal, another print's `NAME value` in hex: nothing tells which
          const n = Number(m[3]!);
          sink.report(diagnostic('ambiguous-number', { text: line.trim().slice(0, 80), label: l, value: m[3]!, decimal: n.toString(16), dialect: 'bhyve' }, lineNo));
          sink.skip();
          return true;
        }
        if (label !== null) value = m[3]!;
      }
      if (label !== null && VALUE_RE[label].test(value)) {
        const at = LABELS.indexOf(label);
        // in order within a block: a label again, or one before the last read, starts the next
        // block; a block without its header may join a dump of hvdump() lines (interleaved logs)
        if (!d.inDump || (next >= 0 && at < next) || (next < 0 && !hvdump)) {
          d.open(sink);
          reset();
        }
        exitLine(label, value, lineNo, sink);
        return true;
      }
      if (d.inDump && next >= 0 && !svm) {
        if (EPT_MISCONFIG_RE.test(line)) {
          d.note(sink, lineNo, 'EPT misconfiguration', '', 'bhyve reads the guest-physical address and the EPT entries that map it');
          return true;
        }
        const g = EPT_GPA_RE.exec(line);
        if (g) {
          fieldOnce(sink, 0x2400, digitsOf(g[1]!) ?? '0', lineNo, 'GPA', g[1]!, 'the guest-physical address again');
          return true;
        }
        const p = EPT_PTE_RE.exec(line);
        if (p) {
          d.note(sink, lineNo, `PTE(${p[1]})`, p[2]!.trim(), 'the EPT entries bhyve walked to the guest-physical address (not VMCS fields)');
          return true;
        }
      }
    }
    if (line.includes('VMCS_')) {
      const m = HVDUMP_RE.exec(line);
      if (m && m[1]!.length + 1 + m[2]!.length === HVDUMP_COLUMN) {
        const name = m[1]!;
        const digits = m[3]!;
        const wrong = HVDUMP_MISLABELLED[name];
        if (wrong) {
          if (!d.inDump) {
            d.open(sink);
            reset();
          }
          hvdump = true;
          fieldOnce(sink, wrong[0], digits, lineNo, name, '0x' + digits, `${wrong[1]} again`);
          d.note(sink, lineNo, name, '0x' + digits, `hyperkit's hvdump() prints ${wrong[1]} under this name (it reads VMCS_GUEST_LDTR_${name.endsWith('LIMIT') ? 'LIMIT' : 'BASE'}): read as ${wrong[1]}, not as the IDTR`);
          return true;
        }
        const enc = HVDUMP[name];
        if (enc !== undefined) {
          if (!d.inDump) reset();
          hvdump = true;
          d.field(sink, enc, digits, lineNo);
          return true;
        }
      }
    }
    if (d.inDump && hvdump) {
      const r = line.includes('rip: ') ? HVDUMP_RIP_RE.exec(line) : null;
      if (r) {
        fieldOnce(sink, 0x681e, r[1]!, lineNo, 'rip', '0x' + r[1]!, 'guest RIP again (read as GUEST_RIP on an earlier line)');
        fieldOnce(sink, 0x6820, r[2]!, lineNo, 'rfl', '0x' + r[2]!, 'guest RFLAGS again');
        d.note(sink, lineNo, 'cr2', '0x' + r[3]!, 'guest CR2, kept by Hypervisor.framework (the VMCS has no CR2 field)');
        return true;
      }
      const g = HVDUMP_GPR_RE.exec(line);
      if (g) {
        d.note(sink, lineNo, g[1]!, line.slice(g.index).trim(), g[1] === 'r12'
          ? "general-purpose registers, not VMCS fields; hyperkit's hvdump() prints R12 again under r13"
          : 'general-purpose registers, not VMCS fields');
        return true;
      }
    }
    return false;
  }, reset);
}
