/**
 * Checks on the VM-execution, VM-exit and VM-entry control fields (SDM Vol. 3C 27.2.1.1,
 * 27.2.1.2, 27.2.1.3). A failure is VMfailValid with VM-instruction error 7.
 */
import type { Rule } from '../types.js';
import { MSR } from '../inputs.js';
import { allowed1VsMsr, bitName, controlVsMsr, hex } from '../common.js';

const exec = (id: string, title: string, test: Rule['test'], extra: Partial<Rule> = {}): Rule => ({
  id,
  section: '27.2.1.1',
  group: 'execution-controls',
  title,
  failure: 'vmfail-7',
  test,
  ...extra,
});

export const controlRules: Rule[] = [
  exec('E-01', 'Pin-based VM-execution controls: reserved bits as IA32_VMX_(TRUE_)PINBASED_CTLS requires', (s) =>
    controlVsMsr(s, 'PIN_BASED_VM_EXEC_CONTROL', 'pin-based', MSR.PINBASED_CTLS, MSR.TRUE_PINBASED_CTLS),
  ),
  exec('E-02', 'Primary processor-based controls: reserved bits as IA32_VMX_(TRUE_)PROCBASED_CTLS requires', (s) =>
    controlVsMsr(s, 'CPU_BASED_VM_EXEC_CONTROL', 'proc-based-primary', MSR.PROCBASED_CTLS, MSR.TRUE_PROCBASED_CTLS),
  ),
  exec('E-03', 'Secondary processor-based controls (when activated): only bits IA32_VMX_PROCBASED_CTLS2 allows', (s) => {
    if (!s.proc(31)) return;
    return controlVsMsr(s, 'SECONDARY_VM_EXEC_CONTROL', 'proc-based-secondary', MSR.PROCBASED_CTLS2, MSR.PROCBASED_CTLS2);
  }),
  exec('E-04', 'Tertiary processor-based controls (when activated): only bits IA32_VMX_PROCBASED_CTLS3 allows', (s) => {
    if (!s.proc(17)) return;
    return allowed1VsMsr(s, 'TERTIARY_VM_EXEC_CONTROL', 'proc-based-tertiary', MSR.PROCBASED_CTLS3);
  }),
  exec('E-11', 'NMI exiting 0 requires virtual NMIs 0', (s) => {
    if (!s.pin(3) && s.pin(5)) return `PIN_BASED_VM_EXEC_CONTROL ${hex(s.f('PIN_BASED_VM_EXEC_CONTROL'))}: ${bitName('pin-based', 5)} is 1 but ${bitName('pin-based', 3)} is 0`;
  }),
];
