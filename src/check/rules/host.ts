/**
 * Checks on the host-state area (SDM Vol. 3C 27.2.2 control registers and MSRs, 27.2.3
 * segment and descriptor-table registers, 27.2.4 address-space size). A failure is
 * VMfailValid with VM-instruction error 8.
 */
import type { Rule } from '../types.js';
import { allOf, bitsFix, canonicalFix, fixedBitsFix } from '../fixes.js';
import { MSR, canonicalAt, type Inputs } from '../inputs.js';
import { EFER_DEFINED, bit, bitName, bitNames, bitsText, canonical, canonicalValues, fieldValues, aligned, hex, patProblem, perfGlobalCtrl, problems, setBits } from '../common.js';

const host = (id: string, section: string, title: string, test: Rule['test'], extra: Partial<Rule> = {}): Rule => ({
  id,
  section,
  group: 'host-state',
  title,
  failure: 'vmfail-8',
  test,
  ...extra,
});

/** A CR value against IA32_VMX_CRn_FIXED0 (bits that must be 1) and FIXED1 (bits that may be 1). */
export function fixedBits(value: bigint, fixed0: bigint, fixed1: bigint, layoutId: string, field: string, skip = 0n): string | undefined {
  const missing = fixed0 & ~value & ~skip;
  const extra = value & ~fixed1 & ~skip;
  const out: string[] = [];
  if (missing) out.push(`${bitNames(layoutId, setBits(missing))} must be 1`);
  if (extra) out.push(`${bitNames(layoutId, setBits(extra))} must be 0`);
  return out.length ? `${field} ${hex(value)}: ${out.join('; ')}` : undefined;
}

const M64 = (1n << 64n) - 1n;

/**
 * A CR value (host or guest) against IA32_VMX_CRn_FIXED0/FIXED1 (bits in `skip` are not checked). A bit that one MSR already rules out fails
 * whatever the other says: the MSRs the caps lack are asked for only when nothing fails.
 */
export function crVsFixed(s: Inputs, field: string, layoutId: string, fixed0: number, fixed1: number, skip = 0n): string | undefined {
  const v = s.f(field);
  const bad = fixedBits(v, s.hasMsr(fixed0) ? s.msr(fixed0) : 0n, s.hasMsr(fixed1) ? s.msr(fixed1) : M64, layoutId, field, skip);
  if (bad) return bad;
  s.msr(fixed0);
  s.msr(fixed1);
  return undefined;
}

/** "VM_EXIT_CONTROLS 0x3fedfb bit 9 (Host address-space size)" */
function exitBit(s: Inputs, n: number): string {
  return `VM_EXIT_CONTROLS ${hex(s.f('VM_EXIT_CONTROLS'))} ${bitName('vm-exit-controls', n)}`;
}

/** "bit 5 is reserved" / "bits 5, 9 are reserved" */
const reserved = (v: bigint): string => `${bitsText(v)} ${setBits(v).length > 1 ? 'are' : 'is'} reserved`;

/** IA32_FRED_CONFIG bits 2, 5:4 and 11 are reserved. */
const FRED_CONFIG_RESERVED = bit(2) | bit(4) | bit(5) | bit(11);

const SELECTORS = ['ES', 'CS', 'SS', 'DS', 'FS', 'GS', 'TR'].map((r) => `HOST_${r}_SELECTOR`);
const BASES = ['HOST_FS_BASE', 'HOST_GS_BASE', 'HOST_GDTR_BASE', 'HOST_IDTR_BASE', 'HOST_TR_BASE'];

