/**
 * `vmcs template`: a minimal VMCS state that passes every VM-entry check that can be decided
 * (SDM Vol. 3C 27.2-27.3) for a given CPU (its capability MSRs) and guest mode.
 *
 * - Controls are fitted to the CPU (SDM Vol. 3D A.3-A.5): the bits the CPU forces to 1 are set
 *   (with the TRUE MSRs when IA32_VMX_BASIC[55] says they exist, so default-1 bits the CPU lets
 *   software clear are cleared), then the bits the options ask for, each only when its
 *   allowed-1 bit is 1; a requested bit the CPU cannot set is an error. Where a bit of the MSR
 *   is unknown (a partial source), a default-1 bit is set (always legal) and a requested bit
 *   is kept with a warning.
 * - Guest state for the mode (SDM 27.3.1), host state for a 64-bit VMM (SDM 27.2.2-27.2.3).
 * - Addresses are named placeholders with documented values (PLACEHOLDERS), replaced with
 *   `set`.
 *
 * Results are plain data with diagnostic codes; nothing here prints.
 */
import { MSR, type Caps, type CpuFacts } from '../caps/types.js';
import { lookupName, fieldByEncoding } from '../table/table.js';
import { checkFields } from '../check/check.js';
import { repairState } from '../check/repair.js';
import type { Fix, RuleResult } from '../check/types.js';

/** The guest modes `buildTemplate()` makes a state for. */
export const MODES = ['long', 'protected', 'protected-pae', 'real', 'unrestricted-real', 'v86'] as const;
/** A guest mode of `buildTemplate()`: long, protected, protected-pae, real (with unrestricted guest), unrestricted-real, v86. */
export type GuestMode = (typeof MODES)[number];

/** Options of `buildTemplate()`: the CPU's capabilities, the guest mode, the controls asked for, values set by hand. */
export interface TemplateOptions {
  caps: Caps;
  mode: GuestMode;
  ept?: boolean;
  vpid?: boolean;
  unrestricted?: boolean;
  msrBitmaps?: boolean;
  /** Field values to set last (a placeholder's real address, or any field): encoding -> value */
  set?: ReadonlyMap<number, bigint>;
}

/** One field of a template: its encoding (a number), name, value (a bigint), why that value, and the placeholder it stands for. */
export interface TemplateField {
  encoding: number;
  name: string;
  value: bigint;
  /** One line: why this value */
  why: string;
  /** The placeholder this value stands for, when it is one */
  placeholder?: string;
  /** true when --set gave the value */
  set?: boolean;
  /** With `from`: where the value comes from (the dump as it was, the dump's with the bits an option asks for, a fix of a failed rule, the template: the dump lacks the field) */
  origin?: 'dump' | 'options' | 'fixed' | 'template' | 'set';
  /** With origin 'fixed': the fixes that made the value, with their rules */
  fixes?: Array<{ rule: string; fix: Fix }>;
}

export type TemplateDiagnosticCode =
  /** a requested control the CPU does not allow: {control, bit, name, msr, why} */
  | 'control-not-allowed'
  /** a requested control whose allowed-1 bit the source does not show: {control, bit, name, msr} */
  | 'control-unknown'
  /** an MSR the template needs and the source does not give: {msr} */
  | 'msr-missing'
  /** a mode or option needs another option, turned on: {option, because} */
  | 'option-implied'
  /** EPT needs a memory type / page-walk length the CPU does not allow: {what} */
  | 'ept-unsupported';

/** A note or error of `buildTemplate()` (an option turned on because another needs it, a control the CPU does not allow). */
export interface TemplateDiagnostic {
  code: TemplateDiagnosticCode;
  severity: 'error' | 'warning' | 'info';
  args: Record<string, string | number>;
}

/** The result of `buildTemplate()`: the fields with their values and reasons, the diagnostics, and the options as applied. */
export interface TemplateResult {
  /** The fields, in encoding order; empty when an error stops the template */
  fields: TemplateField[];
  diagnostics: TemplateDiagnostic[];
  mode: GuestMode;
  options: { ept: boolean; vpid: boolean; unrestricted: boolean; msrBitmaps: boolean };
}

