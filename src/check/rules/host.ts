/**
 * Checks on the host-state area (SDM Vol. 3C 27.2.2 control registers and MSRs, 27.2.3
 * segment and descriptor-table registers, 27.2.4 address-space size). A failure is
 * VMfailValid with VM-instruction error 8.
 */
import type { Rule } from '../types.js';
import { MSR } from '../inputs.js';
import { bitNames, hex, setBits } from '../common.js';

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

export const hostRules: Rule[] = [
  host('H-01', '27.2.2', 'Host CR0: the bits IA32_VMX_CR0_FIXED0 sets are 1, the bits IA32_VMX_CR0_FIXED1 clears are 0', (s) =>
    fixedBits(s.f('HOST_CR0'), s.msr(MSR.CR0_FIXED0), s.msr(MSR.CR0_FIXED1), 'cr0', 'HOST_CR0'),
  ),
  host('H-02', '27.2.2', 'Host CR4: the bits IA32_VMX_CR4_FIXED0 sets are 1, the bits IA32_VMX_CR4_FIXED1 clears are 0', (s) =>
    fixedBits(s.f('HOST_CR4'), s.msr(MSR.CR4_FIXED0), s.msr(MSR.CR4_FIXED1), 'cr4', 'HOST_CR4'),
  ),
];
