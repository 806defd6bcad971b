/**
 * Binary VMCS regions: the raw bytes of a VMCS, as files or as the hex dumps people paste.
 *
 * What is read (one generic reader over the layout tables of ./layouts/):
 *   - KVM's nested VMCS, struct vmcs12 (revision id 0x11e57ed0, 4 KiB), every field at its
 *     offset, with the header (revision id, shadow-VMCS bit, VMX-abort indicator, launch
 *     state); the layout variant (CET fields, CR3-target values) is chosen from the bytes.
 *   - The KVM_GET_NESTED_STATE blob: its header, the vmcs12 and, when present, the shadow
 *     vmcs12 (readRegions returns it as a second region).
 *   - The Hyper-V enlightened VMCS v1 (revision 1, 1024 bytes), with its clean-field bits.
 *   - A hardware VMCS page, whose layout is not architectural, given a layout profile of its
 *     revision id (LayoutProfile below). Without one, only the revision id, the shadow bit and
 *     the VMX-abort indicator are decoded, and an 'unknown-revision' diagnostic says why.
 *
 * Values are little-endian, of the size at their offset (natural width is 64-bit). Offsets in
 * results are offsets into the bytes given (so, for a nested-state blob, 128 + the vmcs12 offset).
 */
import { fieldsFile, fieldByEncoding, lookupName, type Field } from './table.js';
import { widthBits } from './encoding.js';
import type { BinaryLayout, HeaderSlot, SlotSize } from './layouts/types.js';
import {
  VMCS12_CET,
  VMCS12_CET_BYTES,
  VMCS12_CR3_TARGETS,
  VMCS12_DEAD_SPACE,
  VMCS12_ENCLS_TSC_BYTES,
  VMCS12_PRE_CET,
  VMCS12_REVISION,
  VMCS12_SIZE,
} from './layouts/vmcs12.js';
import { EVMCS_2022_BYTES, EVMCS_CLEAN_GROUPS, EVMCS_V1, EVMCS_V1_2022, EVMCS_VERSION } from './layouts/evmcs.js';
import {
  NESTED_FLAGS,
  NESTED_FORMAT_SVM,
  NESTED_FORMAT_VMX,
  NESTED_HEADER,
  NESTED_HEADER_SIZE,
  NESTED_SMM_FLAGS,
  NESTED_VMCS_SIZE,
  NESTED_VMX_FLAGS,
} from './layouts/nested.js';

export interface RegionField {
  encoding: number;
  value: bigint;
  offset: number;
}

export interface RegionNote {
  offset: number;
  label: string;
  value: string;
  what: string;
}

export type RegionDiagnosticCode = 'unknown-revision' | 'truncated-region' | 'bad-profile' | 'not-a-region';

export interface RegionResult {
  format: 'vmcs12' | 'nested-state' | 'evmcs' | 'hardware';
  /** e.g. "vmcs12 revision 0x11e57ed0 (KVM, with CET fields)" */
  description: string;
  /** VMCS fields only, in offset order */
  fields: RegionField[];
  /** Header values that are not VMCS fields: revision id, shadow-VMCS bit, VMX-abort indicator,
   *  launch state, nested-state header fields, eVMCS clean-field bits; also the layout variant
   *  chosen ('layout'), padding or unused bytes that are not zero, data after the region. */
  notes: RegionNote[];
  diagnostics: Array<{ code: RegionDiagnosticCode; args: Record<string, string | number> }>;
}

/**
 * A layout profile: where one CPU model (one VMCS revision id) keeps each field in its VMCS
 * region, as a VMWRITE-probing tool finds it (write a marker with VMWRITE, VMCLEAR, look for the
 * marker in the region). JSON schema (see examples/profile-example.json):
 *
 *   {
 *     "revision": "0x10",            // required: the revision id (bits 30:0 of dword 0),
 *                                    //   a number or a string "0x..." (hex) / "16" (decimal)
 *     "name": "Sandy Bridge",        // optional: shown in the description
 *     "source": "how it was measured", // optional
 *     "fields": [                    // required, at least one entry
 *       { "field": "GUEST_RIP", "offset": "0x1d8" },            // size defaults to the field's width
 *       { "field": "IO_BITMAP_A", "offset": 160, "size": 4 },    // low half stored alone...
 *       { "field": "IO_BITMAP_A_HIGH", "offset": 164 }           // ...and the high half elsewhere
 *     ]
 *   }
 *
 * "field" is a canonical name, any alias or SDM title fields.json knows, `NAME_HIGH` for the high
 * half of a 64-bit field, or an encoding ("0x681e"). "offset" is a byte offset in the region
 * (number or "0x..." string), with offset + size <= 4096. "size" is 2, 4 or 8 and at most the
 * field's width (16-bit 2, 32-bit 4, 64-bit and natural-width 8, a high half 4); smaller reads the
 * low bytes. A field and its high half, both given with size 4, are read as one 64-bit value.
 * Keys starting with "$" and "description"/"comment" are ignored; any other key is an error.
 */
export interface LayoutProfile {
  revision: number;
  name?: string;
  source?: string;
  fields: Array<{ field: string; offset: number; size?: 2 | 4 | 8 }>;
}

/** A VMCS region is at most 4 KiB (IA32_VMX_BASIC bits 44:32). */
const REGION_MAX = 4096;
const SHADOW_BIT = 0x80000000;

const hex = (v: number | bigint, digits: number): string => '0x' + v.toString(16).padStart(digits, '0');
const hex8 = (v: number): string => hex(v >>> 0, 8);

// ---------------------------------------------------------------------------------------------
// Layout tables -> encodings

interface Slot {
  encoding: number;
  offset: number;
  size: SlotSize;
}

const resolvedLayouts = new Map<BinaryLayout, Slot[]>();

/** The layout's field slots with their encodings; a name fields.json does not know is a bug. */
function slotsOf(layout: BinaryLayout): Slot[] {
  let slots = resolvedLayouts.get(layout);
  if (slots) return slots;
  slots = layout.fields.map((s) => {
    const f = lookupName(s.field);
    if (!f || f.name !== s.field || f.access !== 'full') {
      throw new Error(`binary layout ${layout.id}: '${s.field}' is not a canonical field name of fields.json`);
    }
    return { encoding: f.encoding, offset: s.offset, size: s.size };
  });
  resolvedLayouts.set(layout, slots);
  return slots;
}