/** Named placeholders: 4-KByte-aligned, below 4 GiB (so a 32-bit guest and any MAXPHYADDR take them), host ones canonical. */
export const PLACEHOLDERS: ReadonlyArray<{ name: string; value: bigint; what: string }> = [
  { name: 'GUEST_ENTRY', value: 0x00100000n, what: 'the guest-linear address of the first guest instruction (GUEST_RIP)' },
  { name: 'GUEST_STACK', value: 0x00080000n, what: 'the guest stack pointer (GUEST_RSP)' },
  { name: 'GUEST_PAGE_TABLES', value: 0x00002000n, what: "the guest-physical address of the guest's top-level paging structure (GUEST_CR3)" },
  { name: 'GUEST_PDPT_0', value: 0x00003001n, what: 'the first PDPTE of a PAE guest: a page directory at 0x3000, present (GUEST_PDPTR0; used with EPT)' },
  { name: 'GUEST_GDT', value: 0x00001000n, what: "the guest GDT base (GUEST_GDTR_BASE): entries 1-3 are the code, data and TSS descriptors the selectors name" },
  { name: 'GUEST_IDT', value: 0x00001800n, what: 'the guest IDT base (GUEST_IDTR_BASE)' },
  { name: 'GUEST_TSS', value: 0x00004000n, what: 'the guest TSS base (GUEST_TR_BASE)' },
  { name: 'HOST_PAGE_TABLES', value: 0x01000000n, what: "the physical address of the VMM's PML4 (HOST_CR3)" },
  { name: 'VMEXIT_HANDLER', value: 0xffffffffc0001000n, what: "the address of the VMM's VM-exit handler (HOST_RIP)" },
  { name: 'VMEXIT_STACK', value: 0xffffc90000008000n, what: "the top of the VMM's VM-exit stack (HOST_RSP)" },
  { name: 'HOST_GDT', value: 0xfffffe0000001000n, what: "the VMM's GDT (HOST_GDTR_BASE)" },
  { name: 'HOST_IDT', value: 0xfffffe0000000000n, what: "the VMM's IDT (HOST_IDTR_BASE)" },
  { name: 'HOST_TSS', value: 0xfffffe0000003000n, what: "the VMM's TSS (HOST_TR_BASE)" },
  { name: 'HOST_FS', value: 0n, what: "the VMM's FS base (HOST_FS_BASE)" },
  { name: 'HOST_GS', value: 0xffff888000000000n, what: "the VMM's GS base, per-CPU data (HOST_GS_BASE)" },
  { name: 'MSR_BITMAP_PAGE', value: 0x00005000n, what: 'the physical address of the 4-KByte MSR bitmap, all zero to pass every MSR access (MSR_BITMAP)' },
  { name: 'EPT_PML4', value: 0x00006000n, what: 'the physical address of the EPT PML4 table (EPT_POINTER bits 51:12)' },
];

const PH = new Map(PLACEHOLDERS.map((p) => [p.name, p.value]));

const bit = (n: number): bigint => 1n << BigInt(n);
const M32 = 0xffffffffn;

/** One control word: its field, its capability MSRs (plain and TRUE) and the SDM's default-1 bits (Vol. 3D A.3-A.5). */
interface ControlWord {
  field: string;
  msr: number;
  trueMsr?: number;
  default1: bigint;
  /** the MSR holds allowed-1 bits only, all 64 (tertiary controls) */
  allowed1Only?: boolean;
}
const WORDS = {
  pin: { field: 'PIN_BASED_VM_EXEC_CONTROL', msr: MSR.PINBASED_CTLS, trueMsr: MSR.TRUE_PINBASED_CTLS, default1: 0x16n },
  proc: { field: 'CPU_BASED_VM_EXEC_CONTROL', msr: MSR.PROCBASED_CTLS, trueMsr: MSR.TRUE_PROCBASED_CTLS, default1: 0x0401e172n },
  proc2: { field: 'SECONDARY_VM_EXEC_CONTROL', msr: MSR.PROCBASED_CTLS2, default1: 0n },
  exit: { field: 'VM_EXIT_CONTROLS', msr: MSR.EXIT_CTLS, trueMsr: MSR.TRUE_EXIT_CTLS, default1: 0x36dffn },
  entry: { field: 'VM_ENTRY_CONTROLS', msr: MSR.ENTRY_CTLS, trueMsr: MSR.TRUE_ENTRY_CTLS, default1: 0x11ffn },
} satisfies Record<string, ControlWord>;

/** Control bits the template may ask for, with the names the diagnostics use. */
const CONTROL_NAMES: Record<string, Record<number, string>> = {
  CPU_BASED_VM_EXEC_CONTROL: { 28: 'use MSR bitmaps', 31: 'activate secondary controls' },
  SECONDARY_VM_EXEC_CONTROL: { 1: 'enable EPT', 5: 'enable VPID', 7: 'unrestricted guest' },
  VM_EXIT_CONTROLS: { 9: 'host address-space size' },
  VM_ENTRY_CONTROLS: { 9: 'IA-32e mode guest' },
};

function known(caps: Caps, index: number): bigint {
  return caps.known?.get(index) ?? (1n << 64n) - 1n;
}

/** Whether IA32_VMX_BASIC bit 55 (TRUE MSRs exist) is known to be 1. */
function useTrue(caps: Caps): boolean {
  const b = caps.msrs.get(MSR.BASIC);
  return b !== undefined && ((known(caps, MSR.BASIC) >> 55n) & 1n) === 1n && ((b >> 55n) & 1n) === 1n;
}

/**
 * Fits one control word: the bits the CPU forces, then each requested bit where allowed.
 * Returns the value and the diagnostics of the requested bits it could not set.
 */
function fitControl(caps: Caps, w: ControlWord, requested: number[], diags: TemplateDiagnostic[]): bigint {
  const index = w.trueMsr !== undefined && useTrue(caps) ? w.trueMsr : w.msr;
  const v = caps.msrs.get(index);
  const k = v === undefined ? 0n : known(caps, index);
  const msrName = Object.entries(MSR).find(([, i]) => i === index)?.[0] ?? '';
  const must1Known = k & M32;
  const must1 = ((v ?? 0n) & must1Known) | (w.default1 & ~must1Known & M32);
  let value = must1;
  for (const b of requested) {
    const k1 = (k >> BigInt(32 + b)) & 1n;
    const a1 = ((v ?? 0n) >> BigInt(32 + b)) & 1n;
    const name = CONTROL_NAMES[w.field]?.[b] ?? `bit ${b}`;
    if (k1 === 1n && a1 === 0n) {
      diags.push({ code: 'control-not-allowed', severity: 'error', args: { control: w.field, bit: b, name, msr: `IA32_VMX_${msrName}` } });
      continue;
    }
    if (k1 === 0n) diags.push({ code: 'control-unknown', severity: 'warning', args: { control: w.field, bit: b, name, msr: `IA32_VMX_${msrName}` } });
    value |= bit(b);
  }
  return value;
}

