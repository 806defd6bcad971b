/**
 * Helpers for the rules' `fix` (types.ts Fix): the minimal change of a failed rule, as data.
 */
import type { Fix } from './types.js';
import type { Inputs } from './inputs.js';
import { canonicalAt } from './inputs.js';


/** Set and clear bits of one field; no fix when nothing changes. */
export function bitsFix(s: Inputs, field: string, set: bigint, clear: bigint, why: string, intent?: string): Fix[] | undefined {
  const from = s.f(field);
  const to = (from | set) & ~clear;
  if (to === from) return undefined;
  return [{ field, from, to, why, ...(intent ? { dependsOnIntent: intent } : {}) }];
}

/** A field to one value. */
export function valueFix(s: Inputs, field: string, to: bigint, why: string, intent?: string): Fix[] | undefined {
  const from = s.f(field);
  if (to === from) return undefined;
  return [{ field, from, to, why, ...(intent ? { dependsOnIntent: intent } : {}) }];
}

/** Several fields at once (undefined entries skipped). */
export function allOf(...parts: (Fix[] | undefined)[]): Fix[] | undefined {
  const out = parts.flatMap((p) => p ?? []);
  return out.length ? out : undefined;
}

/** The fixed bits of a control register (CRn_FIXED0 set, CRn_FIXED1 clear), skipping `skip`. */
export function fixedBitsFix(s: Inputs, field: string, fixed0: number, fixed1: number, skip: bigint, intent: string): Fix[] | undefined {
  const f0 = s.hasMsr(fixed0) ? s.msr(fixed0) : 0n;
  const f1 = s.hasMsr(fixed1) ? s.msr(fixed1) : (1n << 64n) - 1n;
  const from = s.f(field);
  const must1 = f0 & ~skip;
  const must0 = ~f1 & ((1n << 64n) - 1n) & ~skip;
  const cr = field.endsWith('CR0') ? 'CR0' : 'CR4';
  const list = (v: bigint): string => [...Array(64).keys()].filter((b) => (v >> BigInt(b)) & 1n).join(', ');
  const set = must1 & ~from;
  const clear = from & must0;
  const why = [set ? `set bit ${list(set)} (1 in IA32_VMX_${cr}_FIXED0)` : '', clear ? `clear bit ${list(clear)} (0 in IA32_VMX_${cr}_FIXED1)` : ''].filter(Boolean).join(', ');
  return bitsFix(s, field, must1, must0, why, intent);
}

/** An address made canonical at 48 bits (bits 63:47 copies of bit 47). */
export function canonicalFix(s: Inputs, fields: readonly string[]): Fix[] | undefined {
  const out: Fix[] = [];
  for (const field of fields) {
    const from = s.f(field);
    if (canonicalAt(from, 48)) continue;
    const low = from & ((1n << 47n) - 1n);
    const to = (from >> 47n) & 1n ? low | (((1n << 17n) - 1n) << 47n) : low;
    out.push({ field, from, to, why: 'bits 63:47 made copies of bit 47 (canonical with 48-bit linear addresses)', dependsOnIntent: 'the upper bits were probably garbage (an unset high half, a truncated pointer); if the whole address is wrong, put the real table address' });
  }
  return out.length ? out : undefined;
}

const LOW = 0xffffffffn;

/**
 * A control word fitted to its capability MSR (SDM A.3-A.5): the bits the CPU forces to 1 set,
 * the bits it does not allow cleared. The TRUE MSR governs when IA32_VMX_BASIC bit 55 is 1.
 */
export function controlFix(s: Inputs, field: string, msr: number, trueMsr: number): Fix[] | undefined {
  const index = msr === trueMsr ? msr : (s.msr(0x480) >> 55n) & 1n ? trueMsr : msr;
  const cap = s.msr(index);
  const known = s.knownBits(index);
  const must1 = cap & LOW & known;
  const may0 = ~((cap >> 32n) & LOW) & LOW & (known >> 32n);
  const from = s.f(field);
  const dropped = from & may0;
  return bitsFix(
    s,
    field,
    must1,
    may0,
    'set the controls this CPU forces to 1 and clear those it does not allow',
    dropped ? 'a control this CPU does not allow cannot be had by clearing it: the VMM loses that feature (or must run on a CPU that has it)' : undefined,
  );
}
