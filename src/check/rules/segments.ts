/**
 * Checks on the guest segment registers (SDM Vol. 3C 28.3.1.2): selectors, bases, limits
 * and access rights, by guest mode (virtual-8086, real mode under unrestricted guest,
 * protected or IA-32e). A failure is a VM exit with exit reason 33, invalid guest state.
 *
 * Which rules apply (vmentry-checks.md §1.5.2):
 *  - virtual-8086 (RFLAGS.VM = 1): CS, SS, DS, ES, FS, GS must have base = selector × 16,
 *    limit FFFFH and access rights F3H (S-04, S-09, S-10); the access-rights rules S-11…S-24
 *    and the RPL rules do not apply. The 64-bit base checks S-05, S-07, S-08 are checked in
 *    every mode, as the SDM states them (in virtual-8086 mode S-04 implies them).
 *  - otherwise the access-rights rules apply to CS always and to SS, DS, ES, FS, GS when
 *    usable (bit 16 of the access rights 0); the RPL rules (S-03, S-17, S-19) only when
 *    "unrestricted guest" is 0; real mode (CR0.PE = 0, only possible under unrestricted
 *    guest) adds SS.DPL = 0 (S-18).
 *  - TR always, LDTR when usable, in every mode.
 */
import type { Rule } from '../types.js';
import { allOf, bitsFix, canonicalFix, valueFix } from '../fixes.js';
import type { Inputs } from '../inputs.js';
import { canonicalValues, fieldValues, hex, problems } from '../common.js';

const seg = (id: string, title: string, test: Rule['test'], extra: Partial<Rule> = {}): Rule => ({
  id,
  section: '28.3.1.2',
  group: 'guest-segments',
  title,
  failure: 'exit-33',
  test,
  ...extra,
});

type Reg = 'ES' | 'CS' | 'SS' | 'DS' | 'FS' | 'GS' | 'LDTR' | 'TR';

/** The six segment registers, in the SDM's order. */
const SEGMENTS: readonly Reg[] = ['CS', 'SS', 'DS', 'ES', 'FS', 'GS'];
/** The data-segment registers. */
const DATA: readonly Reg[] = ['DS', 'ES', 'FS', 'GS'];

const field = (r: Reg, part: 'SELECTOR' | 'BASE' | 'LIMIT' | 'AR_BYTES'): string => `GUEST_${r}_${part}`;
const arOf = (s: Inputs, r: Reg): bigint => s.f(field(r, 'AR_BYTES'));
const arText = (r: Reg, ar: bigint): string => `${field(r, 'AR_BYTES')} ${hex(ar)}`;

const bit = (v: bigint, n: number): boolean => ((v >> BigInt(n)) & 1n) === 1n;
const usable = (ar: bigint): boolean => !bit(ar, 16);
const typeOf = (ar: bigint): number => Number(ar & 0xfn);
const dplOf = (ar: bigint): number => Number((ar >> 5n) & 3n);
const rplOf = (selector: bigint): number => Number(selector & 3n);

/** Run a check on each register; the failures of all of them, joined. */
function each(regs: readonly Reg[], check: (r: Reg) => string | undefined): string | undefined {
  return problems(regs.map(check));
}

/**
 * A check of the access rights outside virtual-8086 mode: on CS always, on the other
 * registers when usable. Reads RFLAGS first; in virtual-8086 mode the rule passes (S-10
 * checks the access rights there).
 */
function accessRights(s: Inputs, regs: readonly Reg[], check: (r: Reg, ar: bigint) => string | undefined): string | undefined {
  if (s.v86) return undefined;
  return each(regs, (r) => {
    const ar = arOf(s, r);
    if (r !== 'CS' && !usable(ar)) return undefined;
    return check(r, ar);
  });
}