// ---------------------------------------------------------------------------------------------
// Byte access

class Bytes {
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get length(): number {
    return this.bytes.length;
  }
  has(offset: number, size: number): boolean {
    return offset >= 0 && offset + size <= this.bytes.length;
  }
  u16(offset: number): number {
    return this.view.getUint16(offset, true);
  }
  u32(offset: number): number {
    return this.view.getUint32(offset, true);
  }
  u64(offset: number): bigint {
    return this.view.getBigUint64(offset, true);
  }
  read(offset: number, size: SlotSize): bigint {
    return size === 8 ? this.u64(offset) : BigInt(size === 4 ? this.u32(offset) : this.u16(offset));
  }
  /** Whether any byte of [start, end) (clipped to the data) is non-zero. */
  nonZero(start: number, end: number): boolean {
    const e = Math.min(end, this.bytes.length);
    for (let i = Math.max(0, start); i < e; i++) if (this.bytes[i] !== 0) return true;
    return false;
  }
  preview(start: number, end: number): string {
    const e = Math.min(end, this.bytes.length, start + 16);
    const parts: string[] = [];
    for (let i = start; i < e; i++) parts.push(this.bytes[i]!.toString(16).padStart(2, '0'));
    return parts.join(' ') + (Math.min(end, this.bytes.length) > e ? ' ...' : '');
  }
}

type Diagnostic = RegionResult['diagnostics'][number];

function diag(code: RegionDiagnosticCode, args: Record<string, string | number>): Diagnostic {
  return { code, args };
}

// ---------------------------------------------------------------------------------------------
// Header values shared by every VMCS region

function abortText(v: number): string {
  if (v === 0) return 'VMX-abort indicator: 0 = no VMX abort';
  const enums = (fieldsFile as unknown as { enums?: Record<string, { values?: Record<string, { name: string }> }> }).enums;
  const name = enums?.['vmx-abort']?.values?.[String(v)]?.name;
  return name ? `VMX-abort indicator: VMX abort ${v}, ${name} (SDM §29.7)` : `VMX-abort indicator: ${v}, not a VMX-abort reason the SDM defines`;
}

function regionHeaderNotes(data: Bytes, base: number, revisionWhat: string, notes: RegionNote[]): void {
  if (data.has(base, 4)) {
    const dw0 = data.u32(base);
    notes.push({ offset: base, label: 'revision_id', value: hex8(dw0 & 0x7fffffff), what: revisionWhat });
    const shadow = (dw0 & SHADOW_BIT) !== 0;
    notes.push({
      offset: base,
      label: 'shadow_vmcs',
      value: shadow ? '1' : '0',
      what: shadow ? 'Shadow-VMCS indicator (bit 31): a shadow VMCS' : 'Shadow-VMCS indicator (bit 31): an ordinary VMCS',
    });
  }
  if (data.has(base + 4, 4)) {
    const abort = data.u32(base + 4);
    notes.push({ offset: base + 4, label: 'abort', value: hex8(abort), what: abortText(abort) });
  }
}

function flagText(value: number, table: ReadonlyArray<readonly [number, string, string]>): string {
  const parts: string[] = [];
  let rest = value;
  for (const [bit, name, meaning] of table) {
    if (value & bit) {
      parts.push(`${name} (${meaning})`);
      rest &= ~bit;
    }
  }
  if (rest) parts.push(`unknown bits ${hex(rest, 1)}`);
  return parts.length ? parts.join(' · ') : 'none set';
}

// ---------------------------------------------------------------------------------------------
// The generic reader: one layout at `base`, within [base, end)

interface ReadOut {
  fields: RegionField[];
  notes: RegionNote[];
  diagnostics: Diagnostic[];
}

function readLayout(data: Bytes, layout: BinaryLayout, base: number, end: number, format: string, out: ReadOut): void {
  const available = Math.max(0, Math.min(end, data.length) - base);
  let missing = 0;
  for (const s of slotsOf(layout)) {
    if (s.offset + s.size <= available) out.fields.push({ encoding: s.encoding, value: data.read(base + s.offset, s.size), offset: base + s.offset });
    else missing++;
  }
  if (available < layout.size) {
    out.diagnostics.push(diag('truncated-region', { format, length: available, needed: layout.size, missing }));
  }
  paddingNotes(data, layout, base, Math.min(end, data.length), out.notes);
}

