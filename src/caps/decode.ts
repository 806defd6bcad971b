/**
 * Decoding and comparing VMX capability MSRs (SDM Vol. 3D, Appendix A): structured data
 * only, no prose. The renderers (src/render/caps.ts) turn it into text or JSON.
 *
 * Control words: bits 31:0 of a split MSR are the allowed 0-settings (1 = the control must
 * be 1), bits 63:32 the allowed 1-settings (0 = the control must be 0). When IA32_VMX_BASIC
 * bit 55 is 1 the TRUE MSRs (48DH-490H) govern, and a bit the legacy MSR forces but the TRUE
 * MSR leaves free is a "default 1" bit that may be cleared. The tertiary controls, the
 * secondary VM-exit controls and the VM functions are plain 64-bit allowed-1 bitmaps.
 *
 * Control-bit and CR-bit names come from the layouts of fields.json; the EPT/VPID bit names
 * follow bit-catalog §5.
 */
import { layouts, bitRange } from '../bits/layouts.js';
import { MSR, msrName, type Caps, type CapsFormat, type CpuFacts } from './types.js';

const M32 = 0xffffffffn;
const M64 = (1n << 64n) - 1n;

/** The classes of a control bit (SDM Appendix A.3), as the words `vmcs caps` prints. */
export const CLASS = {
  can: 'can be 0 or 1',
  forced: 'must be 1 (forced)',
  no: 'must be 0 (not supported)',
  default1: 'default 1, may be 0 (TRUE MSR)',
  unknown: 'unknown',
} as const;
/** A control bit's class: one of the values of `CAPS_CLASS`. */
export type BitClass = (typeof CLASS)[keyof typeof CLASS];

/** The classes of a CR0/CR4 bit under the FIXED0/FIXED1 MSRs (SDM Appendix A.7, A.8). */
export const CR_CLASS = { must1: 'must be 1', flexible: 'may be 0 or 1', must0: 'must be 0', unknown: 'unknown' } as const;
/** A CR0/CR4 bit's class: one of the values of `CAPS_CR_CLASS`. */
export type CrClass = (typeof CR_CLASS)[keyof typeof CR_CLASS];

/** Whether a capability MSR's value is known whole (`present`), in part (rebuilt from vmxcap output) or not at all. */
export type MsrStatus = 'present' | 'partial' | 'absent';

/** Why an MSR is absent: the CPU does not implement it (its enabling bit is 0), or the source did not give it. */
export interface AbsentInfo {
  reason: 'not-implemented' | 'not-in-source';
  /** The MSR exists only if one of these bits of another MSR is 1 (SDM Appendix A). */
  dependsOn?: { msr: number; bits: number[] };
}

/** One capability MSR of a report: index, name, value (null when absent), and which bits are known. */
export interface MsrEntry {
  index: number;
  name: string;
  value: bigint | null;
  status: MsrStatus;
  /** For a partial MSR (rebuilt from vmxcap): the bits whose value is known. */
  known?: bigint;
  absent?: AbsentInfo;
}

/** IA32_VMX_BASIC decoded (SDM Appendix A.1): revision id, region size, memory type, TRUE MSRs... */
export interface BasicReport {
  value: bigint;
  /** Bits of the value that are known (all 64 unless rebuilt from vmxcap) */
  known: bigint;
  /** 30:0 */
  revisionId: number | null;
  /** 44:32, bytes */
  vmcsSize: number | null;
  /** 48: VMXON/VMCS/MSR-bitmap... addresses limited to 32 bits */
  physAddr32: boolean | null;
  /** 49 */
  dualMonitor: boolean | null;
  /** 53:50 */
  memoryType: number | null;
  memoryTypeName: 'UC' | 'WB' | null;
  /** 54 */
  insOutsInfo: boolean | null;
  /** 55 */
  trueControls: boolean | null;
  /** 56: VM entry may deliver hardware exceptions with or without an error code */
  noErrorCodeCheck: boolean | null;
  /** 58 */
  nestedException: boolean | null;
}

/** Which VMX controls: pin-based, primary, secondary and tertiary processor-based, primary and secondary exit, entry, VM functions. */
export type ControlId = 'pin' | 'proc' | 'proc2' | 'proc3' | 'exit' | 'exit2' | 'entry' | 'vmfunc';

/** One control bit: its number, name and class. */
export interface ControlBitReport {
  bit: number;
  name: string;
  id?: string;
  reserved: boolean;
  default1: boolean;
  class: BitClass;
  /** The MSRs say the bit must be 1 and must be 0: no setting is valid. */
  inconsistent?: true;
}

/** One set of controls decoded from its capability MSR (and the TRUE one): every bit with its class. */
export interface ControlReport {
  id: ControlId;
  title: string;
  /** Layout id in fields.json */
  layout: string;
  kind: 'split' | 'allowed1';
  msr: number;
  msrName: string;
  value: bigint | null;
  trueMsr?: number;
  trueValue?: bigint | null;
  /** The classification reads the TRUE MSR */
  usesTrue: boolean;
  status: MsrStatus;
  absent?: AbsentInfo;
  /** 32-bit words: every bit; 64-bit words: the named bits and any other bit that may be 1 */
  bits: ControlBitReport[];
  /** Effective masks: bits that must be 1, bits that may be 1, bits whose setting is unknown */
  mustBe1: bigint;
  mayBe1: bigint;
  unknown: bigint;
}