/** G (bit 15) against the limit: limit bits 11:0 not all 1 need G = 0; limit bits 31:20 not all 0 need G = 1. */
function granularity(s: Inputs, r: Reg, ar: bigint): string | undefined {
  const limit = s.f(field(r, 'LIMIT'));
  const g = bit(ar, 15);
  if (g && (limit & 0xfffn) !== 0xfffn) return `${field(r, 'LIMIT')} ${hex(limit)} has a 0 in bits 11:0 but G (bit 15) of ${arText(r, ar)} is 1`;
  if (!g && (limit >> 20n) & 0xfffn) return `${field(r, 'LIMIT')} ${hex(limit)} has a 1 in bits 31:20 but G (bit 15) of ${arText(r, ar)} is 0`;
  return undefined;
}

/** S-32's fix: G as the limit needs it; when no G fits (bits 31:20 set and 11:0 not all 1), the limit is rounded up to a 4-KByte boundary. */
function granularityFix(s: Inputs, r: Reg): ReturnType<NonNullable<Rule['fix']>> {
  const limit = s.f(field(r, 'LIMIT'));
  const arField = field(r, 'AR_BYTES');
  const big = ((limit >> 20n) & 0xfffn) !== 0n;
  const page = (limit & 0xfffn) === 0xfffn;
  if (big && !page)
    return allOf(
      [{ field: field(r, 'LIMIT'), from: limit, to: limit | 0xfffn, why: 'round the limit up to the end of a 4-KByte page (G = 1 counts in pages)', dependsOnIntent: 'a TSS rarely needs more than 1 MByte: if the limit is garbage, set a byte limit such as 0x67 and G = 0 instead' }],
      bitsFix(s, arField, 1n << 15n, 0n, 'set G (bit 15): a limit above 1 MByte is in 4-KByte units'),
    );
  return big ? bitsFix(s, arField, 1n << 15n, 0n, 'set G (bit 15): a limit above 1 MByte is in 4-KByte units') : bitsFix(s, arField, 0n, 1n << 15n, 'clear G (bit 15): the limit has a 0 in bits 11:0, so it is in bytes');
}

/** A fix of the access rights of CS and of each usable register of `regs` ($R in `why` names it). */
function arFix(s: Inputs, regs: readonly Reg[], set: bigint, clear: bigint, why: string): ReturnType<NonNullable<Rule['fix']>> {
  return allOf(...regs.map((r) => (r === 'CS' || usable(arOf(s, r)) ? bitsFix(s, field(r, 'AR_BYTES'), set, clear, why.replace('$R', r)) : undefined)));
}

/**
 * The fix of S-03 and S-16: SS is given CS's privilege level (two bits of `field` at `shift` set to
 * `level`), not the other way round. CS is what the guest code runs with (its descriptor is the one
 * the code was loaded from, and the RIP is in it); SS only has to agree with it (SS.DPL is the CPL).
 */
function ssFollowsCs(s: Inputs, field: string, shift: bigint, level: bigint, what: string, source: string): ReturnType<NonNullable<Rule['fix']>> {
  const mask = 3n << shift;
  const from = s.f(field);
  const to = (from & ~mask) | (level << shift);
  if (to === from) return undefined;
  return [
    {
      field,
      from,
      to,
      why: `set the ${what} of SS to ${level}, ${source}: SS follows CS, which is what the guest code runs with`,
      dependsOnIntent: `if the guest is meant to run at SS's privilege level ${(from & mask) >> shift} instead, change CS (its selector RPL and its DPL) to match SS`,
    },
  ];
}

/** Access-rights bits that must be 0: 11:8 (reserved). */
const RESERVED_11_8 = 0xf00n;
/** Access-rights bits that must be 0: 31:17 (reserved). */
const RESERVED_31_17 = 0xfffe0000n;

