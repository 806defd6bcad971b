/**
 * Checks on the VM-entry MSR-load area (SDM Vol. 3C 27.4). The area is in memory, which a
 * dump does not hold: with entries to load, the rules are not evaluated. A failure is a
 * VM exit with exit reason 34 (0x80000022) whose qualification is the 1-based index of the
 * failing entry.
 */
import type { Rule, RuleTest } from '../types.js';

const AREA = 'the VM-entry MSR-load area (VM_ENTRY_MSR_LOAD_ADDR, VM_ENTRY_MSR_LOAD_COUNT entries of 16 bytes)';

/** No entries: nothing to check. Entries: their contents are in memory. */
const area: RuleTest = (s) => {
  if (s.f('VM_ENTRY_MSR_LOAD_COUNT') === 0n) return;
  s.memory(AREA);
};

const m = (id: string, title: string, decision?: string): Rule => ({
  id,
  section: '28.4',
  group: 'msr-loading',
  title,
  failure: 'exit-34',
  test: area,
  ...(decision ? { decision } : {}),
});

export const msrLoadRules: Rule[] = [
  m('M-01', 'Each entry: bits 63:32 (reserved) are 0'),
  m('M-02', 'No entry loads IA32_FS_BASE (C0000100H) or IA32_GS_BASE (C0000101H)'),
  m('M-03', 'In x2APIC mode, no entry loads an x2APIC MSR (800H-8FFH)'),
  m('M-04', 'Outside SMM, no entry loads IA32_SMM_MONITOR_CTL (9BH)'),
  m(
    'M-05',
    'No entry loads an MSR the processor refuses on VM entry (model-specific, e.g. the microcode-update MSRs 79H and 8BH)',
    'Model-specific (SDM §28.4): which MSRs a VM entry refuses to load is left to the processor; KVM refuses 79H and 8BH. Reported as the SDM states it, not evaluated.',
  ),
  m('M-06', 'Each entry: WRMSR of its value to its MSR at CPL 0 would not fault'),
];