/** Notes for bytes that no field or header value of the layout covers and that are not zero. */
function paddingNotes(data: Bytes, layout: BinaryLayout, base: number, end: number, notes: RegionNote[]): void {
  const covered = new Uint8Array(layout.size);
  const mark = (offset: number, size: number) => covered.fill(1, offset, Math.min(offset + size, layout.size));
  for (const h of layout.header) mark(h.offset, h.size);
  for (const f of layout.fields) mark(f.offset, f.size);
  const ranges: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= layout.size; i++) {
    const free = i < layout.size && covered[i] === 0;
    if (free && start < 0) start = i;
    else if (!free && start >= 0) {
      ranges.push([start, i]);
      start = -1;
    }
  }
  let kept = 0;
  for (const [s, e] of ranges) {
    if (base + s >= end || !data.nonZero(base + s, base + e)) continue;
    if (kept++ >= 8) break;
    const reserved = layout.reserved?.find(([rs, re]) => s < re && rs < e);
    notes.push({
      offset: base + s,
      label: 'padding',
      value: data.preview(base + s, base + e),
      what: `bytes ${s}-${e - 1} are padding in this layout${reserved ? ` (${reserved[2]})` : ''}, yet not zero`,
    });
  }
  const tailEnd = Math.min(end, base + REGION_MAX);
  if (base + layout.size < tailEnd && data.nonZero(base + layout.size, tailEnd)) {
    let first = base + layout.size;
    while (first < tailEnd && data.bytes[first] === 0) first++;
    notes.push({
      offset: first,
      label: 'unused',
      value: data.preview(first, tailEnd),
      what: `bytes ${layout.size}-${tailEnd - base - 1} of the region follow the structure and are unused, yet not zero`,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// vmcs12

function pickVmcs12(data: Bytes, base: number): BinaryLayout {
  const nz = (r: readonly [number, number]) => data.nonZero(base + r[0], base + r[1]);
  if (nz(VMCS12_CET_BYTES)) return VMCS12_CET;
  if (nz(VMCS12_DEAD_SPACE) && !nz(VMCS12_ENCLS_TSC_BYTES)) return VMCS12_CR3_TARGETS;
  return VMCS12_PRE_CET;
}

const VMCS12_WHY: Record<string, string> = {
  'vmcs12-cet': 'bytes 680-727 hold data: the CET fields of Linux 6.18 and later',
  vmcs12:
    'bytes 680-727 (the CET fields of Linux 6.18 and later) are zero: the layout of Linux 5.8-6.17 (ENCLS_EXITING_BITMAP, from 5.13, and TSC_MULTIPLIER, from 5.14, read 0 on older kernels)',
  'vmcs12-cr3-targets': 'bytes 376-407 hold data and bytes 320-335 are zero: CR3-target values, which KVM mapped up to Linux 5.7',
};

function readVmcs12(data: Bytes, base: number, end: number): ReadOut & { layout: BinaryLayout } {
  const out: ReadOut = { fields: [], notes: [], diagnostics: [] };
  const layout = pickVmcs12(data, base);
  regionHeaderNotes(data, base, "VMCS revision identifier (bits 30:0): KVM's VMCS12_REVISION", out.notes);
  if (data.has(base + 8, 4)) {
    const ls = data.u32(base + 8);
    out.notes.push({
      offset: base + 8,
      label: 'launch_state',
      value: hex8(ls),
      what:
        ls === 0
          ? 'Launch state: clear (after VMCLEAR; the next VM entry must be VMLAUNCH)'
          : ls === 1
            ? 'Launch state: launched (after VMLAUNCH; the next VM entry must be VMRESUME)'
            : 'Launch state: neither 0 (clear) nor 1 (launched), which is all KVM writes',
    });
  }
  const why =
    layout === VMCS12_PRE_CET && Math.min(end, data.length) < base + VMCS12_CET_BYTES[1]
      ? 'the data ends before bytes 680-727 (the CET fields of Linux 6.18 and later): read as the layout of Linux 5.8-6.17'
      : VMCS12_WHY[layout.id];
  out.notes.push({ offset: base, label: 'layout', value: layout.id, what: `vmcs12 layout variant: ${why ?? layout.label}` });
  readLayout(data, layout, base, end, 'vmcs12', out);
  return { ...out, layout };
}

function vmcs12Description(layout: BinaryLayout): string {
  return `vmcs12 revision ${hex8(VMCS12_REVISION)} (${layout.label})`;
}

// ---------------------------------------------------------------------------------------------
// eVMCS

function readEvmcs(data: Bytes): RegionResult {
  const out: ReadOut = { fields: [], notes: [], diagnostics: [] };
  const is2022 = EVMCS_2022_BYTES.some(([s, e]) => data.nonZero(s, e));
  const layout = is2022 ? EVMCS_V1_2022 : EVMCS_V1;
  out.notes.push({ offset: 0, label: 'revision_id', value: hex8(data.u32(0)), what: 'Enlightened VMCS version (revision_id): 1' });
  const abort = data.u32(4);
  out.notes.push({ offset: 4, label: 'abort', value: hex8(abort), what: abortText(abort) });
  out.notes.push({
    offset: 0,
    label: 'layout',
    value: layout.id,
    what: is2022
      ? 'bytes 904-943 or 968-1015 hold data: the fields the 2022 TLFS update named (perf global ctrl, CET, LBR, ENCLS, TSC multiplier)'
      : data.length < 1016
        ? 'the data ends before bytes 904-943 and 968-1015 (the 2022 TLFS update fields): the 2016 TLFS fields only'
        : 'bytes 904-943 and 968-1015 (the 2022 TLFS update fields) are zero: the 2016 TLFS fields only',
  });
  evmcsHeaderNotes(data, out.notes);
  readLayout(data, layout, 0, data.length, 'evmcs', out);
  const label = is2022 ? 'with the 2022 TLFS fields' : 'without the 2022 TLFS fields';
  return {
    format: 'evmcs',
    description: `Hyper-V enlightened VMCS v1 (revision ${EVMCS_VERSION}, ${label})`,
    fields: out.fields,
    notes: out.notes,
    diagnostics: out.diagnostics,
  };
}

function headerSlot(slots: readonly HeaderSlot[], member: string): HeaderSlot {
  const s = slots.find((h) => h.member === member);
  if (!s) throw new Error(`no header slot ${member}`);
  return s;
}

function evmcsHeaderNotes(data: Bytes, notes: RegionNote[]): void {
  const at = (member: string) => headerSlot(EVMCS_V1.header, member);
  const clean = at('hv_clean_fields');
  if (data.has(clean.offset, 4)) {
    const v = data.u32(clean.offset);
    const names = EVMCS_CLEAN_GROUPS.filter(([bit]) => v & (1 << bit)).map(([, name]) => name);
    const reserved = v >>> 16;
    notes.push({
      offset: clean.offset,
      label: 'hv_clean_fields',
      value: hex8(v),
      what:
        'Clean-field bits: a set bit tells the hypervisor that group is unchanged since the last VM entry' +
        ((v & 0xffff) === 0xffff ? '; all groups clean' : names.length ? `; clean: ${names.join(', ')}` : '; every group dirty') +
        (reserved ? `; bits 31:16 (${hex(reserved, 4)}) are not defined` : ''),
    });
    for (const [bit, name, covers] of EVMCS_CLEAN_GROUPS) {
      const set = (v & (1 << bit)) !== 0;
      notes.push({
        offset: clean.offset,
        label: `hv_clean_fields.${name}`,
        value: set ? '1' : '0',
        what: `bit ${bit}, ${set ? 'clean' : 'dirty'}: ${covers}${set ? ' unchanged' : ' to be reloaded'}`,
      });
    }
  }
  const synth = at('hv_synthetic_controls');
  if (data.has(synth.offset, 4)) {
    notes.push({ offset: synth.offset, label: 'hv_synthetic_controls', value: hex8(data.u32(synth.offset)), what: 'Hyper-V synthetic VM-execution controls' });
  }
  const enl = at('hv_enlightenments_control');
  if (data.has(enl.offset, 4)) {
    const v = data.u32(enl.offset);
    const parts: string[] = [];
    if (v & 1) parts.push('nested_flush_hypercall');
    if (v & 2) parts.push('msr_bitmap');
    if (v & ~3) parts.push(`reserved bits ${hex((v & ~3) >>> 0, 1)}`);
    notes.push({
      offset: enl.offset,
      label: 'hv_enlightenments_control',
      value: hex8(v),
      what: `Enlightenments control (bit 0 nested_flush_hypercall, bit 1 msr_bitmap): ${parts.length ? parts.join(', ') : 'none'}`,
    });
  }
  const vp = at('hv_vp_id');
  if (data.has(vp.offset, 4)) notes.push({ offset: vp.offset, label: 'hv_vp_id', value: hex8(data.u32(vp.offset)), what: 'Virtual processor id (for the nested flush hypercall)' });
  const vm = at('hv_vm_id');
  if (data.has(vm.offset, 8)) notes.push({ offset: vm.offset, label: 'hv_vm_id', value: hex(data.u64(vm.offset), 16), what: 'VM id (for the nested flush hypercall)' });
  const pa = at('partition_assist_page');
  if (data.has(pa.offset, 8)) notes.push({ offset: pa.offset, label: 'partition_assist_page', value: hex(data.u64(pa.offset), 16), what: 'Guest physical address of the partition assist page' });
}

// ---------------------------------------------------------------------------------------------
// KVM nested state

const NESTED_KNOWN_FLAGS = NESTED_FLAGS.reduce((m, [bit]) => m | bit, 0);

/** Whether the bytes start with a kvm_nested_state header (and, if it says so, a vmcs12). */
function isNestedState(data: Bytes): boolean {
  if (data.length < 40) return false;
  const flags = data.u16(0);
  const format = data.u16(2);
  const size = data.u32(4);
  if (flags & ~NESTED_KNOWN_FLAGS) return false;
  const headerPadZero = !data.nonZero(40, Math.min(NESTED_HEADER_SIZE, data.length));
  if (format === NESTED_FORMAT_VMX) {
    if (size === NESTED_HEADER_SIZE) return headerPadZero;
    if (size !== NESTED_HEADER_SIZE + NESTED_VMCS_SIZE && size !== NESTED_HEADER_SIZE + 2 * NESTED_VMCS_SIZE) return false;
    if (!headerPadZero) return false;
    // Cut before the vmcs12: the size word (never a VMX-abort reason) and the zero padding suffice.
    if (!data.has(NESTED_HEADER_SIZE, 4)) return true;
    return (data.u32(NESTED_HEADER_SIZE) & 0x7fffffff) === VMCS12_REVISION;
  }
  if (format === NESTED_FORMAT_SVM) {
    return (size === NESTED_HEADER_SIZE || size === NESTED_HEADER_SIZE + 0x1000) && data.length >= NESTED_HEADER_SIZE && !data.nonZero(48, NESTED_HEADER_SIZE);
  }
  return false;
}

function readNested(data: Bytes): RegionResult[] {
  const notes: RegionNote[] = [];
  const diagnostics: Diagnostic[] = [];
  const at = (member: string) => headerSlot(NESTED_HEADER, member);
  const flags = data.u16(0);
  const format = data.u16(2);
  const size = data.u32(4);
  notes.push({ offset: 0, label: 'flags', value: hex(flags, 4), what: `Nested-state flags: ${flagText(flags, NESTED_FLAGS)}` });
  notes.push({ offset: 2, label: 'format', value: String(format), what: format === NESTED_FORMAT_VMX ? 'Format 0: VMX' : 'Format 1: SVM' });
  notes.push({
    offset: 4,
    label: 'size',
    value: String(size),
    what:
      size === NESTED_HEADER_SIZE
        ? 'Size of the blob: the 128-byte header only (no vmcs12)'
        : size === NESTED_HEADER_SIZE + NESTED_VMCS_SIZE
          ? `Size of the blob: 128-byte header + ${format === NESTED_FORMAT_VMX ? 'vmcs12' : 'vmcb12'} (4096)`
          : 'Size of the blob: 128-byte header + vmcs12 (4096) + shadow vmcs12 (4096)',
  });
  if (format === NESTED_FORMAT_SVM) {
    if (data.has(8, 8)) notes.push({ offset: 8, label: 'hdr.svm.vmcb_pa', value: hex(data.u64(8), 16), what: 'Guest physical address of L1\'s VMCB for L2' });
    diagnostics.push(diag('not-a-region', { length: data.length, reason: 'KVM nested state of format 1 (SVM): it carries a VMCB, not a VMCS' }));
    return [{ format: 'nested-state', description: `KVM nested state (SVM, ${size} bytes): no VMCS`, fields: [], notes, diagnostics }];
  }
  const vmxon = data.u64(at('hdr.vmx.vmxon_pa').offset);
  const vmcs12pa = data.u64(at('hdr.vmx.vmcs12_pa').offset);
  const none = 0xffffffffffffffffn;
  notes.push({
    offset: 8,
    label: 'hdr.vmx.vmxon_pa',
    value: hex(vmxon, 16),
    what: vmxon === none ? 'VMXON region address: none (-1ull), L1 is not in VMX operation' : 'Guest physical address of L1\'s VMXON region',
  });
  notes.push({
    offset: 16,
    label: 'hdr.vmx.vmcs12_pa',
    value: hex(vmcs12pa, 16),
    what: vmcs12pa === none ? 'Current-VMCS pointer: none (-1ull)' : 'Current-VMCS pointer: guest physical address of the vmcs12 (L1\'s VMPTRLD)',
  });
  const smm = data.u16(24);
  notes.push({ offset: 24, label: 'hdr.vmx.smm.flags', value: hex(smm, 4), what: `SMM flags: ${flagText(smm, NESTED_SMM_FLAGS)}` });
  const vmxFlags = data.u32(28);
  notes.push({ offset: 28, label: 'hdr.vmx.flags', value: hex8(vmxFlags), what: `VMX header flags: ${flagText(vmxFlags, NESTED_VMX_FLAGS)}` });
  const deadline = data.u64(32);
  if (vmxFlags & 1 || deadline !== 0n) {
    notes.push({
      offset: 32,
      label: 'hdr.vmx.preemption_timer_deadline',
      value: hex(deadline, 16),
      what: vmxFlags & 1 ? 'VMX-preemption timer deadline (L1 TSC)' : 'VMX-preemption timer deadline (not valid: flag clear)',
    });
  }
  if (size > data.length) diagnostics.push(diag('truncated-region', { format: 'nested-state', length: data.length, needed: size, missing: size - data.length }));

  const hasVmcs12 = size >= NESTED_HEADER_SIZE + NESTED_VMCS_SIZE && data.length > NESTED_HEADER_SIZE;
  const hasShadow = size >= NESTED_HEADER_SIZE + 2 * NESTED_VMCS_SIZE && data.length > NESTED_HEADER_SIZE + NESTED_VMCS_SIZE;
  const shadowBase = NESTED_HEADER_SIZE + NESTED_VMCS_SIZE;
  notes.push({
    offset: shadowBase,
    label: 'shadow_vmcs12',
    value: hasShadow ? 'present' : 'absent',
    what: hasShadow
      ? 'The shadow vmcs12 (L1 uses VMCS shadowing) follows the vmcs12 at offset 4224; readRegions returns it as a second region'
      : size >= NESTED_HEADER_SIZE + 2 * NESTED_VMCS_SIZE
        ? 'The header announces a shadow vmcs12, but the data ends before it'
        : 'No shadow vmcs12 (L1 does not use VMCS shadowing)',
  });
  if (!hasVmcs12) {
    return [{ format: 'nested-state', description: `KVM nested state (VMX, ${size} bytes): no vmcs12`, fields: [], notes, diagnostics }];
  }
  const main = readVmcs12(data, NESTED_HEADER_SIZE, NESTED_HEADER_SIZE + NESTED_VMCS_SIZE);
  const results: RegionResult[] = [
    {
      format: 'nested-state',
      description: `KVM nested state (VMX, ${size} bytes): ${vmcs12Description(main.layout)}${hasShadow ? ', and a shadow vmcs12' : ''}`,
      fields: main.fields,
      notes: [...notes, ...main.notes],
      diagnostics: [...diagnostics, ...main.diagnostics],
    },
  ];
  if (hasShadow) {
    const rev = data.has(shadowBase, 4) ? data.u32(shadowBase) & 0x7fffffff : -1;
    if (rev !== VMCS12_REVISION) {
      const sn: RegionNote[] = [];
      regionHeaderNotes(data, shadowBase, 'Revision identifier of the shadow vmcs12 (bits 30:0)', sn);
      results.push({
        format: 'nested-state',
        description: `shadow vmcs12 of KVM nested state: revision ${hex8(rev)} is not VMCS12_REVISION`,
        fields: [],
        notes: sn,
        diagnostics: [diag('unknown-revision', { revision: hex8(rev), where: 'shadow vmcs12' })],
      });
    } else {
      const shadow = readVmcs12(data, shadowBase, shadowBase + NESTED_VMCS_SIZE);
      results.push({
        format: 'nested-state',
        description: `shadow vmcs12 of KVM nested state: ${vmcs12Description(shadow.layout)}`,
        fields: shadow.fields,
        notes: shadow.notes,
        diagnostics: shadow.diagnostics,
      });
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Layout profiles (hardware VMCS pages)

interface ProfileSlot {
  field: Field;
  offset: number;
  size: SlotSize;
}

interface ResolvedProfile {
  revision: number;
  name?: string;
  slots: ProfileSlot[];
}

const PROFILE_KEYS = new Set(['revision', 'name', 'source', 'fields', 'description', 'comment']);
const ENTRY_KEYS = new Set(['field', 'offset', 'size', 'description', 'comment']);

function fieldBytes(f: Field): number {
  return widthBits(f.width, f.access) / 8;
}

function parseNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : null;
  if (typeof v !== 'string') return null;
  const t = v.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return t.length > 18 ? null : Number.parseInt(t.slice(2), 16);
  if (/^[0-9]+$/.test(t)) return t.length > 15 ? null : Number.parseInt(t, 10);
  return null;
}

function resolveFieldName(text: string): Field | undefined {
  const t = text.trim();
  if (/^0x[0-9a-f]{1,8}$/i.test(t)) return fieldByEncoding(Number.parseInt(t.slice(2), 16));
  return lookupName(t);
}

/** Check a profile and resolve its field names; an error message when it is not usable. */
function resolveProfile(p: unknown): ResolvedProfile | { error: string } {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return { error: 'a layout profile is a JSON object' };
  const o = p as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!k.startsWith('$') && !PROFILE_KEYS.has(k)) return { error: `unknown key '${k}' (expected revision, name, source, fields)` };
  }
  if (o.revision === undefined) return { error: "missing 'revision' (the VMCS revision id, e.g. \"0x10\")" };
  const revision = parseNumber(o.revision);
  if (revision === null || revision < 0 || revision > 0x7fffffff) return { error: `'revision' must be a 31-bit revision id, as a number or a "0x..." string, not ${JSON.stringify(o.revision)}` };
  if (o.name !== undefined && typeof o.name !== 'string') return { error: "'name' must be a string" };
  if (o.source !== undefined && typeof o.source !== 'string') return { error: "'source' must be a string" };
  if (!Array.isArray(o.fields) || o.fields.length === 0) return { error: "'fields' must be a non-empty array of {\"field\", \"offset\", \"size\"} entries" };
  const slots: ProfileSlot[] = [];
  const seen = new Map<number, number>();
  for (let i = 0; i < o.fields.length; i++) {
    const e = o.fields[i] as unknown;
    const where = `fields[${i}]`;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) return { error: `${where}: an entry is an object {"field", "offset", "size"}` };
    const entry = e as Record<string, unknown>;
    for (const k of Object.keys(entry)) {
      if (!k.startsWith('$') && !ENTRY_KEYS.has(k)) return { error: `${where}: unknown key '${k}' (expected field, offset, size)` };
    }
    if (typeof entry.field !== 'string') return { error: `${where}: 'field' must be a field name or encoding` };
    const field = resolveFieldName(entry.field);
    if (!field) return { error: `${where}: unknown field '${entry.field}'` };
    const offset = parseNumber(entry.offset);
    if (offset === null || offset < 0) return { error: `${where} (${field.name}): 'offset' must be a byte offset (number or "0x..." string)` };
    const width = fieldBytes(field);
    let size: SlotSize;
    if (entry.size === undefined) size = width as SlotSize;
    else if (entry.size === 2 || entry.size === 4 || entry.size === 8) size = entry.size;
    else return { error: `${where} (${field.name}): 'size' must be 2, 4 or 8` };
    if (size > width) return { error: `${where} (${field.name}): size ${size} is wider than the field (${width} bytes)` };
    if (offset + size > REGION_MAX) return { error: `${where} (${field.name}): offset ${offset} + size ${size} is past the 4096-byte region` };
    if (offset < 8) return { error: `${where} (${field.name}): offsets 0-7 hold the revision id and the VMX-abort indicator` };
    if (seen.has(field.encoding)) return { error: `${where}: ${field.name} is given twice` };
    seen.set(field.encoding, i);
    slots.push({ field, offset, size });
  }
  // A 64-bit field given whole cannot also have its high half given.
  for (const s of slots) {
    if (s.field.access === 'high') {
      const full = slots.find((t) => t.field.encoding === s.field.encoding - 1);
      if (full && full.size === 8) return { error: `${s.field.name}: the full field ${full.field.name} is already read as 8 bytes` };
    }
  }
  const sorted = [...slots].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (a.offset + a.size > b.offset) return { error: `${a.field.name} (offset ${a.offset}, ${a.size} bytes) overlaps ${b.field.name} (offset ${b.offset})` };
  }
  const r: ResolvedProfile = { revision, slots: sorted };
  if (typeof o.name === 'string') r.name = o.name;
  return r;
}

/**
 * Parse and check a layout profile (JSON text, schema above). Field names come back canonical,
 * offsets and revision as numbers, and every size filled in.
 */
export function parseProfile(json: string): LayoutProfile | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    return { error: `not valid JSON: ${(e as Error).message}` };
  }
  const r = resolveProfile(value);
  if ('error' in r) return r;
  const o = value as Record<string, unknown>;
  const profile: LayoutProfile = { revision: r.revision, fields: r.slots.map((s) => ({ field: s.field.name, offset: s.offset, size: s.size })) };
  if (typeof o.name === 'string') profile.name = o.name;
  if (typeof o.source === 'string') profile.source = o.source;
  return profile;
}

