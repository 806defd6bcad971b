/**
 * Other hypervisors' prints of VMCS fields, one dialect each:
 *
 * - Intel HAXM `dump_vmcs()` (core/dump.c, `vmread_dump`): `%04x %s: %llx` per field,
 *   e.g. `haxm_warning: 4402 VM_EXIT_INFO_REASON: 80000021`.
 * - tandasat/hvext `!dump_vmcs` (hvext_intel.js): `0x%016x <SDM field name>` per field, e.g.
 *   `0x0000000080050033 Guest CR0`, or `***** FAILED ***** <name>` when VMREAD fails.
 * - FreeBSD `bhyvectl --get-all` (usr.sbin/bhyvectl/bhyvectl.c): `name[vcpu]<TAB>value`, e.g.
 *   `vmcs_exit_reason[0]\t0x0000000000000021`, `cs desc[0]\t0x…/0x…/0x…`.
 * - the Linux `kvm_exit` tracepoint (arch/x86/kvm/trace.h) as `trace-cmd report`, `perf script`
 *   or /sys/kernel/tracing/trace print it; every line is one dump.
 * - the VirtualBox VT-x error block of VBox.log (VMMR3/HM.cpp: `HMR3CheckError`, the `info hm`
 *   block `CPU[n]: VT-x info:`).
 *
 * Each parser claims only the lines of its own format, opens a dump (boundary, then setFormat)
 * where its format begins, and ends it on its own boundaries. Values a line prints that are not
 * VMCS fields (registers bhyve keeps in software, VirtualBox's own error codes, KVM's vCPU
 * number) are kept as notes. The label-to-field maps below cite the code that prints them.
 */
import type { LineSink } from './types.js';
import { fieldByEncoding, fields, lookupName, normalizeName } from '../table/table.js';
import { enums, exitReasonName } from '../bits/layouts.js';

export type OtherFormat = 'haxm' | 'hvext' | 'bhyve' | 'kvm-exit' | 'vbox';

export interface OtherParser {
  readonly format: OtherFormat;
  /** Whether the line belonged to this dialect (and was read). */
  parse(line: string, lineNo: number, sink: LineSink): boolean;
  /** Whether a dump of this dialect is being read. */
  readonly inDump: boolean;
  /** The dump ends here (a line of another dialect follows, or the input ends). */
  end(sink: LineSink): void;
}

export function createOtherParsers(): OtherParser[] {
  // bhyve first: it holds register values until it knows the vendor, and lets them go at the
  // first line that is not its own.
  return [createBhyveParser(), createHaxmParser(), createHvextParser(), createKvmExitParser(), createVboxParser()];
}

// ---------------------------------------------------------------------------------------------
// Shared

/** Hex digits of a printed number: `0x1f` and `1f` as hex, a bare decimal when `decimal`. */
function digitsOf(text: string, decimal = false): string | null {
  const t = text.trim();
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return t.slice(2);
  if (decimal && /^\d+$/.test(t)) return BigInt(t).toString(16);
  if (!decimal && /^[0-9a-fA-F]+$/.test(t)) return t;
  return null;
}

/** A dump being read: the fields seen in it, so that a field printed again starts the next dump. */
class DumpState {
  inDump = false;
  private seen = new Set<number>();
  constructor(private readonly format: OtherFormat) {}

  get count(): number {
    return this.seen.size;
  }

  open(sink: LineSink): void {
    sink.boundary();
    sink.setFormat(this.format);
    this.inDump = true;
    this.seen.clear();
  }

  close(sink: LineSink): void {
    if (this.inDump) sink.boundary();
    this.inDump = false;
    this.seen.clear();
  }

  /** The dump ended elsewhere (the Annotator closes it). */
  drop(): void {
    this.inDump = false;
    this.seen.clear();
  }

  /**
   * A field printed again starts the next dump; so does any field after the sink's dump was
   * closed by another dialect (a kvm_exit line between two HAXM lines).
   */
  field(sink: LineSink, encoding: number, digits: string, lineNo: number): void {
    if (!this.inDump || this.seen.has(encoding) || (this.seen.size > 0 && !sink.inDump)) this.open(sink);
    this.seen.add(encoding);
    sink.field(encoding, digits, lineNo);
  }

