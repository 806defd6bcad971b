/**
 * What matters first in a dump: the exit reason and whether the VM entry failed, the
 * VM-instruction error, and the guest's operating mode read from CR0, CR4, IA32_EFER, CS's
 * access rights and RFLAGS (SDM Vol. 3A §2.2 "Modes of operation", §9.8-9.9 IA-32e mode;
 * Vol. 3C §27.3.1.1, the checks on these fields at VM entry). Pure data; src/render/human.ts
 * prints it above the table.
 */
import type { Dump, DumpField } from './types.js';
import { exitReasonName } from '../bits/layouts.js';

/** The operating mode: real-address, protected, virtual-8086, or IA-32e (64-bit or compatibility). */
export type GuestMode = 'real' | 'protected' | 'virtual-8086' | 'ia32e-64bit' | 'ia32e-compatibility';

/** Paging: none (CR0.PG 0), 32-bit, PAE, 4-level or 5-level (SDM Vol. 3A §4.1.1). */
export type GuestPaging = 'none' | '32-bit' | 'pae' | '4-level' | '5-level';

/** The guest's mode as read from GUEST_CR0, CR4, IA32_EFER and CS access rights (SDM §26.4.1), with its paging mode. */
export interface GuestModeInfo {
  mode: GuestMode;
  paging: GuestPaging;
  /** true when the dump says the guest is in SMM (entry-to-SMM control, or a note SMM=1), else null: a dump rarely says */
  smm: boolean | null;
  /** The fields (and notes) the mode was read from */
  from: string[];
}

/** What matters first in a dump (`dumpOverview()`): its exit reason, whether the entry failed, the guest's mode. */
export interface DumpOverview {
  /** VM_EXIT_REASON, when the dump holds it */
  exit: { value: bigint; basic: number; name: string; entryFailure: boolean } | null;
  /** VM_INSTRUCTION_ERROR when it is not 0 (a VMfailValid of the last VMX instruction) */
  instructionError: number | null;
  /** The guest's mode, or null when the dump lacks GUEST_CR0 */
  guest: GuestModeInfo | null;
  /** The entry failed (exit reason bit 31) or a VM-entry instruction failed (errors 7, 8): `vmcs check` says why */
  entryFailed: boolean;
  /**
   * Whether the dump holds what a VM-entry check could read (`checkInputs()`): where it does not,
   * `vmcs check` evaluates no rule, and annotate does not suggest it
   */
  checkable: boolean;
}

const ENC = { exitReason: 0x4402, vmInstrError: 0x4400, entryControls: 0x4012, cr0: 0x6800, cr4: 0x6804, efer: 0x2806, csAr: 0x4816, rflags: 0x6820 } as const;

function bit(v: bigint, n: number): boolean {
  return ((v >> BigInt(n)) & 1n) === 1n;
}

/** The overview of one dump (fields absent from the dump leave their part null). */
export function dumpOverview(dump: Pick<Dump, 'fields' | 'notes'>): DumpOverview {
  const by = new Map<number, DumpField>();
  for (const f of dump.fields) by.set(f.encoding, f);
  const get = (enc: number): bigint | undefined => by.get(enc)?.value;

  const reason = get(ENC.exitReason);
  const exit =
    reason === undefined
      ? null
      : { value: reason, basic: Number(reason & 0xffffn), name: exitReasonName(Number(reason & 0xffffn)), entryFailure: bit(reason, 31) };
  const err = get(ENC.vmInstrError);
  const instructionError = err !== undefined && err !== 0n ? Number(err) : null;

  let guest: GuestModeInfo | null = null;
  const cr0 = get(ENC.cr0);
  if (cr0 !== undefined) {
    const from = ['GUEST_CR0'];
    const cr4 = get(ENC.cr4);
    const efer = get(ENC.efer);
    const entry = get(ENC.entryControls);
    const cs = get(ENC.csAr);
    const rflags = get(ENC.rflags);
    // IA32_EFER.LMA (bit 10); without the field, the "IA-32e mode guest" entry control (bit 9), which VM entry loads into LMA
    let lma = false;
    if (efer !== undefined) {
      lma = bit(efer, 10);
      from.push('GUEST_IA32_EFER');
    } else if (entry !== undefined) {
      lma = bit(entry, 9);
      from.push('VM_ENTRY_CONTROLS');
    }
    let mode: GuestMode;
    if (!bit(cr0, 0)) mode = 'real';
    else if (lma) {
      if (cs !== undefined) from.push('GUEST_CS_AR_BYTES');
      mode = cs !== undefined && bit(cs, 13) ? 'ia32e-64bit' : 'ia32e-compatibility';
    } else if (rflags !== undefined && bit(rflags, 17)) {
      from.push('GUEST_RFLAGS');
      mode = 'virtual-8086';
    } else mode = 'protected';
    if (cr4 !== undefined) from.push('GUEST_CR4');
    const paging: GuestPaging = !bit(cr0, 31) ? 'none' : cr4 === undefined || !bit(cr4, 5) ? '32-bit' : lma ? (bit(cr4, 12) ? '5-level' : '4-level') : 'pae';
    let smm: boolean | null = null;
    if (entry !== undefined && bit(entry, 10)) smm = true;
    const note = dump.notes?.find((n) => /^smm$/i.test(n.label));
    if (note) {
      smm = /^(1|true|yes)$/i.test(note.value.trim());
      from.push('SMM (note)');
    }
    guest = { mode, paging, smm, from };
  }
  const entryFailed = (exit?.entryFailure ?? false) || instructionError === 7 || instructionError === 8;
  return { exit, instructionError, guest, entryFailed, checkable: checkInputs(dump) };
}

/**
 * Whether a dump holds anything `vmcs check`'s rules could read, told without running them
 * (annotate never loads check's code): a field of the control, guest or host areas (encoding
 * bits 11:10 not 1, SDM Appendix B: the VM-exit information fields are no VM-entry check's input)
 * other than GUEST_RSP (no rule reads it) and GUEST_RIP (read only with the "IA-32e mode guest"
 * control and CS's access rights, SDM 28.3.1.4); or exit reason 0x80000021 with exit
 * qualification 3, which alone decides a rule (SDM 28.8: an NMI injected under blocking by STI).
 * A dump of VM-exit information and notes alone (a one-line message such as `reason 33, code 0`)
 * holds nothing a rule reads. The test is necessary, not sufficient: a dump with such a field
 * whose rules all need another field still has nothing evaluated, and check says so (exit 3).
 */
export function checkInputs(dump: Pick<Dump, 'fields'>): boolean {
  let reason: bigint | undefined;
  let qualification: bigint | undefined;
  for (const f of dump.fields) {
    if (f.name === null) continue;
    if (((f.encoding >> 10) & 3) !== 1) {
      if (f.encoding !== 0x681c && f.encoding !== 0x681e) return true;
    } else if (f.encoding === ENC.exitReason) reason = f.value;
    else if (f.encoding === 0x6400) qualification = f.value;
  }
  return reason === 0x80000021n && qualification === 3n;
}
