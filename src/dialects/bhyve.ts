/** FreeBSD bhyvectl dumps (the `bhyve` dialect); see ./index.ts for how dialects plug into annotate. */
import type { LineSink } from './types.js';
import { fieldByEncoding } from '../table/table.js';
import { DumpState, digitsOf, reportUnknown, type OtherParser } from './common.js';

// FreeBSD bhyvectl --get-all (usr.sbin/bhyvectl/bhyvectl.c): printf("<name>[%d]\t<fmt>\n", vcpu, value).
// Names as printed by get_all_registers(), get_all_segments(), get_misc_vmcs() and main(), in
// current and older (FreeBSD 10/11) versions. On Intel the register interface reads the VMCS
// (vmx_getreg -> vmcs_getreg -> vmcs_field_encoding(), vmcs_getdesc()) except for the registers
// bhyve keeps in software (vmxctx: GPRs, CR2, DR0-DR3, DR6). On AMD the same names come from the
// VMCB: they count as VMCS fields only once a VMCS-only line shows the host is Intel (or an
// efer value with SVME, bit 12, shows it is AMD: bhyve's SVM code keeps that bit set for the guest).

/** Printed only on Intel, read with vm_get_vmcs_field(). */
const BHYVE_VMCS: Readonly<Record<string, number>> = {
  cr0_mask: 0x6000, cr0_shadow: 0x6004, cr4_mask: 0x6002, cr4_shadow: 0x6006,
  cr3_target_count: 0x400a, cr3_target0: 0x6008, cr3_target1: 0x600a, cr3_target2: 0x600c, cr3_target3: 0x600e,
  pinbased_ctls: 0x4000, procbased_ctls: 0x4002, procbased_ctls2: 0x401e,
  gla: 0x640a, gpa: 0x2400, entry_interruption_info: 0x4016, tpr_threshold: 0x401c,
  instruction_error: 0x4400, exit_ctls: 0x400c, entry_ctls: 0x4012,
  host_pat: 0x2c00, host_cr0: 0x6c00, host_cr3: 0x6c02, host_cr4: 0x6c04, host_rip: 0x6c16, host_rsp: 0x6c14,
  vmcs_pointer: 0x2800, // VMCS_LINK_POINTER, despite the name
  vmcs_exit_reason: 0x4402, vmcs_exit_qualification: 0x6400,
  vmcs_exit_interruption_info: 0x4404, vmcs_exit_interruption_error: 0x4406,
  vmcs_guest_interruptibility: 0x4824, vmcs_exit_inst_length: 0x440c,
  eptp: 0x201a, io_bitmap_a: 0x2000, io_bitmap_b: 0x2002, vpid: 0x0000,
  apic_access_addr: 0x2014, virtual_apic_addr: 0x2012, ple_window: 0x4022, ple_gap: 0x4020,
};

/** Printed under the same name on Intel (from the VMCS) and AMD (from the VMCB or elsewhere). */
const BHYVE_SHARED: Readonly<Record<string, number>> = {
  efer: 0x2806, cr0: 0x6800, cr3: 0x6802, cr4: 0x6804, dr7: 0x681a, rsp: 0x681c, rip: 0x681e, rflags: 0x6820,
  es: 0x0800, cs: 0x0802, ss: 0x0804, ds: 0x0806, fs: 0x0808, gs: 0x080a, ldtr: 0x080c, tr: 0x080e,
  exception_bitmap: 0x4004, tsc_offset: 0x2010, msr_bitmap: 0x2004, guest_pat: 0x2804,
  guest_sysenter_cs: 0x482a, guest_sysenter_sp: 0x6824, guest_sysenter_ip: 0x6826,
  exit_reason: 0x4402,
};

/** `<seg> desc[n]\t0x<base>/0x<limit>/0x<access>` and `gdtr[n]\t\t0x<base>/0x<limit>`: base, limit, access rights. */
const BHYVE_DESC: Readonly<Record<string, readonly number[]>> = {
  'es desc': [0x6806, 0x4800, 0x4814], 'cs desc': [0x6808, 0x4802, 0x4816], 'ss desc': [0x680a, 0x4804, 0x4818],
  'ds desc': [0x680c, 0x4806, 0x481a], 'fs desc': [0x680e, 0x4808, 0x481c], 'gs desc': [0x6810, 0x480a, 0x481e],
  'ldtr desc': [0x6812, 0x480c, 0x4820], 'tr desc': [0x6814, 0x480e, 0x4822],
  gdtr: [0x6816, 0x4810], idtr: [0x6818, 0x4812],
};