/** IA32_VMX_MISC decoded (SDM Appendix A.6): preemption-timer rate, activity states, CR3 targets, MSR-list size... */
export interface MiscReport {
  value: bigint;
  known: bigint;
  /** 4:0: the timer counts down by 1 each time TSC bit N changes */
  preemptionTimerRate: number | null;
  /** 5 */
  storeLma: boolean | null;
  /** 6, 7, 8 */
  activityHlt: boolean | null;
  activityShutdown: boolean | null;
  activityWaitForSipi: boolean | null;
  /** 14 */
  ptInVmx: boolean | null;
  /** 15 */
  smbaseRead: boolean | null;
  /** 24:16 */
  cr3Targets: number | null;
  /** 27:25 as recommended entries: 512 * (N + 1) */
  maxMsrListEntries: number | null;
  /** 28 */
  smmMonitorCtlBit2: boolean | null;
  /** 29 */
  vmwriteAnyField: boolean | null;
  /** 30 */
  zeroLengthInjection: boolean | null;
  /** 63:32 */
  msegRevision: number | null;
}

/** One bit of CR0 or CR4 and its class under the fixed-bit MSRs. */
export interface CrBitReport {
  bit: number;
  name: string;
  id?: string;
  reserved: boolean;
  class: CrClass;
  /** CR0.PE and CR0.PG: a guest with "unrestricted guest" may clear them despite FIXED0 */
  relaxedByUnrestrictedGuest?: true;
}

/** CR0 or CR4 under IA32_VMX_CRn_FIXED0/FIXED1: the bits that must be 1 and 0, and each named bit's class. */
export interface CrFixedReport {
  register: 'CR0' | 'CR4';
  fixed0: bigint | null;
  fixed1: bigint | null;
  /** Every bit the layout names, and any reserved bit that is not "must be 0" */
  bits: CrBitReport[];
  mustBe1: bigint;
  mustBe0: bigint;
  flexible: bigint;
  unknown: bigint;
}

/** IA32_VMX_VMCS_ENUM decoded: the highest field index (bits 9:1). */
export interface VmcsEnumReport {
  value: bigint;
  /** 9:1 */
  highestIndex: number | null;
}

/** One bit of IA32_VMX_EPT_VPID_CAP, and whether it is set (null when the source does not say). */
export interface EptBitReport {
  bit: number;
  name: string;
  id: string;
  supported: boolean | null;
}

/** IA32_VMX_EPT_VPID_CAP decoded: each capability bit, and the maximum HLAT prefix size. */
export interface EptVpidReport {
  value: bigint;
  known: bigint;
  bits: EptBitReport[];
  /** 53:48, maximum HLAT prefix size */
  hlatPrefixSize: number | null;
}

/** The codes of the problems `decodeCaps()` finds in a set of MSRs (an impossible combination, a missing MSR...). */
export type CapsProblemCode =
  | 'reserved-bits-set'
  | 'unnamed-bits-set'
  | 'inconsistent-bits'
  | 'true-msr-missing'
  | 'true-msr-ignored'
  | 'true-msr-mismatch'
  | 'default1-not-forced'
  | 'bad-vmcs-size'
  | 'bad-memory-type';

/** Something odd in the MSR values themselves (not in how they were read). */
export interface CapsProblem {
  code: CapsProblemCode;
  msr: number;
  word?: ControlId;
  /** With `word`: control bits (0-31 of the control word); without: bits of the MSR */
  bits?: number[];
  value?: bigint;
}

/** The result of `decodeCaps()`. */
export interface CapsReport {
  source: string;
  cpu?: string;
  citation?: string;
  assumed?: string;
  format?: CapsFormat;
  facts: CpuFacts;
  msrs: MsrEntry[];
  basic: BasicReport | null;
  controls: ControlReport[];
  misc: MiscReport | null;
  cr0: CrFixedReport;
  cr4: CrFixedReport;
  vmcsEnum: VmcsEnumReport | null;
  eptVpid: EptVpidReport | null;
  problems: CapsProblem[];
}

// --- helpers ---------------------------------------------------------------------------

function bitOf(v: bigint, n: number): boolean {
  return ((v >> BigInt(n)) & 1n) === 1n;
}

function field(v: bigint, hi: number, lo: number): bigint {
  return (v >> BigInt(lo)) & ((1n << BigInt(hi - lo + 1)) - 1n);
}

function maskOf(hi: number, lo: number): bigint {
  return ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);
}

export function bitsOf(v: bigint): number[] {
  const out: number[] = [];
  for (let i = 0; v > 0n; i++, v >>= 1n) if (v & 1n) out.push(i);
  return out;
}

/** Reads one MSR of a Caps: its value and the bits of it that are known. */
class Reader {
  constructor(readonly caps: Caps) {}
  value(index: number): bigint | undefined {
    return this.caps.msrs.get(index);
  }
  known(index: number): bigint {
    if (!this.caps.msrs.has(index)) return 0n;
    return this.caps.known?.get(index) ?? M64;
  }
  /** true/false when the bit is known, null when the MSR is absent or the bit unknown */
  bit(index: number, n: number): boolean | null {
    const v = this.value(index);
    if (v === undefined || !bitOf(this.known(index), n)) return null;
    return bitOf(v, n);
  }
  /** bits hi:lo as a number, null unless all of them are known */
  num(index: number, hi: number, lo: number): number | null {
    const v = this.value(index);
    const m = maskOf(hi, lo);
    if (v === undefined || (this.known(index) & m) !== m) return null;
    return Number(field(v, hi, lo));
  }
}