function readHardware(data: Bytes, profile: ResolvedProfile, diagnostics: Diagnostic[]): RegionResult {
  const notes: RegionNote[] = [];
  regionHeaderNotes(data, 0, 'VMCS revision identifier (bits 30:0): the CPU\'s, from IA32_VMX_BASIC', notes);
  const fields: RegionField[] = [];
  const highs = new Map<number, ProfileSlot>();
  for (const s of profile.slots) if (s.field.access === 'high') highs.set(s.field.encoding - 1, s);
  const used = new Set<ProfileSlot>();
  let missing = 0;
  let needed = 0;
  for (const s of profile.slots) {
    needed = Math.max(needed, s.offset + s.size);
    if (used.has(s)) continue;
    if (!data.has(s.offset, s.size)) {
      missing++;
      continue;
    }
    let value = data.read(s.offset, s.size);
    if (s.field.access === 'full' && s.size === 4 && highs.has(s.field.encoding)) {
      const h = highs.get(s.field.encoding)!;
      if (data.has(h.offset, 4)) {
        value |= BigInt(data.u32(h.offset)) << 32n;
        used.add(h);
      }
    } else if (s.field.access === 'high' && profile.slots.some((t) => t.field.encoding === s.field.encoding - 1 && t.size === 4 && data.has(t.offset, 4))) {
      continue; // joined with its full half
    }
    fields.push({ encoding: s.field.encoding, value, offset: s.offset });
  }
  fields.sort((a, b) => a.offset - b.offset);
  if (missing > 0) diagnostics.push(diag('truncated-region', { format: 'hardware', length: data.length, needed, missing }));
  const revision = data.u32(0) & 0x7fffffff;
  return {
    format: 'hardware',
    description: `hardware VMCS revision ${hex8(revision)} (layout profile${profile.name ? ` "${profile.name}"` : ''})`,
    fields,
    notes,
    diagnostics,
  };
}

