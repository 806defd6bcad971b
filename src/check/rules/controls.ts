/**
 * Checks on the VM-execution, VM-exit and VM-entry control fields (SDM Vol. 3C 28.2.1.1,
 * 28.2.1.2, 28.2.1.3). A failure is VMfailValid with VM-instruction error 7.
 */
import type { Rule } from '../types.js';
import { MSR, Missing, type Inputs } from '../inputs.js';
import { msrName } from '../../caps/types.js';
import { allowed1VsMsr, bitName, bitNames, controlVsMsr, hex, msrBit, pageAddress, problems } from '../common.js';
import { bitsFix, controlFix, valueFix } from '../fixes.js';

const exec = (id: string, title: string, test: Rule['test'], extra: Partial<Rule> = {}): Rule => ({
  id,
  section: '28.2.1.1',
  group: 'execution-controls',
  title,
  failure: 'vmfail-7',
  test,
  ...extra,
});

const exit = (id: string, title: string, test: Rule['test'], extra: Partial<Rule> = {}): Rule => ({
  id,
  section: '28.2.1.2',
  group: 'exit-controls',
  title,
  failure: 'vmfail-7',
  test,
  ...extra,
});

const entry = (id: string, title: string, test: Rule['test'], extra: Partial<Rule> = {}): Rule => ({
  id,
  section: '28.2.1.3',
  group: 'entry-controls',
  title,
  failure: 'vmfail-7',
  test,
  ...extra,
});

// --- wording -----------------------------------------------------------------------------

const PIN = 'PIN_BASED_VM_EXEC_CONTROL';
const PROC = 'CPU_BASED_VM_EXEC_CONTROL';
const PROC2 = 'SECONDARY_VM_EXEC_CONTROL';
const PROC3 = 'TERTIARY_VM_EXEC_CONTROL';
const EXIT = 'VM_EXIT_CONTROLS';
const ENTRY = 'VM_ENTRY_CONTROLS';
const INTR = 'VM_ENTRY_INTR_INFO_FIELD';

const LAYOUT: Record<string, string> = {
  [PIN]: 'pin-based',
  [PROC]: 'proc-based-primary',
  [PROC2]: 'proc-based-secondary',
  [PROC3]: 'proc-based-tertiary',
  [EXIT]: 'vm-exit-controls',
  [ENTRY]: 'vm-entry-controls',
  VM_FUNCTION_CONTROL: 'vm-function-controls',
  EPT_POINTER: 'eptp',
};

/** "SECONDARY_VM_EXEC_CONTROL 0x1010aa: bit 7 (Unrestricted guest) is 1" (the field was read already). */
function ctl(s: Inputs, field: string, bit: number, value: 0 | 1): string {
  return `${field} ${hex(s.f(field))}: ${bitName(LAYOUT[field]!, bit)} is ${value}`;
}

/** "... but SECONDARY_VM_EXEC_CONTROL bit 1 (Enable EPT) is 0" for rules that need EPT. */
function eptOff(s: Inputs): string {
  return s.proc(31) ? ctl(s, PROC2, 1, 0) : `${ctl(s, PROC, 31, 0)}, so ${bitName('proc-based-secondary', 1)} counts as 0`;
}

/** The first of these MSRs the caps have (asks for the first when none is there). */
function firstMsr(s: Inputs, ...indexes: number[]): number {
  return indexes.find((i) => s.hasMsr(i)) ?? indexes[0]!;
}

/**
 * Several 4-KByte-aligned addresses (E-06, E-37). A misaligned one fails whatever the others
 * and the CPU are, so those are found first: the rule fails even when another address is
 * missing from the dump or lies where the physical-address width decides.
 */
function pageAddresses(s: Inputs, names: string[]): string | undefined {
  const misaligned = names.filter((n) => s.has(n) && s.f(n) % 4096n !== 0n);
  return problems((misaligned.length ? misaligned : names).map((n) => pageAddress(s, n)));
}

/** "Bits 3:0 must be 0 and the address within the physical-address width" of an MSR-load/store area with a non-zero count. */
function msrAreaAddress(s: Inputs, count: string, address: string): string | undefined {
  if (s.f(count) === 0n) return;
  return pageAddress(s, address, 16n);
}

/** The last byte of an MSR-load/store area (address + 16 × count − 1, computed wide) within the physical-address width. */
function msrAreaEnd(s: Inputs, count: string, address: string, area: string): string | undefined {
  const n = s.f(count);
  if (n === 0n) return;
  const a = s.f(address);
  const last = a + 16n * n - 1n;
  if (!s.withinPaw(last)) return `the last byte of the ${area}, ${address} ${hex(a)} + 16 × ${count} ${hex(n)} − 1 = ${hex(last)}, is beyond the physical-address width`;
}

const TYPE_NAME = ['external interrupt', 'reserved', 'NMI', 'hardware exception', 'software interrupt', 'privileged software exception', 'software exception', 'other event'];
const typeText = (t: number): string => `type ${t} (${TYPE_NAME[t]})`;

/** Exceptions that push an error code: #DF, #TS, #NP, #SS, #GP, #PF, #AC. */
const ERROR_CODE_VECTORS = new Set([8, 10, 11, 12, 13, 14, 17]);

