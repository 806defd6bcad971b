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

/**
 * Every VM-entry rule, in SDM order. (Each rule's place is worked out once, not in every
 * comparison: splitting two ids per comparison was ~3,000 splits at every start of `vmcs check`.)
 */
export const rules: readonly Rule[] = [...controlRules, ...hostRules, ...guestRules, ...segmentRules, ...msrLoadRules]
  .map((rule): [number, Rule] => [order(rule.id), rule])
  .sort((a, b) => a[0] - b[0])
  .map(([, rule]) => rule);

/** The rule with this id (`I-03`), or undefined. */
export function ruleById(id: string): Rule | undefined {
  const key = id.trim().toUpperCase();
  return rules.find((r) => r.id === key);
}
