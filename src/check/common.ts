/**
 * Helpers shared by the rule groups: capability-MSR checks of the control words, bit names
 * from the layouts of fields.json, and the wording of values in a failure.
 */
import { layouts } from '../bits/layouts.js';
import { MSR, msrName } from '../caps/types.js';
import { Missing, canonicalAt, hex, setBits, type Inputs } from './inputs.js';

export { hex, setBits };

/** "bit 3 (virtual NMIs)" from the layout of fields.json. */
export function bitName(layoutId: string, bit: number): string {
  const b = layouts[layoutId]?.bits.find((x) => x.bits === String(bit));
  return b ? `bit ${bit} (${b.name})` : `bit ${bit}`;
}

export function bitNames(layoutId: string, bits: number[]): string {
  return bits.map((b) => bitName(layoutId, b)).join(', ');
}

const LOW = 0xffffffffn;

/**
 * The default1 controls of each legacy control MSR (SDM A.2, A.3.1, A.3.2, A.4.1, A.5): the
 * legacy MSR always reports them as must-be-1, so their 1-setting is always allowed (the
 * allowed 1-settings of the TRUE MSR are the legacy ones); only the TRUE MSR may let them be 0.
 * This matters for a source that does not show them (QEMU's vmxcap lists named controls only).
 */
const DEFAULT1: Record<number, bigint> = {
  [MSR.PINBASED_CTLS]: 0x16n, // bits 1, 2, 4
  [MSR.PROCBASED_CTLS]: 0x0401e172n, // bits 1, 4-6, 8, 13-16, 26
  [MSR.EXIT_CTLS]: 0x36dffn, // bits 0-8, 10, 11, 13, 14, 16, 17
  [MSR.ENTRY_CTLS]: 0x11ffn, // bits 0-8, 12
};

/**
 * A 32-bit control word against its capability MSR (SDM A.3-A.5): bits 31:0 are the
 * allowed 0-settings (a 1 means the control must be 1), bits 63:32 the allowed 1-settings
 * (a 0 means it must be 0). The TRUE MSR governs when IA32_VMX_BASIC bit 55 is 1 (BASIC is
 * not read when there is no TRUE MSR: msr === trueMsr).
 */
export function controlVsMsr(s: Inputs, field: string, layoutId: string, msr: number, trueMsr: number): string | undefined {
  const value = s.f(field);
  const index = msr === trueMsr ? msr : (s.msr(MSR.BASIC) >> 55n) & 1n ? trueMsr : msr;
  const cap = s.msr(index);
  const known = s.knownBits(index) & LOW;
  const default1 = DEFAULT1[msr] ?? 0n;
  // A default1 control the source did not show: must be 1 under the legacy MSR whatever the source says.
  const must1 = (cap & LOW & known) | (index === msr ? default1 & ~known : 0n);
  const may1 = (cap >> 32n) & LOW;
  const missing = must1 & ~value;
  const extra = value & ~may1 & known;
  const problems: string[] = [];
  if (missing) problems.push(`${bitNames(layoutId, setBits(missing))} must be 1 (${msrName(index)} allowed 0-settings ${hex(must1)})`);
  if (extra) problems.push(`${bitNames(layoutId, setBits(extra))} must be 0 (${msrName(index)} allowed 1-settings ${hex(may1)})`);
  if (problems.length) return `${field} ${hex(value)}: ${problems.join('; ')}`;
  // Not shown by the source: a 1 needs the allowed 1-setting (always there for a default1 control);
  // a default1 control at 0 needs the TRUE MSR's allowed 0-setting.
  const unknown = (value & LOW & ~known & ~default1) | (index === msr ? 0n : default1 & ~known & ~value);
  if (unknown) throw new Missing({ kind: 'msr', index, name: `${msrName(index)} bits ${setBits(unknown).join(', ')} (not shown by the source of the capabilities)` });
  return undefined;
}

/** A 64-bit control word against a plain allowed-1 MSR (tertiary controls, secondary exit controls, VM functions). */
export function allowed1VsMsr(s: Inputs, field: string, layoutId: string, msr: number): string | undefined {
  const value = s.f(field);
  const cap = s.msr(msr);
  const known = s.knownBits(msr);
  const extra = value & ~cap & known;
  if (extra) return `${field} ${hex(value)}: ${bitNames(layoutId, setBits(extra))} must be 0 (${msrName(msr)} ${hex(cap)})`;
  const unknown = value & ~known;
  if (unknown) throw new Missing({ kind: 'msr', index: msr, name: `${msrName(msr)} bits ${setBits(unknown).join(', ')} (not shown by the source of the capabilities)` });
  return undefined;
}

/**
 * One bit of a capability MSR; "not evaluated" when the MSR is missing or its source did not
 * show that bit (an MSR rebuilt from vmxcap).
 */
export function msrBit(s: Inputs, index: number, bit: number): boolean {
  const value = s.msr(index);
  if (((s.knownBits(index) >> BigInt(bit)) & 1n) === 0n)
    throw new Missing({ kind: 'msr', index, name: `${msrName(index)} bit ${bit} (not shown by the source of the capabilities)` });
  return ((value >> BigInt(bit)) & 1n) === 1n;
}

/** A page-aligned physical address within the physical-address width ("" when it is). */
export function pageAddress(s: Inputs, field: string, align = 4096n): string | undefined {
  const v = s.f(field);
  if (v % align !== 0n) return `${field} ${hex(v)} is not ${align === 4096n ? '4-KByte' : `${align}-byte`} aligned`;
  if (!s.withinPaw(v)) return `${field} ${hex(v)} is beyond the physical-address width`;
  return undefined;
}