/**
 * When an MSR exists (SDM Appendix A): the secondary, tertiary and secondary-exit control
 * MSRs, EPT/VPID and VMFUNC only if their activating control may be 1; the TRUE MSRs only if
 * IA32_VMX_BASIC bit 55 is 1.
 */
const DEPENDS: Partial<Record<number, { msr: number; bits: number[] }>> = {
  [MSR.PROCBASED_CTLS2]: { msr: MSR.PROCBASED_CTLS, bits: [63] },
  [MSR.PROCBASED_CTLS3]: { msr: MSR.PROCBASED_CTLS, bits: [49] },
  [MSR.EXIT_CTLS2]: { msr: MSR.EXIT_CTLS, bits: [63] },
  [MSR.EPT_VPID_CAP]: { msr: MSR.PROCBASED_CTLS2, bits: [33, 37] },
  [MSR.VMFUNC]: { msr: MSR.PROCBASED_CTLS2, bits: [45] },
  [MSR.TRUE_PINBASED_CTLS]: { msr: MSR.BASIC, bits: [55] },
  [MSR.TRUE_PROCBASED_CTLS]: { msr: MSR.BASIC, bits: [55] },
  [MSR.TRUE_EXIT_CTLS]: { msr: MSR.BASIC, bits: [55] },
  [MSR.TRUE_ENTRY_CTLS]: { msr: MSR.BASIC, bits: [55] },
};

/**
 * Whether the CPU implements an MSR, from the MSRs it depends on: true, false, or null when
 * that cannot be told (the MSR it depends on is absent or its bits unknown).
 */
export function msrImplemented(caps: Caps, index: number): boolean | null {
  const r = new Reader(caps);
  const dep = DEPENDS[index];
  if (!dep) return true;
  // An MSR that is itself not implemented implements nothing that depends on it.
  if (dep.msr !== MSR.BASIC && !caps.msrs.has(dep.msr) && msrImplemented(caps, dep.msr) === false) return false;
  let unknown = false;
  for (const b of dep.bits) {
    const v = r.bit(dep.msr, b);
    if (v === true) return true;
    if (v === null) unknown = true;
  }
  return unknown ? null : false;
}

function absentInfo(caps: Caps, index: number): AbsentInfo {
  const dep = DEPENDS[index];
  const implemented = msrImplemented(caps, index);
  const info: AbsentInfo = { reason: implemented === false ? 'not-implemented' : 'not-in-source' };
  if (dep) info.dependsOn = { msr: dep.msr, bits: [...dep.bits] };
  return info;
}

function msrEntry(caps: Caps, index: number): MsrEntry {
  const value = caps.msrs.get(index);
  const name = msrName(index);
  if (value === undefined) return { index, name, value: null, status: 'absent', absent: absentInfo(caps, index) };
  const known = caps.known?.get(index);
  if (known !== undefined && known !== M64) return { index, name, value, status: 'partial', known };
  return { index, name, value, status: 'present' };
}

// --- IA32_VMX_BASIC ----------------------------------------------------------------------

const BASIC_RESERVED = (1n << 31n) | maskOf(47, 45) | (1n << 57n) | maskOf(63, 59);

function decodeBasic(r: Reader, problems: CapsProblem[]): BasicReport | null {
  const i = MSR.BASIC;
  const value = r.value(i);
  if (value === undefined) return null;
  const known = r.known(i);
  const b = (n: number): boolean | null => r.bit(i, n);
  const memoryType = r.num(i, 53, 50);
  const vmcsSize = r.num(i, 44, 32);
  const rep: BasicReport = {
    value,
    known,
    revisionId: r.num(i, 30, 0),
    vmcsSize,
    physAddr32: b(48),
    dualMonitor: b(49),
    memoryType,
    memoryTypeName: memoryType === 0 ? 'UC' : memoryType === 6 ? 'WB' : null,
    insOutsInfo: b(54),
    trueControls: b(55),
    noErrorCodeCheck: b(56),
    nestedException: b(58),
  };
  const reserved = value & known & BASIC_RESERVED;
  if (reserved) problems.push({ code: 'reserved-bits-set', msr: i, bits: bitsOf(reserved) });
  if (vmcsSize !== null && (vmcsSize === 0 || vmcsSize > 4096)) problems.push({ code: 'bad-vmcs-size', msr: i, value: BigInt(vmcsSize) });
  if (memoryType !== null && memoryType !== 0 && memoryType !== 6) problems.push({ code: 'bad-memory-type', msr: i, value: BigInt(memoryType) });
  return rep;
}

// --- control words -------------------------------------------------------------------------

interface ControlSpec {
  id: ControlId;
  layout: string;
  kind: 'split' | 'allowed1';
  msr: number;
  trueMsr?: number;
}

