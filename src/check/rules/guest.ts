/**
 * Checks on the guest-state area other than the segment registers (SDM Vol. 3C 27.3.1.1
 * control registers, debug registers and MSRs; 27.3.1.3 descriptor-table registers;
 * 27.3.1.4 RIP, RFLAGS and SSP; 27.3.1.5 non-register state; 27.3.1.6 PDPTEs).
 * A failure is a VM exit with exit reason 33 (0x80000021), invalid guest state.
 */
import type { Rule } from '../types.js';
import { MSR } from '../inputs.js';
import { hex } from '../common.js';
import { fixedBits } from './host.js';

const guest = (id: string, section: string, group: Rule['group'], title: string, test: Rule['test'], extra: Partial<Rule> = {}): Rule => ({
  id,
  section,
  group,
  title,
  failure: 'exit-33',
  test,
  ...extra,
});

export const guestRules: Rule[] = [
  guest('G-01', '27.3.1.1', 'guest-registers', 'Guest CR0: the fixed bits of IA32_VMX_CR0_FIXED0/1 (PE and PG free under unrestricted guest; NW and CD never checked)', (s) => {
    const skip = (1n << 29n) | (1n << 30n) | (s.ug ? 1n | (1n << 31n) : 0n);
    return fixedBits(s.f('GUEST_CR0'), s.msr(MSR.CR0_FIXED0), s.msr(MSR.CR0_FIXED1), 'cr0', 'GUEST_CR0', skip);
  }),
  guest('G-02', '27.3.1.1', 'guest-registers', 'Guest CR0.PG 1 requires CR0.PE 1', (s) => {
    const cr0 = s.f('GUEST_CR0');
    if ((cr0 >> 31n) & 1n && !(cr0 & 1n)) return `GUEST_CR0 ${hex(cr0)}: PG is 1 but PE is 0`;
  }),
];