/** A value that must be canonical. */
export function canonical(s: Inputs, field: string): string | undefined {
  const v = s.f(field);
  return s.canonical(v) ? undefined : `${field} ${hex(v)} is not canonical`;
}

/** Bits hi:lo of a field that must be 0. */
export function zeroBits(s: Inputs, field: string, mask: bigint, what: string): string | undefined {
  const v = s.f(field);
  return v & mask ? `${field} ${hex(v)}: ${what} must be 0` : undefined;
}

/** Every byte of a PAT value is a valid memory type: 0, 1, 4, 5, 6 or 7 (SDM 13.12.2). */
export function patProblem(v: bigint): string | undefined {
  for (let i = 0; i < 8; i++) {
    const t = Number((v >> BigInt(8 * i)) & 0xffn);
    if (t === 2 || t === 3 || t > 7) return `PA${i} is ${hex(t)}, not a memory type (0, 1, 4, 5, 6, 7)`;
  }
  return undefined;
}

/** Join the problems a rule found, or undefined when there are none. */
export function problems(list: (string | undefined)[]): string | undefined {
  const p = list.filter((x): x is string => x !== undefined);
  return p.length ? p.join('; ') : undefined;
}

/** Bit n. */
export const bit = (n: number): bigint => 1n << BigInt(n);

/** Bits hi:lo set. */
export const range = (hi: number, lo: number): bigint => ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);

/** "bit 5" / "bits 5, 9" (bit numbers plus `offset`, for a part of a value shifted down). */
export function bitsText(v: bigint, offset = 0): string {
  const b = setBits(v).map((n) => n + offset);
  return `${b.length > 1 ? 'bits' : 'bit'} ${b.join(', ')}`;
}

/** The IA32_EFER bits an Intel 64 processor defines: SCE (0), LME (8), LMA (10), NXE (11). */
export const EFER_DEFINED = bit(0) | bit(8) | bit(10) | bit(11);

/** Fields by name with their values. */
export function fieldValues(s: Inputs, names: readonly string[]): [string, bigint][] {
  return names.map((name) => [name, s.f(name)]);
}

/** Fields whose low `bits` bits must be 0: the problems, and the fields with their values. */
export function aligned(s: Inputs, names: readonly string[], bits: number): [string | undefined, [string, bigint][]] {
  const values = fieldValues(s, names);
  return [problems(values.map(([name, v]) => (v & (bit(bits) - 1n) ? `${name} ${hex(v)}: bits ${bits - 1}:0 must be 0` : undefined))), values];
}

/**
 * Values that must be canonical, beside `other` problems that need no CPU fact. Not canonical
 * even at 57 bits fails whatever the CPU; canonical at 48 passes whatever the CPU; in between
 * the linear-address width decides. When something fails anyway, the values in between are
 * named without asking for the width; otherwise the width is needed (not evaluated without it).
 */
export function canonicalValues(s: Inputs, values: readonly [string, bigint][], other: readonly (string | undefined)[] = []): string | undefined {
  const sure = other.filter((x): x is string => x !== undefined);
  const band: [string, bigint][] = [];
  for (const [name, v] of values) {
    if (canonicalAt(v, 48)) continue;
    if (!canonicalAt(v, 57)) sure.push(`${name} ${hex(v)} is not canonical`);
    else band.push([name, v]);
  }
  if (sure.length) return [...sure, ...band.map(([name, v]) => `${name} ${hex(v)} is canonical only with 57-bit linear addresses`)].join('; ');
  return problems(band.map(([name, v]) => (s.canonical(v) ? undefined : `${name} ${hex(v)} is not canonical (48-bit linear addresses)`)));
}

/**
 * IA32_PERF_GLOBAL_CTRL sets only bits of implemented counters (host H-07, guest G-12): bits
 * 31:0 up to the general-purpose counters, 47:32 up to the fixed counters (CPUID 0AH), bit 48
 * with PERF_METRICS (a model question), 63:49 never. The counter counts are asked only when a
 * bit they decide is set.
 */
export function perfGlobalCtrl(s: Inputs, field: string): string | undefined {
  const v = s.f(field);
  const always = v & range(63, 49);
  if (always) return `${field} ${hex(v)}: ${bitsText(always)} ${setBits(always).length > 1 ? 'are' : 'is'} reserved`;
  const gp = v & 0xffffffffn;
  if (gp) {
    const n = s.fact('gpCounters');
    const bad = n >= 32 ? 0n : gp & ~(bit(n) - 1n);
    if (bad) return `${field} ${hex(v)}: ${bitsText(bad)} must be 0 (${n} general-purpose counters)`;
  }
  const fixed = (v >> 32n) & 0xffffn;
  if (fixed) {
    const n = s.fact('fixedCounters');
    const bad = n >= 16 ? 0n : fixed & ~(bit(n) - 1n);
    if (bad) return `${field} ${hex(v)}: ${bitsText(bad, 32)} must be 0 (${n} fixed-function counters)`;
  }
  if (v & bit(48)) s.model('whether the processor supports PERF_METRICS (IA32_PERF_CAPABILITIES bit 15), which makes bit 48 of IA32_PERF_GLOBAL_CTRL legal');
  return undefined;
}