export const CONTROL_SPECS: readonly ControlSpec[] = [
  { id: 'pin', layout: 'pin-based', kind: 'split', msr: MSR.PINBASED_CTLS, trueMsr: MSR.TRUE_PINBASED_CTLS },
  { id: 'proc', layout: 'proc-based-primary', kind: 'split', msr: MSR.PROCBASED_CTLS, trueMsr: MSR.TRUE_PROCBASED_CTLS },
  { id: 'proc2', layout: 'proc-based-secondary', kind: 'split', msr: MSR.PROCBASED_CTLS2 },
  { id: 'proc3', layout: 'proc-based-tertiary', kind: 'allowed1', msr: MSR.PROCBASED_CTLS3 },
  { id: 'exit', layout: 'vm-exit-controls', kind: 'split', msr: MSR.EXIT_CTLS, trueMsr: MSR.TRUE_EXIT_CTLS },
  { id: 'exit2', layout: 'vm-exit-controls-secondary', kind: 'allowed1', msr: MSR.EXIT_CTLS2 },
  { id: 'entry', layout: 'vm-entry-controls', kind: 'split', msr: MSR.ENTRY_CTLS, trueMsr: MSR.TRUE_ENTRY_CTLS },
  { id: 'vmfunc', layout: 'vm-function-controls', kind: 'allowed1', msr: MSR.VMFUNC },
];

interface NamedBit {
  bit: number;
  name: string;
  id?: string;
  reserved: boolean;
  default1: boolean;
}

/** The bits of a layout, one entry per bit (ranges expanded), for bits 0..width-1. */
function layoutBits(layoutId: string, width: number): Map<number, NamedBit> {
  const out = new Map<number, NamedBit>();
  const layout = layouts[layoutId];
  if (!layout) return out;
  for (const b of layout.bits) {
    const [hi, lo] = bitRange(b.bits);
    for (let n = lo; n <= Math.min(hi, width - 1); n++) {
      const e: NamedBit = { bit: n, name: b.name, reserved: b.reserved === true, default1: b.default1 === true };
      if (b.id !== undefined && hi === lo) e.id = b.id;
      out.set(n, e);
    }
  }
  return out;
}

function classifySplit(n: number, lo: bigint, hi: bigint, knownLo: bigint, knownHi: bigint, legacyLo: bigint | null): { cls: BitClass; inconsistent: boolean } {
  if (!bitOf(knownLo, n) || !bitOf(knownHi, n)) return { cls: CLASS.unknown, inconsistent: false };
  const must1 = bitOf(lo, n);
  const may1 = bitOf(hi, n);
  if (must1 && !may1) return { cls: CLASS.forced, inconsistent: true };
  if (must1) return { cls: CLASS.forced, inconsistent: false };
  if (!may1) return { cls: CLASS.no, inconsistent: false };
  if (legacyLo !== null && bitOf(legacyLo, n)) return { cls: CLASS.default1, inconsistent: false };
  return { cls: CLASS.can, inconsistent: false };
}

