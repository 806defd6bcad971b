/**
 * Checks on the guest-state area other than the segment registers (SDM Vol. 3C 28.3.1.1
 * control registers, debug registers and MSRs; 28.3.1.3 descriptor-table registers;
 * 28.3.1.4 RIP, RFLAGS and SSP; 28.3.1.5 non-register state; 28.3.1.6 PDPTEs).
 * A failure is a VM exit with exit reason 33 (0x80000021), invalid guest state.
 */
import type { Rule } from '../types.js';
import { MSR, canonicalAt, type Inputs } from '../inputs.js';
import { EFER_DEFINED, aligned, bit, bitName, bitsText, canonical, canonicalValues, fieldValues, hex, msrBit, patProblem, perfGlobalCtrl, problems, range } from '../common.js';
import { crVsFixed } from './host.js';
import { allOf, bitsFix, canonicalFix, fixedBitsFix, valueFix } from '../fixes.js';

const guest = (id: string, section: string, group: Rule['group'], title: string, test: Rule['test'], extra: Partial<Rule> = {}): Rule => ({
  id,
  section,
  group,
  title,
  failure: 'exit-33',
  test,
  ...extra,
});

const reg = (id: string, title: string, test: Rule['test'], extra: Partial<Rule> = {}): Rule => guest(id, '28.3.1.1', 'guest-registers', title, test, extra);
const nonReg = (id: string, title: string, test: Rule['test'], extra: Partial<Rule> = {}): Rule =>
  guest(id, '28.3.1.5', 'guest-non-register', title, test, extra);
const link = (id: string, title: string, test: Rule['test'], extra: Partial<Rule> = {}): Rule => nonReg(id, title, test, { qualification: 4, ...extra });

const M64 = (1n << 64n) - 1n;
const LINK_NONE = M64;

/**
 * Bits 63:N of an address are identical, N the linear-address width the CPU supports
 * (SDM 28.3.1.4 for RIP and SSP: not "canonical", which is bits 63:N-1). Identical at 48
 * (bits 63:48) is identical at 57 too; not identical at 57 is not identical at 48; in
 * between, the width is needed.
 */
function upperIdentical(s: Inputs, v: bigint): boolean {
  if (canonicalAt(v, 49)) return true;
  if (!canonicalAt(v, 58)) return false;
  return s.fact('linearWidth') === 57;
}

/** The guest's CS.L (bit 13 of the CS access rights). */
const csL = (s: Inputs): boolean => s.bit('GUEST_CS_AR_BYTES', 13);
/** The guest's SS.DPL (bits 6:5 of the SS access rights) */
const ssDpl = (s: Inputs): bigint => s.bits('GUEST_SS_AR_BYTES', 6, 5);

/** The guest will use PAE paging: CR0.PG = 1, CR4.PAE = 1, "IA-32e mode guest" 0. */
function paePaging(s: Inputs): boolean {
  if (s.ia32e) return false;
  return s.bit('GUEST_CR0', 31) && s.bit('GUEST_CR4', 5);
}

/**
 * Present PDPTEs (P = 1) have reserved bits 2:1, 8:5 and 63:MAXPHYADDR clear (SDM 4.4.1).
 * As canonicalValues: the failures that hold whatever the CPU first, the physical-address
 * width only for addresses in the band where it decides (bits 51:36).
 */
function pdpteProblems(s: Inputs, entries: readonly (string | readonly [string, bigint])[]): string | undefined {
  const out: string[] = [];
  const band: [string, bigint][] = [];
  const beyond = (field: string, v: bigint): string => `${field} ${hex(v)}: a present PDPTE sets bits beyond the physical-address width`;
  for (const entry of entries) {
    const [field, v] = typeof entry === 'string' ? [entry, s.f(entry)] : entry;
    if (!(v & 1n)) continue;
    const rsvd = v & 0x1e6n;
    if (rsvd) out.push(`${field} ${hex(v)}: reserved ${bitsText(rsvd)} set in a present PDPTE`);
    else if (v >> 52n !== 0n || v >> 36n === 0n) {
      if (!s.withinPaw(v)) out.push(beyond(field, v));
    } else band.push([field, v]);
  }
  if (out.length) return out.join('; ');
  return problems(band.map(([field, v]) => (s.withinPaw(v) ? undefined : beyond(field, v))));
}

/** IA32_DEBUGCTL bits the SDM defines (Vol. 4 Table 2-2): 0 LBR, 1 BTF, 2 BLD, 6 TR ... 15 RTM_DEBUG. */
const DEBUGCTL_DEFINED = 0x7n | range(15, 6);
/** IA32_RTIT_CTL bits reserved whatever CPUID leaf 14H enumerates (SDM Table 33-6). */
const RTIT_RESERVED = bit(18) | bit(23) | range(30, 28) | range(54, 48) | range(63, 57);
/** IA32_LBR_CTL bits the SDM defines (architectural LBRs): LBREn, OS, USR, CALL_STACK, branch-type filters 22:16. */
const LBR_CTL_DEFINED = range(3, 0) | range(22, 16);
/** Interruptibility state bits 31:5 are reserved. */
const INTR_RESERVED = range(31, 5);

/** Pending debug exceptions: bits always reserved (10:4, 13, 15, 63:17); bit 11 is BLD on newer CPUs. */
const PENDING_RESERVED = range(10, 4) | bit(13) | bit(15) | range(63, 17);

const FRED = (s: Inputs): boolean => s.entry(23);