/** Values that are not VMCS fields on either vendor. */
const BHYVE_SOFTWARE: Readonly<Record<string, string>> = {
  cr2: 'guest CR2, kept by bhyve in software (the VMCS has no CR2 field)',
  dr0: 'guest DR0, kept by bhyve in software (not a VMCS field)',
  dr1: 'guest DR1, kept by bhyve in software (not a VMCS field)',
  dr2: 'guest DR2, kept by bhyve in software (not a VMCS field)',
  dr3: 'guest DR3, kept by bhyve in software (not a VMCS field)',
  dr6: 'guest DR6, kept by bhyve in software (not a VMCS field)',
  x2apic_state: "bhyve's x2APIC mode of the vCPU (not a VMCS field)",
  ...Object.fromEntries(['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'].map((r) => [r, `guest ${r.toUpperCase()}, a general-purpose register bhyve saves in software (not a VMCS field)`])),
};

/** Printed only on AMD (get_misc_vmcb() and the VMCB branches of main()). */
const BHYVE_VMCB = new Set([
  'cr_intercept', 'dr_intercept', 'exc_intercept', 'inst1_intercept', 'inst2_intercept', 'tlb ctrl',
  'exitinfo1', 'exitinfo2', 'exitintinfo', 'v_irq/tpr', 'avic apic_bar', 'avic backing page',
  'avic logical table', 'avic physical table', 'rvi/npt', 'io_bitmap', 'asid',
]);

const BHYVE_GUARD_RE = /[A-Za-z0-9_]\[\d+\]/;
const BHYVE_LINE_RE = /(?:^|\s)([A-Za-z][\w/]*(?: [A-Za-z][\w/]*){0,2})\[(\d+)\][\t ]+(\S(?:.*\S)?)\s*$/;
/** Lines --get-all prints between its values, that hold no VMCS field (claimed inside a bhyve dump). */
const BHYVE_OTHER_RE = [
  /^\s*Capability "[^"]*" is (?:set|not set) on vcpu \d+\s*$/,
  /^\s*Capability "[^"]*" is not available\s*$/,
  /^\s*(?:active|suspended) cpus:/,
  /^\s*(?:pending|current):\t/,
  /^\s*vcpu\d+(?: stats:)?\s*$/,
  /^\s*rtc (?:nvram\[\d+\]|time 0x[0-9a-f]+):/,
  /^\S.*\[\d+\]\t\t[R-][W-]\s*$/, // MSR permission map
  /^[^\t]+\t\d+\s*$/, // statistics: "%-40s\t%ld"
];

/** A name of the table, not of Object.prototype ("constructor[0]"). */
const own = (table: object, key: string): boolean => Object.prototype.hasOwnProperty.call(table, key);

type Pending =
  | { kind: 'field'; label: string; encoding: number; digits: string; printed: string; line: number }
  | { kind: 'note'; label: string; value: string; line: number; what: string }
  /** a `name[n]` row of the dump under a name no table here knows: reported (common.ts, the unknown-token policy) */
  | { kind: 'unknown'; label: string; value: string; line: number };