function decodeControl(spec: ControlSpec, caps: Caps, r: Reader, basic: BasicReport | null, problems: CapsProblem[]): ControlReport {
  const width = spec.kind === 'split' ? 32 : 64;
  const named = layoutBits(spec.layout, width);
  const value = r.value(spec.msr);
  const rep: ControlReport = {
    id: spec.id,
    title: layouts[spec.layout]?.title ?? spec.layout,
    layout: spec.layout,
    kind: spec.kind,
    msr: spec.msr,
    msrName: msrName(spec.msr),
    value: value ?? null,
    usesTrue: false,
    status: msrEntry(caps, spec.msr).status,
    bits: [],
    mustBe1: 0n,
    mayBe1: 0n,
    unknown: 0n,
  };
  if (spec.trueMsr !== undefined) {
    rep.trueMsr = spec.trueMsr;
    rep.trueValue = r.value(spec.trueMsr) ?? null;
  }
  const wordMask = width === 32 ? M32 : M64;

  if (value === undefined) {
    rep.absent = absentInfo(caps, spec.msr);
    const cls = rep.absent.reason === 'not-implemented' ? CLASS.no : CLASS.unknown;
    for (const [n, nb] of named) {
      if (width === 64 && nb.reserved) continue;
      rep.bits.push({ ...nb, class: cls });
    }
    rep.bits.sort((a, b) => a.bit - b.bit);
    if (cls === CLASS.unknown) rep.unknown = wordMask;
    return rep;
  }

  const name = (n: number): NamedBit => named.get(n) ?? { bit: n, name: 'Reserved', reserved: true, default1: false };

  if (spec.kind === 'allowed1') {
    const known = r.known(spec.msr);
    rep.mayBe1 = value & known;
    rep.unknown = ~known & M64;
    for (let n = 0; n < 64; n++) {
      const nb = name(n);
      const k = bitOf(known, n);
      const set = bitOf(value, n);
      if (nb.reserved && !(k && set)) continue;
      rep.bits.push({ ...nb, class: !k ? CLASS.unknown : set ? CLASS.can : CLASS.no });
    }
    const reserved = value & known & bitsMask([...named.values()].filter((b) => b.reserved).map((b) => b.bit));
    if (reserved) problems.push({ code: 'reserved-bits-set', msr: spec.msr, word: spec.id, bits: bitsOf(reserved) });
    return rep;
  }

  // Split MSR: choose the TRUE MSR when BASIC[55] says it exists.
  const trueValue = spec.trueMsr !== undefined ? r.value(spec.trueMsr) : undefined;
  const basic55 = basic?.trueControls ?? null;
  let useTrue = false;
  if (spec.trueMsr !== undefined) {
    if (trueValue !== undefined && basic55 !== false) useTrue = true;
    else if (trueValue !== undefined && basic55 === false) problems.push({ code: 'true-msr-ignored', msr: spec.trueMsr, word: spec.id });
    else if (trueValue === undefined && basic55 === true) problems.push({ code: 'true-msr-missing', msr: spec.trueMsr, word: spec.id });
  }
  rep.usesTrue = useTrue;
  const idx = useTrue ? spec.trueMsr! : spec.msr;
  const cap = useTrue ? trueValue! : value;
  const lo = cap & M32;
  const hi = (cap >> 32n) & M32;
  const known = r.known(idx);
  const knownLo = known & M32;
  const knownHi = (known >> 32n) & M32;
  // The legacy low half tells a default-1 bit from a free one; where it is unknown, "free".
  const legacyLo = useTrue ? value & r.known(spec.msr) & M32 : null;
  const inconsistent: number[] = [];
  for (let n = 0; n < 32; n++) {
    const { cls, inconsistent: bad } = classifySplit(n, lo, hi, knownLo, knownHi, legacyLo);
    const b: ControlBitReport = { ...name(n), class: cls };
    if (bad) {
      b.inconsistent = true;
      inconsistent.push(n);
    }
    rep.bits.push(b);
    const m = 1n << BigInt(n);
    if (cls === CLASS.unknown) rep.unknown |= m;
    else {
      if (cls === CLASS.forced) rep.mustBe1 |= m;
      if (cls !== CLASS.no) rep.mayBe1 |= m;
    }
  }
  if (inconsistent.length) problems.push({ code: 'inconsistent-bits', msr: idx, word: spec.id, bits: inconsistent });

  // Sanity of the MSR pair (SDM A.2): the TRUE MSR has the same allowed 1-settings and
  // differs in the allowed 0-settings only for default-1 controls, which the legacy MSR forces.
  const default1 = bitsMask([...named.values()].filter((b) => b.default1).map((b) => b.bit));
  const legacyKnownLo = r.known(spec.msr) & M32;
  const notForced = default1 & ~value & legacyKnownLo;
  if (notForced) problems.push({ code: 'default1-not-forced', msr: spec.msr, word: spec.id, bits: bitsOf(notForced) });
  if (useTrue) {
    const both = r.known(spec.msr) & r.known(spec.trueMsr!);
    const diffHi = ((value ^ trueValue!) >> 32n) & M32 & (both >> 32n);
    const diffLo = (value ^ trueValue!) & M32 & both & ~default1;
    const extraTrueLo = trueValue! & ~value & M32 & both; // TRUE forcing what legacy leaves free
    const bad = diffHi | diffLo | extraTrueLo;
    if (bad) problems.push({ code: 'true-msr-mismatch', msr: spec.trueMsr!, word: spec.id, bits: bitsOf(bad) });
  }
  return rep;
}

function bitsMask(bits: number[]): bigint {
  let m = 0n;
  for (const b of bits) m |= 1n << BigInt(b);
  return m;
}

// --- IA32_VMX_MISC ---------------------------------------------------------------------------

const MISC_RESERVED = maskOf(13, 9) | (1n << 31n);

function decodeMisc(r: Reader, problems: CapsProblem[]): MiscReport | null {
  const i = MSR.MISC;
  const value = r.value(i);
  if (value === undefined) return null;
  const known = r.known(i);
  const max = r.num(i, 27, 25);
  const rep: MiscReport = {
    value,
    known,
    preemptionTimerRate: r.num(i, 4, 0),
    storeLma: r.bit(i, 5),
    activityHlt: r.bit(i, 6),
    activityShutdown: r.bit(i, 7),
    activityWaitForSipi: r.bit(i, 8),
    ptInVmx: r.bit(i, 14),
    smbaseRead: r.bit(i, 15),
    cr3Targets: r.num(i, 24, 16),
    maxMsrListEntries: max === null ? null : 512 * (max + 1),
    smmMonitorCtlBit2: r.bit(i, 28),
    vmwriteAnyField: r.bit(i, 29),
    zeroLengthInjection: r.bit(i, 30),
    msegRevision: r.num(i, 63, 32),
  };
  const reserved = value & known & MISC_RESERVED;
  if (reserved) problems.push({ code: 'reserved-bits-set', msr: i, bits: bitsOf(reserved) });
  return rep;
}

// --- CR0 / CR4 fixed bits ----------------------------------------------------------------------