// ---------------------------------------------------------------------------------------------
// Entry points

/**
 * Read a region: vmcs12 (revision 0x11e57ed0), KVM nested state, Hyper-V eVMCS v1 (revision 1
 * and the v1 layout size), or a hardware page with a profile of its revision. For a nested-state
 * blob this is the vmcs12; readRegions also returns the shadow vmcs12.
 */
export function readRegion(bytes: Uint8Array, options: { profile?: LayoutProfile } = {}): RegionResult {
  return readRegions(bytes, options)[0]!;
}

/**
 * Like readRegion, but a KVM nested-state blob that carries a shadow vmcs12 gives two results:
 * the vmcs12 (with the nested-state header notes) and then the shadow vmcs12 (format
 * 'nested-state', described as "shadow vmcs12 of KVM nested state: ..."). Every other input
 * gives exactly one result.
 */
export function readRegions(bytes: Uint8Array, options: { profile?: LayoutProfile } = {}): RegionResult[] {
  if (!(bytes instanceof Uint8Array)) {
    return [{ format: 'hardware', description: 'not a VMCS region', fields: [], notes: [], diagnostics: [diag('not-a-region', { length: 0, reason: 'not bytes' })] }];
  }
  const data = new Bytes(bytes);
  if (data.length < 8) {
    return [
      {
        format: 'hardware',
        description: 'not a VMCS region',
        fields: [],
        notes: [],
        diagnostics: [diag('not-a-region', { length: data.length, reason: 'shorter than the 8-byte region header (revision id and VMX-abort indicator)' })],
      },
    ];
  }
  const diagnostics: Diagnostic[] = [];
  let profile: ResolvedProfile | undefined;
  if (options.profile !== undefined) {
    const r = resolveProfile(options.profile);
    if ('error' in r) diagnostics.push(diag('bad-profile', { reason: r.error }));
    else profile = r;
  }
  const withProfileDiags = (results: RegionResult[], regionEnd = REGION_MAX): RegionResult[] => {
    if (diagnostics.length) results[0]!.diagnostics.unshift(...diagnostics);
    if (data.length > regionEnd) {
      results[results.length - 1]!.notes.push({
        offset: regionEnd,
        label: 'trailing',
        value: `${data.length - regionEnd} bytes`,
        what: `the data goes on after the ${regionEnd}-byte region; the rest is not read`,
      });
    }
    return results;
  };
  if (isNestedState(data)) return withProfileDiags(readNested(data), Math.max(data.u32(4), NESTED_HEADER_SIZE));
  const dw0 = data.u32(0);
  const revision = dw0 & 0x7fffffff;
  if (profile && profile.revision === revision) {
    const r = readHardware(data, profile, []);
    return withProfileDiags([r]);
  }
  if (revision === VMCS12_REVISION) {
    const r = readVmcs12(data, 0, Math.min(data.length, VMCS12_SIZE));
    return withProfileDiags([{ format: 'vmcs12', description: vmcs12Description(r.layout), fields: r.fields, notes: r.notes, diagnostics: r.diagnostics }]);
  }
  if (dw0 === EVMCS_VERSION) return withProfileDiags([readEvmcs(data)]);
  const notes: RegionNote[] = [];
  regionHeaderNotes(data, 0, 'VMCS revision identifier (bits 30:0)', notes);
  const args: Record<string, string | number> = { revision: hex8(revision) };
  if (profile) args.profileRevision = hex8(profile.revision);
  return withProfileDiags([
    {
      format: 'hardware',
      description: profile
        ? `VMCS region with revision id ${hex8(revision)}; the layout profile is for revision ${hex8(profile.revision)}`
        : `VMCS region with revision id ${hex8(revision)}: a hardware layout, unknown without a layout profile (--layout)`,
      fields: [],
      notes,
      diagnostics: [diag('unknown-revision', args)],
    },
  ]);
}

