/**
 * Every VM-entry rule, in SDM order: controls (28.2.1), host state (28.2.2-28.2.4), guest
 * state (28.3.1), MSR loading (28.4). One file per part of the SDM section:
 *   controls.ts  E-nn execution, X-nn exit, N-nn entry controls
 *   host.ts      H-nn host state
 *   guest.ts     G-nn registers and MSRs, D-nn descriptor tables, R-nn RIP/RFLAGS/SSP,
 *                A-nn activity, I-nn interruptibility, PD-nn pending debug exceptions,
 *                L-nn VMCS link pointer, PT-nn PDPTEs
 *   segments.ts  S-nn segment registers
 *   msr-load.ts  M-nn MSR loading
 */
import type { Rule } from '../types.js';
import { controlRules } from './controls.js';
import { hostRules } from './host.js';
import { guestRules } from './guest.js';
import { segmentRules } from './segments.js';
import { msrLoadRules } from './msr-load.js';

const PREFIX_ORDER = ['E', 'X', 'N', 'H', 'G', 'S', 'D', 'R', 'A', 'I', 'PD', 'L', 'PT', 'M'];

function order(id: string): number {
  const [prefix, n] = id.split('-');
  return PREFIX_ORDER.indexOf(prefix!) * 1000 + Number(n);
}

/** Every VM-entry rule, in SDM order. */
export const rules: readonly Rule[] = [...controlRules, ...hostRules, ...guestRules, ...segmentRules, ...msrLoadRules].sort((a, b) => order(a.id) - order(b.id));

/** The rule with this id (`I-03`), or undefined. */
export function ruleById(id: string): Rule | undefined {
  const key = id.trim().toUpperCase();
  return rules.find((r) => r.id === key);
}
