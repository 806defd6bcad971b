/**
 * VM-entry checks as data: each rule has a stable ID
 * (E-nn, X-nn, N-nn, H-nn, G-nn, S-nn, D-nn, R-nn, A-nn, I-nn, PD-nn, L-nn, PT-nn, M-nn), the
 * SDM section it restates (Vol. 3C, October 2025 numbering: §28.2-28.4; §27.2-27.4 in 2022-2024 editions), the failure the CPU
 * gives, and a test over the VMCS fields, the capability MSRs and the CPU facts.
 */
import type { Inputs } from './inputs.js';

/**
 * How the CPU reports a failed check (SDM §28.2: VMfailValid with a VM-instruction error;
 * §28.8: a VM exit whose exit reason has bit 31 set).
 */
export type FailureKind =
  /** VMfailValid, VM-instruction error 7: invalid control field(s) */
  | 'vmfail-7'
  /** VMfailValid, VM-instruction error 8: invalid host-state field(s) */
  | 'vmfail-8'
  /** VM-entry failure: exit reason 33 (0x80000021), invalid guest state */
  | 'exit-33'
  /** VM-entry failure: exit reason 34 (0x80000022), MSR loading */
  | 'exit-34';

export type RuleGroup =
  | 'execution-controls'
  | 'exit-controls'
  | 'entry-controls'
  | 'host-state'
  | 'guest-registers'
  | 'guest-segments'
  | 'guest-descriptor-tables'
  | 'guest-rip-rflags'
  | 'guest-non-register'
  | 'guest-pdptes'
  | 'msr-loading';

/**
 * A rule's test returns nothing when the state passes, and why it fails otherwise (one
 * sentence with the values, e.g. "GUEST_CR0 bit 31 (PG) is 1 but bit 0 (PE) is 0").
 * It reads its inputs through `Inputs`, which records them and throws when one is missing,
 * so that the rule is reported "not evaluated" with what it needs.
 */
export type RuleTest = (s: Inputs) => string | undefined | void;

/**
 * A minimal change that makes a failed rule pass: set `field` from `from` to `to`. The fixes of
 * one rule are applied together. `dependsOnIntent` says when the change depends on what the user meant
 * (another change would pass too, and only they know which is right).
 */
export interface Fix {
  field: string;
  from: bigint;
  to: bigint;
  why: string;
  /** When another change would pass too: what the choice depends on (the JSON's `dependsOnIntent`) */
  dependsOnIntent?: string;
}

/** Computes the fix of a failed rule from the same inputs (undefined: no minimal change exists). */
export type FixFn = (s: Inputs) => Fix[] | undefined;

/** One VM-entry check of the SDM (§28.2-28.4): its id, section, group, title, the failure it gives, its test and its fix. */
export interface Rule {
  id: string;
  /** SDM Vol. 3C section, October 2025 numbering ("28.3.1.2"; 27.3.1.2 in 2022-2024 editions) */
  section: string;
  group: RuleGroup;
  /** The rule in one line, in the SDM's terms */
  title: string;
  failure: FailureKind;
  /** Exit qualification of a VM-entry failure (SDM §28.8): 2 PDPTE, 3 NMI under STI blocking, 4 VMCS link pointer; 0 otherwise */
  qualification?: number;
  /** Where sources disagree or the SDM leaves a choice: what was decided and why, in SDM terms (shown by check --list and --json) */
  decision?: string;
  test: RuleTest;
  /** The minimal change that makes the rule pass, when there is one */
  fix?: FixFn;
}

/** What a rule needed and did not have. */
export type Need =
  | { kind: 'field'; name: string; encoding: number }
  | { kind: 'msr'; index: number; name: string }
  | { kind: 'fact'; key: string; what: string }
  | { kind: 'memory'; what: string }
  | { kind: 'model'; what: string };

/** A rule's outcome: `pass`, `fail` or `not-evaluated` (an input it needs is missing). */
export type Status = 'pass' | 'fail' | 'not-evaluated';

/** A field a rule read, with its encoding (a number) and value (a bigint). */
export interface FieldValue {
  name: string;
  encoding: number;
  value: bigint;
}

/** A bit of a control the dump does not hold, as assumed: VM_ENTRY_CONTROLS bit 2 ("Load debug controls") = 1. */
export interface AssumedBit {
  field: string;
  bit: number;
  /** The bit's name in the SDM ("Load debug controls") */
  name: string;
  value: 0 | 1;
}

/** A failure under assumed control bits: the rule fails when every bit of `when` has its value. */
export interface Conditional {
  when: AssumedBit[];
  /** Why it fails then, one sentence with the values */
  message: string;
  /** The fields the rule read (the assumed controls excepted) */
  fields: FieldValue[];
}

/** A rule's outcome over one state: pass, fail (with `message`, the fields and MSRs read, the fix) or not evaluated (with what it `needs`). */
export interface RuleResult {
  id: string;
  status: Status;
  section: string;
  group: RuleGroup;
  title: string;
  failure: FailureKind;
  qualification?: number;
  /** The fields the rule read, with their values */
  fields: FieldValue[];
  /** The capability MSRs the rule read */
  msrs: { index: number; name: string; value: bigint }[];
  /** Why it fails (status "fail"), one sentence with the values; the JSON's `message` */
  message?: string;
  /** What it needs (status "not-evaluated") */
  needs?: Need;
  decision?: string;
  /** For a failure: the minimal change that makes the rule pass, when there is one */
  fixes?: Fix[];
  /**
   * For a rule not evaluated because the dump lacks a control it reads: the settings of that
   * control's bits under which the rule fails (the rule stays "not evaluated": the dump cannot
   * tell which setting was in effect)
   */
  failsIf?: Conditional[];
  /** The rule fails because the dump records the failure that only it gives (its exit qualification), not from the fields it reads */
  recorded?: boolean;
  /**
   * Set when a decision taken after the rules ran decided this rule, not the fields it reads:
   * `exit-qualification` the recorded exit qualification only this rule gives, `kvm-check` the
   * recorded KVM consistency check that is this rule, `qemu-view` QEMU's view of the vCPU (`II=`
   * with `HLT=`). The explanation says so (Explanation.decided).
   */
  decidedBy?: 'exit-qualification' | 'kvm-check' | 'qemu-view';
}