export const hostRules: Rule[] = [
  // --- 27.2.2 host control registers and MSRs -------------------------------------------
  host('H-01', '28.2.2', 'Host CR0: the bits IA32_VMX_CR0_FIXED0 sets are 1, the bits IA32_VMX_CR0_FIXED1 clears are 0', (s) =>
    crVsFixed(s, 'HOST_CR0', 'cr0', MSR.CR0_FIXED0, MSR.CR0_FIXED1), { fix: (s) => fixedBitsFix(s, 'HOST_CR0', MSR.CR0_FIXED0, MSR.CR0_FIXED1, 0n, 'the host CR0 must be what the VMM really runs with at VM exit') }
  ),
  host('H-02', '28.2.2', 'Host CR4: the bits IA32_VMX_CR4_FIXED0 sets are 1, the bits IA32_VMX_CR4_FIXED1 clears are 0', (s) =>
    crVsFixed(s, 'HOST_CR4', 'cr4', MSR.CR4_FIXED0, MSR.CR4_FIXED1), { fix: (s) => fixedBitsFix(s, 'HOST_CR4', MSR.CR4_FIXED0, MSR.CR4_FIXED1, 0n, 'the host CR4 must be what the VMM really runs with at VM exit') }
  ),
  host(
    'H-03',
    '28.2.2',
    'Host CR4.CET (bit 23) 1 requires host CR0.WP (bit 16) 1',
    (s) => {
      const cr4 = s.f('HOST_CR4');
      if (!(cr4 & bit(23))) return;
      const cr0 = s.f('HOST_CR0');
      if (!(cr0 & bit(16))) return `HOST_CR4 ${hex(cr4)} sets ${bitName('cr4', 23)} but HOST_CR0 ${hex(cr0)} clears ${bitName('cr0', 16)}`;
    },
    { decision: 'Checked whatever the "load CET state" VM-exit control, as the SDM lists it and KVM checks it; Bochs checks it only when "load CET state" is 1.' },
  ),
  host(
    'H-04',
    '28.2.2',
    'Host CR3: no bit set beyond the physical-address width (bits 62:61, LAM_U48 and LAM_U57, allowed on processors with linear-address masking)',
    (s) => {
      const v = s.f('HOST_CR3');
      const lam = bit(61) | bit(62);
      const high = v & ~(bit(52) - 1n) & ~lam;
      if (high) return `HOST_CR3 ${hex(v)}: ${bitsText(high)} must be 0 (bits 63:52 are beyond any physical-address width)`;
      if (v & lam && !s.fact('lam')) return `HOST_CR3 ${hex(v)}: ${bitsText(v & lam)} (LAM) must be 0 on a processor without linear-address masking`;
      if (!s.withinPaw(v & (bit(52) - 1n))) return `HOST_CR3 ${hex(v)} is beyond the physical-address width`;
    },
    { decision: 'Bits 62:61 are legal only with linear-address masking (as KVM kvm_vcpu_is_legal_cr3); the LAM fact is read only when one of them is set.' },
  ),
  host('H-05', '28.2.2', 'Host IA32_SYSENTER_ESP is canonical', (s) => canonical(s, 'HOST_IA32_SYSENTER_ESP'), { fix: (s) => canonicalFix(s, ['HOST_IA32_SYSENTER_ESP']) }),
  host('H-06', '28.2.2', 'Host IA32_SYSENTER_EIP is canonical', (s) => canonical(s, 'HOST_IA32_SYSENTER_EIP'), { fix: (s) => canonicalFix(s, ['HOST_IA32_SYSENTER_EIP']) }),
  host(
    'H-07',
    '28.2.2',
    '"Load IA32_PERF_GLOBAL_CTRL" 1: host IA32_PERF_GLOBAL_CTRL sets only bits of implemented counters (and PERF_METRICS, bit 48, where supported)',
    (s) => {
      if (!s.exit(12)) return;
      return perfGlobalCtrl(s, 'HOST_IA32_PERF_GLOBAL_CTRL');
    },
    {
      decision:
        'As KVM kvm_valid_perf_global_ctrl: bits 31:0 up to the number of general-purpose counters, bits 47:32 up to the number of fixed counters, bit 48 with PERF_METRICS (a model question, no fact), bits 63:49 always reserved; the counter counts are asked only when a bit they decide is set (Bochs does not check this field).',
    },
  ),
  host('H-08', '28.2.2', '"Load IA32_PAT" 1: each byte of host IA32_PAT is a valid memory type (0, 1, 4, 5, 6, 7)', (s) => {
    if (!s.exit(19)) return;
    const v = s.f('HOST_IA32_PAT');
    const p = patProblem(v);
    if (p) return `HOST_IA32_PAT ${hex(v)}: ${p}`;
  }),
  host(
    'H-09',
    '28.2.2',
    '"Load IA32_EFER" 1: host IA32_EFER sets no reserved bit',
    (s) => {
      if (!s.exit(21)) return;
      const v = s.f('HOST_IA32_EFER');
      const bad = v & ~EFER_DEFINED;
      if (bad) return `HOST_IA32_EFER ${hex(v)}: ${reserved(bad)} (only SCE, LME, LMA and NXE exist on Intel 64)`;
    },
    {
      decision:
        'Supported bits taken as the Intel 64 set SCE (0), LME (8), LMA (10), NXE (11) (mask 0xd01); KVM kvm_valid_efer also allows bits of features its vCPU model has, none of which Intel processors implement. NXE is treated as supported (it is reserved only while IA32_MISC_ENABLE disables XD).',
    },
  ),
  host('H-10', '28.2.2', '"Load IA32_EFER" 1: host IA32_EFER.LMA and IA32_EFER.LME each equal "host address-space size"', (s) => {
    if (!s.exit(21)) return;
    const v = s.f('HOST_IA32_EFER');
    const want = s.host64;
    const wrong = [8, 10].filter((n) => ((v & bit(n)) !== 0n) !== want);
    if (wrong.length) return `HOST_IA32_EFER ${hex(v)}: ${bitNames('ia32-efer', wrong)} must be ${want ? 1 : 0}, as ${exitBit(s, 9)} is ${want ? 1 : 0}`;
  }),
  host(
    'H-11',
    '28.2.2',
    '"Load CET state" 1: host IA32_S_CET sets no reserved bit (9:6) and not both SUPPRESS (10) and TRACKER (11)',
    (s) => {
      if (!s.exit(28)) return;
      const v = s.f('HOST_S_CET');
      return problems([
        v & 0x3c0n ? `HOST_S_CET ${hex(v)}: ${reserved(v & 0x3c0n)}` : undefined,
        (v & 0xc00n) === 0xc00n ? `HOST_S_CET ${hex(v)}: bits 10 (SUPPRESS) and 11 (TRACKER) are both 1` : undefined,
      ]);
    },
    { decision: 'The reserved bits and the SUPPRESS/TRACKER pair, as the SDM and Bochs check; KVM also rejects the shadow-stack or IBT enables its vCPU lacks, which depends on CPUID bits the checker does not take.' },
  ),
  host('H-12', '28.2.2', '"Load CET state" 1: host IA32_S_CET and SSP canonical (64-bit host) or with bits 63:32 0 (32-bit host); SSP bits 1:0 are 0', (s) => {
    if (!s.exit(28)) return;
    const scet = s.f('HOST_S_CET');
    const ssp = s.f('HOST_SSP');
    const other = [ssp & 3n ? `HOST_SSP ${hex(ssp)}: bits 1:0 must be 0` : undefined];
    if (!s.host64) {
      const high = (name: string, v: bigint) => (v >> 32n ? `${name} ${hex(v)}: bits 63:32 must be 0, as ${exitBit(s, 9)} is 0` : undefined);
      return problems([...other, high('HOST_S_CET', scet), high('HOST_SSP', ssp)]);
    }
    return canonicalValues(
      s,
      [
        ['HOST_S_CET', scet],
        ['HOST_SSP', ssp],
      ],
      other,
    );
  }),
  host('H-13', '28.2.2', '"Load CET state" 1: the host interrupt SSP table address is canonical', (s) => {
    if (!s.exit(28)) return;
    return canonical(s, 'HOST_INTR_SSP_TABLE');
  }),
  host('H-14', '28.2.2', '"Load PKRS" 1: host IA32_PKRS bits 63:32 are 0', (s) => {
    if (!s.exit(29)) return;
    const v = s.f('HOST_IA32_PKRS');
    if (v >> 32n) return `HOST_IA32_PKRS ${hex(v)}: bits 63:32 must be 0`;
  }),
  host(
    'H-15',
    '28.2.2',
    '"Load FRED" 1: host IA32_FRED_CONFIG sets no reserved bit (2, 5:4, 11) and is canonical (bits 63:12)',
    (s) => {
      if (!s.exit2(1)) return;
      const v = s.f('HOST_IA32_FRED_CONFIG');
      const bad = v & FRED_CONFIG_RESERVED;
      return canonicalValues(s, [['HOST_IA32_FRED_CONFIG', v]], [bad ? `HOST_IA32_FRED_CONFIG ${hex(v)}: ${reserved(bad)}` : undefined]);
    },
    {
      decision:
        'Checked whenever "load FRED" is 1, as the SDM lists it; KVM (FRED patches) checks it only with "host address-space size" 1, Bochs checks only the reserved bits. The canonical test of bits 63:12 is the canonical test of the whole value (bits 11:0 are below bit 47).',
    },
  ),
  host(
    'H-16',
    '28.2.2',
    '"Load FRED" 1: host IA32_FRED_RSP1-3 are canonical with bits 5:0 0',
    (s) => {
      if (!s.exit2(1)) return;
      const [bad, values] = aligned(s, ['HOST_IA32_FRED_RSP1', 'HOST_IA32_FRED_RSP2', 'HOST_IA32_FRED_RSP3'], 6);
      return canonicalValues(s, values, [bad]);
    },
    { decision: 'Checked whenever "load FRED" is 1, as the SDM lists it; KVM (FRED patches) checks it only with "host address-space size" 1.' },
  ),
  host(
    'H-17',
    '28.2.2',
    '"Load FRED" 1: host IA32_FRED_SSP1-3 are canonical with bits 2:0 0',
    (s) => {
      if (!s.exit2(1)) return;
      const [bad, values] = aligned(s, ['HOST_IA32_FRED_SSP1', 'HOST_IA32_FRED_SSP2', 'HOST_IA32_FRED_SSP3'], 3);
      return canonicalValues(s, values, [bad]);
    },
    { decision: 'Checked whenever "load FRED" is 1, as the SDM lists it; KVM (FRED patches) checks it only with "host address-space size" 1.' },
  ),

  // --- 27.2.3 host segment and descriptor-table registers --------------------------------
  host('H-18', '28.2.3', 'Host ES, CS, SS, DS, FS, GS and TR selectors: RPL (bits 1:0) and TI (bit 2) are 0', (s) =>
    problems(
      SELECTORS.map((name) => {
        const v = s.f(name);
        return v & 7n ? `${name} ${hex(v)}: RPL and TI (bits 2:0) must be 0` : undefined;
      }),
    ), { fix: (s) => allOf(...SELECTORS.map((name) => bitsFix(s, name, 0n, 7n, 'clear RPL and TI (bits 2:0): the host runs at CPL 0 with GDT selectors'))) }
  ),
  host('H-19', '28.2.3', 'Host CS selector is not 0000H', (s) => {
    if (s.f('HOST_CS_SELECTOR') === 0n) return 'HOST_CS_SELECTOR is 0x0';
  }),
  host('H-20', '28.2.3', 'Host TR selector is not 0000H', (s) => {
    if (s.f('HOST_TR_SELECTOR') === 0n) return 'HOST_TR_SELECTOR is 0x0';
  }),
  host('H-21', '28.2.3', '"Host address-space size" 0: host SS selector is not 0000H', (s) => {
    if (s.host64) return;
    if (s.f('HOST_SS_SELECTOR') === 0n) return `HOST_SS_SELECTOR is 0x0 and ${exitBit(s, 9)} is 0`;
  }),
  host('H-22', '28.2.3', 'Host FS, GS, GDTR, IDTR and TR base addresses are canonical', (s) =>
    canonicalValues(s, fieldValues(s, BASES)), { fix: (s) => canonicalFix(s, BASES) }
  ),

  // --- 27.2.4 address-space size -----------------------------------------------------------
  host(
    'H-23',
    '28.2.4',
    'Outside IA-32e mode (IA32_EFER.LMA 0 at VM entry): "IA-32e mode guest" and "host address-space size" are 0',
    (s) => {
      const ia32e = s.ia32e;
      const host64 = s.host64;
      if (!ia32e && !host64) return;
      if (s.fact('lma')) return;
      const set = [ia32e ? `VM_ENTRY_CONTROLS ${hex(s.f('VM_ENTRY_CONTROLS'))} ${bitName('vm-entry-controls', 9)}` : '', host64 ? exitBit(s, 9) : ''].filter(Boolean);
      return `the VMM is outside IA-32e mode (IA32_EFER.LMA 0) but ${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} 1`;
    },
    { decision: 'The VMM\'s IA32_EFER.LMA is asked (fact lma) only when a control is 1; a 64-bit VMM is not assumed: the caller states it.' },
  ),
  host(
    'H-24',
    '28.2.4',
    'In IA-32e mode (IA32_EFER.LMA 1 at VM entry): "host address-space size" is 1',
    (s) => {
      if (s.host64) return;
      if (s.fact('lma')) return `the VMM is in IA-32e mode (IA32_EFER.LMA 1) but ${exitBit(s, 9)} is 0`;
    },
    { decision: 'The VMM\'s IA32_EFER.LMA is asked (fact lma) only when "host address-space size" is 0.' },
  ),
  host('H-25', '28.2.4', '"Host address-space size" 0: "IA-32e mode guest" is 0', (s) => {
    if (s.host64) return;
    if (s.ia32e) return `${exitBit(s, 9)} is 0 but VM_ENTRY_CONTROLS ${hex(s.f('VM_ENTRY_CONTROLS'))} ${bitName('vm-entry-controls', 9)} is 1`;
  }),
  host('H-26', '28.2.4', '"Host address-space size" 0: host CR4.PCIDE (bit 17) is 0', (s) => {
    if (s.host64) return;
    const v = s.f('HOST_CR4');
    if (v & bit(17)) return `HOST_CR4 ${hex(v)}: ${bitName('cr4', 17)} must be 0, as ${exitBit(s, 9)} is 0`;
  }),
  host('H-27', '28.2.4', '"Host address-space size" 0: host RIP bits 63:32 are 0', (s) => {
    if (s.host64) return;
    const v = s.f('HOST_RIP');
    if (v >> 32n) return `HOST_RIP ${hex(v)}: bits 63:32 must be 0, as ${exitBit(s, 9)} is 0`;
  }),
  host('H-28', '28.2.4', '"Host address-space size" 0: host CR4.FRED (bit 32) is 0', (s) => {
    if (s.host64) return;
    const v = s.f('HOST_CR4');
    if (v & bit(32)) return `HOST_CR4 ${hex(v)}: ${bitName('cr4', 32)} must be 0, as ${exitBit(s, 9)} is 0`;
  }),
  host('H-29', '28.2.4', '"Host address-space size" 1: host CR4.PAE (bit 5) is 1', (s) => {
    if (!s.host64) return;
    const v = s.f('HOST_CR4');
    if (!(v & bit(5))) return `HOST_CR4 ${hex(v)}: ${bitName('cr4', 5)} must be 1, as ${exitBit(s, 9)} is 1`;
  }, { fix: (s) => bitsFix(s, 'HOST_CR4', bit(5), 0n, 'set PAE (bit 5): a 64-bit host runs with PAE') }),
  host(
    'H-30',
    '28.2.4',
    '"Host address-space size" 1: host RIP is canonical (57-bit if host CR4.LA57 is 1, else 48-bit)',
    (s) => {
      if (!s.host64) return;
      const v = s.f('HOST_RIP');
      const width = s.f('HOST_CR4') & bit(12) ? 57 : 48;
      if (!canonicalAt(v, width)) return `HOST_RIP ${hex(v)} is not canonical at ${width} bits (HOST_CR4 LA57 is ${width === 57 ? 1 : 0})`;
    },
    {
      decision:
        'Canonical at 57 bits if HOST_CR4.LA57 (bit 12) is 1, else at 48, i.e. in the paging mode the VM exit loads, as KVM is_l1_noncanonical_address_on_vmexit does; not the widest width the processor supports, so no linear-width fact is needed (a LA57 the CPU lacks fails H-02).',
    },
  ),
];