export const guestRules: Rule[] = [
  // --- 28.3.1.1 control registers, debug registers, MSRs --------------------------------
  reg('G-01', 'Guest CR0: the fixed bits of IA32_VMX_CR0_FIXED0/1 (PE and PG free under unrestricted guest; NW and CD never checked)', (s) => {
    const skip = (1n << 29n) | (1n << 30n) | (s.ug ? 1n | (1n << 31n) : 0n);
    return crVsFixed(s, 'GUEST_CR0', 'cr0', MSR.CR0_FIXED0, MSR.CR0_FIXED1, skip);
  }, { fix: (s) => fixedBitsFix(s, 'GUEST_CR0', MSR.CR0_FIXED0, MSR.CR0_FIXED1, (1n << 29n) | (1n << 30n) | (s.ug ? 1n | (1n << 31n) : 0n), 'a guest that must run with PE or PG 0 needs the unrestricted-guest control instead') }),
  reg('G-02', 'Guest CR0.PG 1 requires CR0.PE 1', (s) => {
    const cr0 = s.f('GUEST_CR0');
    if ((cr0 >> 31n) & 1n && !(cr0 & 1n)) return `GUEST_CR0 ${hex(cr0)}: PG is 1 but PE is 0`;
  }, { fix: (s) => bitsFix(s, 'GUEST_CR0', 1n, 0n, 'set PE (bit 0): paging needs protected mode', 'or clear PG (bit 31), if the guest is meant to run without paging (needs unrestricted guest)') }),
  reg('G-03', 'Guest CR4: the fixed bits of IA32_VMX_CR4_FIXED0/1', (s) => crVsFixed(s, 'GUEST_CR4', 'cr4', MSR.CR4_FIXED0, MSR.CR4_FIXED1), {
    fix: (s) => fixedBitsFix(s, 'GUEST_CR4', MSR.CR4_FIXED0, MSR.CR4_FIXED1, 0n, 'a feature bit this CPU does not allow cannot be given to the guest; if the guest needs it, run it on a CPU (or a nested model) that has it'),
  }),
  reg('G-04', 'Guest CR4.CET 1 requires CR0.WP 1', (s) => {
    const cr4 = s.f('GUEST_CR4');
    if (!(cr4 & bit(23))) return;
    const cr0 = s.f('GUEST_CR0');
    if (!(cr0 & bit(16))) return `GUEST_CR4 ${hex(cr4)} sets ${bitName('cr4', 23)} but GUEST_CR0 ${hex(cr0)} has ${bitName('cr0', 16)} 0`;
  }),
  reg(
    'G-05',
    'Load debug controls: GUEST_IA32_DEBUGCTL sets no reserved bit',
    (s) => {
      if (!s.entry(2)) return;
      const v = s.f('GUEST_IA32_DEBUGCTL');
      const rsvd = v & ~DEBUGCTL_DEFINED;
      if (rsvd) return `GUEST_IA32_DEBUGCTL ${hex(v)}: reserved ${bitsText(rsvd)} set ("load debug controls" is 1)`;
    },
    {
      decision:
        'Reserved = every bit the SDM does not define (Vol. 4 Table 2-2): 5:3 and 63:16; bits 0-2 (LBR, BTF, BLD) and 6-15 pass. KVM accepts only what the vCPU supports, and a CPU without bus-lock detection may reject bit 2: a guest value can pass here and still fail there.',
    },
  ),
  reg('G-06', 'IA-32e mode guest requires CR0.PG 1 and CR4.PAE 1', (s) => {
    if (!s.ia32e) return;
    const cr0 = s.f('GUEST_CR0');
    const cr4 = s.f('GUEST_CR4');
    return problems([
      cr0 & bit(31) ? undefined : `GUEST_CR0 ${hex(cr0)}: ${bitName('cr0', 31)} is 0`,
      cr4 & bit(5) ? undefined : `GUEST_CR4 ${hex(cr4)}: ${bitName('cr4', 5)} is 0`,
    ])?.concat(' ("IA-32e mode guest" is 1)');
  }, { fix: (s) => allOf(bitsFix(s, 'GUEST_CR0', bit(31), 0n, 'set PG (bit 31): IA-32e mode runs with paging'), bitsFix(s, 'GUEST_CR4', bit(5), 0n, 'set PAE (bit 5): IA-32e mode uses 4- or 5-level paging')) }),
  reg('G-07', 'Not IA-32e mode guest: CR4.PCIDE 0', (s) => {
    if (s.ia32e) return;
    const cr4 = s.f('GUEST_CR4');
    if (cr4 & bit(17)) return `GUEST_CR4 ${hex(cr4)}: ${bitName('cr4', 17)} is 1 but "IA-32e mode guest" is 0`;
  }, { fix: (s) => bitsFix(s, 'GUEST_CR4', 0n, bit(17), 'clear PCIDE (bit 17): PCIDs exist only in IA-32e mode', 'or set "IA-32e mode guest", if the guest is a 64-bit one') }),
  reg('G-08', 'Not IA-32e mode guest: CR4.FRED (bit 32) 0', (s) => {
    if (s.ia32e) return;
    const cr4 = s.f('GUEST_CR4');
    if (cr4 & bit(32)) return `GUEST_CR4 ${hex(cr4)}: ${bitName('cr4', 32)} is 1 but "IA-32e mode guest" is 0`;
  }),
  reg(
    'G-09',
    'Guest CR3: bits 63:52 and bits beyond the physical-address width are 0 (bits 62:61 allowed with LAM)',
    (s) => {
      const v = s.f('GUEST_CR3');
      const high = v & range(63, 52) & ~range(62, 61);
      if (high) return `GUEST_CR3 ${hex(v)}: ${bitsText(high)} set`;
      let rest = v;
      if (v & range(62, 61)) {
        if (!s.fact('lam')) return `GUEST_CR3 ${hex(v)}: ${bitsText(v & range(62, 61))} set (LAM_U57/LAM_U48) on a CPU without linear-address masking`;
        rest = v & ~range(62, 61);
      }
      if (!s.withinPaw(rest)) return `GUEST_CR3 ${hex(v)} sets bits beyond the physical-address width`;
    },
    {
      decision: 'Bits 62:61 (LAM_U57, LAM_U48) are legal only on a CPU with LAM (the fact is asked only when they are set); every other bit at or above MAXPHYADDR fails.',
      fix: (s) => {
        // one reason at a time, as the test: the repair checks again and fixes the next
        const v = s.f('GUEST_CR3');
        const intent = 'the fix keeps the low bits, which is right when the high ones are stray (bit 63, the no-flush bit of MOV to CR3, stored as part of CR3; an unset high half); if the page tables really are at that address, this CPU cannot reach them';
        const high = v & range(63, 52) & ~range(62, 61);
        if (high) return bitsFix(s, 'GUEST_CR3', 0n, high, `clear ${bitsText(high)}: bits 63:52 of CR3 are reserved`, intent);
        if (v & range(62, 61) && !s.fact('lam')) return bitsFix(s, 'GUEST_CR3', 0n, range(62, 61), 'clear bits 62:61 (LAM_U57, LAM_U48): this CPU has no linear-address masking', 'or run the guest on a CPU with LAM, if it uses it');
        const paw = BigInt(s.fact('paw'));
        return bitsFix(s, 'GUEST_CR3', 0n, range(51, Number(paw)), `clear the bits at and above the physical-address width (${paw})`, intent);
      },
    },
  ),
  reg('G-10', 'Load debug controls: DR7 bits 63:32 are 0', (s) => {
    if (!s.entry(2)) return;
    const v = s.f('GUEST_DR7');
    if (v >> 32n) return `GUEST_DR7 ${hex(v)}: bits 63:32 must be 0 ("load debug controls" is 1)`;
  }, { fix: (s) => bitsFix(s, 'GUEST_DR7', 0n, range(63, 32), 'clear DR7 bits 63:32') }),
  reg('G-11', 'GUEST_SYSENTER_ESP and GUEST_SYSENTER_EIP are canonical', (s) => canonicalValues(s, fieldValues(s, ['GUEST_SYSENTER_ESP', 'GUEST_SYSENTER_EIP'])), { fix: (s) => canonicalFix(s, ['GUEST_SYSENTER_ESP', 'GUEST_SYSENTER_EIP']) }),
  reg(
    'G-12',
    'Load IA32_PERF_GLOBAL_CTRL: only bits of implemented counters set',
    (s) => {
      if (!s.entry(13)) return;
      return perfGlobalCtrl(s, 'GUEST_IA32_PERF_GLOBAL_CTRL');
    },
    {
      decision:
        'Bits 31:0 are checked against the general-purpose counters and 47:32 against the fixed counters (CPUID 0AH; the ECX fixed-counter mask of newer CPUs is not modelled), bit 48 (perf metrics) is model-specific, 63:49 always fail; 0 passes without any fact.',
    },
  ),
  reg('G-13', 'Load IA32_PAT: every byte of GUEST_IA32_PAT is a memory type', (s) => {
    if (!s.entry(14)) return;
    const v = s.f('GUEST_IA32_PAT');
    const p = patProblem(v);
    if (p) return `GUEST_IA32_PAT ${hex(v)}: ${p}`;
  }),
  reg(
    'G-14',
    'Load IA32_EFER: GUEST_IA32_EFER sets no reserved bit',
    (s) => {
      if (!s.entry(15)) return;
      const v = s.f('GUEST_IA32_EFER');
      const rsvd = v & ~EFER_DEFINED;
      if (rsvd) return `GUEST_IA32_EFER ${hex(v)}: reserved ${bitsText(rsvd)} set ("load IA32_EFER" is 1)`;
    },
    { decision: 'Reserved = everything but SCE (0), LME (8), LMA (10), NXE (11), the bits Intel defines (mask 0xD01); a CPU with XD disabled also rejects NXE, which is not modelled.' },
  ),
  reg('G-15', 'Load IA32_EFER: EFER.LMA equals "IA-32e mode guest"', (s) => {
    if (!s.entry(15)) return;
    const v = s.f('GUEST_IA32_EFER');
    const lma = (v & bit(10)) !== 0n;
    if (lma !== s.ia32e) return `GUEST_IA32_EFER ${hex(v)}: ${bitName('ia32-efer', 10)} is ${lma ? 1 : 0} but "IA-32e mode guest" is ${s.ia32e ? 1 : 0}`;
  }),
  reg('G-16', 'Load IA32_EFER and CR0.PG 1: EFER.LME equals "IA-32e mode guest"', (s) => {
    if (!s.entry(15)) return;
    if (!s.bit('GUEST_CR0', 31)) return;
    const v = s.f('GUEST_IA32_EFER');
    const lme = (v & bit(8)) !== 0n;
    if (lme !== s.ia32e) return `GUEST_IA32_EFER ${hex(v)}: ${bitName('ia32-efer', 8)} is ${lme ? 1 : 0} but "IA-32e mode guest" is ${s.ia32e ? 1 : 0} (CR0.PG is 1)`;
  }),
  reg('G-17', 'Load IA32_BNDCFGS: bits 11:2 are 0 and the base (bits 63:12) is canonical', (s) => {
    if (!s.entry(16)) return;
    const v = s.f('GUEST_BNDCFGS');
    if (v & range(11, 2)) return `GUEST_BNDCFGS ${hex(v)}: reserved ${bitsText(v & range(11, 2))} set`;
    if (!s.canonical(v & ~0xfffn)) return `GUEST_BNDCFGS ${hex(v)}: the base (bits 63:12) is not canonical`;
  }),
  reg(
    'G-18',
    'Load IA32_RTIT_CTL: GUEST_IA32_RTIT_CTL sets no bit WRMSR would reject',
    (s) => {
      if (!s.entry(18)) return;
      const v = s.f('GUEST_IA32_RTIT_CTL');
      if (v === 0n) return;
      const rsvd = v & RTIT_RESERVED;
      if (rsvd) return `GUEST_IA32_RTIT_CTL ${hex(v)}: reserved ${bitsText(rsvd)} set`;
      s.model('which IA32_RTIT_CTL settings the processor accepts (CPUID leaf 14H: Intel PT capabilities)');
    },
    {
      decision:
        'Bits 18, 23, 30:28, 54:48 and 63:57 are reserved whatever CPUID leaf 14H says and fail; any other nonzero value depends on leaf 14H, which the caps do not carry: not evaluated (model); 0 passes.',
    },
  ),
  reg(
    'G-19',
    'Load CET state: GUEST_S_CET bits 9:6 are 0, not both SUPPRESS (10) and TRACKER (11), and canonical',
    (s) => {
      if (!s.entry(20)) return;
      const v = s.f('GUEST_S_CET');
      const out: string[] = [];
      if (v & range(9, 6)) out.push(`reserved ${bitsText(v & range(9, 6))} set`);
      if ((v & bit(10)) && (v & bit(11))) out.push('bits 10 (SUPPRESS) and 11 (TRACKER) are both 1');
      if (out.length) return `GUEST_S_CET ${hex(v)}: ${out.join('; ')}`;
      if (!s.canonical(v)) return `GUEST_S_CET ${hex(v)} is not canonical`;
    },
    {
      decision:
        'SDM §28.3.1.1 lists IA32_S_CET with IA32_INTERRUPT_SSP_TABLE_ADDR as fields that must be canonical when "load CET state" is 1, and Bochs checks it; KVM\'s nested CET checks (2025) exempt the guest S_CET. We follow the SDM text. Bochs\'s extra "bits 63:32 = 0 outside IA-32e mode" is not in the SDM and is not checked.',
    },
  ),
  reg('G-20', 'Load CET state: GUEST_INTR_SSP_TABLE is canonical', (s) => {
    if (!s.entry(20)) return;
    return canonical(s, 'GUEST_INTR_SSP_TABLE');
  }),
  reg(
    'G-21',
    'Load guest IA32_LBR_CTL: GUEST_IA32_LBR_CTL sets no reserved bit',
    (s) => {
      if (!s.entry(21)) return;
      const v = s.f('GUEST_IA32_LBR_CTL');
      if ((v & ~1n) === 0n) return;
      const rsvd = v & ~LBR_CTL_DEFINED;
      if (rsvd) return `GUEST_IA32_LBR_CTL ${hex(v)}: reserved ${bitsText(rsvd)} set`;
      s.model('which IA32_LBR_CTL bits the processor supports (CPUID leaf 1CH: CPL filtering, branch filtering, call-stack mode)');
    },
    {
      decision:
        'Bits 15:4 and 63:23 are reserved in every enumeration and fail; LBREn (bit 0) alone or 0 passes; the other defined bits depend on CPUID leaf 1CH, which the caps do not carry: not evaluated (model).',
    },
  ),
  reg('G-22', 'Load PKRS: GUEST_IA32_PKRS bits 63:32 are 0', (s) => {
    if (!s.entry(22)) return;
    const v = s.f('GUEST_IA32_PKRS');
    if (v >> 32n) return `GUEST_IA32_PKRS ${hex(v)}: bits 63:32 must be 0`;
  }),
  reg('G-23', 'Load UINV: GUEST_UINV bits 15:8 are 0', (s) => {
    if (!s.entry(19)) return;
    const v = s.f('GUEST_UINV');
    if (v & 0xff00n) return `GUEST_UINV ${hex(v)}: bits 15:8 must be 0`;
  }),
  reg(
    'G-24',
    'Load FRED: GUEST_IA32_FRED_CONFIG bits 2, 5:4 and 11 are 0 and bits 63:12 canonical',
    (s) => {
      if (!FRED(s)) return;
      const v = s.f('GUEST_IA32_FRED_CONFIG');
      const rsvd = v & (bit(2) | range(5, 4) | bit(11));
      if (rsvd) return `GUEST_IA32_FRED_CONFIG ${hex(v)}: reserved ${bitsText(rsvd)} set`;
      if (!s.canonical(v & ~0xfffn)) return `GUEST_IA32_FRED_CONFIG ${hex(v)}: bits 63:12 are not canonical`;
    },
    { decision: 'Applied whenever "load FRED" is 1, as the SDM words it; the KVM FRED series checks the FRED fields only for an IA-32e mode guest (a non-IA-32e guest with CR4.FRED fails G-08 anyway).' },
  ),
  reg('G-25', 'Load FRED: GUEST_IA32_FRED_RSP1-3 are canonical with bits 5:0 0', (s) => {
    if (!FRED(s)) return;
    const [bad, values] = aligned(s, ['GUEST_IA32_FRED_RSP1', 'GUEST_IA32_FRED_RSP2', 'GUEST_IA32_FRED_RSP3'], 6);
    return canonicalValues(s, values, [bad]);
  }),
  reg('G-26', 'Load FRED: GUEST_IA32_FRED_SSP1-3 are canonical with bits 2:0 0', (s) => {
    if (!FRED(s)) return;
    const [bad, values] = aligned(s, ['GUEST_IA32_FRED_SSP1', 'GUEST_IA32_FRED_SSP2', 'GUEST_IA32_FRED_SSP3'], 3);
    return canonicalValues(s, values, [bad]);
  }),

  // --- 28.3.1.3 descriptor-table registers ----------------------------------------------
  guest('D-01', '28.3.1.3', 'guest-descriptor-tables', 'GUEST_GDTR_BASE and GUEST_IDTR_BASE are canonical', (s) => canonicalValues(s, fieldValues(s, ['GUEST_GDTR_BASE', 'GUEST_IDTR_BASE'])), {
    fix: (s) => canonicalFix(s, ['GUEST_GDTR_BASE', 'GUEST_IDTR_BASE']),
  }),
  guest('D-02', '28.3.1.3', 'guest-descriptor-tables', 'GUEST_GDTR_LIMIT and GUEST_IDTR_LIMIT bits 31:16 are 0', (s) =>
    problems(
      ['GUEST_GDTR_LIMIT', 'GUEST_IDTR_LIMIT'].map((f) => {
        const v = s.f(f);
        return v >> 16n ? `${f} ${hex(v)}: bits 31:16 must be 0` : undefined;
      }),
    ), { fix: (s) => allOf(bitsFix(s, 'GUEST_GDTR_LIMIT', 0n, range(31, 16), 'clear bits 31:16: a descriptor-table limit is 16 bits'), bitsFix(s, 'GUEST_IDTR_LIMIT', 0n, range(31, 16), 'clear bits 31:16: a descriptor-table limit is 16 bits')) }
  ),

  // --- 28.3.1.4 RIP, RFLAGS and SSP -------------------------------------------------------
  guest('R-01', '28.3.1.4', 'guest-rip-rflags', 'Not IA-32e mode guest or CS.L 0: RIP bits 63:32 are 0', (s) => {
    if (s.ia32e && csL(s)) return;
    const v = s.f('GUEST_RIP');
    if (v >> 32n) return `GUEST_RIP ${hex(v)}: bits 63:32 must be 0 (${s.ia32e ? 'CS.L is 0' : '"IA-32e mode guest" is 0'})`;
  }, { fix: (s) => bitsFix(s, 'GUEST_RIP', 0n, range(63, 32), 'clear RIP bits 63:32: outside 64-bit mode RIP is 32 bits', 'or, for a 64-bit guest, set "IA-32e mode guest" and CS.L') }),
  guest(
    'R-02',
    '28.3.1.4',
    'guest-rip-rflags',
    'IA-32e mode guest with CS.L 1: RIP bits 63:N identical (N the linear-address width)',
    (s) => {
      if (!s.ia32e || !csL(s)) return;
      const v = s.f('GUEST_RIP');
      if (!upperIdentical(s, v)) return `GUEST_RIP ${hex(v)}: bits 63:N are not all equal (64-bit guest, N the linear-address width)`;
    },
    {
      decision:
        'The SDM requires bits 63:N identical, not a canonical RIP (bits 63:N-1): 0x0000800000000000 passes VM entry with N = 48. N is the width the CPU supports (48, or 57 with LA57), not the guest CR4.LA57; the width is asked only when the answer depends on it.',
    },
  ),
  guest('R-03', '28.3.1.4', 'guest-rip-rflags', 'RFLAGS: bits 63:22, 15, 5 and 3 are 0, bit 1 is 1', (s) => {
    const v = s.f('GUEST_RFLAGS');
    const rsvd = v & (range(63, 22) | bit(15) | bit(5) | bit(3));
    const out: string[] = [];
    if (rsvd) out.push(`reserved ${bitsText(rsvd)} set`);
    if (!(v & 2n)) out.push('bit 1 must be 1');
    if (out.length) return `GUEST_RFLAGS ${hex(v)}: ${out.join('; ')}`;
  }, { fix: (s) => bitsFix(s, 'GUEST_RFLAGS', 2n, range(63, 22) | bit(15) | bit(5) | bit(3), 'set bit 1 and clear the reserved bits of RFLAGS') }),
  guest('R-04', '28.3.1.4', 'guest-rip-rflags', 'RFLAGS.VM 1 only outside IA-32e mode with CR0.PE 1', (s) => {
    if (!s.v86) return;
    const v = s.f('GUEST_RFLAGS');
    if (s.ia32e) return `GUEST_RFLAGS ${hex(v)}: VM is 1 but "IA-32e mode guest" is 1`;
    const cr0 = s.f('GUEST_CR0');
    if (!(cr0 & 1n)) return `GUEST_RFLAGS ${hex(v)}: VM is 1 but GUEST_CR0 ${hex(cr0)} has PE 0`;
  }),
  guest('R-05', '28.3.1.4', 'guest-rip-rflags', 'Injecting an external interrupt: RFLAGS.IF is 1', (s) => {
    const inj = s.injection();
    if (!inj || inj.type !== 0) return;
    const v = s.f('GUEST_RFLAGS');
    if (!(v & bit(9))) return `GUEST_RFLAGS ${hex(v)}: IF is 0 but VM_ENTRY_INTR_INFO_FIELD ${hex(inj.raw)} injects an external interrupt`;
  }, { fix: (s) => bitsFix(s, 'GUEST_RFLAGS', bit(9), 0n, 'set RFLAGS.IF (bit 9)', 'if the guest had interrupts disabled, inject later instead: clear bit 31 of VM_ENTRY_INTR_INFO_FIELD and request an interrupt-window exit') }),
  guest(
    'R-06',
    '28.3.1.4',
    'guest-rip-rflags',
    'Load CET state: SSP bits 1:0 0; bits 63:32 0 unless a 64-bit guest, else bits 63:N identical',
    (s) => {
      if (!s.entry(20)) return;
      const mode64 = s.ia32e && csL(s);
      const v = s.f('GUEST_SSP');
      const out: string[] = [];
      if (v & 3n) out.push('bits 1:0 must be 0');
      if (!mode64 && v >> 32n) out.push(`bits 63:32 must be 0 (${s.ia32e ? 'CS.L is 0' : '"IA-32e mode guest" is 0'})`);
      if (!out.length && mode64 && !upperIdentical(s, v)) out.push('bits 63:N are not all equal (64-bit guest, N the linear-address width)');
      if (out.length) return `GUEST_SSP ${hex(v)}: ${out.join('; ')}`;
    },
    {
      decision:
        'Bits 1:0 = 0 is checked as KVM and Bochs do (KVM\'s CET series reads it from the SDM); the 64-bit case is bits 63:N identical (SDM and KVM), not canonical (Bochs), with N the width the CPU supports.',
    },
  ),

  // --- 28.3.1.5 activity state ------------------------------------------------------------
  nonReg(
    'A-01',
    'Activity state is 0-3 and supported (IA32_VMX_MISC bit 6 HLT, 7 shutdown, 8 wait-for-SIPI)',
    (s) => {
      const v = s.f('GUEST_ACTIVITY_STATE');
      if (v === 0n) return;
      if (v > 3n) return `GUEST_ACTIVITY_STATE ${hex(v)}: not an activity state (0-3)`;
      const n = Number(v) + 5;
      if (!msrBit(s, MSR.MISC, n)) return `GUEST_ACTIVITY_STATE ${hex(v)}: IA32_VMX_MISC ${hex(s.msr(MSR.MISC))} bit ${n} is 0 (the state is not supported)`;
    },
  ),
  nonReg('A-02', 'Activity state HLT requires SS.DPL 0', (s) => {
    if (s.f('GUEST_ACTIVITY_STATE') !== 1n) return;
    const dpl = ssDpl(s);
    if (dpl !== 0n) return `GUEST_ACTIVITY_STATE 0x1 (HLT) but GUEST_SS_AR_BYTES ${hex(s.f('GUEST_SS_AR_BYTES'))} has DPL ${dpl}`;
  }),
  nonReg('A-03', 'Blocking by STI or MOV SS requires the active state', (s) => {
    const intr = s.f('GUEST_INTERRUPTIBILITY_INFO');
    if (!(intr & 3n)) return;
    const act = s.f('GUEST_ACTIVITY_STATE');
    if (act !== 0n) return `GUEST_INTERRUPTIBILITY_INFO ${hex(intr)} blocks by ${intr & 1n ? 'STI' : 'MOV SS'} but GUEST_ACTIVITY_STATE is ${hex(act)}, not active`;
  }),
  nonReg('A-04', 'The injected event is one the activity state allows (HLT: ext. int., NMI, #DB, #MC, MTF; shutdown: NMI, #MC; wait-for-SIPI: none)', (s) => {
    const inj = s.injection();
    if (!inj) return;
    const act = s.f('GUEST_ACTIVITY_STATE');
    const { type, vector } = inj;
    let ok: boolean;
    if (act === 1n) ok = type === 0 || type === 2 || (type === 3 && (vector === 1 || vector === 18)) || (type === 7 && vector === 0);
    else if (act === 2n) ok = type === 2 || (type === 3 && vector === 18);
    else if (act === 3n) ok = false;
    else return;
    const names = ['HLT', 'shutdown', 'wait-for-SIPI'];
    if (!ok) return `VM_ENTRY_INTR_INFO_FIELD ${hex(inj.raw)} (type ${type}, vector ${vector}) cannot be injected in activity state ${act} (${names[Number(act) - 1]})`;
  }),
  nonReg('A-05', 'Entry to SMM: activity state is not wait-for-SIPI', (s) => {
    if (!s.entry(10)) return;
    if (s.f('GUEST_ACTIVITY_STATE') === 3n) return 'GUEST_ACTIVITY_STATE 0x3 (wait-for-SIPI) with "entry to SMM" 1';
  }),

  // --- 28.3.1.5 interruptibility state ----------------------------------------------------
  nonReg('I-01', 'Interruptibility state: bits 31:5 are 0', (s) => {
    const v = s.f('GUEST_INTERRUPTIBILITY_INFO');
    if (v & INTR_RESERVED) return `GUEST_INTERRUPTIBILITY_INFO ${hex(v)}: reserved ${bitsText(v & INTR_RESERVED)} set`;
  }, { fix: (s) => bitsFix(s, 'GUEST_INTERRUPTIBILITY_INFO', 0n, INTR_RESERVED, 'clear the reserved bits 31:5') }),
  nonReg('I-02', 'Interruptibility state: not both blocking by STI and by MOV SS', (s) => {
    const v = s.f('GUEST_INTERRUPTIBILITY_INFO');
    if ((v & 3n) === 3n) return `GUEST_INTERRUPTIBILITY_INFO ${hex(v)}: blocking by STI and by MOV SS both set`;
  }, { fix: (s) => bitsFix(s, 'GUEST_INTERRUPTIBILITY_INFO', 0n, 2n, 'clear blocking by MOV SS (bit 1)', 'or clear blocking by STI (bit 0) instead: only one of the two can be in effect, and which one depends on the instruction the guest last ran') }),
  nonReg('I-03', 'Blocking by STI requires RFLAGS.IF 1', (s) => {
    const v = s.f('GUEST_INTERRUPTIBILITY_INFO');
    if (!(v & 1n)) return;
    const rf = s.f('GUEST_RFLAGS');
    if (!(rf & bit(9))) return `GUEST_INTERRUPTIBILITY_INFO ${hex(v)} blocks by STI but GUEST_RFLAGS ${hex(rf)} has IF 0`;
  }, { fix: (s) => bitsFix(s, 'GUEST_RFLAGS', bit(9), 0n, 'set RFLAGS.IF (bit 9): blocking by STI means STI just set it', 'or clear blocking by STI (bit 0) in GUEST_INTERRUPTIBILITY_INFO, if the guest is not in an STI shadow') }),
  nonReg('I-04', 'Injecting an external interrupt: no blocking by STI or MOV SS', (s) => {
    const inj = s.injection();
    if (!inj || inj.type !== 0) return;
    const v = s.f('GUEST_INTERRUPTIBILITY_INFO');
    if (v & 3n) return `GUEST_INTERRUPTIBILITY_INFO ${hex(v)} blocks by ${v & 1n ? 'STI' : 'MOV SS'} but VM_ENTRY_INTR_INFO_FIELD ${hex(inj.raw)} injects an external interrupt`;
  }),
  nonReg('I-05', 'Injecting an NMI: no blocking by MOV SS', (s) => {
    const inj = s.injection();
    if (!inj || inj.type !== 2) return;
    const v = s.f('GUEST_INTERRUPTIBILITY_INFO');
    if (v & 2n) return `GUEST_INTERRUPTIBILITY_INFO ${hex(v)} blocks by MOV SS but VM_ENTRY_INTR_INFO_FIELD ${hex(inj.raw)} injects an NMI`;
  }),
  nonReg('I-06', 'Blocking by SMI only in SMM', (s) => {
    const v = s.f('GUEST_INTERRUPTIBILITY_INFO');
    if (!(v & 4n)) return;
    if (!s.fact('smm')) return `GUEST_INTERRUPTIBILITY_INFO ${hex(v)} blocks by SMI but the processor is not in SMM`;
  }),
  nonReg('I-07', 'Entry to SMM requires blocking by SMI', (s) => {
    if (!s.entry(10)) return;
    const v = s.f('GUEST_INTERRUPTIBILITY_INFO');
    if (!(v & 4n)) return `GUEST_INTERRUPTIBILITY_INFO ${hex(v)}: blocking by SMI is 0 but "entry to SMM" is 1`;
  }),
  nonReg(
    'I-08',
    'Injecting an NMI under blocking by STI fails on some processors (model-specific)',
    (s) => {
      const inj = s.injection();
      if (!inj || inj.type !== 2) return;
      const v = s.f('GUEST_INTERRUPTIBILITY_INFO');
      if (!(v & 1n)) return;
      s.model(`whether this processor fails VM entry when injecting an NMI with blocking by STI (GUEST_INTERRUPTIBILITY_INFO ${hex(v)}), exit qualification 3`);
    },
    {
      qualification: 3,
      decision: 'The SDM leaves it to the processor model (28.3.1.5, 28.8 qualification 3); Bochs always fails it (qualification 0). Reported not evaluated (model) when the condition holds.',
      fix: (s) => bitsFix(s, 'GUEST_INTERRUPTIBILITY_INFO', 0n, 1n, 'clear blocking by STI (bit 0): the NMI is then delivered at entry', 'or keep the STI shadow and inject the NMI later: clear the valid bit (31) of VM_ENTRY_INTR_INFO_FIELD and use NMI-window exiting'),
    },
  ),
  nonReg('I-09', 'Virtual NMIs and injecting an NMI: no blocking by NMI', (s) => {
    if (!s.pin(5)) return;
    const inj = s.injection();
    if (!inj || inj.type !== 2) return;
    const v = s.f('GUEST_INTERRUPTIBILITY_INFO');
    if (v & 8n) return `GUEST_INTERRUPTIBILITY_INFO ${hex(v)} blocks by NMI but "virtual NMIs" is 1 and VM_ENTRY_INTR_INFO_FIELD ${hex(inj.raw)} injects an NMI`;
  }),
  nonReg('I-10', 'Enclave interruption (bit 4) requires no blocking by MOV SS and a CPU with SGX', (s) => {
    const v = s.f('GUEST_INTERRUPTIBILITY_INFO');
    if (!(v & 16n)) return;
    if (v & 2n) return `GUEST_INTERRUPTIBILITY_INFO ${hex(v)}: enclave interruption with blocking by MOV SS`;
    if (!s.fact('sgx')) return `GUEST_INTERRUPTIBILITY_INFO ${hex(v)}: enclave interruption on a CPU without SGX`;
  }),
  nonReg(
    'I-11',
    'Guest with FRED at CPL 3: no blocking by STI',
    (s) => {
      if (!s.bit('GUEST_CR4', 32) || !s.ia32e) return;
      if (ssDpl(s) !== 3n) return;
      const v = s.f('GUEST_INTERRUPTIBILITY_INFO');
      if (v & 1n) return `GUEST_INTERRUPTIBILITY_INFO ${hex(v)} blocks by STI but the guest uses FRED (CR4.FRED 1) at SS.DPL 3`;
    },
    { decision: 'Applied when the guest will use FRED transitions: CR4.FRED 1 and "IA-32e mode guest" 1 (as the KVM FRED series; CR4.FRED without IA-32e fails G-08).' },
  ),

  // --- 28.3.1.5 pending debug exceptions --------------------------------------------------
  nonReg(
    'PD-01',
    'Pending debug exceptions: bits 10:4, 13, 15 and 63:17 are 0 (bit 11 BLD on CPUs with bus-lock detection)',
    (s) => {
      const v = s.f('GUEST_PENDING_DBG_EXCEPTIONS');
      const rsvd = v & PENDING_RESERVED;
      if (rsvd) return `GUEST_PENDING_DBG_EXCEPTIONS ${hex(v)}: reserved ${bitsText(rsvd)} set`;
      if (v & bit(11)) s.model('whether the processor supports OS bus-lock detection, which defines bit 11 (BLD) of the pending debug exceptions');
    },
    {
      decision:
        'Older SDM text reserves bits 11:4; newer editions define bit 11 (BLD) in Table 26-4 (25-4 in 2022-2024 editions) for CPUs with OS bus-lock detection, so bit 11 is not evaluated (model) rather than failed. Bit 16 (RTM) is left to PD-04 to PD-06; Bochs rejects bits 16 and 11.',
    },
  ),
  nonReg('PD-02', 'Blocking by STI/MOV SS or HLT, RFLAGS.TF 1 and DEBUGCTL.BTF 0: BS (bit 14) is 1', (s) => {
    const intr = s.f('GUEST_INTERRUPTIBILITY_INFO');
    if (!(intr & 3n) && s.f('GUEST_ACTIVITY_STATE') !== 1n) return;
    if (!s.bit('GUEST_RFLAGS', 8)) return;
    if (s.bit('GUEST_IA32_DEBUGCTL', 1)) return;
    const v = s.f('GUEST_PENDING_DBG_EXCEPTIONS');
    if (!(v & bit(14))) return `GUEST_PENDING_DBG_EXCEPTIONS ${hex(v)}: BS is 0 but RFLAGS.TF is 1 and DEBUGCTL.BTF is 0 (${intr & 3n ? 'blocking by STI or MOV SS' : 'HLT'})`;
  }, { fix: (s) => bitsFix(s, 'GUEST_PENDING_DBG_EXCEPTIONS', bit(14), 0n, 'set BS (bit 14): the single-step trap that TF asks for is pending across the STI/MOV SS shadow or HLT', 'or clear RFLAGS.TF (bit 8), if the guest is not being single-stepped') }),
  nonReg('PD-03', 'Blocking by STI/MOV SS or HLT, RFLAGS.TF 0 or DEBUGCTL.BTF 1: BS (bit 14) is 0', (s) => {
    const intr = s.f('GUEST_INTERRUPTIBILITY_INFO');
    if (!(intr & 3n) && s.f('GUEST_ACTIVITY_STATE') !== 1n) return;
    const v = s.f('GUEST_PENDING_DBG_EXCEPTIONS');
    if (!(v & bit(14))) return;
    if (!s.bit('GUEST_RFLAGS', 8)) return `GUEST_PENDING_DBG_EXCEPTIONS ${hex(v)}: BS is 1 but RFLAGS.TF is 0`;
    if (s.bit('GUEST_IA32_DEBUGCTL', 1)) return `GUEST_PENDING_DBG_EXCEPTIONS ${hex(v)}: BS is 1 but DEBUGCTL.BTF is 1`;
  }, { fix: (s) => bitsFix(s, 'GUEST_PENDING_DBG_EXCEPTIONS', 0n, bit(14), 'clear BS (bit 14): no single-step trap is pending without TF (or with BTF)', 'or set RFLAGS.TF (bit 8) and clear DEBUGCTL.BTF, if the guest is being single-stepped') }),
  nonReg('PD-04', 'Pending RTM (bit 16): bits 11:0, 15:13 and 63:17 are 0 and bit 12 is 1', (s) => {
    const v = s.f('GUEST_PENDING_DBG_EXCEPTIONS');
    if (!(v & bit(16))) return;
    const rsvd = v & (range(11, 0) | range(15, 13) | range(63, 17));
    const out: string[] = [];
    if (rsvd) out.push(`${bitsText(rsvd)} must be 0`);
    if (!(v & bit(12))) out.push('bit 12 (enabled breakpoint) must be 1');
    if (out.length) return `GUEST_PENDING_DBG_EXCEPTIONS ${hex(v)}: RTM is 1, so ${out.join(' and ')}`;
  }),
  nonReg('PD-05', 'Pending RTM (bit 16) requires a CPU with RTM', (s) => {
    const v = s.f('GUEST_PENDING_DBG_EXCEPTIONS');
    if (!(v & bit(16))) return;
    if (!s.fact('rtm')) return `GUEST_PENDING_DBG_EXCEPTIONS ${hex(v)}: RTM is 1 on a CPU without RTM`;
  }),
  nonReg('PD-06', 'Pending RTM (bit 16): no blocking by MOV SS', (s) => {
    const v = s.f('GUEST_PENDING_DBG_EXCEPTIONS');
    if (!(v & bit(16))) return;
    const intr = s.f('GUEST_INTERRUPTIBILITY_INFO');
    if (intr & 2n) return `GUEST_PENDING_DBG_EXCEPTIONS ${hex(v)}: RTM is 1 but GUEST_INTERRUPTIBILITY_INFO ${hex(intr)} blocks by MOV SS`;
  }),

  // --- 28.3.1.5 VMCS link pointer (only when not FFFFFFFF_FFFFFFFFH) -------------------------
  link('L-01', 'VMCS link pointer (when not ~0): bits 11:0 are 0', (s) => {
    const v = s.f('VMCS_LINK_POINTER');
    if (v === LINK_NONE) return;
    if (v & 0xfffn) return `VMCS_LINK_POINTER ${hex(v)} is not 4-KByte aligned`;
  }, { fix: (s) => valueFix(s, 'VMCS_LINK_POINTER', (1n << 64n) - 1n, 'all ones: no shadow VMCS', 'if a shadow VMCS is meant, put its 4-KByte-aligned physical address instead') }),
  link('L-02', 'VMCS link pointer (when not ~0): within the physical-address width', (s) => {
    const v = s.f('VMCS_LINK_POINTER');
    if (v === LINK_NONE) return;
    if (!s.withinPaw(v)) return `VMCS_LINK_POINTER ${hex(v)} is beyond the physical-address width`;
  }),
  link('L-03', 'VMCS link pointer (when not ~0): the referenced VMCS has the revision identifier of IA32_VMX_BASIC[30:0]', (s) => {
    const v = s.f('VMCS_LINK_POINTER');
    if (v === LINK_NONE) return;
    const header = s.read(v, 4, `the first 4 bytes at VMCS_LINK_POINTER ${hex(v)} (bits 30:0 must be the VMCS revision identifier)`);
    const revision = s.msr(MSR.BASIC) & 0x7fffffffn;
    if ((header & 0x7fffffffn) !== revision) return `the VMCS at VMCS_LINK_POINTER ${hex(v)} has revision identifier ${hex(header & 0x7fffffffn)}, not ${hex(revision)} (IA32_VMX_BASIC bits 30:0)`;
  }),
  link('L-04', 'VMCS link pointer (when not ~0): the referenced VMCS is a shadow VMCS (bit 31) iff "VMCS shadowing" is 1', (s) => {
    const v = s.f('VMCS_LINK_POINTER');
    if (v === LINK_NONE) return;
    const shadowing = s.proc2(14);
    const header = s.read(v, 4, `the first 4 bytes at VMCS_LINK_POINTER ${hex(v)} (bit 31, the shadow-VMCS indicator, must be ${shadowing ? 1 : 0}, the setting of "VMCS shadowing")`);
    const shadow = (header >> 31n) & 1n;
    if (shadow !== (shadowing ? 1n : 0n)) return `the VMCS at VMCS_LINK_POINTER ${hex(v)} has the shadow-VMCS indicator (bit 31 of ${hex(header)}) ${shadow} but "VMCS shadowing" is ${shadowing ? 1 : 0}`;
  }),
  link(
    'L-05',
    'VMCS link pointer (when not ~0): not the current-VMCS pointer (outside SMM, or with "entry to SMM")',
    (s) => {
      const v = s.f('VMCS_LINK_POINTER');
      if (v === LINK_NONE) return;
      if (!s.entry(10) && s.fact('smm')) return;
      s.memory(`the current-VMCS pointer (processor context), which VMCS_LINK_POINTER ${hex(v)} must differ from`);
    },
    {
      decision:
        'SMM decides whether the rule applies (fact "smm", asked only when "entry to SMM" is 0); the current-VMCS pointer is processor context the facts do not carry, asked for as memory the dump does not hold.',
    },
  ),
  link(
    'L-06',
    'VMCS link pointer (when not ~0): in SMM without "entry to SMM", not the executive-VMCS pointer',
    (s) => {
      const v = s.f('VMCS_LINK_POINTER');
      if (v === LINK_NONE) return;
      if (s.entry(10) || !s.fact('smm')) return;
      s.memory(`the executive-VMCS pointer (processor context, SMM dual-monitor treatment), which VMCS_LINK_POINTER ${hex(v)} must differ from`);
    },
    {
      decision:
        'Applies only in SMM with "entry to SMM" 0 (fact "smm"); the executive-VMCS pointer is processor context the facts do not carry, asked for as memory. Bochs compares with the VMXON pointer (2008 SDM wording); we follow the current SDM.',
    },
  ),

  // --- 28.3.1.6 PDPTEs ----------------------------------------------------------------------
  guest(
    'PT-01',
    '28.3.1.6',
    'guest-pdptes',
    'PAE paging with EPT: GUEST_PDPTR0-3 that are present set no reserved bit (2:1, 8:5, 63:MAXPHYADDR)',
    (s) => {
      if (!paePaging(s) || !s.ept) return;
      return pdpteProblems(s, ['GUEST_PDPTR0', 'GUEST_PDPTR1', 'GUEST_PDPTR2', 'GUEST_PDPTR3']);
    },
    { qualification: 2 },
  ),
  guest(
    'PT-02',
    '28.3.1.6',
    'guest-pdptes',
    'PAE paging without EPT: the four PDPTEs at GUEST_CR3 set no reserved bit',
    (s) => {
      if (!paePaging(s) || s.ept) return;
      const at = s.f('GUEST_CR3') & 0xffffffe0n;
      const entries = [0n, 1n, 2n, 3n].map((i) => s.read(at + 8n * i, 8, `the four PDPTEs at guest-physical ${hex(at)} (GUEST_CR3 bits 31:5)`));
      return pdpteProblems(s, entries.map((v, i) => [`PDPTE${i} at ${hex(at + 8n * BigInt(i))}`, v]));
    },
    { qualification: 2 },
  ),
];