/** Access rights (SDM 25.4.1, Table 25-2): type, S, DPL, P, L, D/B, G; 0x10000 = unusable. */
const AR = {
  code64: 0xa09bn, // type 11 (execute/read, accessed), S, P, L, G
  code32: 0xc09bn, // type 11, S, P, D/B, G
  data32: 0xc093n, // type 3 (read/write, accessed), S, P, D/B, G
  code16: 0x9bn, // real mode: type 11, S, P
  data16: 0x93n, // type 3, S, P
  v86: 0xf3n, // virtual-8086: type 3, S, DPL 3, P (SDM 27.3.1.2, every segment in v86 mode)
  tss32busy: 0x8bn, // type 11 (32/64-bit busy TSS), P
  unusable: 0x10000n,
};

type Seg = { sel: bigint; base: bigint; limit: bigint; ar: bigint };

/**
 * Builds the template. With an error diagnostic the fields are still given (the controls as
 * close as the CPU allows), so a caller can show what it would be; `ok` is false then.
 */
export function buildTemplate(o: TemplateOptions): TemplateResult & { ok: boolean } {
  const caps = o.caps;
  const diags: TemplateDiagnostic[] = [];
  const real = o.mode === 'real' || o.mode === 'unrestricted-real';
  let unrestricted = o.unrestricted === true;
  let ept = o.ept === true;
  if (real && !unrestricted) {
    unrestricted = true;
    diags.push({ code: 'option-implied', severity: 'info', args: { option: 'unrestricted', because: `mode ${o.mode}: CR0.PE = 0 needs the unrestricted-guest control (SDM 27.3.1.1)` } });
  }
  if (unrestricted && !ept) {
    ept = true;
    diags.push({ code: 'option-implied', severity: 'info', args: { option: 'ept', because: 'unrestricted guest needs EPT (SDM 27.2.1.1)' } });
  }
  const vpid = o.vpid === true;
  const msrBitmaps = o.msrBitmaps === true;
  for (const m of ['BASIC', 'PINBASED_CTLS', 'PROCBASED_CTLS', 'EXIT_CTLS', 'ENTRY_CTLS', 'CR0_FIXED0', 'CR4_FIXED0'] as const) {
    if (!caps.msrs.has(MSR[m])) diags.push({ code: 'msr-missing', severity: 'warning', args: { msr: `IA32_VMX_${m}` } });
  }

  // --- controls ----------------------------------------------------------------------------
  const secondary = ept || vpid || unrestricted;
  const pin = fitControl(caps, WORDS.pin, [], diags);
  const proc = fitControl(caps, WORDS.proc, [...(msrBitmaps ? [28] : []), ...(secondary ? [31] : [])], diags);
  const proc2 = secondary ? fitControl(caps, WORDS.proc2, [...(ept ? [1] : []), ...(vpid ? [5] : []), ...(unrestricted ? [7] : [])], diags) : undefined;
  const exit = fitControl(caps, WORDS.exit, [9], diags);
  const long = o.mode === 'long';
  const entry = fitControl(caps, WORDS.entry, long ? [9] : [], diags);

  const fields = new Map<string, Omit<TemplateField, 'encoding' | 'name'>>();
  const put = (name: string, value: bigint, why: string, placeholder?: string): void => {
    fields.set(name, { value, why, ...(placeholder ? { placeholder } : {}) });
  };
  const ph = (name: string): bigint => PH.get(name)!;

  put('PIN_BASED_VM_EXEC_CONTROL', pin, 'pin-based controls: only the bits this CPU forces to 1');
  put('CPU_BASED_VM_EXEC_CONTROL', proc, `primary controls: the forced bits${msrBitmaps ? ', use MSR bitmaps' : ''}${secondary ? ', activate secondary controls' : ''}`);
  if (proc2 !== undefined) put('SECONDARY_VM_EXEC_CONTROL', proc2, `secondary controls:${ept ? ' enable EPT' : ''}${vpid ? ' enable VPID' : ''}${unrestricted ? ' unrestricted guest' : ''}`);
  put('VM_EXIT_CONTROLS', exit, 'exit controls: the forced bits and host address-space size (64-bit VMM)');
  put('VM_ENTRY_CONTROLS', entry, `entry controls: the forced bits${long ? ' and IA-32e mode guest' : ''}`);
  put('EXCEPTION_BITMAP', 0n, 'no exception causes a VM exit');
  put('PAGE_FAULT_ERROR_CODE_MASK', 0n, 'with the match, selects no page fault');
  put('PAGE_FAULT_ERROR_CODE_MATCH', 0n, 'with the mask, selects no page fault');
  put('CR3_TARGET_COUNT', 0n, 'no CR3-target values (at most IA32_VMX_MISC[24:16])');
  put('VM_EXIT_MSR_STORE_COUNT', 0n, 'no MSR stored on exit');
  put('VM_EXIT_MSR_LOAD_COUNT', 0n, 'no MSR loaded on exit');
  put('VM_ENTRY_MSR_LOAD_COUNT', 0n, 'no MSR loaded on entry');
  put('VM_ENTRY_INTR_INFO_FIELD', 0n, 'no event injected (valid bit 31 clear)');
  put('VM_ENTRY_EXCEPTION_ERROR_CODE', 0n, 'unused: no event injected');
  put('VM_ENTRY_INSTRUCTION_LEN', 0n, 'unused: no event injected');
  put('TSC_OFFSET', 0n, 'guest reads the host TSC');
  put('CR0_GUEST_HOST_MASK', 0n, 'the guest owns every CR0 bit');
  put('CR4_GUEST_HOST_MASK', 0n, 'the guest owns every CR4 bit');
  put('CR0_READ_SHADOW', 0n, 'unused: no CR0 bit is host-owned');
  put('CR4_READ_SHADOW', 0n, 'unused: no CR4 bit is host-owned');
  if (msrBitmaps) put('MSR_BITMAP', ph('MSR_BITMAP_PAGE'), 'MSR bitmap: 4-KByte aligned physical address', 'MSR_BITMAP_PAGE');
  if (ept) {
    // EPTP (SDM 25.6.11): memory type WB (6) in 2:0, page-walk length - 1 (3) in 5:3.
    const epc = caps.msrs.get(MSR.EPT_VPID_CAP);
    const epk = known(caps, MSR.EPT_VPID_CAP);
    if (epc !== undefined && ((epk >> 14n) & 1n) === 1n && ((epc >> 14n) & 1n) === 0n) diags.push({ code: 'ept-unsupported', severity: 'error', args: { what: 'write-back EPT paging structures (IA32_VMX_EPT_VPID_CAP bit 14)' } });
    if (epc !== undefined && ((epk >> 6n) & 1n) === 1n && ((epc >> 6n) & 1n) === 0n) diags.push({ code: 'ept-unsupported', severity: 'error', args: { what: 'a 4-level EPT page walk (IA32_VMX_EPT_VPID_CAP bit 6)' } });
    put('EPT_POINTER', ph('EPT_PML4') | 0x1en, 'EPTP: PML4 address, write-back (6), 4-level walk (3 in bits 5:3), no A/D flags', 'EPT_PML4');
  }
  if (vpid) put('VIRTUAL_PROCESSOR_ID', 1n, 'VPID 1 (0 is the VMM\'s own and not allowed with VPIDs on)');

  // --- guest state --------------------------------------------------------------------------
  const cr0f0 = caps.msrs.get(MSR.CR0_FIXED0) ?? 0x80000021n;
  const cr4f0 = caps.msrs.get(MSR.CR4_FIXED0) ?? 0x2000n;
  // Unrestricted guest waives the fixed PE and PG bits (SDM 27.3.1.1).
  const cr0Fixed = unrestricted ? cr0f0 & ~(bit(0) | bit(31)) : cr0f0;
  const ET = bit(4);
  const NE = bit(5);
  let cr0: bigint;
  let cr4 = cr4f0;
  let efer = 0n;
  if (real) cr0 = (cr0Fixed | ET | NE) & ~(bit(0) | bit(31));
  else cr0 = cr0Fixed | bit(0) | bit(31) | ET | NE;
  if (long || o.mode === 'protected-pae') cr4 |= bit(5); // PAE
  if (long) efer = bit(8) | bit(10); // LME, LMA
  if (o.mode === 'v86') cr4 |= bit(0); // VME: virtual-8086 mode extensions, as a v86 monitor would have
  put('GUEST_CR0', cr0, `CR0: the fixed-1 bits (IA32_VMX_CR0_FIXED0${unrestricted ? ', less PE and PG under unrestricted guest' : ''}), ET, NE${real ? '; PE = PG = 0: real mode' : ''}`);
  put('GUEST_CR3', real ? 0n : ph('GUEST_PAGE_TABLES'), real ? 'CR3: unused without paging' : 'CR3: the guest page tables', real ? undefined : 'GUEST_PAGE_TABLES');
  put('GUEST_CR4', cr4, `CR4: the fixed-1 bits (VMXE)${long || o.mode === 'protected-pae' ? ', PAE' : ''}${o.mode === 'v86' ? ', VME' : ''}`);
  put('GUEST_DR7', 0x400n, 'DR7 at reset: bit 10 reads as 1, no breakpoints');
  put('GUEST_RFLAGS', o.mode === 'v86' ? 0x20002n : 0x2n, o.mode === 'v86' ? 'RFLAGS: bit 1 (always 1) and VM (virtual-8086 mode)' : 'RFLAGS: bit 1 (always 1), interrupts disabled');
  put('GUEST_IA32_DEBUGCTL', 0n, 'IA32_DEBUGCTL: no branch tracing (loaded when "load debug controls" is 1)');
  put('GUEST_SYSENTER_CS', 0n, 'SYSENTER not set up');
  put('GUEST_SYSENTER_ESP', 0n, 'SYSENTER not set up (canonical)');
  put('GUEST_SYSENTER_EIP', 0n, 'SYSENTER not set up (canonical)');
  if (((entry >> 15n) & 1n) === 1n) put('GUEST_IA32_EFER', efer, 'IA32_EFER, loaded on entry ("load IA32_EFER" forced by this CPU)');
  else if (long) put('GUEST_IA32_EFER', efer, 'IA32_EFER: LME and LMA (not loaded: "IA-32e mode guest" sets them; kept for readers)');
  if (((entry >> 14n) & 1n) === 1n) put('GUEST_IA32_PAT', 0x0007040600070406n, 'IA32_PAT at reset (loaded on entry)');
  if (o.mode === 'protected-pae' && ept) {
    put('GUEST_PDPTR0', ph('GUEST_PDPT_0'), 'PDPTE 0: present, a page directory (loaded from the VMCS with EPT)', 'GUEST_PDPT_0');
    put('GUEST_PDPTR1', 0n, 'PDPTE 1: not present');
    put('GUEST_PDPTR2', 0n, 'PDPTE 2: not present');
    put('GUEST_PDPTR3', 0n, 'PDPTE 3: not present');
  }

  const segs: Record<string, Seg> = {};
  if (long || o.mode === 'protected' || o.mode === 'protected-pae') {
    const code = long ? AR.code64 : AR.code32;
    segs.CS = { sel: 0x08n, base: 0n, limit: M32, ar: code };
    for (const s of ['SS', 'DS', 'ES', 'FS', 'GS']) segs[s] = { sel: 0x10n, base: 0n, limit: M32, ar: AR.data32 };
    segs.TR = { sel: 0x18n, base: ph('GUEST_TSS'), limit: 0x67n, ar: AR.tss32busy };
  } else if (o.mode === 'v86') {
    const sel = 0x1000n;
    for (const s of ['CS', 'SS', 'DS', 'ES', 'FS', 'GS']) segs[s] = { sel, base: sel << 4n, limit: 0xffffn, ar: AR.v86 };
    segs.TR = { sel: 0x18n, base: ph('GUEST_TSS'), limit: 0x2067n, ar: AR.tss32busy };
  } else {
    const reset = o.mode === 'real';
    segs.CS = reset ? { sel: 0xf000n, base: 0xffff0000n, limit: 0xffffn, ar: AR.code16 } : { sel: 0n, base: 0n, limit: 0xffffn, ar: AR.code16 };
    for (const s of ['SS', 'DS', 'ES', 'FS', 'GS']) segs[s] = { sel: 0n, base: 0n, limit: 0xffffn, ar: AR.data16 };
    segs.TR = { sel: 0n, base: 0n, limit: 0xffffn, ar: AR.tss32busy };
  }
  segs.LDTR = { sel: 0n, base: 0n, limit: 0n, ar: AR.unusable };
  const flat = (s: string): string =>
    o.mode === 'real'
      ? s === 'CS'
        ? 'real-mode code segment at the reset vector (selector 0xf000, base 0xffff0000)'
        : 'real-mode data segment, base 0, limit 64 KBytes'
      : s === 'CS'
        ? long
          ? '64-bit code segment (L = 1)'
          : '32-bit flat code segment'
        : 'flat data segment, base 0, limit 4 GBytes';
  const segWhy: Record<string, string> = {
    long: '',
    protected: '',
    'protected-pae': '',
    v86: 'virtual-8086: base = selector x 16, limit 0xffff, DPL 3',
    real: '',
    'unrestricted-real': 'real-mode segment: base = selector x 16, limit 64 KBytes',
  };
  for (const [s, g] of Object.entries(segs)) {
    const what = s === 'LDTR' ? 'LDTR: unusable (no LDT)' : s === 'TR' ? 'TR: a busy 32-bit TSS (VM entry requires one, any mode)' : `${s}: ${segWhy[o.mode] || flat(s)}`;
    put(`GUEST_${s}_SELECTOR`, g.sel, what);
    put(`GUEST_${s}_BASE`, g.base, what, s === 'TR' && g.base !== 0n ? 'GUEST_TSS' : undefined);
    put(`GUEST_${s}_LIMIT`, g.limit, what);
    put(`GUEST_${s}_AR_BYTES`, g.ar, what);
  }
  const tables = !real;
  put('GUEST_GDTR_BASE', tables ? ph('GUEST_GDT') : 0n, tables ? 'GDTR base' : 'GDTR: unused in real mode', tables ? 'GUEST_GDT' : undefined);
  put('GUEST_GDTR_LIMIT', tables ? 0x1fn : 0xffffn, tables ? 'GDTR limit: 4 descriptors (null, code, data, TSS)' : 'GDTR limit at reset');
  put('GUEST_IDTR_BASE', tables ? ph('GUEST_IDT') : 0n, tables ? 'IDTR base' : 'IDTR: the real-mode IVT at 0', tables ? 'GUEST_IDT' : undefined);
  put('GUEST_IDTR_LIMIT', tables ? 0xfffn : 0x3ffn, tables ? 'IDTR limit: 256 16-byte gates' : 'IDTR limit: 256 4-byte vectors');
  const rip = o.mode === 'real' ? 0xfff0n : o.mode === 'unrestricted-real' ? 0x7c00n : o.mode === 'v86' ? 0x0100n : ph('GUEST_ENTRY');
  put('GUEST_RIP', rip, o.mode === 'real' ? 'RIP at reset: 0xfff0 (CS base + RIP = the reset vector 0xfffffff0)' : o.mode === 'unrestricted-real' ? 'RIP: a boot sector at 0x7c00' : o.mode === 'v86' ? 'RIP: offset 0x100 in the code segment' : 'RIP: the guest entry point', real || o.mode === 'v86' ? undefined : 'GUEST_ENTRY');
  put('GUEST_RSP', real || o.mode === 'v86' ? 0xfffen : ph('GUEST_STACK'), real || o.mode === 'v86' ? 'RSP: top of the 64-KByte stack segment' : 'RSP: the guest stack', real || o.mode === 'v86' ? undefined : 'GUEST_STACK');
  put('GUEST_ACTIVITY_STATE', 0n, 'active');
  put('GUEST_INTERRUPTIBILITY_INFO', 0n, 'no blocking by STI, MOV SS, SMI or NMI');
  put('GUEST_PENDING_DBG_EXCEPTIONS', 0n, 'no pending debug exceptions');
  put('VMCS_LINK_POINTER', (1n << 64n) - 1n, 'no shadow VMCS: all ones (SDM 27.3.1.5)');

  // --- host state (64-bit VMM) -------------------------------------------------------------
  const hostCr4 = cr4f0 | bit(5) | bit(7) | bit(9) | bit(10); // VMXE, PAE, PGE, OSFXSR, OSXMMEXCPT
  put('HOST_CR0', (caps.msrs.get(MSR.CR0_FIXED0) ?? 0x80000021n) | 0x80050033n, 'CR0 of a 64-bit kernel: PE MP ET NE WP AM PG');
  put('HOST_CR3', ph('HOST_PAGE_TABLES'), "CR3: the VMM's page tables", 'HOST_PAGE_TABLES');
  put('HOST_CR4', hostCr4, 'CR4: VMXE, PAE (64-bit host), PGE, OSFXSR, OSXMMEXCPT');
  put('HOST_CS_SELECTOR', 0x10n, "the VMM's 64-bit code segment (RPL 0, TI 0)");
  put('HOST_SS_SELECTOR', 0x18n, "the VMM's stack segment");
  for (const s of ['DS', 'ES', 'FS', 'GS']) put(`HOST_${s}_SELECTOR`, 0n, 'null: allowed for a 64-bit host');
  put('HOST_TR_SELECTOR', 0x40n, "the VMM's TSS (non-zero, RPL 0, TI 0)");
  put('HOST_FS_BASE', ph('HOST_FS'), "FS base of the VMM", 'HOST_FS');
  put('HOST_GS_BASE', ph('HOST_GS'), "GS base of the VMM (per-CPU data)", 'HOST_GS');
  put('HOST_TR_BASE', ph('HOST_TSS'), "the VMM's TSS", 'HOST_TSS');
  put('HOST_GDTR_BASE', ph('HOST_GDT'), "the VMM's GDT", 'HOST_GDT');
  put('HOST_IDTR_BASE', ph('HOST_IDT'), "the VMM's IDT", 'HOST_IDT');
  put('HOST_IA32_SYSENTER_CS', 0n, 'SYSENTER not used by the VMM');
  put('HOST_IA32_SYSENTER_ESP', 0n, 'SYSENTER not used (canonical)');
  put('HOST_IA32_SYSENTER_EIP', 0n, 'SYSENTER not used (canonical)');
  if (((exit >> 21n) & 1n) === 1n) put('HOST_IA32_EFER', bit(0) | bit(8) | bit(10) | bit(11), 'IA32_EFER of a 64-bit VMM: SCE LME LMA NXE (loaded on exit)');
  if (((exit >> 19n) & 1n) === 1n) put('HOST_IA32_PAT', 0x0007040600070406n, 'IA32_PAT at reset (loaded on exit)');
  put('HOST_RSP', ph('VMEXIT_STACK'), "the VMM's VM-exit stack", 'VMEXIT_STACK');
  put('HOST_RIP', ph('VMEXIT_HANDLER'), "the VMM's VM-exit handler", 'VMEXIT_HANDLER');

  // --- --set ------------------------------------------------------------------------------
  const out: TemplateField[] = [];
  const byEnc = new Map<number, TemplateField>();
  for (const [name, f] of fields) {
    const field = lookupName(name);
    if (!field) throw new Error(`template: no field ${name}`);
    const t: TemplateField = { encoding: field.encoding, name: field.name, ...f };
    byEnc.set(field.encoding, t);
  }
  for (const [enc, value] of o.set ?? []) {
    const prev = byEnc.get(enc);
    const field = fieldByEncoding(enc);
    const name = field?.name ?? `0x${enc.toString(16)}`;
    if (prev) {
      const was = prev.placeholder ? `placeholder ${prev.placeholder}` : `template value 0x${prev.value.toString(16)}`;
      byEnc.set(enc, { encoding: enc, name, value, why: `${prev.why} (set by --set; was the ${was})`, set: true });
    } else byEnc.set(enc, { encoding: enc, name, value, why: 'set by --set', set: true });
  }
  for (const enc of [...byEnc.keys()].sort((a, b) => a - b)) out.push(byEnc.get(enc)!);
  return { ok: !diags.some((d) => d.severity === 'error'), fields: out, diagnostics: diags, mode: o.mode, options: { ept, vpid, unrestricted, msrBitmaps } };
}

