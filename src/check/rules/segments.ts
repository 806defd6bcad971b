/**
 * Checks on the guest segment registers (SDM Vol. 3C 27.3.1.2): selectors, bases, limits
 * and access rights, by guest mode (virtual-8086, real mode under unrestricted guest,
 * protected or IA-32e). A failure is a VM exit with exit reason 33, invalid guest state.
 */
import type { Rule } from '../types.js';
import { hex } from '../common.js';

const seg = (id: string, title: string, test: Rule['test'], extra: Partial<Rule> = {}): Rule => ({
  id,
  section: '27.3.1.2',
  group: 'guest-segments',
  title,
  failure: 'exit-33',
  test,
  ...extra,
});

export const segmentRules: Rule[] = [
  seg('S-01', 'TR selector: TI flag (bit 2) is 0', (s) => {
    const sel = s.f('GUEST_TR_SELECTOR');
    if (sel & 4n) return `GUEST_TR_SELECTOR ${hex(sel)}: TI (bit 2) is 1`;
  }),
];