function decodeCr(r: Reader, register: 'CR0' | 'CR4'): CrFixedReport {
  const [i0, i1, layoutId] = register === 'CR0' ? [MSR.CR0_FIXED0, MSR.CR0_FIXED1, 'cr0'] : [MSR.CR4_FIXED0, MSR.CR4_FIXED1, 'cr4'];
  const f0 = r.value(i0);
  const f1 = r.value(i1);
  const k0 = r.known(i0);
  const k1 = r.known(i1);
  const named = layoutBits(layoutId, 64);
  const rep: CrFixedReport = { register, fixed0: f0 ?? null, fixed1: f1 ?? null, bits: [], mustBe1: 0n, mustBe0: 0n, flexible: 0n, unknown: 0n };
  for (let n = 0; n < 64; n++) {
    const m = 1n << BigInt(n);
    let cls: CrClass;
    if (f0 !== undefined && k0 & m && f0 & m) cls = CR_CLASS.must1;
    else if (f1 !== undefined && k1 & m && !(f1 & m)) cls = CR_CLASS.must0;
    else if (f0 !== undefined && f1 !== undefined && k0 & m && k1 & m) cls = CR_CLASS.flexible;
    else cls = CR_CLASS.unknown;
    if (cls === CR_CLASS.must1) rep.mustBe1 |= m;
    else if (cls === CR_CLASS.must0) rep.mustBe0 |= m;
    else if (cls === CR_CLASS.flexible) rep.flexible |= m;
    else rep.unknown |= m;
    const nb = named.get(n) ?? { bit: n, name: 'Reserved', reserved: true, default1: false };
    if (nb.reserved && (cls === CR_CLASS.must0 || cls === CR_CLASS.unknown)) continue;
    const b: CrBitReport = { bit: n, name: nb.name, reserved: nb.reserved, class: cls };
    if (nb.id !== undefined) b.id = nb.id;
    if (register === 'CR0' && (n === 0 || n === 31)) b.relaxedByUnrestrictedGuest = true;
    rep.bits.push(b);
  }
  return rep;
}

// --- VMCS_ENUM, EPT/VPID ---------------------------------------------------------------------

function decodeVmcsEnum(r: Reader, problems: CapsProblem[]): VmcsEnumReport | null {
  const value = r.value(MSR.VMCS_ENUM);
  if (value === undefined) return null;
  const reserved = value & r.known(MSR.VMCS_ENUM) & ~maskOf(9, 1) & M64;
  if (reserved) problems.push({ code: 'reserved-bits-set', msr: MSR.VMCS_ENUM, bits: bitsOf(reserved) });
  return { value, highestIndex: r.num(MSR.VMCS_ENUM, 9, 1) };
}

/** IA32_VMX_EPT_VPID_CAP bits, as bit-catalog §5 names them. */
export const EPT_VPID_BITS: ReadonlyArray<{ bit: number; id: string; name: string }> = [
  { bit: 0, id: 'EXECUTE_ONLY', name: 'Execute-only EPT translations' },
  { bit: 6, id: 'PAGE_WALK_4', name: 'Page-walk length 4' },
  { bit: 7, id: 'PAGE_WALK_5', name: 'Page-walk length 5' },
  { bit: 8, id: 'MEMTYPE_UC', name: 'Paging-structure memory type UC' },
  { bit: 14, id: 'MEMTYPE_WB', name: 'Paging-structure memory type WB' },
  { bit: 16, id: 'PDE_2M', name: '2-MByte EPT pages' },
  { bit: 17, id: 'PDPTE_1G', name: '1-GByte EPT pages' },
  { bit: 20, id: 'INVEPT', name: 'INVEPT' },
  { bit: 21, id: 'ACCESS_DIRTY', name: 'EPT accessed and dirty flags' },
  { bit: 22, id: 'ADVANCED_EXIT_INFO', name: 'Advanced VM-exit information for EPT violations' },
  { bit: 23, id: 'SUPERVISOR_SHADOW_STACK', name: 'Supervisor shadow-stack control' },
  { bit: 25, id: 'INVEPT_SINGLE_CONTEXT', name: 'Single-context INVEPT' },
  { bit: 26, id: 'INVEPT_ALL_CONTEXT', name: 'All-context INVEPT' },
  { bit: 32, id: 'INVVPID', name: 'INVVPID' },
  { bit: 40, id: 'INVVPID_INDIVIDUAL_ADDR', name: 'Individual-address INVVPID' },
  { bit: 41, id: 'INVVPID_SINGLE_CONTEXT', name: 'Single-context INVVPID' },
  { bit: 42, id: 'INVVPID_ALL_CONTEXT', name: 'All-context INVVPID' },
  { bit: 43, id: 'INVVPID_SINGLE_CONTEXT_GLOBALS', name: 'Single-context-retaining-globals INVVPID' },
];
const EPT_NAMED = bitsMask(EPT_VPID_BITS.map((b) => b.bit)) | maskOf(53, 48);

function decodeEpt(r: Reader, problems: CapsProblem[]): EptVpidReport | null {
  const i = MSR.EPT_VPID_CAP;
  const value = r.value(i);
  if (value === undefined) return null;
  const known = r.known(i);
  const unnamed = value & known & ~EPT_NAMED & M64;
  if (unnamed) problems.push({ code: 'unnamed-bits-set', msr: i, bits: bitsOf(unnamed) });
  return {
    value,
    known,
    bits: EPT_VPID_BITS.map((b) => ({ ...b, supported: r.bit(i, b.bit) })),
    hlatPrefixSize: r.num(i, 53, 48),
  };
}

// --- the report --------------------------------------------------------------------------------

const ALL_MSRS: number[] = Object.values(MSR).sort((a, b) => a - b);