/** Whether these first bytes look like a binary region (NUL bytes / a known revision id / the nested-state header). */
export function looksBinary(head: Uint8Array): boolean {
  if (!(head instanceof Uint8Array) || head.length === 0) return false;
  if (head.indexOf(0) !== -1) return true;
  if (head.length >= 4) {
    const dw0 = (head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24)) >>> 0;
    if ((dw0 & 0x7fffffff) === VMCS12_REVISION) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Hex dumps

/** Largest text read as a hex dump, and most bytes it may describe (with '*' repeats). */
const MAX_DUMP_TEXT = 64 * 1024 * 1024;
const MAX_DUMP_BYTES = 16 * 1024 * 1024;
/** Fewer bytes than a region header is not taken for a dump. */
const MIN_DUMP_BYTES = 8;

type DumpLine = { kind: 'data'; offset: number; bytes: number[] } | { kind: 'star' } | { kind: 'end'; offset: number };

const BYTE_RE = /^[0-9a-f]{2}$/i;
const GROUP_RE = /^(?:[0-9a-f]{2})+$/i;

function hexBytes(token: string, out: number[]): void {
  for (let i = 0; i < token.length; i += 2) out.push(Number.parseInt(token.slice(i, i + 2), 16));
}

/** xxd's ASCII column: 0x20-0x7e as themselves, every other byte as '.'. */
function asciiAgrees(ascii: string, bytes: number[]): boolean {
  const n = Math.min(ascii.length, bytes.length);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    const c = ascii.charCodeAt(i);
    if (b >= 0x20 && b < 0x7f ? c !== b : c !== 0x2e) return false;
  }
  return true;
}