  note(sink: LineSink, lineNo: number, label: string, value: string, what: string): void {
    if (!this.inDump) this.open(sink);
    sink.note({ line: lineNo, label, value, what });
  }
}

// ---------------------------------------------------------------------------------------------
// Intel HAXM: core/dump.c dump_vmcs() -> vmread_dump(): hax_log(HAX_LOGW, "%04x %s: %llx\n", enc, name, val)
// The encoding is printed, so it is the field; the name (HAXM's, from core/name.c, "" when
// HAXM has none) is checked against it. Prefixes: haxm_warning: / haxm_error: / haxm_warning:
// (no space) / (intelhaxm) haxm_warn: / DebugView's "<n>\t<secs>\t" / NetBSD syslog.

const HAXM_PREFIX_RE = /\bhaxm_(?:warning|warn|error|panic|info|debug|log)\b/;
const HAXM_FIELD_RE = /(?:^|[^0-9A-Za-z_])([0-9a-fA-F]{4}) ([A-Za-z][A-Za-z0-9_]*)?: ([0-9a-fA-F]{1,16})\s*$/;
/** The first field HAXM's dump_vmcs_list prints. */
const HAXM_FIRST = 0x4000;
const HEX_TAIL_RE = /^[0-9a-fA-F]{1,16}\s*$/;