/** The template's values as check reads them: encoding -> value. */
export function templateValues(t: Pick<TemplateResult, 'fields'>): Map<number, bigint> {
  return new Map(t.fields.map((f) => [f.encoding, f.value]));
}

/** What check says of a template, with the same capabilities: the failures (none expected) and the rules not evaluated, with what they need. */
export interface TemplateProof {
  failed: RuleResult[];
  notEvaluated: RuleResult[];
  passed: number;
  /** The facts assumed: the host state is a 64-bit VMM's, so the VMM runs in IA-32e mode */
  facts: CpuFacts;
}

/** The template's self-check: `checkFields` over its values with the same capabilities; every rule that can be decided passes, or the failures say which value is wrong. */
export function proveTemplate(t: Pick<TemplateResult, 'fields'>, caps: Caps): TemplateProof {
  const facts: CpuFacts = { lma: true };
  const r = checkFields(templateValues(t), { caps, facts });
  return { failed: r.results.filter((x) => x.status === 'fail'), notEvaluated: r.results.filter((x) => x.status === 'not-evaluated'), passed: r.counts.pass, facts };
}

/** The guest mode a state is in, as the template names modes (SDM Vol. 3A 2.2; real vs. reset vector by CS base). */
export function modeOfState(values: ReadonlyMap<number, bigint>): GuestMode | null {
  const cr0 = values.get(0x6800);
  if (cr0 === undefined) return null;
  if (((values.get(0x6820) ?? 0n) >> 17n) & 1n) return 'v86';
  if ((cr0 & 1n) === 0n) return values.get(0x6808) === 0xffff0000n ? 'real' : 'unrestricted-real';
  // IA-32e: EFER.LMA; without EFER, the "IA-32e mode guest" entry control; without either (an
  // excerpt), CS.L or a RIP wider than 32 bits
  const efer = values.get(0x2806);
  const entry = values.get(0x4012);
  const csAr = values.get(0x4816);
  const rip = values.get(0x681e);
  const ia32e =
    efer !== undefined
      ? ((efer >> 10n) & 1n) === 1n
      : entry !== undefined
        ? ((entry >> 9n) & 1n) === 1n
        : (csAr !== undefined && ((csAr >> 13n) & 1n) === 1n) || (rip !== undefined && rip >> 32n !== 0n);
  if (ia32e) return 'long';
  return ((values.get(0x6804) ?? 0n) >> 5n) & 1n ? 'protected-pae' : 'protected';
}