/** The capability MSRs decoded: basic information, each control bit's class (can be 0 or 1, forced, not supported, default 1), CR0/CR4 fixed bits, EPT/VPID capabilities, VMCS enumeration, and the problems found (SDM Vol. 3D Appendix A). */
export function decodeCaps(caps: Caps): CapsReport {
  const r = new Reader(caps);
  const problems: CapsProblem[] = [];
  const basic = decodeBasic(r, problems);
  const report: CapsReport = {
    source: caps.source,
    facts: { ...caps.facts },
    msrs: ALL_MSRS.map((i) => msrEntry(caps, i)),
    basic,
    controls: CONTROL_SPECS.map((s) => decodeControl(s, caps, r, basic, problems)),
    misc: decodeMisc(r, problems),
    cr0: decodeCr(r, 'CR0'),
    cr4: decodeCr(r, 'CR4'),
    vmcsEnum: decodeVmcsEnum(r, problems),
    eptVpid: decodeEpt(r, problems),
    problems,
  };
  if (caps.cpu !== undefined) report.cpu = caps.cpu;
  if (caps.citation !== undefined) report.citation = caps.citation;
  if (caps.assumed !== undefined) report.assumed = caps.assumed;
  if (caps.format !== undefined) report.format = caps.format;
  return report;
}

// --- comparing two CPUs ----------------------------------------------------------------------

/**
 * How a bit differs between A and B:
 *   a-only-1  A lets the bit be 1, B requires 0 (a feature B lacks)
 *   b-only-1  the reverse
 *   a-only-0  A lets the bit be 0, B requires 1 (B forces what A does not)
 *   b-only-0  the reverse
 *   unknown   one side does not tell
 */
export type DiffKind = 'a-only-1' | 'b-only-1' | 'a-only-0' | 'b-only-0' | 'unknown';

/** A control or CR bit whose class differs between two sets of capabilities, with the kinds of difference. */
export interface BitDiff {
  bit: number;
  name: string;
  id?: string;
  a: string;
  b: string;
  kinds: DiffKind[];
}

/** The bits of one set of controls that differ between two sets of capabilities. */
export interface ControlDiff {
  id: ControlId;
  title: string;
  a: MsrStatus;
  b: MsrStatus;
  bits: BitDiff[];
}

/** The CR0 or CR4 bits whose class differs between two sets of capabilities. */
export interface CrDiff {
  register: 'CR0' | 'CR4';
  bits: BitDiff[];
}

export type Scalar = string | number | boolean | bigint | null;

/** A value of the report (revision id, CR3-target count, physical-address width...) that differs between two sets of capabilities. */
export interface ValueDiff {
  /** The member of the report that differs (revisionId, cr3Targets, paw ...) */
  field: string;
  a: Scalar;
  b: Scalar;
}

/** The result of `diffCaps()`: the MSRs, basic values, control bits, CR bits and facts that differ. */
export interface CapsDiff {
  a: { source: string; cpu?: string };
  b: { source: string; cpu?: string };
  /** MSRs given by one side only, or present on both with different values */
  msrs: Array<{ index: number; name: string; a: bigint | null; b: bigint | null }>;
  basic: ValueDiff[];
  controls: ControlDiff[];
  cr0: CrDiff;
  cr4: CrDiff;
  misc: ValueDiff[];
  eptVpid: BitDiff[];
  eptVpidValues: ValueDiff[];
  vmcsEnum: ValueDiff[];
  facts: ValueDiff[];
  /** No difference at all in what the two CPUs allow */
  same: boolean;
}

function can1(c: string): boolean {
  return c !== CLASS.no && c !== CR_CLASS.must0 && c !== 'no';
}
function can0(c: string): boolean {
  return c !== CLASS.forced && c !== CR_CLASS.must1;
}
function isUnknown(c: string): boolean {
  return c === CLASS.unknown || c === CR_CLASS.unknown;
}

function diffKinds(a: string, b: string): DiffKind[] {
  if (isUnknown(a) !== isUnknown(b)) return ['unknown'];
  if (isUnknown(a)) return [];
  const k: DiffKind[] = [];
  if (can1(a) && !can1(b)) k.push('a-only-1');
  if (can1(b) && !can1(a)) k.push('b-only-1');
  if (can0(a) && !can0(b)) k.push('a-only-0');
  if (can0(b) && !can0(a)) k.push('b-only-0');
  return k;
}

function diffBitLists<T extends { bit: number; name: string; id?: string }>(
  la: T[],
  lb: T[],
  cls: (x: T) => string,
  missing: (bit: number, other: T) => string,
): BitDiff[] {
  const ma = new Map(la.map((x) => [x.bit, x]));
  const mb = new Map(lb.map((x) => [x.bit, x]));
  const bits = [...new Set([...ma.keys(), ...mb.keys()])].sort((x, y) => x - y);
  const out: BitDiff[] = [];
  for (const n of bits) {
    const xa = ma.get(n);
    const xb = mb.get(n);
    const ref = (xa ?? xb)!;
    const a = xa ? cls(xa) : missing(n, ref);
    const b = xb ? cls(xb) : missing(n, ref);
    const kinds = diffKinds(a, b);
    if (kinds.length === 0) continue;
    const d: BitDiff = { bit: n, name: ref.name, a, b, kinds };
    if (ref.id !== undefined) d.id = ref.id;
    out.push(d);
  }
  return out;
}