/**
 * xxd: `00000000: 4865 6c6c 6f0a  Hello.` (groups in byte order, then the ASCII column after
 * two spaces), also -g N, -c N, -u, -a ('*' lines) and -e (little-endian groups, told apart by
 * the ASCII column: the groups are read back in byte order). The ASCII column is required: it
 * is what tells a dump line from a `681e: ffffffff81000000` log line.
 */
function parseXxd(lines: string[]): Uint8Array | null {
  const rows: Array<{ offset: number; rest: string } | null> = [];
  for (const line of lines) {
    if (line === '*') {
      rows.push(null);
      continue;
    }
    const m = /^([0-9a-f]{7,16}):(?: (.*))?$/i.exec(line);
    if (!m) return null;
    rows.push({ offset: Number.parseInt(m[1]!, 16), rest: m[2] ?? '' });
  }
  const data = rows.filter((r): r is { offset: number; rest: string } => r !== null && r.rest.trim() !== '');
  if (data.length === 0) return null;
  // The first line is a full one when there are several: its first double space starts the
  // ASCII column, at the same column on every line (the hex area is padded).
  const firstCut = data[0]!.rest.indexOf('  ');
  const col = data.length > 1 && firstCut >= 0 ? firstCut + 2 : -1;
  const parsed: Array<{ offset: number; groups: string[]; ascii: string } | null> = [];
  for (const r of rows) {
    if (!r) {
      parsed.push(null);
      continue;
    }
    let area: string;
    let ascii = '';
    if (col >= 0) {
      area = r.rest.slice(0, col - 2);
      ascii = r.rest.slice(col);
    } else {
      const cut = r.rest.indexOf('  ');
      area = cut >= 0 ? r.rest.slice(0, cut) : r.rest;
      if (cut >= 0) ascii = r.rest.slice(cut + 2).replace(/^ +/, '');
      // No ASCII column left: only possible (after trimming) when every byte printed as a space.
      else if (!area.split(' ').every((t) => t === '' || /^(?:20)+$/.test(t))) return null;
    }
    const groups = area.split(/\s+/).filter((t) => t !== '');
    for (let i = 0; i < groups.length; i++) {
      const t = groups[i]!;
      // Every group but the last has the same length (-g N).
      if (!GROUP_RE.test(t) || (i > 0 && groups[i - 1]!.length !== groups[0]!.length) || t.length > groups[0]!.length) return null;
    }
    parsed.push({ offset: r.offset, groups, ascii });
  }
  const inOrder = (groups: string[], swap: boolean): number[] => {
    const out: number[] = [];
    for (const g of groups) {
      const bytes: number[] = [];
      hexBytes(g, bytes);
      if (swap) bytes.reverse();
      out.push(...bytes);
    }
    return out;
  };
  const rowsIn = parsed.filter((p): p is { offset: number; groups: string[]; ascii: string } => p !== null);
  const swap = !rowsIn.every((p) => asciiAgrees(p.ascii, inOrder(p.groups, false))) && rowsIn.every((p) => asciiAgrees(p.ascii, inOrder(p.groups, true)));
  const out: DumpLine[] = parsed.map((p) => {
    if (!p) return { kind: 'star' };
    const bytes = inOrder(p.groups, swap);
    return bytes.length ? { kind: 'data', offset: p.offset, bytes } : { kind: 'end', offset: p.offset };
  });
  return assemble(out);
}

