/** tandasat/hvext dumps (the `hvext` dialect); see ./index.ts for how dialects plug into annotate. */
import { fieldByEncoding, fields, lookupName, normalizeName } from '../table/table.js';
import { DumpState, dumpParser, reportUnknown, type OtherParser } from './common.js';

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

// hvext pads every value to 16 digits, and a name follows after one blank; an SDM name has no
// `=`, and a line with one before the value is a `label = value` pair of another dump (a wrapped
// KVM line `Offset = 0x… TSC Multiplier =` is no hvext line naming TSC multiplier). Two blanks
// are the gap between two pairs of a Xen or KVM line cut by a wrap (`EPT pointer =` /
// `0x000000016e5ac01e  EPTP index` / `= 0x0000`): the name there is the next pair's label. No
// name has a `:` either: `NAME: 0x…(16) NAME2: ??` is a pairs line whose NAME2 value is garbled;
// nor a `>`: `NAME -> 0x…(16) Guest interruptibility state -> ??` is one too (the name is read
// with its punctuation dropped, so the title and `-> ??` made an hvext row of the first value).
const HVEXT_FIELD_RE = /^[^=]*?(?:^|\s)0x([0-9a-fA-F]{16}) ([A-Za-z(][^=:>]*?)\s*$/;
const HVEXT_FAILED_RE = /\*{5} FAILED \*{5} +(\S(?:.*\S)?)\s*$/;
const HVEXT_COMMAND_RE = /!dump_vmcs\b/;
const KD_PROMPT_RE = /^\s*(?:\d+(?::\d+)?: )?kd> /;

/**
 * Whether the word right before an hvext row's value (at `at`) names a field itself: then the
 * value is that field's, on a pairs line of groups parted by blanks (`HOST_GS_SELECTOR 0x0
 * HOST_IA32_FRED_RSP3 0x1000000000000000 HOST_FS_BASE -`, whose last value is garbled), not an
 * hvext row giving the name after it (hvext prints the value first on its line, after a
 * debugger's prompt at most).
 */
function namedBefore(line: string, at: number): boolean {
  let e = at;
  while (e > 0 && (line.charCodeAt(e - 1) === 32 || line.charCodeAt(e - 1) === 9)) e--;
  let s = e;
  while (s > 0 && line.charCodeAt(s - 1) !== 32 && line.charCodeAt(s - 1) !== 9) s--;
  if (s === e) return false;
  const word = line.slice(s, e).replace(/[:=,;]+$/, '');
  // (an encoding written as pairs lines write it, `0x0000681e`; bare digits may be a log's counter)
  if (/^0[xX][0-9a-fA-F]{4,8}$/.test(word)) return fieldByEncoding(parseInt(word.slice(2), 16)) !== undefined;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(word) && word.includes('_') && lookupName(word) !== undefined;
}

export function createHvextParser(): OtherParser {
  const d = new DumpState('hvext');
  return dumpParser(d, (line, lineNo, sink) => {
    if (line.includes('0x')) {
      let m = HVEXT_FIELD_RE.exec(line);
      if (m && namedBefore(line, line.lastIndexOf('0x' + m[1]! + ' '))) m = null;
      const encoding = m ? hvextEncoding(m[2]!) : undefined;
      if (m && encoding !== undefined) {
        // The list starts at the VPID: printed again, it is the next !dump_vmcs.
        if (encoding === 0x0000 && d.inDump && d.count > 0) d.open(sink);
        d.field(sink, encoding, m[1]!, lineNo);
        return true;
      }
      if (m && d.inDump && (sink.inDump || d.count === 0)) {
        // a row of the dump whose name is no field hvext or the SDM names: reported (common.ts)
        reportUnknown(sink, lineNo, 'hvext', [{ token: m[2]!, value: '0x' + m[1]! }]);
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
  });
}