export const segmentRules: Rule[] = [
  // --- selector fields -------------------------------------------------------------
  seg('S-01', 'TR selector: TI flag (bit 2) is 0', (s) => {
    const sel = s.f('GUEST_TR_SELECTOR');
    if (sel & 4n) return `GUEST_TR_SELECTOR ${hex(sel)}: TI (bit 2) is 1`;
  }, { fix: (s) => bitsFix(s, 'GUEST_TR_SELECTOR', 0n, 4n, 'clear TI (bit 2): the TSS descriptor is in the GDT') }),
  seg('S-02', 'LDTR selector: TI flag (bit 2) is 0 if LDTR is usable', (s) => {
    const ar = arOf(s, 'LDTR');
    if (!usable(ar)) return;
    const sel = s.f('GUEST_LDTR_SELECTOR');
    if (sel & 4n) return `GUEST_LDTR_SELECTOR ${hex(sel)}: TI (bit 2) is 1 and LDTR is usable (${arText('LDTR', ar)})`;
  }),
  seg('S-03', 'SS selector RPL equals CS selector RPL (not virtual-8086, "unrestricted guest" 0; even if SS is unusable)', (s) => {
    if (s.v86 || s.ug) return;
    const ss = s.f('GUEST_SS_SELECTOR');
    const cs = s.f('GUEST_CS_SELECTOR');
    if (rplOf(ss) !== rplOf(cs)) return `GUEST_SS_SELECTOR ${hex(ss)}: RPL ${rplOf(ss)} differs from the RPL ${rplOf(cs)} of GUEST_CS_SELECTOR ${hex(cs)}`;
  }, { fix: (s) => ssFollowsCs(s, 'GUEST_SS_SELECTOR', 0n, BigInt(rplOf(s.f('GUEST_CS_SELECTOR'))), 'RPL (bits 1:0)', 'the RPL of the CS selector') }),

  // --- base-address fields -----------------------------------------------------------
  seg('S-04', 'Virtual-8086: the base of CS, SS, DS, ES, FS, GS is the selector × 16', (s) => {
    if (!s.v86) return;
    return each(SEGMENTS, (r) => {
      const sel = s.f(field(r, 'SELECTOR'));
      const base = s.f(field(r, 'BASE'));
      if (base !== sel << 4n) return `${field(r, 'BASE')} ${hex(base)} is not ${field(r, 'SELECTOR')} ${hex(sel)} × 16 (${hex(sel << 4n)})`;
      return undefined;
    });
  }),
  seg(
    'S-05',
    'TR, FS, GS bases are canonical (whether usable or not)',
    (s) => canonicalValues(s, fieldValues(s, ['GUEST_TR_BASE', 'GUEST_FS_BASE', 'GUEST_GS_BASE'])),
    { fix: (s) => canonicalFix(s, ['GUEST_TR_BASE', 'GUEST_FS_BASE', 'GUEST_GS_BASE']),
      decision:
        'Checked in every mode, virtual-8086 included, as the SDM states it without a mode condition (Bochs skips FS/GS in virtual-8086 mode, where S-04 already forces a 20-bit base, so the two differ only when S-04 fails too). Canonical means for the widest linear-address width the CPU supports (48, or 57 with 5-level paging), not the guest\'s CR4.LA57.',
    },
  ),
  seg('S-06', 'LDTR base is canonical if LDTR is usable', (s) => {
    if (!usable(arOf(s, 'LDTR'))) return;
    return canonicalValues(s, fieldValues(s, ['GUEST_LDTR_BASE']));
  }),
  seg(
    'S-07',
    'CS base: bits 63:32 are 0',
    (s) => {
      const base = s.f('GUEST_CS_BASE');
      if (base >> 32n) return `GUEST_CS_BASE ${hex(base)}: bits 63:32 are not 0`;
    },
    { fix: (s) => bitsFix(s, 'GUEST_CS_BASE', 0n, 0xffffffff00000000n, 'clear CS base bits 63:32'), decision: 'Checked in every mode, virtual-8086 included, as the SDM states it (in virtual-8086 mode S-04 implies it).' },
  ),
  seg(
    'S-08',
    'SS, DS, ES bases: bits 63:32 are 0 for each register that is usable',
    (s) =>
      each(['SS', 'DS', 'ES'], (r) => {
        const ar = arOf(s, r);
        if (!usable(ar)) return undefined;
        const base = s.f(field(r, 'BASE'));
        return base >> 32n ? `${field(r, 'BASE')} ${hex(base)}: bits 63:32 are not 0 and ${r} is usable` : undefined;
      }),
    { decision: 'Checked in every mode, virtual-8086 included, as the SDM states it (in virtual-8086 mode S-04 implies it).' },
  ),

  // --- limit fields ------------------------------------------------------------------
  seg('S-09', 'Virtual-8086: the limit of CS, SS, DS, ES, FS, GS is 0000FFFFH', (s) => {
    if (!s.v86) return;
    return each(SEGMENTS, (r) => {
      const limit = s.f(field(r, 'LIMIT'));
      return limit !== 0xffffn ? `${field(r, 'LIMIT')} ${hex(limit)} is not 0xffff` : undefined;
    });
  }, { fix: (s) => allOf(...SEGMENTS.map((r) => valueFix(s, field(r, 'LIMIT'), 0xffffn, `${r} limit 0xffff, as virtual-8086 mode has it`))) }),

  // --- access rights, virtual-8086 ------------------------------------------------------
  seg('S-10', 'Virtual-8086: the access rights of CS, SS, DS, ES, FS, GS are 000000F3H (the unusable bit included)', (s) => {
    if (!s.v86) return;
    return each(SEGMENTS, (r) => {
      const ar = arOf(s, r);
      return ar !== 0xf3n ? `${arText(r, ar)} is not 0xf3` : undefined;
    });
  }, { fix: (s) => allOf(...SEGMENTS.map((r) => valueFix(s, field(r, 'AR_BYTES'), 0xf3n, `${r} access rights 0xf3 (read/write accessed data, DPL 3, present), as virtual-8086 mode has them`))) }),

  // --- access rights, not virtual-8086 ---------------------------------------------------
  seg('S-11', 'CS type is 9, 11, 13 or 15 (accessed code); also 3 (read/write accessed data) under "unrestricted guest"', (s) => {
    if (s.v86) return;
    const ar = arOf(s, 'CS');
    const t = typeOf(ar);
    if ([9, 11, 13, 15].includes(t)) return;
    if (t === 3 && s.ug) return;
    return `${arText('CS', ar)}: type ${t} is not ${s.ug ? '3, 9, 11, 13 or 15' : '9, 11, 13 or 15 ("unrestricted guest" is 0)'}`;
  }, {
    // a code segment not yet accessed (8, 10, 12, 14: an SVM guest's or an emulator's CS, sample 104) only needs the accessed bit
    fix: (s) => {
      const t = typeOf(arOf(s, 'CS'));
      return !s.v86 && t >= 8 && (t & 1) === 0 ? bitsFix(s, 'GUEST_CS_AR_BYTES', 1n, 0n, 'set the accessed bit (type bit 0) of CS: the CPU sets it when it loads a segment') : undefined;
    },
  }),
  seg(
    'S-12',
    'SS type is 3 or 7 (read/write accessed data) if SS is usable',
    (s) =>
      accessRights(s, ['SS'], (r, ar) => {
        const t = typeOf(ar);
        return t === 3 || t === 7 ? undefined : `${arText(r, ar)}: type ${t} is not 3 or 7 and SS is usable`;
      }),
    { decision: 'As the SDM: Bochs skips the SS access-rights checks when SS.RPL is 0 in a 64-bit guest with CS.L 1, a leniency the SDM does not have.' },
  ),
  seg('S-13', 'DS, ES, FS, GS: type bit 0 (accessed) is 1 for each usable register', (s) =>
    accessRights(s, DATA, (r, ar) => (ar & 1n ? undefined : `${arText(r, ar)}: type ${typeOf(ar)} is not accessed (bit 0)`)),
    { fix: (s) => allOf(...DATA.map((r) => (usable(arOf(s, r)) ? bitsFix(s, field(r, 'AR_BYTES'), 1n, 0n, `set the accessed bit (type bit 0) of ${r}: the CPU sets it when it loads a segment`) : undefined))) },
  ),
  seg('S-14', 'DS, ES, FS, GS: a usable code segment (type bit 3) is readable (type bit 1)', (s) =>
    accessRights(s, DATA, (r, ar) => (bit(ar, 3) && !bit(ar, 1) ? `${arText(r, ar)}: type ${typeOf(ar)} is code (bit 3) but not readable (bit 1)` : undefined)),
  ),
  seg('S-15', 'S (bit 4) is 1 for CS and for SS, DS, ES, FS, GS when usable', (s) =>
    accessRights(s, SEGMENTS, (r, ar) => (bit(ar, 4) ? undefined : `${arText(r, ar)}: S (bit 4) is 0${r === 'CS' ? '' : ` and ${r} is usable`}`)),
  ),
  seg(
    'S-16',
    'CS DPL: 0 for type 3; equal to SS.DPL for types 9 and 11 (non-conforming); not above SS.DPL for types 13 and 15 (conforming)',
    (s) => {
      if (s.v86) return;
      const cs = arOf(s, 'CS');
      const t = typeOf(cs);
      const dpl = dplOf(cs);
      if (t === 3) return dpl === 0 ? undefined : `${arText('CS', cs)}: type 3 needs DPL 0, DPL is ${dpl}`;
      if (t !== 9 && t !== 11 && t !== 13 && t !== 15) return; // S-11
      const ss = arOf(s, 'SS');
      const ssDpl = dplOf(ss);
      if ((t === 9 || t === 11) && dpl !== ssDpl) return `${arText('CS', cs)}: non-conforming type ${t} with DPL ${dpl}, but the DPL of ${arText('SS', ss)} is ${ssDpl}`;
      if ((t === 13 || t === 15) && dpl > ssDpl) return `${arText('CS', cs)}: conforming type ${t} with DPL ${dpl} above the DPL ${ssDpl} of ${arText('SS', ss)}`;
      return undefined;
    },
    {
      fix: (s) => {
        if (s.v86) return undefined;
        const cs = arOf(s, 'CS');
        const t = typeOf(cs);
        const dpl = dplOf(cs);
        // a CS of type 3 (data: unrestricted guest's real-mode-like CS) has DPL 0: CS itself changes
        if (t === 3) return bitsFix(s, 'GUEST_CS_AR_BYTES', 0n, 0x60n, 'clear the DPL (bits 6:5) of CS: a CS of type 3 (read/write accessed data, possible only under "unrestricted guest") has DPL 0');
        if (t === 9 || t === 11) return ssFollowsCs(s, 'GUEST_SS_AR_BYTES', 5n, BigInt(dpl), 'DPL (bits 6:5)', `the DPL of CS (non-conforming code of type ${t} runs at a CPL equal to its DPL, and SS.DPL is the CPL)`);
        if (t !== 13 && t !== 15) return undefined;
        // conforming code runs at the CPL of its caller, CS.RPL when "unrestricted guest" is 0 (S-03, S-17 then agree)
        const rpl = rplOf(s.f('GUEST_CS_SELECTOR'));
        const to = !s.ug && rpl >= dpl ? rpl : dpl;
        return ssFollowsCs(s, 'GUEST_SS_AR_BYTES', 5n, BigInt(to), 'DPL (bits 6:5)', to === rpl && to !== dpl ? `the RPL of the CS selector (conforming code of type ${t} runs at the CPL of its caller, CS.RPL, which must not be below its DPL ${dpl})` : `the DPL of CS (conforming code of type ${t} needs SS.DPL, the CPL, at least its DPL)`);
      },
      decision:
        'As the SDM (since "unrestricted guest"): CS.DPL is compared with SS.DPL, whether SS is usable or not (SS.DPL is the CPL). KVM\'s emulation of invalid guest state (code_segment_valid) and older Bochs compare CS.DPL with the CS selector RPL instead, the wording of the SDM before unrestricted guest (2008).',
    },
  ),
  seg(
    'S-17',
    'SS DPL equals the SS selector RPL when "unrestricted guest" is 0 (even if SS is unusable)',
    (s) => {
      if (s.v86 || s.ug) return;
      const ar = arOf(s, 'SS');
      const sel = s.f('GUEST_SS_SELECTOR');
      if (dplOf(ar) !== rplOf(sel)) return `${arText('SS', ar)}: DPL ${dplOf(ar)} differs from the RPL ${rplOf(sel)} of GUEST_SS_SELECTOR ${hex(sel)}`;
    },
  ),
  seg(
    'S-18',
    'SS DPL is 0 when the CS type is 3 or guest CR0.PE is 0 (even if SS is unusable)',
    (s) => {
      if (s.v86) return;
      const cs = arOf(s, 'CS');
      let why: string;
      if (typeOf(cs) === 3) why = `the type of ${arText('CS', cs)} is 3`;
      else {
        const cr0 = s.f('GUEST_CR0');
        if (cr0 & 1n) return;
        why = `GUEST_CR0 ${hex(cr0)} has PE (bit 0) 0`;
      }
      const ss = arOf(s, 'SS');
      if (dplOf(ss) !== 0) return `${arText('SS', ss)}: DPL ${dplOf(ss)} must be 0 because ${why}`;
    },
    { decision: 'Applies whether SS is usable or not, as the SDM states it without a usability condition (SS.DPL is always loaded; Bochs does the same).' },
  ),
  seg(
    'S-19',
    'DS, ES, FS, GS: DPL not below the selector RPL when "unrestricted guest" is 0, the register is usable and its type is 0-11 (data or non-conforming code)',
    (s) => {
      if (s.v86 || s.ug) return;
      return each(DATA, (r) => {
        const ar = arOf(s, r);
        if (!usable(ar) || typeOf(ar) > 11) return undefined;
        const sel = s.f(field(r, 'SELECTOR'));
        return dplOf(ar) < rplOf(sel) ? `${arText(r, ar)}: DPL ${dplOf(ar)} is below the RPL ${rplOf(sel)} of ${field(r, 'SELECTOR')} ${hex(sel)} (type ${typeOf(ar)})` : undefined;
      });
    },
    { decision: 'Types 0 to 11 as the SDM says; Bochs tests types below 11 and so lets type 11 (execute/read accessed non-conforming code) through.' },
  ),
  seg('S-20', 'P (bit 7) is 1 for CS and for SS, DS, ES, FS, GS when usable', (s) =>
    accessRights(s, SEGMENTS, (r, ar) => (bit(ar, 7) ? undefined : `${arText(r, ar)}: P (bit 7) is 0${r === 'CS' ? '' : ` and ${r} is usable`}`)), { fix: (s) => arFix(s, SEGMENTS, 1n << 7n, 0n, 'set P (bit 7) of $R') }
  ),
  seg('S-21', 'Access-rights bits 11:8 (reserved) are 0 for CS and for SS, DS, ES, FS, GS when usable', (s) =>
    accessRights(s, SEGMENTS, (r, ar) => (ar & RESERVED_11_8 ? `${arText(r, ar)}: reserved bits 11:8 are not 0` : undefined)), { fix: (s) => arFix(s, SEGMENTS, 0n, RESERVED_11_8, 'clear the reserved bits 11:8 of $R') }
  ),
  seg('S-22', 'CS D/B (bit 14) is 0 in an IA-32e mode guest whose CS.L (bit 13) is 1', (s) => {
    if (s.v86 || !s.ia32e) return;
    const ar = arOf(s, 'CS');
    if (bit(ar, 13) && bit(ar, 14)) return `${arText('CS', ar)}: L (bit 13) and D/B (bit 14) are both 1 in an IA-32e mode guest`;
  }),
  seg('S-23', 'G (bit 15) agrees with the limit for CS and for SS, DS, ES, FS, GS when usable', (s) =>
    accessRights(s, SEGMENTS, (r, ar) => granularity(s, r, ar)), { fix: (s) => allOf(...SEGMENTS.map((r) => (r === 'CS' || usable(arOf(s, r))) && granularity(s, r, arOf(s, r)) ? granularityFix(s, r) : undefined)) }
  ),
  seg(
    'S-24',
    'Access-rights bits 31:17 (reserved) are 0 for CS and for SS, DS, ES, FS, GS when usable',
    (s) => accessRights(s, SEGMENTS, (r, ar) => (ar & RESERVED_31_17 ? `${arText(r, ar)}: reserved bits 31:17 are not 0` : undefined)),
    { fix: (s) => arFix(s, SEGMENTS, 0n, RESERVED_31_17, 'clear the reserved bits 31:17 of $R'),
      decision:
        "An unusable CS (bit 16) is not rejected: the SDM's checks never mention CS's unusable bit, bit 16 lies outside the reserved 31:17, and §28.3.2.2 says what VM entry loads for an unusable CS; Bochs accepts it. KVM\'s emulation of invalid guest state rejects it, a limit of KVM's own emulation, not an SDM check. All other CS checks still apply to such a CS.",
    },
  ),

  // --- FRED --------------------------------------------------------------------------
  seg(
    'S-25',
    'FRED (guest CR4.FRED): SS.DPL is 0 or 3',
    (s) => {
      if (!s.bit('GUEST_CR4', 32)) return;
      const ar = arOf(s, 'SS');
      const dpl = dplOf(ar);
      if (dpl === 1 || dpl === 2) return `${arText('SS', ar)}: DPL ${dpl} with GUEST_CR4.FRED (bit 32) 1`;
    },
    { decision: 'Applies when guest CR4.FRED is 1, as §28.3.1.2 words it and Bochs does; the KVM FRED patch series also requires IA-32e mode guest, but CR4.FRED without it already fails G-08.' },
  ),
  seg(
    'S-26',
    'FRED (guest CR4.FRED): SS.DPL 0 requires CS.L 1 (no compatibility mode at CPL 0)',
    (s) => {
      if (!s.bit('GUEST_CR4', 32)) return;
      const ss = arOf(s, 'SS');
      if (dplOf(ss) !== 0) return;
      const cs = arOf(s, 'CS');
      if (!bit(cs, 13)) return `${arText('CS', cs)}: L (bit 13) is 0 with SS.DPL 0 (${arText('SS', ss)}) and GUEST_CR4.FRED (bit 32) 1`;
    },
    { decision: 'Applies when guest CR4.FRED is 1 (see S-25).' },
  ),
  seg(
    'S-27',
    'FRED (guest CR4.FRED): SS.DPL 3 requires RFLAGS.IOPL 0',
    (s) => {
      if (!s.bit('GUEST_CR4', 32)) return;
      const ss = arOf(s, 'SS');
      if (dplOf(ss) !== 3) return;
      const iopl = s.bits('GUEST_RFLAGS', 13, 12);
      if (iopl) return `GUEST_RFLAGS ${hex(s.f('GUEST_RFLAGS'))}: IOPL ${iopl} with SS.DPL 3 (${arText('SS', ss)}) and GUEST_CR4.FRED (bit 32) 1`;
    },
    { decision: 'Applies when guest CR4.FRED is 1 (see S-25).' },
  ),

  // --- TR ------------------------------------------------------------------------------
  seg(
    'S-28',
    'TR type is 11 (busy 32/64-bit TSS), or 3 (busy 16-bit TSS) when the guest is not IA-32e mode',
    (s) => {
      const ar = arOf(s, 'TR');
      const t = typeOf(ar);
      if (t === 11) return;
      if (t === 3) return s.ia32e ? `${arText('TR', ar)}: type 3 (16-bit busy TSS) in an IA-32e mode guest (VM_ENTRY_CONTROLS bit 9), which needs type 11` : undefined;
      return `${arText('TR', ar)}: type ${t} is not a busy TSS (3 or 11)`;
    },
    {
      decision: 'As the SDM: IA-32e mode guests need type 11; KVM\'s emulation of invalid guest state (tr_valid) accepts 3 or 11 whatever the mode.',
      fix: (s) => bitsFix(s, 'GUEST_TR_AR_BYTES', 11n, 0xfn & ~11n, 'TR type 11: a busy 32/64-bit TSS (an available TSS, type 9, becomes busy when loaded)'),
    },
  ),
  seg('S-29', 'TR S (bit 4) is 0 (system descriptor)', (s) => {
    const ar = arOf(s, 'TR');
    if (bit(ar, 4)) return `${arText('TR', ar)}: S (bit 4) is 1`;
  }, { fix: (s) => bitsFix(s, 'GUEST_TR_AR_BYTES', 0n, 1n << 4n, 'clear S (bit 4): a TSS is a system descriptor') }),
  seg('S-30', 'TR P (bit 7) is 1', (s) => {
    const ar = arOf(s, 'TR');
    if (!bit(ar, 7)) return `${arText('TR', ar)}: P (bit 7) is 0`;
  }, { fix: (s) => bitsFix(s, 'GUEST_TR_AR_BYTES', 1n << 7n, 0n, 'set P (bit 7): TR must be present') }),
  seg('S-31', 'TR access-rights bits 11:8 (reserved) are 0', (s) => {
    const ar = arOf(s, 'TR');
    if (ar & RESERVED_11_8) return `${arText('TR', ar)}: reserved bits 11:8 are not 0`;
  }, { fix: (s) => bitsFix(s, 'GUEST_TR_AR_BYTES', 0n, RESERVED_11_8, 'clear the reserved bits 11:8') }),
  seg('S-32', 'TR G (bit 15) agrees with the limit', (s) => granularity(s, 'TR', arOf(s, 'TR')), { fix: (s) => granularityFix(s, 'TR') }),
  seg('S-33', 'TR is usable (access-rights bit 16 is 0)', (s) => {
    const ar = arOf(s, 'TR');
    if (!usable(ar)) return `${arText('TR', ar)}: unusable (bit 16) is 1`;
  }, { fix: (s) => bitsFix(s, 'GUEST_TR_AR_BYTES', 0n, 1n << 16n, 'clear unusable (bit 16): VM entry needs a usable TR, even for a guest that never switches tasks', 'TR must then describe a real TSS: check its base, limit and type too') }),
  seg('S-34', 'TR access-rights bits 31:17 (reserved) are 0', (s) => {
    const ar = arOf(s, 'TR');
    if (ar & RESERVED_31_17) return `${arText('TR', ar)}: reserved bits 31:17 are not 0`;
  }, { fix: (s) => bitsFix(s, 'GUEST_TR_AR_BYTES', 0n, RESERVED_31_17, 'clear the reserved bits 31:17') }),

  // --- LDTR (when usable) -------------------------------------------------------------
  seg('S-35', 'LDTR type is 2 (LDT) if LDTR is usable', (s) => {
    const ar = arOf(s, 'LDTR');
    if (usable(ar) && typeOf(ar) !== 2) return `${arText('LDTR', ar)}: type ${typeOf(ar)} is not 2 (LDT) and LDTR is usable`;
  }),
  seg('S-36', 'LDTR S (bit 4) is 0 if LDTR is usable', (s) => {
    const ar = arOf(s, 'LDTR');
    if (usable(ar) && bit(ar, 4)) return `${arText('LDTR', ar)}: S (bit 4) is 1 and LDTR is usable`;
  }),
  seg('S-37', 'LDTR P (bit 7) is 1 if LDTR is usable', (s) => {
    const ar = arOf(s, 'LDTR');
    if (usable(ar) && !bit(ar, 7)) return `${arText('LDTR', ar)}: P (bit 7) is 0 and LDTR is usable`;
  }),
  seg('S-38', 'LDTR access-rights bits 11:8 (reserved) are 0 if LDTR is usable', (s) => {
    const ar = arOf(s, 'LDTR');
    if (usable(ar) && ar & RESERVED_11_8) return `${arText('LDTR', ar)}: reserved bits 11:8 are not 0 and LDTR is usable`;
  }),
  seg('S-39', 'LDTR G (bit 15) agrees with the limit if LDTR is usable', (s) => {
    const ar = arOf(s, 'LDTR');
    if (usable(ar)) return granularity(s, 'LDTR', ar);
  }),
  seg('S-40', 'LDTR access-rights bits 31:17 (reserved) are 0 if LDTR is usable', (s) => {
    const ar = arOf(s, 'LDTR');
    if (usable(ar) && ar & RESERVED_31_17) return `${arText('LDTR', ar)}: reserved bits 31:17 are not 0 and LDTR is usable`;
  }),
];