export interface TemplateFromOptions extends Omit<TemplateOptions, 'mode'> {
  /** The state to start from: encoding -> value (a dump's fields) */
  from: ReadonlyMap<number, bigint>;
  /** The mode; the dump's own when left out (it must agree with the dump's when given) */
  mode?: GuestMode;
}

export interface TemplateFromResult extends TemplateResult {
  ok: boolean;
  /** The dump's mode (null: the dump has no GUEST_CR0) */
  dumpMode: GuestMode | null;
  /** Fields of the dump left out: the read-only VM-exit information (VMWRITE cannot write them) */
  dropped: string[];
  /** The options taken from the dump, not given by the user: the mode, and the controls the dump uses */
  inferred: InferredOption[];
}

/** An option of `template` that `--from` can take from the dump instead of the command line. */
export type InferredOption = 'mode' | 'ept' | 'vpid' | 'unrestricted' | 'msr-bitmaps';

/** The control bits an option asks for: encoding -> bits (with --from, added to the dump's controls). */
function optionBits(o: Pick<TemplateOptions, 'ept' | 'vpid' | 'unrestricted' | 'msrBitmaps'>): Array<[number, bigint]> {
  return [
    [0x4002, (o.msrBitmaps ? bit(28) : 0n) | (o.ept || o.vpid || o.unrestricted ? bit(31) : 0n)],
    [0x401e, (o.ept || o.unrestricted ? bit(1) : 0n) | (o.vpid ? bit(5) : 0n) | (o.unrestricted ? bit(7) : 0n)],
  ];
}

