/**
 * The reading machinery every region format shares: little-endian reads over the bytes, the
 * slots of an offset table resolved to fields, the region header (revision id, shadow bit,
 * VMX-abort indicator) and notes for padding that is not zero.
 */
import type { BinaryLayout, HeaderSlot, RegionDiagnosticCode, RegionField, RegionNote, RegionResult, SlotSize } from './types.js';
import { fieldsFile, lookupName } from '../table/table.js';

/** A VMCS region is at most 4 KiB (IA32_VMX_BASIC bits 44:32). */
export const REGION_MAX = 4096;
const SHADOW_BIT = 0x80000000;

export const hex = (v: number | bigint, digits: number): string => '0x' + v.toString(16).padStart(digits, '0');
export const hex8 = (v: number): string => hex(v >>> 0, 8);

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

export class Bytes {
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

export type Diagnostic = RegionResult['diagnostics'][number];

export function diag(code: RegionDiagnosticCode, args: Record<string, string | number>): Diagnostic {
  return { code, args };
}

// ---------------------------------------------------------------------------------------------
// Header values shared by every VMCS region

export function abortText(v: number): string {
  if (v === 0) return 'VMX-abort indicator: 0 = no VMX abort';
  const enums = (fieldsFile as unknown as { enums?: Record<string, { values?: Record<string, { name: string }> }> }).enums;
  const name = enums?.['vmx-abort']?.values?.[String(v)]?.name;
  return name ? `VMX-abort indicator: VMX abort ${v}, ${name} (SDM §29.7)` : `VMX-abort indicator: ${v}, not a VMX-abort reason the SDM defines`;
}

export function regionHeaderNotes(data: Bytes, base: number, revisionWhat: string, notes: RegionNote[]): void {
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

export function flagText(value: number, table: ReadonlyArray<readonly [number, string, string]>): string {
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

export interface ReadOut {
  fields: RegionField[];
  notes: RegionNote[];
  diagnostics: Diagnostic[];
}

export function readLayout(data: Bytes, layout: BinaryLayout, base: number, end: number, format: string, out: ReadOut): void {
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

export function headerSlot(slots: readonly HeaderSlot[], member: string): HeaderSlot {
  const s = slots.find((h) => h.member === member);
  if (!s) throw new Error(`no header slot ${member}`);
  return s;
}