export function createBhyveParser(): OtherParser {
  const d = new DumpState('bhyve');
  let vcpu: string | null = null;
  let isa: 'unknown' | 'intel' | 'amd' = 'unknown';
  let pending: Pending[] = [];
  let labels = new Set<string>();

  /** On an AMD host the shared names come from the VMCB: notes, not fields. */
  function emit(sink: LineSink, p: Pending): void {
    if (p.kind === 'unknown') reportUnknown(sink, p.line, 'bhyvectl', [{ token: p.label, value: p.value }]);
    else if (p.kind === 'note') d.note(sink, p.line, p.label, p.value, p.what);
    else if (isa === 'amd') {
      const f = fieldByEncoding(p.encoding);
      d.note(sink, p.line, p.label, p.printed, `read from the VMCB on an AMD host (on Intel, ${f?.name ?? 'a VMCS field'})`);
    } else d.field(sink, p.encoding, p.digits, p.line);
  }

  /** Values held until the vendor is known; fields first, so that the dump is open for the notes. */
  function flush(sink: LineSink, assumed = false): void {
    if (pending.length === 0) return;
    const items = pending;
    pending = [];
    for (const p of items) if (p.kind === 'field') emit(sink, p);
    for (const p of items) if (p.kind !== 'field') emit(sink, p);
    if (assumed && isa === 'unknown' && items.some((p) => p.kind === 'field')) {
      d.note(sink, items[0]!.line, 'bhyvectl', '', 'no VMCS- or VMCB-only line was printed: the register values were taken as read from the VMCS (Intel host)');
      isa = 'intel';
    }
  }

  function hold(sink: LineSink, p: Pending): void {
    if (isa === 'unknown') pending.push(p);
    else emit(sink, p);
  }

  function reset(): void {
    vcpu = null;
    isa = 'unknown';
    pending = [];
    labels = new Set();
  }

  function start(sink: LineSink, cpu: string): void {
    flush(sink, true);
    d.open(sink);
    reset();
    vcpu = cpu;
  }

  return {
    format: 'bhyve',
    get inDump() {
      return d.inDump || pending.length > 0;
    },
    end(sink) {
      flush(sink, true);
      d.drop();
      reset();
    },
    parse(line, lineNo, sink) {
      // a label directly followed by its vCPU ("rip[0]"); dmesg's "[  12.3]" is not
      const m = line.includes('[') && BHYVE_GUARD_RE.test(line) ? BHYVE_LINE_RE.exec(line) : null;
      if (m) {
        // A prefix word may have joined the label ("[12.3] foo rip[0]"): try the longest label first.
        const words = m[1]!.split(' ');
        let label: string | null = null;
        for (let n = words.length; n >= 1 && label === null; n--) {
          const l = words.slice(words.length - n).join(' ');
          const k = l.toLowerCase();
          if (own(BHYVE_VMCS, k) || own(BHYVE_SHARED, k) || own(BHYVE_DESC, k) || own(BHYVE_SOFTWARE, k) || BHYVE_VMCB.has(k)) label = k;
        }
        if (label !== null) {
          const cpu = m[2]!;
          const value = m[3]!;
          if (!(d.inDump || pending.length > 0) || vcpu !== cpu || labels.has(label)) start(sink, cpu);
          labels.add(label);
          if (own(BHYVE_VMCS, label)) {
            if (isa !== 'intel') {
              isa = 'intel';
              flush(sink);
            }
            const digits = digitsOf(value, true);
            if (digits !== null) d.field(sink, BHYVE_VMCS[label]!, digits, lineNo);
            else d.note(sink, lineNo, label, value, 'a value this reader cannot read');
          } else if (BHYVE_VMCB.has(label)) {
            if (isa !== 'amd') {
              isa = 'amd';
              flush(sink);
            }
            d.note(sink, lineNo, label, value, 'read from the VMCB on an AMD host (not a VMCS field)');
          } else if (own(BHYVE_SOFTWARE, label)) {
            hold(sink, { kind: 'note', label, value, line: lineNo, what: BHYVE_SOFTWARE[label]! });
          } else if (own(BHYVE_DESC, label)) {
            const parts = value.split('/');
            const encs = BHYVE_DESC[label]!;
            const digits = parts.map((p) => digitsOf(p, true));
            if (parts.length === encs.length && digits.every((x) => x !== null)) {
              encs.forEach((e, i) => hold(sink, { kind: 'field', label, encoding: e, digits: digits[i]!, printed: parts[i]!, line: lineNo }));
            } else hold(sink, { kind: 'note', label, value, line: lineNo, what: 'a value this reader cannot read' });
          } else {
            const digits = digitsOf(value, true);
            if (label === 'efer' && digits !== null && isa === 'unknown' && (BigInt('0x' + (digits || '0')) & 0x1000n) !== 0n) {
              // EFER.SVME: bhyve's SVM code keeps it set in the guest's VMCB; on Intel the bit is
              // reserved and a VM entry with it set fails. So this vCPU runs on an AMD host.
              isa = 'amd';
              flush(sink);
            }
            if (digits !== null) hold(sink, { kind: 'field', label, encoding: BHYVE_SHARED[label]!, digits, printed: value, line: lineNo });
            else hold(sink, { kind: 'note', label, value, line: lineNo, what: 'a value this reader cannot read' });
          }
          return true;
        }
      }
      if ((d.inDump || pending.length > 0) && BHYVE_OTHER_RE.some((re) => re.test(line))) {
        sink.skip();
        return true;
      }
      if (m && (d.inDump || pending.length > 0) && m[2] === vcpu && digitsOf(m[3]!, true) !== null) {
        // a `name[n]` row of this vCPU's dump whose name none of the tables above knows
        const words = m[1]!.split(' ');
        hold(sink, { kind: 'unknown', label: words[words.length - 1]!.toLowerCase(), value: m[3]!, line: lineNo });
        return true;
      }
      // Not ours: values still held go out now, before another dialect reads this line.
      flush(sink, true);
      return false;
    },
  };
}
