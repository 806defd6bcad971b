/**
 * What a text dialect plugs into. The Annotator splits the input into lines and assembles
 * dumps; a dialect reads one line at a time and tells the sink what the line holds.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { PairLine } from './pairs.js';

/** A dump's format: a text dialect (`pairs`, `kvm`, `xen`, `haxm`, `hvext`, `bhyve`, `kvm-exit`, `vbox`, `qemu`, `noirvisor`, `jonomango-hv`, `bareflank`, `hyperbone`, `vdhh`), `json`, or a binary region (`vmcs12`, `nested-state`, `evmcs`, `hardware`). */
export type DumpFormat =
  | 'pairs'
  | 'kvm'
  | 'xen'
  | 'haxm'
  | 'hvext'
  | 'bhyve'
  | 'kvm-exit'
  | 'vbox'
  | 'qemu'
  | 'noirvisor'
  | 'jonomango-hv'
  | 'bareflank'
  | 'hyperbone'
  | 'vdhh'
  | 'json'
  // binary regions
  | 'vmcs12'
  | 'nested-state'
  | 'evmcs'
  | 'hardware';

/**
 * The label of the note a reader gives a dump of an AMD host's failed VMRUN (qemu.ts: hardware
 * error 0xffffffff with KVM's dump_vmcb() lines): check evaluates no rule of such a dump.
 */
export const SVM_HOST_NOTE = 'AMD host (SVM)';

/** A value a dump prints that is not a VMCS field, shown as what it is. */
export interface DumpNote {
  /** input line (text dumps) */
  line?: number;
  /** byte offset (binary regions) */
  offset?: number;
  label: string;
  value: string;
  what: string;
}

export interface LineSink {
  /** The line gives this field this value (hex digits, no 0x). */
  field(encoding: number, digits: string, line: number): void;
  /** The open dump, if any, ends before this line (a blank line, a header). */
  boundary(): void;
  /**
   * The line holds nothing for us; it is counted. `text`: a line no reader takes (not a known
   * line of a dialect): its `NAME=value` tokens are counted too (common.ts, the unknown-token policy).
   */
  skip(text?: string): void;
  /**
   * A pairs `NAME = value` line with an unknown name before any dump: reported in the pairs dump
   * that opens before the next boundary, else skipped and counted (common.ts).
   */
  holdUnknown(line: number, text: string, token: string, value: string): void;
  /**
   * A pairs line before any dump whose value cannot be read (`GUEST_RIP = zzz`): reported in the
   * pairs dump that opens before the next boundary, as its line; else reported where it stands,
   * or, when `quiet` (a field's name and words without a separator, `GUEST_RIP is wrong`), skipped
   * and counted as other text unless the dump's first field comes on the next line.
   */
  holdReport(line: number, text: string, d: Diagnostic, quiet: boolean): void;
  /**
   * A pairs line of several groups naming fields beside names no field has, where no pairs dump
   * is open (pairs.ts): skipped, its unknown tokens counted, reported (ambiguous-line); unless a
   * pairs dump's first field comes on the next line: that dump reads it after all, as its line.
   */
  holdMixed(line: number, text: string, parsed: Extract<PairLine, { kind: 'fields' }>): void;
  report(d: Diagnostic): void;
  /**
   * A KVM trace line of an AMD (SVM) exit or nested entry (`reason EXIT_NPF`, `reason npf`,
   * `vmcb:`): skipped, no VMCS field; remembered, so that an input with no field says what it saw.
   * `reason` '': a tracepoint only AMD's code prints (`kvm_nested_vmrun`, `kvm_nested_intercepts`...), no exit.
   */
  svm?(event: string, reason: string, line: number): void;
  /**
   * A reader holds lines it has not yet given to a dump (haxm.ts: a stretch of lines that may be
   * two vCPUs' interleaved): `release` gives them, and is called before any other reader writes
   * a field, a note or a dump boundary to the sink. null: the reader gives them itself.
   */
  hold?(release: (() => void) | null): void;
  /** Whether a dump is open (a dialect may be stricter about stray lines outside dumps). */
  readonly inDump: boolean;
  /** The dialect of the dump being read (a dump takes the format of the dialect that opened it). */
  setFormat(format: Exclude<DumpFormat, 'json'>): void;
  /** A value that is not a VMCS field. */
  note(n: DumpNote): void;
  /** What the open dump is, in a few words ("QEMU's view of the vCPU, not the VMCS"); `line`: where it opens, if not the line being read (a row a hard wrap cut opens it at its first line). */
  describe?(text: string, line?: number): void;
  /** Whether another diagnostic would still be kept (past the cap, skip costly work such as suggestions). */
  readonly canReport: boolean;
  /** "Did you mean" for an unknown token, within the input's budget (1,000 computed per input; past it, only remembered ones). */
  suggest(token: string): string[];
}

export interface LineDialect {
  readonly format: 'pairs';
  /** Read one line (without its line ending). */
  /** `already`: the line's parsePairLine result, when the caller has it. */
  parse(line: string, lineNo: number, sink: LineSink, already?: import('./pairs.js').PairLine | null): void;
}
