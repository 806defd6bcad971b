/**
 * Checks on the VM-entry MSR-load area (SDM Vol. 3C 28.4). The area is in memory, which a
 * dump does not hold: with entries to load and without the memory given beside the dump
 * (`check --memory`), the rules are not evaluated. A failure is a VM exit with exit reason 34
 * (0x80000022) whose qualification is the 1-based index of the failing entry.
 */
import type { Inputs } from '../inputs.js';
import type { Rule, RuleTest } from '../types.js';
import { hex } from '../common.js';

const AREA = 'the VM-entry MSR-load area (VM_ENTRY_MSR_LOAD_ADDR, VM_ENTRY_MSR_LOAD_COUNT entries of 16 bytes)';

/** The entries (index quadword, value), read from the memory given; none when the count is 0. */
function entries(s: Inputs): { n: number; lo: bigint; value: bigint }[] {
  const count = s.f('VM_ENTRY_MSR_LOAD_COUNT');
  if (count === 0n) return [];
  const at = s.f('VM_ENTRY_MSR_LOAD_ADDR');
  const out = [];
  for (let i = 0n; i < count; i++) {
    const what = `${AREA}: entry ${i + 1n} at ${hex(at + 16n * i)}`;
    out.push({ n: Number(i + 1n), lo: s.read(at + 16n * i, 8, what), value: s.read(at + 16n * i + 8n, 8, what) });
  }
  return out;
}

/**
 * A rule over each entry, in order: `bad` says why an entry breaks it; the first such entry
 * fails the rule, even when entries after it are not given (the processor stops there, or
 * earlier). An entry not given before any that breaks the rule leaves it not evaluated.
 */
const each =
  (bad: (s: Inputs, index: bigint, lo: bigint) => string | undefined): RuleTest =>
  (s) => {
    const count = s.f('VM_ENTRY_MSR_LOAD_COUNT');
    if (count === 0n) return;
    const at = s.f('VM_ENTRY_MSR_LOAD_ADDR');
    for (let i = 0n; i < count; i++) {
      const lo = s.read(at + 16n * i, 8, `${AREA}: entry ${i + 1n} at ${hex(at + 16n * i)}`);
      const why = bad(s, lo & 0xffffffffn, lo);
      if (why) return `entry ${i + 1n} at ${hex(at + 16n * i)}: ${why}`;
    }
  };

/** Which MSRs a processor refuses, and which values WRMSR accepts, is the model's: with entries, not evaluated. */
const model =
  (what: string): RuleTest =>
  (s) => {
    if (entries(s).length) s.model(what);
  };

const m = (id: string, title: string, test: RuleTest, decision?: string): Rule => ({
  id,
  section: '28.4',
  group: 'msr-loading',
  title,
  failure: 'exit-34',
  test,
  ...(decision ? { decision } : {}),
});

export const msrLoadRules: Rule[] = [
  m('M-01', 'Each entry: bits 63:32 (reserved) are 0', each((s, index, lo) => (lo >> 32n ? `bits 63:32 of ${hex(lo)} are reserved` : undefined))),
  m('M-02', 'No entry loads IA32_FS_BASE (C0000100H) or IA32_GS_BASE (C0000101H)', each((s, index) => (index === 0xc0000100n || index === 0xc0000101n ? `loads MSR ${hex(index)} (${index === 0xc0000100n ? 'IA32_FS_BASE' : 'IA32_GS_BASE'})` : undefined))),
  m(
    'M-03',
    'No entry loads an x2APIC MSR (bits 31:8 are 000008H: 800H-8FFH)',
    each((s, index) => (index >> 8n === 8n ? `loads MSR ${hex(index)}, one of the x2APIC MSRs (800H-8FFH)` : undefined)),
    'SDM §28.4 fails an entry whose bits 31:8 are 000008H whatever the APIC mode ("meaning that the indexed MSR is one that allows access to an APIC register when the local APIC is in x2APIC mode" says which MSRs, not when); KVM checks it only in x2APIC mode, Bochs whenever the CPU has x2APIC. We follow the SDM.',
  ),
  m('M-04', 'Outside SMM, no entry loads IA32_SMM_MONITOR_CTL (9BH)', each((s, index) => (index === 0x9bn && !s.fact('smm') ? 'loads IA32_SMM_MONITOR_CTL (9BH) outside SMM' : undefined))),
  m(
    'M-05',
    'No entry loads an MSR the processor refuses on VM entry (model-specific, e.g. the microcode-update MSRs 79H and 8BH)',
    model('which MSRs this processor refuses to load on VM entry'),
    'Model-specific (SDM §28.4): which MSRs a VM entry refuses to load is left to the processor; KVM refuses 79H and 8BH. Reported as the SDM states it, not evaluated.',
  ),
  m('M-06', 'Each entry: WRMSR of its value to its MSR at CPL 0 would not fault', model('whether WRMSR of each entry\'s value to its MSR faults on this processor (which MSRs exist, which values they take)')),
];