function valueDiffs(a: object | null, b: object | null, fields: string[]): ValueDiff[] {
  const out: ValueDiff[] = [];
  const ra = (a ?? {}) as Record<string, Scalar>;
  const rb = (b ?? {}) as Record<string, Scalar>;
  for (const f of fields) {
    const va = a ? (ra[f] ?? null) : null;
    const vb = b ? (rb[f] ?? null) : null;
    if (va !== vb) out.push({ field: f, a: va, b: vb });
  }
  return out;
}

const BASIC_FIELDS = ['revisionId', 'vmcsSize', 'physAddr32', 'dualMonitor', 'memoryType', 'insOutsInfo', 'trueControls', 'noErrorCodeCheck', 'nestedException'];
const MISC_FIELDS = [
  'preemptionTimerRate',
  'storeLma',
  'activityHlt',
  'activityShutdown',
  'activityWaitForSipi',
  'ptInVmx',
  'smbaseRead',
  'cr3Targets',
  'maxMsrListEntries',
  'smmMonitorCtlBit2',
  'vmwriteAnyField',
  'zeroLengthInjection',
  'msegRevision',
];

/** A control bit's class on a side where the word lists no such bit (a 64-bit word that does not allow it). */
function missingControlBit(rep: ControlReport): (bit: number) => string {
  return (bit) => (rep.unknown >> BigInt(bit)) & 1n ? CLASS.unknown : CLASS.no;
}

/** What one set of capabilities allows that the other does not, bit by bit, with `same` true when nothing differs. */
export function diffCaps(a: Caps | CapsReport, b: Caps | CapsReport): CapsDiff {
  const ra = 'msrs' in a && a.msrs instanceof Map ? decodeCaps(a as Caps) : (a as CapsReport);
  const rb = 'msrs' in b && b.msrs instanceof Map ? decodeCaps(b as Caps) : (b as CapsReport);
  const side = (r: CapsReport): { source: string; cpu?: string } => (r.cpu !== undefined ? { source: r.source, cpu: r.cpu } : { source: r.source });

  const msrs: CapsDiff['msrs'] = [];
  for (let i = 0; i < ra.msrs.length; i++) {
    const ea = ra.msrs[i]!;
    const eb = rb.msrs.find((e) => e.index === ea.index)!;
    if (ea.value !== eb.value) msrs.push({ index: ea.index, name: ea.name, a: ea.value, b: eb.value });
  }

  const controls: ControlDiff[] = ra.controls.map((ca) => {
    const cb = rb.controls.find((c) => c.id === ca.id)!;
    return {
      id: ca.id,
      title: ca.title,
      a: ca.status,
      b: cb.status,
      bits: diffBitLists(ca.bits, cb.bits, (x) => x.class, (bit, _ref) => (ca.bits.some((x) => x.bit === bit) ? missingControlBit(cb)(bit) : missingControlBit(ca)(bit))),
    };
  });

  const crDiff = (x: CrFixedReport, y: CrFixedReport): CrDiff => {
    const classAt = (r: CrFixedReport, bit: number): string => {
      const m = 1n << BigInt(bit);
      return r.mustBe1 & m ? CR_CLASS.must1 : r.mustBe0 & m ? CR_CLASS.must0 : r.flexible & m ? CR_CLASS.flexible : CR_CLASS.unknown;
    };
    return {
      register: x.register,
      bits: diffBitLists(x.bits, y.bits, (v) => v.class, (bit) => (x.bits.some((v) => v.bit === bit) ? classAt(y, bit) : classAt(x, bit))),
    };
  };

  const eptClass = (s: boolean | null): string => (s === null ? CLASS.unknown : s ? 'yes' : 'no');
  const eptA = ra.eptVpid?.bits ?? EPT_VPID_BITS.map((x) => ({ ...x, supported: null }));
  const eptB = rb.eptVpid?.bits ?? EPT_VPID_BITS.map((x) => ({ ...x, supported: null }));
  const eptVpid = diffBitLists(eptA, eptB, (x) => eptClass(x.supported), () => CLASS.unknown);

  const facts = valueDiffs(ra.facts, rb.facts, [...new Set([...Object.keys(ra.facts), ...Object.keys(rb.facts)])]);

  const diff: CapsDiff = {
    a: side(ra),
    b: side(rb),
    msrs,
    basic: valueDiffs(ra.basic, rb.basic, BASIC_FIELDS),
    controls,
    cr0: crDiff(ra.cr0, rb.cr0),
    cr4: crDiff(ra.cr4, rb.cr4),
    misc: valueDiffs(ra.misc, rb.misc, MISC_FIELDS),
    eptVpid,
    eptVpidValues: valueDiffs(ra.eptVpid, rb.eptVpid, ['hlatPrefixSize']),
    vmcsEnum: valueDiffs(ra.vmcsEnum, rb.vmcsEnum, ['highestIndex']),
    facts,
    same: false,
  };
  diff.same =
    diff.basic.length === 0 &&
    controls.every((c) => c.bits.length === 0) &&
    diff.cr0.bits.length === 0 &&
    diff.cr4.bits.length === 0 &&
    diff.misc.length === 0 &&
    eptVpid.length === 0 &&
    diff.eptVpidValues.length === 0 &&
    diff.vmcsEnum.length === 0 &&
    facts.length === 0;
  return diff;
}