/** hexdump -C (`00000000  48 65 ...  |Hello|`) and od -A x -t x1z (`000000 48 65 ...  >Hello<`). */
function offsetLine(line: string): DumpLine | null {
  if (line === '*') return { kind: 'star' };
  const m = /^([0-9a-f]{6,16})(?:\s+(.*))?$/i.exec(line);
  if (!m) return null;
  const offset = Number.parseInt(m[1]!, 16);
  let area = m[2] ?? '';
  const bar = area.indexOf('|');
  const gt = area.indexOf('>');
  const cut = bar < 0 ? gt : gt < 0 ? bar : Math.min(bar, gt);
  if (cut >= 0) area = area.slice(0, cut);
  const tokens = area.split(/\s+/).filter((t) => t !== '');
  const bytes: number[] = [];
  for (const t of tokens) {
    if (!BYTE_RE.test(t)) return null;
    bytes.push(Number.parseInt(t, 16));
  }
  return bytes.length ? { kind: 'data', offset, bytes } : { kind: 'end', offset };
}

/** Assemble offset-addressed lines; null when the offsets do not add up. */
function assemble(lines: DumpLine[]): Uint8Array | null {
  const first = lines.find((l) => l.kind === 'data');
  if (!first || first.kind !== 'data') return null;
  const start = first.offset;
  const out: number[] = [];
  let pos = start;
  let last: number[] | null = null;
  let star = false;
  const fill = (to: number): boolean => {
    if (to < pos) return false;
    if (to === pos) return true;
    if (!star || !last || to - start > MAX_DUMP_BYTES) return false;
    for (let i = 0; pos < to; i++, pos++) out.push(last[i % last.length]!);
    return true;
  };
  for (const l of lines) {
    if (l.kind === 'star') {
      if (!last) return null;
      star = true;
      continue;
    }
    if (!fill(l.offset)) return null;
    star = false;
    if (l.kind === 'data') {
      for (const b of l.bytes) out.push(b);
      pos += l.bytes.length;
      last = l.bytes;
      if (out.length > MAX_DUMP_BYTES) return null;
    }
  }
  return out.length >= MIN_DUMP_BYTES ? Uint8Array.from(out) : null;
}

/** Plain hex: `48 65 6c`, `0x48, 0x65`, or `xxd -p` lines of continuous hex. */
function plainHex(lines: string[]): Uint8Array | null {
  const out: number[] = [];
  const runs = lines.map((l) => (/^(?:[0-9a-f]{2})+$/i.test(l) ? l : null));
  // xxd -p: one run of hex digits per line, every line but the last at least 8 bytes.
  if (runs.every((r, n) => r !== null && (r.length >= 16 || (n === lines.length - 1 && n > 0)))) {
    for (const r of runs) hexBytes(r!, out);
    return out.length >= MIN_DUMP_BYTES && out.length <= MAX_DUMP_BYTES ? Uint8Array.from(out) : null;
  }
  for (const line of lines) {
    for (const t of line.split(/[\s,]+/)) {
      if (t === '') continue;
      const m = /^(?:0x([0-9a-f]{1,2})|([0-9a-f]{2}))$/i.exec(t);
      if (!m) return null;
      out.push(Number.parseInt(m[1] ?? m[2]!, 16));
    }
    if (out.length > MAX_DUMP_BYTES) return null;
  }
  return out.length >= MIN_DUMP_BYTES ? Uint8Array.from(out) : null;
}

/**
 * Bytes of a hex dump (xxd, hexdump -C with its '*' repeat lines, od -A x -t x1z, plain hex
 * bytes with or without 0x/spaces); null if the text is not one.
 *
 * Offset-addressed dumps must be consistent: each line starts where the previous one ended,
 * or later after a '*' line (the previous line repeats up to the next offset). The bytes start
 * at the first line's offset. xxd -e (little-endian groups) is read back in byte order when its
 * ASCII column shows the swap (a dump of one line, or of no printable byte, cannot show it).
 * Word dumps without an ASCII column to check against (hexdump without -C, od -t x2) are
 * refused rather than misread. Fewer than 8 bytes is not taken for a dump.
 */
export function parseHexDump(text: string): Uint8Array | null {
  if (typeof text !== 'string' || text.length > MAX_DUMP_TEXT) return null;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.includes('\u0000')) return null;
  const lines = body
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  // A pasted shell prompt line before the dump is skipped.
  if (lines.length > 1 && /^[$%#] \S/.test(lines[0]!)) lines.shift();
  if (lines.length === 0) return null;
  const firstReal = lines.find((l) => l !== '*') ?? '';
  if (/^[0-9a-f]{7,16}:/i.test(firstReal)) return parseXxd(lines);
  const first = firstReal.split(/\s+/)[0] ?? '';
  if (/^[0-9a-f]{6,16}$/i.test(first) && !lines.every((l) => !/\s/.test(l))) {
    const parsed: DumpLine[] = [];
    let ok = true;
    for (const l of lines) {
      const d = offsetLine(l);
      if (!d) {
        ok = false;
        break;
      }
      parsed.push(d);
    }
    if (ok) {
      const r = assemble(parsed);
      if (r) return r;
    }
  }
  return plainHex(lines);
}