/**
 * `template --from DUMP`: the template, started from a dump's state. The dump's values are kept
 * where they pass; the fields it lacks come from the template for its mode (so no rule stays
 * not evaluated for want of a field the template has); the options it uses (EPT, VPID,
 * unrestricted guest, MSR bitmaps: its secondary and primary controls) are kept, and those asked
 * for are added; the rules it fails are repaired with their suggested fixes (as `check
 * --apply-fixes`, with the capabilities given); --set comes last. The read-only VM-exit
 * information is left out. What stays failing is in the proof, as for any template.
 */
export function buildTemplateFrom(o: TemplateFromOptions): TemplateFromResult {
  const dumpMode = modeOfState(o.from);
  // a dump without guest state (controls only): the mode its "IA-32e mode guest" entry control says, long without it
  const entry = o.from.get(0x4012);
  const mode = o.mode ?? dumpMode ?? (entry !== undefined && ((entry >> 9n) & 1n) === 0n ? 'protected' : 'long');
  const ctl = (enc: number, b: number): boolean => ((((o.from.get(enc) ?? 0n) >> BigInt(b)) & 1n) === 1n);
  const secondary = ctl(0x4002, 31);
  const base = buildTemplate({
    caps: o.caps,
    mode,
    ept: o.ept || (secondary && ctl(0x401e, 1)),
    vpid: o.vpid || (secondary && ctl(0x401e, 5)),
    unrestricted: o.unrestricted || (secondary && ctl(0x401e, 7)),
    msrBitmaps: o.msrBitmaps || ctl(0x4002, 28),
  });
  const values = new Map<number, bigint>();
  const origin = new Map<number, TemplateField>();
  for (const f of base.fields) {
    values.set(f.encoding, f.value);
    origin.set(f.encoding, { ...f, origin: 'template', why: `not in the dump: ${f.why}` });
  }
  const dropped: string[] = [];
  for (const [enc, v] of o.from) {
    const field = fieldByEncoding(enc);
    if (field?.type === 'exit-info') {
      dropped.push(field.name);
      continue;
    }
    values.set(enc, v);
    origin.set(enc, { encoding: enc, name: field?.name ?? `0x${enc.toString(16).padStart(8, '0')}`, value: v, why: 'from the dump', origin: 'dump' });
  }
  // A dump holding its code segment but not its stack segment (the head of a dump): the template's
  // SS takes the privilege of the dump's CS, as the SDM requires of SS (26.3.1.2: SS.RPL = CS.RPL,
  // and SS.DPL = CS.RPL outside unrestricted guests; CS.DPL = SS.DPL for a non-conforming CS).
  const csSel = o.from.get(0x0802);
  if ((mode === 'long' || mode === 'protected' || mode === 'protected-pae') && csSel !== undefined && (csSel & 3n) !== 0n) {
    const rpl = csSel & 3n;
    const ss = origin.get(0x0804);
    if (ss?.origin === 'template') {
      const v = (ss.value & ~3n) | rpl;
      values.set(0x0804, v);
      origin.set(0x0804, { ...ss, value: v, why: `${ss.why}, with the RPL (${rpl}) of the dump's CS selector` });
    }
    const ar = origin.get(0x4818);
    if (ar?.origin === 'template') {
      const v = (ar.value & ~0x60n) | (rpl << 5n);
      values.set(0x4818, v);
      origin.set(0x4818, { ...ar, value: v, why: `${ar.why}, with DPL ${rpl}: the RPL of the dump's CS selector` });
    }
  }
  // the controls the options ask for, added to the dump's (what the mode needs is left to the fixes, which say so)
  for (const [enc, want] of optionBits(o)) {
    const v = values.get(enc);
    if (v !== undefined && (v & want) !== want && origin.get(enc)?.origin === 'dump') {
      values.set(enc, v | want);
      origin.set(enc, { ...origin.get(enc)!, value: v | want, origin: 'options', why: `the dump's value 0x${v.toString(16)}, with the controls the options ask for (0x${want.toString(16)})` });
    }
  }
  const r = repairState(values, { caps: o.caps, facts: { lma: true } });
  const byField = new Map<number, Array<{ rule: string; fix: Fix }>>();
  for (const a of r.applied) {
    const enc = lookupName(a.fix.field)?.encoding;
    if (enc === undefined) continue;
    byField.set(enc, [...(byField.get(enc) ?? []), a]);
  }
  for (const [enc, v] of r.values) {
    const prev = origin.get(enc)!;
    const fixes = byField.get(enc);
    if (fixes && v !== prev.value) origin.set(enc, { ...prev, value: v, origin: 'fixed', fixes, why: `${prev.origin === 'template' ? 'the template\'s value' : 'the dump\'s value'} 0x${prev.value.toString(16)}, fixed: ${fixes.map((x) => `${x.rule} ${x.fix.why}`).join('; ')}` });
    else origin.set(enc, { ...prev, value: v });
  }
  for (const [enc, value] of o.set ?? []) {
    const prev = origin.get(enc);
    const name = fieldByEncoding(enc)?.name ?? `0x${enc.toString(16)}`;
    origin.set(enc, { encoding: enc, name, value, why: prev ? `${prev.why} (set by --set; was 0x${prev.value.toString(16)})` : 'set by --set', set: true, origin: 'set' });
  }
  const fields = [...origin.keys()].sort((a, b) => a - b).map((e) => origin.get(e)!);
  const diagnostics = base.diagnostics;
  // what the dump gave, not the user (--unrestricted given implies EPT: that one is the user's)
  const opts = base.options;
  const inferred: InferredOption[] = [];
  if (o.mode === undefined) inferred.push('mode');
  // a real mode the user named implies unrestricted guest, and that EPT: the user's too
  const userUnrestricted = o.unrestricted === true || o.mode === 'real' || o.mode === 'unrestricted-real';
  if (opts.ept && !o.ept && !userUnrestricted) inferred.push('ept');
  if (opts.vpid && !o.vpid) inferred.push('vpid');
  if (opts.unrestricted && !userUnrestricted) inferred.push('unrestricted');
  if (opts.msrBitmaps && !o.msrBitmaps) inferred.push('msr-bitmaps');
  return { ok: base.ok, fields, diagnostics, mode, options: base.options, dumpMode, dropped, inferred };
}
