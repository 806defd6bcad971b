/**
 * Hardware VMCS pages: their layout is not architectural, so a layout profile (`--layout FILE.json`,
 * LayoutProfile in ./types.ts) of the page's revision id says where each field sits.
 */
import { Bytes, type Diagnostic, REGION_MAX, diag, hex8, regionHeaderNotes } from './bytes.js';
import type { LayoutProfile, RegionField, RegionNote, RegionResult, SlotSize } from './types.js';
import { widthBits } from '../table/encoding.js';
import { type Field, fieldByEncoding, lookupName } from '../table/table.js';

// ---------------------------------------------------------------------------------------------
// Layout profiles (hardware VMCS pages)

interface ProfileSlot {
  field: Field;
  offset: number;
  size: SlotSize;
}

export interface ResolvedProfile {
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
export function resolveProfile(p: unknown): ResolvedProfile | { error: string } {
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

export function readHardware(data: Bytes, profile: ResolvedProfile, diagnostics: Diagnostic[]): RegionResult {
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