/** The guest will run with FRED: IA-32e mode guest and guest CR4.FRED (bit 32). */
function fredGuest(s: Inputs): boolean {
  return s.ia32e && s.bit('GUEST_CR4', 32);
}

// --- the rules ---------------------------------------------------------------------------

export const controlRules: Rule[] = [
  // 28.2.1.1 VM-execution control fields
  exec('E-01', 'Pin-based VM-execution controls: reserved bits as IA32_VMX_(TRUE_)PINBASED_CTLS requires', (s) =>
    controlVsMsr(s, PIN, 'pin-based', MSR.PINBASED_CTLS, MSR.TRUE_PINBASED_CTLS), { fix: (s) => controlFix(s, PIN, MSR.PINBASED_CTLS, MSR.TRUE_PINBASED_CTLS) }
  ),
  exec('E-02', 'Primary processor-based controls: reserved bits as IA32_VMX_(TRUE_)PROCBASED_CTLS requires', (s) =>
    controlVsMsr(s, PROC, 'proc-based-primary', MSR.PROCBASED_CTLS, MSR.TRUE_PROCBASED_CTLS), { fix: (s) => controlFix(s, PROC, MSR.PROCBASED_CTLS, MSR.TRUE_PROCBASED_CTLS) }
  ),
  exec('E-03', 'Secondary processor-based controls (when activated): only bits IA32_VMX_PROCBASED_CTLS2 allows', (s) => {
    if (!s.proc(31)) return;
    return controlVsMsr(s, PROC2, 'proc-based-secondary', MSR.PROCBASED_CTLS2, MSR.PROCBASED_CTLS2);
  }, { fix: (s) => controlFix(s, PROC2, MSR.PROCBASED_CTLS2, MSR.PROCBASED_CTLS2) }),
  exec('E-04', 'Tertiary processor-based controls (when activated): only bits IA32_VMX_PROCBASED_CTLS3 allows', (s) => {
    if (!s.proc(17)) return;
    return allowed1VsMsr(s, PROC3, 'proc-based-tertiary', MSR.PROCBASED_CTLS3);
  }),
  exec(
    'E-05',
    'CR3-target count not greater than the number of CR3-target values (IA32_VMX_MISC bits 24:16)',
    (s) => {
      const count = s.f('CR3_TARGET_COUNT');
      if (count === 0n) return;
      const mask = 0x1ffn << 16n;
      const known = s.hasMsr(MSR.MISC) && (s.knownBits(MSR.MISC) & mask) === mask;
      if (!known) {
        if (count <= 4n) return;
        s.msr(MSR.MISC);
        throw new Missing({ kind: 'msr', index: MSR.MISC, name: `${msrName(MSR.MISC)} bits 24:16 (not shown by the source of the capabilities)` });
      }
      const misc = s.msr(MSR.MISC);
      const max = (misc >> 16n) & 0x1ffn;
      if (count > max) return `CR3_TARGET_COUNT ${hex(count)} is greater than ${hex(max)}, the number of CR3-target values IA32_VMX_MISC ${hex(misc)} bits 24:16 report`;
    },
    {
      decision:
        'Without IA32_VMX_MISC a count of 1-4 passes: the SDM states the limit as 4 (deferring to IA32_VMX_MISC[24:16] only for future processors) and every processor published reports 4; a count above 4 needs the MSR. With the MSR, its bits 24:16 are the limit (KVM; Bochs uses the constant 4).',
    },
  ),
  exec('E-06', '"use I/O bitmaps": I/O-bitmap addresses A and B 4-KByte aligned and within the physical-address width', (s) => {
    if (!s.proc(25)) return;
    return pageAddresses(s, ['IO_BITMAP_A', 'IO_BITMAP_B']);
  }),
  exec('E-07', '"use MSR bitmaps": MSR-bitmap address 4-KByte aligned and within the physical-address width', (s) => {
    if (!s.proc(28)) return;
    return pageAddress(s, 'MSR_BITMAP');
  }),
  exec('E-08', '"use TPR shadow": virtual-APIC address 4-KByte aligned and within the physical-address width', (s) => {
    if (!s.proc(21)) return;
    return pageAddress(s, 'VIRTUAL_APIC_PAGE_ADDR');
  }),
  exec('E-09', '"use TPR shadow" without virtual-interrupt delivery: TPR threshold bits 31:4 are 0', (s) => {
    if (!s.proc(21) || s.proc2(9)) return;
    const t = s.f('TPR_THRESHOLD');
    if (t >> 4n) return `TPR_THRESHOLD ${hex(t)}: bits 31:4 must be 0 (${bitName('proc-based-primary', 21)} is 1 and ${bitName('proc-based-secondary', 9)} is 0)`;
  }),
  exec('E-10', '"use TPR shadow" without APIC-access virtualization or virtual-interrupt delivery: TPR threshold bits 3:0 not above VTPR bits 7:4', (s) => {
    if (!s.proc(21) || s.proc2(0) || s.proc2(9)) return;
    const t = s.f('TPR_THRESHOLD') & 0xfn;
    // 0 is never greater than VTPR[7:4]: the page is needed only for a non-zero threshold.
    if (t === 0n) return;
    const what = (where: string): string => `byte 80H (VTPR) of the virtual-APIC page${where}, to compare its bits 7:4 with TPR_THRESHOLD bits 3:0 (${hex(t)})`;
    if (!s.has('VIRTUAL_APIC_PAGE_ADDR')) return s.memory(what(''));
    const at = s.f('VIRTUAL_APIC_PAGE_ADDR') + 0x80n;
    const vtpr = s.read(at, 1, what(` at ${hex(at)}`));
    if (t > vtpr >> 4n) return `TPR_THRESHOLD ${hex(s.f('TPR_THRESHOLD'))}: bits 3:0 (${hex(t)}) are above bits 7:4 of VTPR ${hex(vtpr)} (the byte at ${hex(at)})`;
  }),
  exec('E-11', 'NMI exiting 0 requires virtual NMIs 0', (s) => {
    if (!s.pin(3) && s.pin(5)) return `PIN_BASED_VM_EXEC_CONTROL ${hex(s.f(PIN))}: ${bitName('pin-based', 5)} is 1 but ${bitName('pin-based', 3)} is 0`;
  }),
  exec('E-12', 'Virtual NMIs 0 requires NMI-window exiting 0', (s) => {
    if (s.pin(5) || !s.proc(22)) return;
    return `${ctl(s, PROC, 22, 1)} but ${ctl(s, PIN, 5, 0)}`;
  }),
  exec('E-13', '"virtualize APIC accesses": APIC-access address 4-KByte aligned and within the physical-address width', (s) => {
    if (!s.proc2(0)) return;
    return pageAddress(s, 'APIC_ACCESS_ADDR');
  }),
  exec(
    'E-14',
    '"use TPR shadow" 0 requires "virtualize x2APIC mode", "APIC-register virtualization", "virtual-interrupt delivery" and "IPI virtualization" 0',
    (s) => {
      if (s.proc(21)) return;
      const on2 = [4, 8, 9].filter((b) => s.proc2(b));
      const on3 = s.proc3(4);
      if (!on2.length && !on3) return;
      const set: string[] = [];
      if (on2.length) set.push(`${PROC2} ${hex(s.f(PROC2))}: ${bitNames('proc-based-secondary', on2)} ${on2.length > 1 ? 'are' : 'is'} 1`);
      if (on3) set.push(ctl(s, PROC3, 4, 1));
      return `${set.join('; ')}, but ${ctl(s, PROC, 21, 0)}`;
    },
    {
      decision:
        'The "IPI virtualization" clause (tertiary bit 4) is applied, as SDM editions with IPI virtualization list it in §28.2.1.1 (IPI virtualization builds on the virtual-APIC page); no public implementation checks it (KVM and Bochs do not offer IPI virtualization to a nested guest), and the SDM copies that can be searched publicly predate it. KVM\'s own demand that posted interrupts have "use TPR shadow" is a KVM restriction, not an SDM check, and is not applied.',
    },
  ),
  exec('E-15', '"virtualize x2APIC mode" 1 requires "virtualize APIC accesses" 0', (s) => {
    if (!s.proc2(4) || !s.proc2(0)) return;
    return `${PROC2} ${hex(s.f(PROC2))}: ${bitName('proc-based-secondary', 4)} and ${bitName('proc-based-secondary', 0)} are both 1`;
  }),
  exec('E-16', '"virtual-interrupt delivery" 1 requires "external-interrupt exiting" 1', (s) => {
    if (!s.proc2(9) || s.pin(0)) return;
    return `${ctl(s, PROC2, 9, 1)} but ${ctl(s, PIN, 0, 0)}`;
  }),
  exec('E-17', '"process posted interrupts" 1 requires "virtual-interrupt delivery" 1', (s) => {
    if (!s.pin(7) || s.proc2(9)) return;
    const vid = s.proc(31) ? ctl(s, PROC2, 9, 0) : `${ctl(s, PROC, 31, 0)}, so ${bitName('proc-based-secondary', 9)} counts as 0`;
    return `${ctl(s, PIN, 7, 1)} but ${vid}`;
  }),
  exec('E-18', '"process posted interrupts" 1 requires "acknowledge interrupt on exit" 1', (s) => {
    if (!s.pin(7) || s.exit(15)) return;
    return `${ctl(s, PIN, 7, 1)} but ${ctl(s, EXIT, 15, 0)}`;
  }),
  exec('E-19', '"process posted interrupts": posted-interrupt notification vector bits 15:8 are 0', (s) => {
    if (!s.pin(7)) return;
    const nv = s.f('POSTED_INTR_NV');
    if (nv >> 8n) return `POSTED_INTR_NV ${hex(nv)} is not a vector (0-255): bits 15:8 must be 0 (${bitName('pin-based', 7)} is 1)`;
  }),
  exec('E-20', '"process posted interrupts": posted-interrupt descriptor address 64-byte aligned and within the physical-address width', (s) => {
    if (!s.pin(7)) return;
    return pageAddress(s, 'POSTED_INTR_DESC_ADDR', 64n);
  }),
  exec('E-21', '"enable VPID" 1 requires a VPID other than 0', (s) => {
    if (!s.proc2(5)) return;
    if (s.f('VIRTUAL_PROCESSOR_ID') === 0n) return `VIRTUAL_PROCESSOR_ID is 0 but ${ctl(s, PROC2, 5, 1)}`;
  }, { fix: (s) => valueFix(s, 'VIRTUAL_PROCESSOR_ID', 1n, 'a VPID other than 0 (0 is the VMM\'s own)', 'each vCPU needs its own VPID: 1 is only an example') }),
  exec(
    'E-22',
    '"enable EPT": EPTP memory type UC or WB, as IA32_VMX_EPT_VPID_CAP supports',
    (s) => {
      if (!s.ept) return;
      const eptp = s.f('EPT_POINTER');
      const t = Number(eptp & 7n);
      if (t !== 0 && t !== 6) return `EPT_POINTER ${hex(eptp)}: bits 2:0 (EPT paging-structure memory type) are ${t}, not 0 (UC) or 6 (WB)`;
      const capBitNo = t === 0 ? 8 : 14;
      if (!msrBit(s, MSR.EPT_VPID_CAP, capBitNo))
        return `EPT_POINTER ${hex(eptp)}: memory type ${t} (${t === 0 ? 'UC' : 'WB'}) is not supported (IA32_VMX_EPT_VPID_CAP ${hex(s.msr(MSR.EPT_VPID_CAP))} bit ${capBitNo} is 0)`;
    },
    { decision: 'Each type only when IA32_VMX_EPT_VPID_CAP reports it (bit 8 UC, bit 14 WB), as the SDM and KVM say; Bochs accepts UC and WB whatever the capability.' },
  ),
  exec(
    'E-23',
    '"enable EPT": EPTP page-walk length 4 or 5, as IA32_VMX_EPT_VPID_CAP supports',
    (s) => {
      if (!s.ept) return;
      const eptp = s.f('EPT_POINTER');
      const w = Number((eptp >> 3n) & 7n);
      if (w !== 3 && w !== 4) return `EPT_POINTER ${hex(eptp)}: bits 5:3 (EPT page-walk length minus 1) are ${w}, not 3 (4-level) or 4 (5-level)`;
      const capBitNo = w === 3 ? 6 : 7;
      if (!msrBit(s, MSR.EPT_VPID_CAP, capBitNo))
        return `EPT_POINTER ${hex(eptp)}: a ${w + 1}-level EPT page walk is not supported (IA32_VMX_EPT_VPID_CAP ${hex(s.msr(MSR.EPT_VPID_CAP))} bit ${capBitNo} is 0)`;
    },
    { decision: 'A 5-level walk (bits 5:3 = 4) is accepted when IA32_VMX_EPT_VPID_CAP bit 7 is 1, as the SDM since 5-level paging and KVM say; Bochs accepts only 4 levels.' },
  ),
  exec('E-24', '"enable EPT": EPTP accessed/dirty enable only if IA32_VMX_EPT_VPID_CAP bit 21', (s) => {
    if (!s.ept) return;
    const eptp = s.f('EPT_POINTER');
    if (!((eptp >> 6n) & 1n)) return;
    if (!msrBit(s, MSR.EPT_VPID_CAP, 21))
      return `EPT_POINTER ${hex(eptp)}: ${bitName('eptp', 6)} is 1 but accessed and dirty flags for EPT are not supported (IA32_VMX_EPT_VPID_CAP ${hex(s.msr(MSR.EPT_VPID_CAP))} bit 21 is 0)`;
  }, { fix: (s) => bitsFix(s, 'EPT_POINTER', 0n, 1n << 6n, 'clear bit 6 (accessed and dirty flags for EPT): this CPU has none', 'a VMM that relies on EPT A/D flags (dirty-page logging through them, as PML does) must track dirty pages another way on this CPU') }),
  exec(
    'E-25',
    '"enable EPT": EPTP supervisor-shadow-stack control only if IA32_VMX_EPT_VPID_CAP bit 23',
    (s) => {
      if (!s.ept) return;
      const eptp = s.f('EPT_POINTER');
      if (!((eptp >> 7n) & 1n)) return;
      if (!msrBit(s, MSR.EPT_VPID_CAP, 23))
        return `EPT_POINTER ${hex(eptp)}: ${bitName('eptp', 7)} is 1 but IA32_VMX_EPT_VPID_CAP ${hex(s.msr(MSR.EPT_VPID_CAP))} bit 23 is 0`;
    },
    {
      decision:
        'EPTP bit 7 may be 1 when IA32_VMX_EPT_VPID_CAP bit 23 is 1 (newer SDM, CET); older SDMs and KVM treat it as reserved (KVM never reports bit 23 to L1, so both agree there), Bochs allows it when CET is modelled.',
    },
  ),
  exec('E-26', '"enable EPT": EPTP reserved bits 11:8 and bits beyond the physical-address width are 0', (s) => {
    if (!s.ept) return;
    const eptp = s.f('EPT_POINTER');
    const out: string[] = [];
    if (eptp & 0xf00n) out.push('bits 11:8 (reserved) must be 0');
    if (!s.withinPaw(eptp)) out.push('it sets bits beyond the physical-address width');
    if (out.length) return `EPT_POINTER ${hex(eptp)}: ${out.join('; ')}`;
  }),
  exec('E-27', '"enable PML" 1 requires "enable EPT" 1', (s) => {
    if (!s.proc2(17) || s.ept) return;
    return `${ctl(s, PROC2, 17, 1)} but ${bitName('proc-based-secondary', 1)} is 0`;
  }),
  exec('E-28', '"enable PML": PML address 4-KByte aligned and within the physical-address width', (s) => {
    if (!s.proc2(17)) return;
    return pageAddress(s, 'PML_ADDRESS');
  }),
  exec('E-29', '"unrestricted guest" 1 requires "enable EPT" 1', (s) => {
    if (!s.ug || s.ept) return;
    return `${ctl(s, PROC2, 7, 1)} but ${bitName('proc-based-secondary', 1)} is 0`;
  }),
  exec('E-30', '"mode-based execute control for EPT" 1 requires "enable EPT" 1', (s) => {
    if (!s.proc2(22) || s.ept) return;
    return `${ctl(s, PROC2, 22, 1)} but ${bitName('proc-based-secondary', 1)} is 0`;
  }),
  exec('E-31', '"sub-page write permissions for EPT" 1 requires "enable EPT" 1', (s) => {
    if (!s.proc2(23) || s.ept) return;
    return `${ctl(s, PROC2, 23, 1)} but ${bitName('proc-based-secondary', 1)} is 0`;
  }),
  exec('E-32', '"sub-page write permissions for EPT": SPP-table pointer 4-KByte aligned and within the physical-address width', (s) => {
    if (!s.proc2(23)) return;
    return pageAddress(s, 'SPPT_POINTER');
  }),
  exec('E-33', '"Intel PT uses guest physical addresses" 1 requires "enable EPT", "load IA32_RTIT_CTL" and "clear IA32_RTIT_CTL" 1', (s) => {
    if (!s.proc2(24)) return;
    const missing: string[] = [];
    if (!s.ept) missing.push(bitName('proc-based-secondary', 1));
    if (!s.entry(18)) missing.push(`${ENTRY} ${hex(s.f(ENTRY))}: ${bitName('vm-entry-controls', 18)}`);
    if (!s.exit(25)) missing.push(`${EXIT} ${hex(s.f(EXIT))}: ${bitName('vm-exit-controls', 25)}`);
    if (missing.length) return `${ctl(s, PROC2, 24, 1)} but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} 0`;
  }),
  exec('E-34', '"enable VM functions": VM-function controls only as IA32_VMX_VMFUNC allows', (s) => {
    if (!s.proc2(13)) return;
    return allowed1VsMsr(s, 'VM_FUNCTION_CONTROL', 'vm-function-controls', MSR.VMFUNC);
  }),
  exec('E-35', 'EPTP switching (VM function 0) requires "enable EPT" 1', (s) => {
    if (!s.proc2(13) || !s.bit('VM_FUNCTION_CONTROL', 0) || s.ept) return;
    return `${ctl(s, 'VM_FUNCTION_CONTROL', 0, 1)} (with ${bitName('proc-based-secondary', 13)}) but ${bitName('proc-based-secondary', 1)} is 0`;
  }),
  exec('E-36', 'EPTP switching: EPTP-list address 4-KByte aligned and within the physical-address width', (s) => {
    if (!s.proc2(13) || !s.bit('VM_FUNCTION_CONTROL', 0)) return;
    return pageAddress(s, 'EPTP_LIST_ADDRESS');
  }),
  exec('E-37', '"VMCS shadowing": VMREAD- and VMWRITE-bitmap addresses 4-KByte aligned and within the physical-address width', (s) => {
    if (!s.proc2(14)) return;
    return pageAddresses(s, ['VMREAD_BITMAP', 'VMWRITE_BITMAP']);
  }),
  exec('E-38', '"EPT-violation #VE": virtualization-exception information address 4-KByte aligned and within the physical-address width', (s) => {
    if (!s.proc2(18)) return;
    return pageAddress(s, 'VE_INFORMATION_ADDRESS');
  }),
  exec(
    'E-39',
    '"enable HLAT" 1 requires "enable EPT" 1',
    (s) => {
      if (!s.proc3(1) || s.ept) return;
      return `${ctl(s, PROC3, 1, 1)} but ${eptOff(s)}`;
    },
    {
      decision:
        'Applied as §28.2.1.1 of SDM editions with HLAT states it: HLAT paging translates linear addresses to guest-physical addresses, which only EPT gives meaning. No public implementation checks it (KVM and Bochs never offer HLAT).',
    },
  ),
  exec(
    'E-40',
    '"enable HLAT": HLATP page-aligned apart from PWT/PCD and within the physical-address width; HLAT prefix size within IA32_VMX_EPT_VPID_CAP[53:48]',
    (s) => {
      if (!s.proc3(1)) return;
      const p = s.f('HLAT_POINTER');
      // A bad HLATP fails whatever the prefix size and the capabilities: neither is read then.
      if (p & 0xfe7n) return `HLAT_POINTER ${hex(p)}: bits 2:0 and 11:5 (reserved; bits 4:3 are PWT and PCD) must be 0`;
      if (!s.withinPaw(p)) return `HLAT_POINTER ${hex(p)} is beyond the physical-address width`;
      const size = s.f('HLAT_PREFIX_SIZE');
      if (size === 0n) return;
      const cap = s.msr(MSR.EPT_VPID_CAP);
      const mask = 0x3fn << 48n;
      if ((s.knownBits(MSR.EPT_VPID_CAP) & mask) !== mask)
        throw new Missing({ kind: 'msr', index: MSR.EPT_VPID_CAP, name: `${msrName(MSR.EPT_VPID_CAP)} bits 53:48 (not shown by the source of the capabilities)` });
      const max = (cap >> 48n) & 0x3fn;
      if (size > max) return `HLAT_PREFIX_SIZE ${hex(size)} is greater than ${hex(max)}, the maximum IA32_VMX_EPT_VPID_CAP ${hex(cap)} bits 53:48 report`;
    },
    {
      decision:
        'Applied as §28.2.1.1 of SDM editions with HLAT states it, with ia32-doc for the capability (IA32_VMX_EPT_VPID_CAP[53:48] "enumerates the maximum HLAT prefix size"): HLATP bits 2:0 and 11:5 reserved (PWT/PCD at 4:3, like CR3), no bit at or above MAXPHYADDR; the capability is read only for a non-zero prefix size, 0 always being allowed. No public implementation checks HLAT.',
    },
  ),
  exec(
    'E-41',
    '"EPT paging-write control" or "guest-paging verification" 1 requires "enable EPT" 1',
    (s) => {
      const on = [2, 3].filter((b) => s.proc3(b));
      if (!on.length || s.ept) return;
      return `${PROC3} ${hex(s.f(PROC3))}: ${bitNames('proc-based-tertiary', on)} ${on.length > 1 ? 'are' : 'is'} 1 but ${eptOff(s)}`;
    },
    {
      decision:
        'Applied as §28.2.1.1 of SDM editions with these controls states it: both act on bits of EPT paging-structure entries (bits 57 and 58), so they need EPT. No public implementation checks them (KVM and Bochs never offer them).',
    },
  ),
  exec(
    'E-42',
    '"IPI virtualization": PID-pointer table address 8-byte aligned and within the physical-address width',
    (s) => {
      if (!s.proc3(4)) return;
      return pageAddress(s, 'PID_POINTER_TABLE', 8n);
    },
    {
      decision:
        'Applied as §28.2.1.1 of SDM editions with IPI virtualization states it: bits 2:0 of the PID-pointer table address 0 (its entries are 8 bytes) and no bit beyond MAXPHYADDR; the table size (LAST_PID_POINTER_INDEX) is not checked at VM entry. No public implementation checks it (KVM and Bochs never offer IPI virtualization to a nested guest).',
    },
  ),

  // 28.2.1.2 VM-exit control fields
  exit('X-01', 'Primary VM-exit controls: reserved bits as IA32_VMX_(TRUE_)EXIT_CTLS requires', (s) =>
    controlVsMsr(s, EXIT, 'vm-exit-controls', MSR.EXIT_CTLS, MSR.TRUE_EXIT_CTLS), { fix: (s) => controlFix(s, EXIT, MSR.EXIT_CTLS, MSR.TRUE_EXIT_CTLS) }
  ),
  exit('X-02', 'Secondary VM-exit controls (when activated): only bits IA32_VMX_EXIT_CTLS2 allows', (s) => {
    if (!s.exit(31)) return;
    return allowed1VsMsr(s, 'SECONDARY_VM_EXIT_CONTROLS', 'vm-exit-controls-secondary', MSR.EXIT_CTLS2);
  }),
  exit('X-03', '"activate VMX-preemption timer" 0 requires "save VMX-preemption timer value" 0', (s) => {
    if (s.pin(6) || !s.exit(22)) return;
    return `${ctl(s, EXIT, 22, 1)} but ${ctl(s, PIN, 6, 0)}`;
  }),
  exit('X-04', 'VM-exit MSR-store area (non-zero count): address 16-byte aligned and within the physical-address width', (s) =>
    msrAreaAddress(s, 'VM_EXIT_MSR_STORE_COUNT', 'VM_EXIT_MSR_STORE_ADDR'),
  ),
  exit('X-05', 'VM-exit MSR-store area (non-zero count): last byte within the physical-address width', (s) =>
    msrAreaEnd(s, 'VM_EXIT_MSR_STORE_COUNT', 'VM_EXIT_MSR_STORE_ADDR', 'VM-exit MSR-store area'),
  ),
  exit('X-06', 'VM-exit MSR-load area (non-zero count): address 16-byte aligned and within the physical-address width', (s) =>
    msrAreaAddress(s, 'VM_EXIT_MSR_LOAD_COUNT', 'VM_EXIT_MSR_LOAD_ADDR'),
  ),
  exit('X-07', 'VM-exit MSR-load area (non-zero count): last byte within the physical-address width', (s) =>
    msrAreaEnd(s, 'VM_EXIT_MSR_LOAD_COUNT', 'VM_EXIT_MSR_LOAD_ADDR', 'VM-exit MSR-load area'),
  ),

  // 28.2.1.3 VM-entry control fields
  entry('N-01', 'VM-entry controls: reserved bits as IA32_VMX_(TRUE_)ENTRY_CTLS requires', (s) =>
    controlVsMsr(s, ENTRY, 'vm-entry-controls', MSR.ENTRY_CTLS, MSR.TRUE_ENTRY_CTLS), { fix: (s) => controlFix(s, ENTRY, MSR.ENTRY_CTLS, MSR.TRUE_ENTRY_CTLS) }
  ),
  entry('N-02', 'Event injection: type not 1 (reserved); type 7 (other event) only if the "monitor trap flag" control is supported', (s) => {
    const inj = s.injection();
    if (!inj) return;
    if (inj.type === 1) return `${INTR} ${hex(inj.raw)}: interruption ${typeText(1)} is not allowed`;
    if (inj.type !== 7) return;
    // The allowed 1-settings are the same in IA32_VMX_PROCBASED_CTLS and its TRUE form (SDM A.3.2).
    const index = firstMsr(s, MSR.PROCBASED_CTLS, MSR.TRUE_PROCBASED_CTLS);
    if (!msrBit(s, index, 59))
      return `${INTR} ${hex(inj.raw)}: interruption ${typeText(7)} needs the 1-setting of ${bitName('proc-based-primary', 27)}, which ${msrName(index)} ${hex(s.msr(index))} does not allow (bit 59 is 0)`;
  }),
  entry(
    'N-03',
    'Event injection: vector consistent with the type (NMI 2, hardware exception 0-31, other event 0, or 1-2 with FRED)',
    (s) => {
      const inj = s.injection();
      if (!inj) return;
      const { type, vector, raw } = inj;
      const head = `${INTR} ${hex(raw)}: interruption ${typeText(type)}`;
      if (type === 2 && vector !== 2) return `${head} with vector ${vector}; an NMI must use vector 2`;
      if (type === 3 && vector > 31) return `${head} with vector ${vector}; exceptions use vectors 0-31`;
      if (type === 7 && vector !== 0) {
        if ((vector === 1 || vector === 2) && fredGuest(s)) return;
        if (vector === 1 || vector === 2)
          return `${head} with vector ${vector} (FRED ${vector === 1 ? 'SYSCALL' : 'SYSENTER'}) needs a guest that runs with FRED (IA-32e mode guest and GUEST_CR4 bit 32 (FRED) 1)`;
        return `${head} with vector ${vector}; must be 0 (pending MTF VM exit), or 1-2 with FRED`;
      }
    },
    {
      decision:
        'Vectors 1 and 2 of type 7 (FRED SYSCALL/SYSENTER) are accepted when the guest runs with FRED, read as "IA-32e mode guest" and guest CR4.FRED (the proposed KVM FRED checks); Bochs tests CR4.FRED alone. CR4.FRED needs IA-32e mode, so the two agree for a guest that passes the CR4 checks.',
    },
  ),
  entry(
    'N-04',
    'Event injection: deliver-error-code bit 1 exactly for hardware exceptions with an error code in protected mode (any vector if IA32_VMX_BASIC[56])',
    (s) => {
      const inj = s.injection();
      if (!inj) return;
      const { type, vector, errorCode, raw } = inj;
      const head = `${INTR} ${hex(raw)}`;
      if (type !== 3) {
        if (errorCode) return `${head}: bit 11 (Deliver error code) is 1 for interruption ${typeText(type)}; only hardware exceptions deliver an error code`;
        return;
      }
      // Protected mode as the guest will run: CR0.PE, which can be 0 only with "unrestricted guest".
      const pm = !s.ug || s.bit('GUEST_CR0', 0);
      if (!pm) {
        if (errorCode) return `${head}: bit 11 (Deliver error code) is 1 but the guest will run in real mode (unrestricted guest, GUEST_CR0 ${hex(s.f('GUEST_CR0'))} bit 0 (PE) is 0)`;
        return;
      }
      const has = ERROR_CODE_VECTORS.has(vector);
      if (errorCode === has) return;
      if (msrBit(s, MSR.BASIC, 56)) return;
      return errorCode
        ? `${head}: bit 11 (Deliver error code) is 1 but vector ${vector} pushes no error code (IA32_VMX_BASIC ${hex(s.msr(MSR.BASIC))} bit 56 is 0)`
        : `${head}: bit 11 (Deliver error code) is 0 but vector ${vector} pushes an error code in protected mode (IA32_VMX_BASIC ${hex(s.msr(MSR.BASIC))} bit 56 is 0)`;
    },
    {
      decision:
        'Bit 11 must match "has an error code" exactly (KVM, Bochs), vectors 8, 10-14, 17; IA32_VMX_BASIC[56] lifts only the vector part and is read only when the vector decides. #CP (21) is not added: CET-capable processors report BASIC[56] = 1 (KVM enables CET only then). Bochs skipping the whole check on CET models is not followed.',
      fix: (s) => {
        const inj = s.injection();
        if (!inj) return undefined;
        const want = inj.type === 3 && (!s.ug || s.bit('GUEST_CR0', 0)) && ERROR_CODE_VECTORS.has(inj.vector);
        const b11 = 1n << 11n;
        return bitsFix(s, INTR, want ? b11 : 0n, want ? 0n : b11, want ? `set bit 11 (Deliver error code): vector ${inj.vector} pushes one in protected mode; the code is VM_ENTRY_EXCEPTION_ERROR_CODE` : 'clear bit 11 (Deliver error code): this event pushes no error code');
      },
    },
  ),
  entry(
    'N-05',
    'Event injection: interruption-information bits 30:12 reserved (bit 13, nested exception, allowed if IA32_VMX_BASIC[58])',
    (s) => {
      const inj = s.injection();
      if (!inj) return;
      const reserved = (inj.raw >> 12n) & 0x7ffffn; // bits 30:12
      if (!reserved) return;
      const bits: number[] = [];
      for (let b = 12; b <= 30; b++) if ((inj.raw >> BigInt(b)) & 1n) bits.push(b);
      const others = bits.filter((b) => b !== 13);
      if (others.length) return `${INTR} ${hex(inj.raw)}: reserved bit${others.length > 1 ? 's' : ''} ${others.join(', ')} must be 0`;
      if (!msrBit(s, MSR.BASIC, 58))
        return `${INTR} ${hex(inj.raw)}: bit 13 (Nested exception) is 1 but IA32_VMX_BASIC ${hex(s.msr(MSR.BASIC))} bit 58 (VMX nested-exception support) is 0`;
    },
    {
      decision:
        'Bit 13 (nested exception) is accepted whenever IA32_VMX_BASIC[58] is 1, as in the proposed KVM FRED checks; Bochs also demands interruption type 3 for it, which is not applied. The MSR is read only when bit 13 is the only reserved bit set.',
    },
  ),
  entry(
    'N-06',
    'Event injection with an error code: VM-entry exception error code bits 31:16 are 0',
    (s) => {
      const inj = s.injection();
      if (!inj || !inj.errorCode) return;
      const e = s.f('VM_ENTRY_EXCEPTION_ERROR_CODE');
      if (e >> 16n) return `VM_ENTRY_EXCEPTION_ERROR_CODE ${hex(e)}: bits 31:16 must be 0 (${INTR} ${hex(inj.raw)} delivers an error code)`;
    },
    { decision: 'Bits 31:16, as SDM editions since about 2011, KVM and Bochs; the 2008 edition said 31:15.' },
  ),
  entry(
    'N-07',
    'Event injection of software events: VM-entry instruction length 0-15, and 0 only if IA32_VMX_MISC[30]',
    (s) => {
      const inj = s.injection();
      if (!inj) return;
      const { type, vector, raw } = inj;
      const soft = type === 4 || type === 5 || type === 6;
      const fred = type === 7 && (vector === 1 || vector === 2);
      if (!soft && !fred) return;
      const len = s.f('VM_ENTRY_INSTRUCTION_LEN');
      const head = `VM_ENTRY_INSTRUCTION_LEN ${hex(len)} for ${INTR} ${hex(raw)} (${typeText(type)}${fred ? `, vector ${vector}` : ''})`;
      if (fred) {
        // Only a FRED guest may inject these (N-03); the length matters only then.
        if (len > 15n && fredGuest(s)) return `${head}: must be at most 15`;
        return;
      }
      if (len > 15n) return `${head}: must be at most 15`;
      if (len === 0n && !msrBit(s, MSR.MISC, 30)) return `${head}: 0 is allowed only if IA32_VMX_MISC ${hex(s.msr(MSR.MISC))} bit 30 is 1`;
    },
    {
      decision:
        'For type 7 with vector 1 or 2 (FRED SYSCALL/SYSENTER) only the 0-15 range is checked, and only for a guest that runs with FRED (otherwise N-03 already rejects the event), as §28.2.1.3 states it for FRED. IA32_VMX_MISC is read only for a length of 0.',
    },
  ),
  entry('N-08', 'VM-entry MSR-load area (non-zero count): address 16-byte aligned and within the physical-address width', (s) =>
    msrAreaAddress(s, 'VM_ENTRY_MSR_LOAD_COUNT', 'VM_ENTRY_MSR_LOAD_ADDR'),
  ),
  entry('N-09', 'VM-entry MSR-load area (non-zero count): last byte within the physical-address width', (s) =>
    msrAreaEnd(s, 'VM_ENTRY_MSR_LOAD_COUNT', 'VM_ENTRY_MSR_LOAD_ADDR', 'VM-entry MSR-load area'),
  ),
  entry(
    'N-10',
    'Outside SMM: "entry to SMM" and "deactivate dual-monitor treatment" are 0',
    (s) => {
      const on = [10, 11].filter((b) => s.entry(b));
      if (!on.length) return;
      if (s.fact('smm')) return;
      return `${ENTRY} ${hex(s.f(ENTRY))}: ${bitNames('vm-entry-controls', on)} ${on.length > 1 ? 'are' : 'is'} 1 but the processor is not in SMM`;
    },
    { decision: 'Both controls, as the SDM states; Bochs checks only "deactivate dual-monitor treatment".' },
  ),
  entry('N-11', '"entry to SMM" and "deactivate dual-monitor treatment" not both 1', (s) => {
    if (!s.entry(10) || !s.entry(11)) return;
    return `${ENTRY} ${hex(s.f(ENTRY))}: ${bitNames('vm-entry-controls', [10, 11])} are both 1`;
  }),
];