function createHaxmParser(): OtherParser {
  const d = new DumpState('haxm');
  return {
    format: 'haxm',
    get inDump() {
      return d.inDump;
    },
    end() {
      d.drop();
    },
    parse(line, lineNo, sink) {
      const prefixed = line.includes('haxm_') && HAXM_PREFIX_RE.test(line);
      // cheap test first: what follows the last ": " must be the hex value
      const colon = line.lastIndexOf(': ');
      const m = colon >= 5 && HEX_TAIL_RE.test(line.slice(colon + 2)) ? HAXM_FIELD_RE.exec(line) : null;
      if (m) {
        const encoding = parseInt(m[1]!, 16);
        const name = m[2] ?? '';
        const named = name ? lookupName(name) : undefined;
        const agrees = named !== undefined && named.encoding === encoding;
        // Without HAXM's prefix (lost on a wrapped or interleaved line), the line must still read
        // as HAXM's: its own name for the encoding, or no name inside a HAXM dump.
        if (prefixed || agrees || (d.inDump && name === '')) {
          if (encoding === HAXM_FIRST && d.inDump && d.count > 0) d.open(sink);
          d.field(sink, encoding, m[3]!, lineNo);
          if (named && !agrees) {
            const f = fieldByEncoding(encoding);
            d.note(sink, lineNo, name, m[3]!, `HAXM names ${name} (${named.name}, 0x${named.encoding.toString(16).padStart(4, '0')}) but prints encoding 0x${m[1]!.toLowerCase()}${f ? ` (${f.name})` : ''}; the encoding was taken`);
          }
          return true;
        }
      }
      if (prefixed) {
        // HAXM's other messages ("haxm_panic: Triple fault") stand outside dump_vmcs().
        d.close(sink);
        sink.skip();
        return true;
      }
      return false;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// tandasat/hvext, hvext_intel.js dumpVmcs(): println(hex(value, 16) + " " + name), or
// println("***** FAILED *****" + " " + name); hex = "0x" + value.toString(16).padStart(16, "0").
// The names are VMCS_ENCODINGS of hvext_intel.js (SDM rev. 88, June 2025) and hvext.js (rev. 79,
// March 2023, which also lists "ENCLV-exiting bitmap"), in encoding order.

const HVEXT_NAMES: ReadonlyArray<readonly [string, number]> = [
  ['Virtual-processor identifier (VPID)', 0x0000], ['Posted-interrupt notification vector', 0x0002],
  ['EPTP index', 0x0004], ['HLAT prefix size', 0x0006], ['Last PID-pointer', 0x0008],
  ['Guest ES selector', 0x0800], ['Guest CS selector', 0x0802], ['Guest SS selector', 0x0804],
  ['Guest DS selector', 0x0806], ['Guest FS selector', 0x0808], ['Guest GS selector', 0x080a],
  ['Guest LDTR selector', 0x080c], ['Guest TR selector', 0x080e], ['Guest interrupt status', 0x0810],
  ['PML index', 0x0812], ['Guest UINV', 0x0814],
  ['Host ES selector', 0x0c00], ['Host CS selector', 0x0c02], ['Host SS selector', 0x0c04],
  ['Host DS selector', 0x0c06], ['Host FS selector', 0x0c08], ['Host GS selector', 0x0c0a],
  ['Host TR selector', 0x0c0c],
  ['Address of I/O bitmap A', 0x2000], ['Address of I/O bitmap B', 0x2002], ['Address of MSR bitmaps', 0x2004],
  ['VM-exit MSR-store address', 0x2006], ['VM-exit MSR-load address', 0x2008], ['VM-entry MSR-load address', 0x200a],
  ['Executive-VMCS pointer', 0x200c], ['PML address', 0x200e], ['TSC offset', 0x2010],
  ['Virtual-APIC address', 0x2012], ['APIC-access address', 0x2014], ['Posted-interrupt descriptor address', 0x2016],
  ['VM-function controls', 0x2018], ['EPT pointer', 0x201a],
  ['EOI-exit bitmap 0', 0x201c], ['EOI-exit bitmap 1', 0x201e], ['EOI-exit bitmap 2', 0x2020], ['EOI-exit bitmap 3', 0x2022],
  ['EPTP-list address', 0x2024], ['VMREAD-bitmap address', 0x2026], ['VMWRITE-bitmap address', 0x2028],
  ['Virtualization-exception information address', 0x202a], ['XSS-exiting bitmap', 0x202c],
  ['ENCLS-exiting bitmap', 0x202e], ['Sub-page-permission-table pointer', 0x2030], ['TSC multiplier', 0x2032],
  ['Tertiary processor-based VM-execution controls', 0x2034], ['ENCLV-exiting bitmap', 0x2036],
  ['Low PASID directory address', 0x2038], ['High PASID directory address', 0x203a],
  ['Shared EPT pointer', 0x203c], ['PCONFIG-exiting bitmap', 0x203e],
  ['Hypervisor-managed linear-address translation pointer', 0x2040], ['PID-pointer table address', 0x2042],
  ['Secondary VM-exit controls', 0x2044], ['IA32_SPEC_CTRL mask', 0x204a], ['IA32_SPEC_CTRL shadow', 0x204c],
  ['Guest-physical address', 0x2400],
  ['VMCS link pointer', 0x2800], ['Guest IA32_DEBUGCTL', 0x2802], ['Guest IA32_PAT', 0x2804],
  ['Guest IA32_EFER', 0x2806], ['Guest IA32_PERF_GLOBAL_CTRL', 0x2808], ['Guest PDPTE0', 0x280a],
  ['Guest PDPTE1', 0x280c], ['Guest PDPTE2', 0x280e], ['Guest PDPTE3', 0x2810], ['Guest IA32_BNDCFGS', 0x2812],
  ['Guest IA32_RTIT_CTL', 0x2814], ['Guest IA32_LBR_CTL', 0x2816], ['Guest IA32_PKRS', 0x2818],
  ['Host IA32_PAT', 0x2c00], ['Host IA32_EFER', 0x2c02], ['Host IA32_PERF_GLOBAL_CTRL', 0x2c04], ['Host IA32_PKRS', 0x2c06],
  ['Pin-based VM-execution controls', 0x4000], ['Primary processor-based VM-execution controls', 0x4002],
  ['Exception bitmap', 0x4004], ['Page-fault error-code mask', 0x4006], ['Page-fault error-code match', 0x4008],
  ['CR3-target count', 0x400a], ['Primary VM-exit controls', 0x400c], ['VM-exit MSR-store count', 0x400e],
  ['VM-exit MSR-load count', 0x4010], ['VM-entry controls', 0x4012], ['VM-entry MSR-load count', 0x4014],
  ['VM-entry interruption-information field', 0x4016], ['VM-entry exception error code', 0x4018],
  ['VM-entry instruction length', 0x401a], ['TPR threshold', 0x401c],
  ['Secondary processor-based VM-execution controls', 0x401e], ['PLE_Gap', 0x4020], ['PLE_Window', 0x4022],
  ['Instruction-timeout control', 0x4024],
  ['VM-instruction error', 0x4400], ['Exit reason', 0x4402], ['VM-exit interruption information', 0x4404],
  ['VM-exit interruption error code', 0x4406], ['IDT-vectoring information field', 0x4408],
  ['IDT-vectoring error code', 0x440a], ['VM-exit instruction length', 0x440c], ['VM-exit instruction information', 0x440e],
  ['Guest ES limit', 0x4800], ['Guest CS limit', 0x4802], ['Guest SS limit', 0x4804], ['Guest DS limit', 0x4806],
  ['Guest FS limit', 0x4808], ['Guest GS limit', 0x480a], ['Guest LDTR limit', 0x480c], ['Guest TR limit', 0x480e],
  ['Guest GDTR limit', 0x4810], ['Guest IDTR limit', 0x4812],
  ['Guest ES access rights', 0x4814], ['Guest CS access rights', 0x4816], ['Guest SS access rights', 0x4818],
  ['Guest DS access rights', 0x481a], ['Guest FS access rights', 0x481c], ['Guest GS access rights', 0x481e],
  ['Guest LDTR access rights', 0x4820], ['Guest TR access rights', 0x4822],
  ['Guest interruptibility state', 0x4824], ['Guest activity state', 0x4826], ['Guest SMBASE', 0x4828],
  ['Guest IA32_SYSENTER_CS', 0x482a], ['VMX-preemption timer value', 0x482e], ['Host IA32_SYSENTER_CS', 0x4c00],
  ['CR0 guest/host mask', 0x6000], ['CR4 guest/host mask', 0x6002], ['CR0 read shadow', 0x6004], ['CR4 read shadow', 0x6006],
  ['CR3-target value 0', 0x6008], ['CR3-target value 1', 0x600a], ['CR3-target value 2', 0x600c], ['CR3-target value 3', 0x600e],
  ['Exit qualification', 0x6400], ['I/O RCX', 0x6402], ['I/O RSI', 0x6404], ['I/O RDI', 0x6406], ['I/O RIP', 0x6408],
  ['Guest-linear address', 0x640a],
  ['Guest CR0', 0x6800], ['Guest CR3', 0x6802], ['Guest CR4', 0x6804], ['Guest ES base', 0x6806], ['Guest CS base', 0x6808],
  ['Guest SS base', 0x680a], ['Guest DS base', 0x680c], ['Guest FS base', 0x680e], ['Guest GS base', 0x6810],
  ['Guest LDTR base', 0x6812], ['Guest TR base', 0x6814], ['Guest GDTR base', 0x6816], ['Guest IDTR base', 0x6818],
  ['Guest DR7', 0x681a], ['Guest RSP', 0x681c], ['Guest RIP', 0x681e], ['Guest RFLAGS', 0x6820],
  ['Guest pending debug exceptions', 0x6822], ['Guest IA32_SYSENTER_ESP', 0x6824], ['Guest IA32_SYSENTER_EIP', 0x6826],
  ['Guest IA32_S_CET', 0x6828], ['Guest SSP', 0x682a], ['Guest IA32_INTERRUPT_SSP_TABLE_ADDR', 0x682c],
  ['Host CR0', 0x6c00], ['Host CR3', 0x6c02], ['Host CR4', 0x6c04], ['Host FS base', 0x6c06], ['Host GS base', 0x6c08],
  ['Host TR base', 0x6c0a], ['Host GDTR base', 0x6c0c], ['Host IDTR base', 0x6c0e],
  ['Host IA32_SYSENTER_ESP', 0x6c10], ['Host IA32_SYSENTER_EIP', 0x6c12], ['Host RSP', 0x6c14], ['Host RIP', 0x6c16],
  ['Host IA32_S_CET', 0x6c18], ['Host SSP', 0x6c1a], ['Host IA32_INTERRUPT_SSP_TABLE_ADDR', 0x6c1c],
];

let hvextIndex: Map<string, number> | undefined;

/** hvext's names, then the table's SDM titles and former titles (other hvext revisions print those). */
function hvextEncoding(name: string): number | undefined {
  if (!hvextIndex) {
    hvextIndex = new Map(HVEXT_NAMES.map(([n, e]) => [normalizeName(n), e]));
    for (const f of fields) {
      for (const t of [f.title, ...(f.entry.formerTitles ?? [])]) {
        const k = normalizeName(t);
        if (k && !hvextIndex.has(k)) hvextIndex.set(k, f.encoding);
      }
    }
  }
  return hvextIndex.get(normalizeName(name));
}

// hvext pads every value to 16 digits, and a name follows
const HVEXT_FIELD_RE = /(?:^|\s)0x([0-9a-fA-F]{16}) +([A-Za-z(](?:.*\S)?)\s*$/;
const HVEXT_FAILED_RE = /\*{5} FAILED \*{5} +(\S(?:.*\S)?)\s*$/;
const HVEXT_COMMAND_RE = /!dump_vmcs\b/;
const KD_PROMPT_RE = /^\s*(?:\d+(?::\d+)?: )?kd> /;

function createHvextParser(): OtherParser {
  const d = new DumpState('hvext');
  return {
    format: 'hvext',
    get inDump() {
      return d.inDump;
    },
    end() {
      d.drop();
    },
    parse(line, lineNo, sink) {
      if (line.includes('0x')) {
        const m = HVEXT_FIELD_RE.exec(line);
        const encoding = m ? hvextEncoding(m[2]!) : undefined;
        if (m && encoding !== undefined) {
          // The list starts at the VPID: printed again, it is the next !dump_vmcs.
          if (encoding === 0x0000 && d.inDump && d.count > 0) d.open(sink);
          d.field(sink, encoding, m[1]!, lineNo);
          return true;
        }
      }
      if (line.includes('FAILED')) {
        const f = HVEXT_FAILED_RE.exec(line);
        if (f && hvextEncoding(f[1]!) !== undefined) {
          d.note(sink, lineNo, f[1]!, '', 'VMREAD of this field failed (hvext prints ***** FAILED *****)');
          return true;
        }
      }
      if (line.includes('!dump_vmcs') && HVEXT_COMMAND_RE.test(line)) {
        d.open(sink);
        sink.skip();
        return true;
      }
      if (d.inDump && KD_PROMPT_RE.test(line)) d.close(sink); // the next debugger command
      return false;
    },
  };
}

// ---------------------------------------------------------------------------------------------
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

type Pending = { kind: 'field'; label: string; encoding: number; digits: string; printed: string; line: number } | { kind: 'note'; label: string; value: string; line: number; what: string };

function createBhyveParser(): OtherParser {
  const d = new DumpState('bhyve');
  let vcpu: string | null = null;
  let isa: 'unknown' | 'intel' | 'amd' = 'unknown';
  let pending: Pending[] = [];
  let labels = new Set<string>();

  /** On an AMD host the shared names come from the VMCB: notes, not fields. */
  function emit(sink: LineSink, p: Pending): void {
    if (p.kind === 'note') d.note(sink, p.line, p.label, p.value, p.what);
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
    for (const p of items) if (p.kind === 'note') emit(sink, p);
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
      // Not ours: values still held go out now, before another dialect reads this line.
      flush(sink, true);
      return false;
    },
  };
}

// ---------------------------------------------------------------------------------------------
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

function createKvmExitParser(): OtherParser {
  return {
    format: 'kvm-exit',
    inDump: false,
    end() {},
    parse(line, lineNo, sink) {
      if (!line.includes('kvm_exit:')) return false;
      const m = KVM_EXIT_RE.exec(line);
      if (!m) return false;
      const [first = '', ...flags] = m[2]!.split(' ');
      if (/[a-z]/.test(first) && !/^0x[0-9a-f]+$/i.test(first)) {
        // SVM's exit codes (npf, msr, io, ...), or a pre-2.6.35 kernel: not VMCS fields.
        sink.skip();
        return true;
      }
      const fields: Array<[number, string]> = [];
      const notes: Array<{ label: string; value: string; what: string }> = [];
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
      const failed = full !== undefined && (full & 0x80000000) !== 0;
      if (full !== undefined) fields.push([0x4402, full.toString(16)]);
      fields.push([0x681e, m[3]!]);
      const rest = m[4]!;
      const kv = new Map<string, string>();
      for (const x of rest.matchAll(/\b(info1|info2|intr_info|error_code|requests) (?:0x)?([0-9a-fA-F]+)\b/g)) kv.set(x[1]!, x[2]!);
      const old = /\binfo ([0-9a-fA-F]+) ([0-9a-fA-F]+)\b/.exec(rest);
      if (kv.has('info1')) {
        fields.push([0x6400, kv.get('info1')!]);
        const zeroed = 'KVM prints 0 here after a failed VM entry (not read from the VMCS)';
        const info2 = kv.get('info2');
        if (info2 !== undefined) {
          if (failed) notes.push({ label: 'info2', value: info2, what: zeroed });
          else fields.push([0x4408, info2]);
        }
        const intr = kv.get('intr_info');
        if (intr !== undefined) {
          if (failed) notes.push({ label: 'intr_info', value: intr, what: zeroed });
          else fields.push([0x4404, intr]);
        }
        const err = kv.get('error_code');
        if (err !== undefined) {
          const iv = intr === undefined ? 0n : BigInt('0x' + intr);
          const hasCode = !failed && (iv >> 31n) & 1n && (iv >> 11n) & 1n;
          if (hasCode) fields.push([0x4406, err]);
          else notes.push({ label: 'error_code', value: err, what: failed ? zeroed : 'KVM prints 0 when the exiting event has no error code (not read from the VMCS)' });
        }
      } else if (old) {
        fields.push([0x6400, old[1]!], [0x4404, old[2]!]);
      }
      if (m[1] !== undefined) notes.push({ label: 'vcpu', value: m[1], what: "KVM's vCPU index (not a VMCS field)" });
      const req = kv.get('requests');
      if (req !== undefined) notes.push({ label: 'requests', value: req, what: "KVM's pending vCPU requests (not a VMCS field)" });
      sink.boundary();
      sink.setFormat('kvm-exit');
      for (const [e, v] of fields) sink.field(e, v, lineNo);
      for (const n of notes) sink.note({ line: lineNo, ...n });
      sink.boundary();
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

// ---------------------------------------------------------------------------------------------
// VirtualBox VBox.log (VMMR3/HM.cpp). Each line starts with "hh:mm:ss.uuuuuu ".
// - hmR3Info() ("info hm", printed on a guru meditation):
//     CPU[%u]: VT-x info:  /  HM error           = %#x (%u)  /  rcLastExitToR3     = %Rrc  /
//     %s VMCS active  /  Real-on-v86 active = %RTbool  /  EFlags  = %#x  /  Attr CS = %#x ...
//   None of these is a VMCS field: the HM error is VirtualBox's VMX_IGS_* code, EFlags and the
//   attributes are the real-mode values VirtualBox saved before running the guest in v86 mode.
// - HMR3CheckError(): "HM: VERR_...:" then, per CPU, "HM: CPU[%u] <label> <value>":
//   Instruction error and Exit reason (read with VMREAD after the failed VM entry), the
//   guest-interruptibility state, and the controls and addresses VirtualBox wrote to the VMCS.

const VBOX_TS_RE = /^\s*\d{1,3}:\d{2}:\d{2}\.\d{3,9}(?:[ \t]|$)/;
const VBOX_INFO_HEADER_RE = /\bCPU\[(\d+)\]: (VT-x|AMD-V) info:\s*$/;
const VBOX_CHECK_HEADER_RE = /\bHM: (VERR_[A-Z0-9_]+):\s*$/;
const VBOX_CPU_RE = /\bHM: CPU\[(\d+)\] +(\S(?:.*\S)?)\s*$/;
const VBOX_FEATURE_RE = /\bHM: {2,}[A-Z][A-Z0-9_]+\s*$/;
const VBOX_TRAILER_RE = /\bHM: (VERR_[A-Z0-9_]+: VM-entry allowed-[01]|HCPhysVmxEnableError) +=? *(0x[0-9a-fA-F]+|\d+)\s*$/;

/** HMR3CheckError labels: a VMCS field, or a note. Values are %#x / %#RX32 / %#RHp, counts %u. */
const VBOX_CHECK: ReadonlyArray<{ re: RegExp; encoding?: number; decimal?: boolean; what?: string }> = [
  { re: /^Instruction error +(\S+)$/, encoding: 0x4400 },
  { re: /^Exit reason +(\S+)$/, encoding: 0x4402 },
  { re: /^Guest-intr\. state += +(\S+)$/, encoding: 0x4824 },
  { re: /^PinCtls +(\S+)$/, encoding: 0x4000 },
  { re: /^ProcCtls +(\S+)$/, encoding: 0x4002 },
  { re: /^ProcCtls2 +(\S+)$/, encoding: 0x401e },
  { re: /^EntryCtls +(\S+)$/, encoding: 0x4012 },
  { re: /^ExitCtls +(\S+)$/, encoding: 0x400c },
  { re: /^HCPhysMsrBitmap +(\S+)$/, encoding: 0x2004 },
  { re: /^HCPhysGuestMsrLoad +(\S+)$/, encoding: 0x200a },
  { re: /^HCPhysGuestMsrStore +(\S+)$/, encoding: 0x2006 },
  { re: /^HCPhysHostMsrLoad +(\S+)$/, encoding: 0x2008 },
  { re: /^cEntryMsrLoad +(\d+)$/, encoding: 0x4014, decimal: true },
  { re: /^cExitMsrStore +(\d+)$/, encoding: 0x400e, decimal: true },
  { re: /^cExitMsrLoad +(\d+)$/, encoding: 0x4010, decimal: true },
  { re: /^HM error += +(\S+ \(\d+\))$/, what: "VirtualBox's own diagnostic (a VMX_IGS_* code), not an Intel VM-instruction error" },
  { re: /^HCPhysGuestMsr +(\S+)$/, what: 'the guest MSR page VirtualBox 5.x used for both the VM-entry MSR-load and VM-exit MSR-store areas' },
  { re: /^HCPhysHostMsr +(\S+)$/, what: 'the host MSR page of VirtualBox 5.x (VM-exit MSR-load area)' },
  { re: /^cMsrs +(\S+)$/, what: 'the MSR count VirtualBox 5.x used for the MSR-load and MSR-store areas' },
  { re: /^Current pointer +(.+)$/, what: 'the current-VMCS pointer (VMPTRST) against the one VirtualBox expected (not a VMCS field)' },
  { re: /^Current VMCS version +(\S+)$/, what: 'the revision identifier in the VMCS region header (not a VMCS field)' },
  { re: /^Entered Host Cpu +(\S+)$/, what: 'the host CPU VirtualBox entered the guest on (not a VMCS field)' },
  { re: /^Current Host Cpu +(\S+)$/, what: 'the host CPU at the time of the error (not a VMCS field)' },
];

function createVboxParser(): OtherParser {
  const d = new DumpState('vbox');
  let mode: 'none' | 'info' | 'amd' | 'check' = 'none';
  let cpu: string | null = null;

  function start(sink: LineSink, m: typeof mode, c: string | null): void {
    mode = m;
    cpu = c;
    if (m === 'amd') d.close(sink);
    else d.open(sink);
  }

  function stop(sink: LineSink): void {
    d.close(sink);
    mode = 'none';
    cpu = null;
  }

  return {
    format: 'vbox',
    get inDump() {
      return d.inDump;
    },
    end() {
      d.drop();
      mode = 'none';
      cpu = null;
    },
    parse(line, lineNo, sink) {
      const stamped = VBOX_TS_RE.test(line);
      const text = stamped ? line.replace(VBOX_TS_RE, '') : line;
      const info = text.includes(' info:') ? VBOX_INFO_HEADER_RE.exec(text) : null;
      if (info) {
        start(sink, info[2] === 'VT-x' ? 'info' : 'amd', info[1]!);
        sink.skip();
        return true;
      }
      if (text.includes('HM:')) {
        const header = VBOX_CHECK_HEADER_RE.exec(text);
        if (header) {
          start(sink, 'check', null);
          d.note(sink, lineNo, 'status', header[1]!, 'the VirtualBox status code of the VT-x failure');
          return true;
        }
        const c = VBOX_CPU_RE.exec(text);
        if (c) {
          if (mode !== 'check' || (cpu !== null && cpu !== c[1])) start(sink, 'check', c[1]!);
          cpu = c[1]!;
          const body = c[2]!;
          const active = /^(Guest|Nested-guest) VMCS active$/.exec(body);
          if (active) {
            d.note(sink, lineNo, 'VMCS', active[1]!, `the ${active[1]!.toLowerCase()} VMCS was the active one`);
            return true;
          }
          for (const rule of VBOX_CHECK) {
            const r = rule.re.exec(body);
            if (!r) continue;
            const digits = rule.encoding !== undefined ? digitsOf(r[1]!, rule.decimal ?? false) : null;
            if (rule.encoding !== undefined && digits !== null) d.field(sink, rule.encoding, digits, lineNo);
            else d.note(sink, lineNo, body.slice(0, body.length - r[1]!.length).replace(/\s*=?\s*$/, ''), r[1]!, rule.what ?? 'a value this reader cannot read');
            return true;
          }
          d.note(sink, lineNo, body, '', 'a line of HMR3CheckError this reader does not know');
          return true;
        }
        if (mode === 'check' && VBOX_FEATURE_RE.test(text)) {
          sink.skip(); // a feature bit of the control printed just before
          return true;
        }
        const trailer = VBOX_TRAILER_RE.exec(text);
        if (trailer) {
          d.note(sink, lineNo, trailer[1]!, trailer[2]!, 'a VMX capability or address VirtualBox reports with the error (not a VMCS field)');
          return true;
        }
      }
      if (mode === 'info' || mode === 'amd') {
        // The info lines are indented; a paste may have lost the indentation.
        const sub = /^\s*(\S.*?)\s*$/.exec(text);
        const body = sub?.[1] ?? '';
        let n: RegExpExecArray | null;
        if (sub && mode === 'amd' && /^(?:HM error|rcLastExitToR3)\b/.test(body)) {
          sink.skip();
          return true;
        }
        if (sub && mode === 'info') {
          if ((n = /^HM error += +(0x[0-9a-fA-F]+|\d+)(?: \((\d+)\))?$/.exec(body))) {
            d.note(sink, lineNo, 'HM error', n[1]!, "VirtualBox's own diagnostic (a VMX_IGS_* code), not an Intel VM-instruction error");
            return true;
          }
          if ((n = /^rcLastExitToR3 += +(\S+)$/.exec(body))) {
            d.note(sink, lineNo, 'rcLastExitToR3', n[1]!, 'the VirtualBox status of the last exit to ring 3 (not a VMCS field)');
            return true;
          }
          if ((n = /^(Guest|Nested-guest) VMCS active$/.exec(body))) {
            d.note(sink, lineNo, 'VMCS', n[1]!, `the ${n[1]!.toLowerCase()} VMCS was the active one`);
            return true;
          }
          if ((n = /^Real-on-v86 active = (\S+)$/.exec(body))) {
            d.note(sink, lineNo, 'Real-on-v86 active', n[1]!, 'VirtualBox runs the real-mode guest in virtual-8086 mode (not a VMCS field)');
            return true;
          }
          if ((n = /^EFlags += +(\S+)$/.exec(body))) {
            d.note(sink, lineNo, 'EFlags', n[1]!, 'the real-mode RFLAGS VirtualBox saved for real-on-v86 (not the VMCS guest RFLAGS)');
            return true;
          }
          if ((n = /^Attr ([CSDEFG]S) += +(\S+)$/.exec(body))) {
            d.note(sink, lineNo, `Attr ${n[1]}`, n[2]!, `the real-mode ${n[1]} access rights VirtualBox saved for real-on-v86 (not the VMCS guest ${n[1]} access rights)`);
            return true;
          }
        }
      }
      // Another line of the log: the block is over.
      if (stamped && mode !== 'none') stop(sink);
      return false;
    },
  };
}
