/**
 * Convert published VMCS layout tables into layout profiles (the --layout schema of
 * ../binary.ts), so that users can build profiles from their own copies of data this project
 * does not redistribute (licences: Rekall, Actaeon and vmcsreverse are GPL-2, Volatility 3 is
 * under the VSL). Formats, told apart by their content:
 *
 *   rekall       a Rekall profile (VMCS.gz, gunzipped; or a vmcs_layout dump's JSON): "$STRUCTS"
 *                with entries "VMCS_0x12" / "NEW_VMCS_0x12": [size, {NAME: [offset, [type]]}]
 *   volatility3  a Volatility 3 symbol table (symbols/generic/vmcs/*.json): user_types._VMCS
 *                fields with byte offsets, symbols.revision_id.constant_data the revision in
 *                base64 decimal text
 *   actaeon      an Actaeon layout (vmcs_layouts/*.py): `vmcs = { "NAME" : 0xIDX, ... }` with
 *                32-bit word indexes (offset = 4 x index); the revision comes from the file name
 *                (Actaeon's db.py: penryn 0x0d, sandy 0x10, westmere 0x0f) or the caller
 *   vmcsreverse  yumaueda/vmcsreverse results: `vmcs_revision_id: N` (decimal), then
 *                `0xENCODING: OFFSET` (decimal) or `fault` per field
 *
 * Names are resolved with the field table (any alias it knows), after a few spellings these
 * tools use (`_FULL`, `_SEL`, `PDPTE0`, ...). Names that resolve to nothing are returned as
 * skipped, never guessed.
 */
import { fieldByEncoding, lookupName, type Field } from '../table/table.js';
import { widthBits } from '../table/encoding.js';

/** The tools whose VMCS layout tables `convertLayout()` reads. */
export type LayoutSourceFormat = 'rekall' | 'volatility3' | 'actaeon' | 'vmcsreverse';

/** One field of a converted layout: its offset and size in the region, and the name the source gave it. */
export interface ConvertedEntry {
  field: string;
  offset: number;
  size: 2 | 4 | 8;
  /** the name or encoding in the source */
  $from: string;
}

/** One hardware layout converted from another tool's table, in the layout-profile shape `parseProfile` reads. */
export interface ConvertedProfile {
  revision: number;
  name: string;
  source: string;
  fields: ConvertedEntry[];
  /** source names that no field of the table matches */
  skipped: string[];
}

/** The result of `convertLayout()`: the layout profiles converted, or an error. */
export type ConvertResult = { format: LayoutSourceFormat; profiles: ConvertedProfile[] } | { error: string };

// penryn, sandy, westmere: Actaeon's db.py; nehalem 14 and haswell 18: the revision ids of Volatility 3's and Rekall's tables for them.
const ACTAEON_REVISIONS: Record<string, number> = { penryn: 0x0d, sandy: 0x10, westmere: 0x0f, nehalem: 0x0e, haswell: 0x12 };

const VOL3_NAMES: Record<string, string> = {
  ept: 'EPT_POINTER',
  executive_vmcs_ptr: 'EXECUTIVE_VMCS_POINTER',
  guest_cr3: 'GUEST_CR3',
  guest_cr4: 'GUEST_CR4',
  guest_pdpte: 'GUEST_PDPTR0',
  guest_physical_addr: 'GUEST_PHYSICAL_ADDRESS',
  host_cr3: 'HOST_CR3',
  host_cr4: 'HOST_CR4',
  vmcs_link_ptr: 'VMCS_LINK_POINTER',
  vpid: 'VIRTUAL_PROCESSOR_ID',
};

/** Spellings of Actaeon's nehalem.py and haswell.py (and Rekall's) that the table has no alias for. */
const RENAMES: Record<string, string> = {
  PAGEFAULT_ERRCODE_MASK: 'PAGE_FAULT_ERROR_CODE_MASK',
  PAGEFAULT_ERRCODE_MATCH: 'PAGE_FAULT_ERROR_CODE_MATCH',
  ENTRY_EXCEPTION_ERROR_CODE: 'VM_ENTRY_EXCEPTION_ERROR_CODE',
  ENTRY_INSTR_LENGTH: 'VM_ENTRY_INSTRUCTION_LEN',
  ENTRY_INT_INFO_FIELD: 'VM_ENTRY_INTR_INFO_FIELD',
  ENTRY_CONTROLS: 'VM_ENTRY_CONTROLS',
  ENTRY_MSR_LOAD_ADDR: 'VM_ENTRY_MSR_LOAD_ADDR',
  ENTRY_MSR_LOAD_COUNT: 'VM_ENTRY_MSR_LOAD_COUNT',
  EXIT_CONTROLS: 'VM_EXIT_CONTROLS',
  EXIT_MSR_LOAD_ADDR: 'VM_EXIT_MSR_LOAD_ADDR',
  EXIT_MSR_LOAD_COUNT: 'VM_EXIT_MSR_LOAD_COUNT',
  EXIT_MSR_STORE_ADDR: 'VM_EXIT_MSR_STORE_ADDR',
  EXIT_MSR_STORE_COUNT: 'VM_EXIT_MSR_STORE_COUNT',
  EXIT_INSTR_LEN: 'VM_EXIT_INSTRUCTION_LEN',
  EXIT_INTERRUPT_INFO: 'VM_EXIT_INTR_INFO',
  EXIT_INTERRUPT_ERRCODE: 'VM_EXIT_INTR_ERROR_CODE',
  IDT_VECTORING_ERRCODE: 'IDT_VECTORING_ERROR_CODE',
  INSTR_INFO: 'VMX_INSTRUCTION_INFO',
  INSTR_ERROR: 'VM_INSTRUCTION_ERROR',
  GUEST_VMX_PREEMTION_TIMER: 'VMX_PREEMPTION_TIMER_VALUE',
  GUEST_PENDING_DEBUG_EXCEPT: 'GUEST_PENDING_DBG_EXCEPTIONS',
  GUEST_PHYSICAL_ADDR: 'GUEST_PHYSICAL_ADDRESS',
  GUEST_LINEAR_ADDR: 'GUEST_LINEAR_ADDRESS',
  GUEST_IA32_PERF_CTL: 'GUEST_IA32_PERF_GLOBAL_CTRL',
  HOST_IA32_PERF_CTL: 'HOST_IA32_PERF_GLOBAL_CTRL',
  PROC_VM_EXEC_CONTROLS: 'CPU_BASED_VM_EXEC_CONTROL',
  PROC_VM_EXEC_CONTROLS2: 'SECONDARY_VM_EXEC_CONTROL',
  PIN_VM_EXEC_CONTROLS: 'PIN_BASED_VM_EXEC_CONTROL',
  EXECUTIVE_VMCS_PTR: 'EXECUTIVE_VMCS_POINTER',
  VM_FUNCTION_CTRL: 'VM_FUNCTION_CONTROL',
  VE_INFO_ADDRESS: 'VE_INFORMATION_ADDRESS',
};

/** A field for a name as these tools spell it. */
export function resolveLayoutName(name: string): Field | undefined {
  const n0 = name.trim().toUpperCase();
  const hi = /_HIGH$/.test(n0) ? '_HIGH' : '';
  const stem = hi ? n0.slice(0, -5) : n0;
  const n = RENAMES[stem] ? RENAMES[stem] + hi : n0.replace(/^GUEST_(ES|CS|SS|DS|FS|GS|LDTR|TR)_ATTR$/, 'GUEST_$1_AR_BYTES');
  const tries = [
    n,
    n.replace(/_FULL$/, ''),
    n.replace(/_SEL$/, '_SELECTOR'),
    n.replace(/^PDPTE(\d)(_HIGH)?$/, 'GUEST_PDPTR$1$2'),
    n.replace(/^GUEST_LDTR_LDTR$/, 'GUEST_LDTR_SELECTOR'),
    n.replace(/^ADDRESS_MSR_BITMAPS(_HIGH)?$/, 'MSR_BITMAP$1'),
  ];
  for (const t of tries) {
    const f = lookupName(t);
    if (f) return f;
  }
  return undefined;
}

const bytesOf = (f: Field): 2 | 4 | 8 => (widthBits(f.width, f.access) / 8) as 2 | 4 | 8;

/**
 * Sizes: the field's width, but a full half given with its high half is 4 bytes, and a field
 * that would run into the next entry is cut to the room it has (4 or 2 bytes).
 */
function finish(entries: Array<{ field: Field; offset: number; size?: 2 | 4 | 8; from: string }>): ConvertedEntry[] {
  const names = new Set(entries.map((e) => e.field.encoding));
  const byOffset = [...entries].sort((a, b) => a.offset - b.offset);
  const out: ConvertedEntry[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < byOffset.length; i++) {
    const e = byOffset[i]!;
    if (seen.has(e.field.encoding) || e.offset < 8 || e.offset >= 4096) continue;
    seen.add(e.field.encoding);
    let size = e.size ?? bytesOf(e.field);
    if (size > bytesOf(e.field)) size = bytesOf(e.field);
    if (e.field.access === 'full' && size === 8 && names.has(e.field.encoding + 1)) size = 4;
    const next = byOffset.slice(i + 1).find((x) => x.offset > e.offset || x.field.encoding !== e.field.encoding);
    if (next && next.offset > e.offset) {
      const room = next.offset - e.offset;
      while (size > room && size > 2) size = (size / 2) as 2 | 4;
    }
    if (e.offset + size > 4096) continue;
    out.push({ field: e.field.name, offset: e.offset, size, $from: e.from });
  }
  // two entries at one offset: keep the first (the table cannot hold both; the probe saw the same marker)
  return out.filter((e, i) => i === 0 || out[i - 1]!.offset + out[i - 1]!.size <= e.offset);
}

function fromRekall(doc: Record<string, unknown>, source: string): ConvertedProfile[] | { error: string } {
  const structs = doc['$STRUCTS'];
  if (typeof structs !== 'object' || structs === null) return { error: 'no "$STRUCTS" in the Rekall profile' };
  const out: ConvertedProfile[] = [];
  for (const [name, def] of Object.entries(structs as Record<string, unknown>)) {
    const m = /VMCS_0x([0-9a-f]+)$/i.exec(name);
    if (!m || !Array.isArray(def) || typeof def[1] !== 'object' || def[1] === null) continue;
    const entries: Array<{ field: Field; offset: number; size?: 2 | 4 | 8; from: string }> = [];
    const skipped: string[] = [];
    for (const [fname, spec] of Object.entries(def[1] as Record<string, unknown>)) {
      if (!Array.isArray(spec) || typeof spec[0] !== 'number') continue;
      const f = resolveLayoutName(fname);
      if (!f) {
        skipped.push(fname);
        continue;
      }
      const type = Array.isArray(spec[1]) ? String(spec[1][0]) : '';
      const size = /long long/.test(type) ? 8 : /short/.test(type) ? 2 : /int|long/.test(type) ? 4 : undefined;
      entries.push({ field: f, offset: spec[0], ...(size ? { size: size as 2 | 4 | 8 } : {}), from: `${name}.${fname}` });
    }
    out.push({ revision: Number.parseInt(m[1]!, 16), name: name, source, fields: finish(entries), skipped });
  }
  if (out.length === 0) return { error: 'no VMCS_0x... structures in "$STRUCTS"' };
  return out;
}

function fromVol3(doc: Record<string, unknown>, source: string): ConvertedProfile[] | { error: string } {
  const ut = (doc.user_types as Record<string, { fields?: Record<string, { offset: number; type?: { name?: string; count?: number; kind?: string; subtype?: { name?: string } } }> }> | undefined)?._VMCS;
  const rev = (doc.symbols as Record<string, { constant_data?: string }> | undefined)?.revision_id?.constant_data;
  if (!ut?.fields) return { error: 'no user_types._VMCS in the Volatility 3 symbol table' };
  if (typeof rev !== 'string') return { error: 'no symbols.revision_id.constant_data (the revision id)' };
  const text = atob(rev);
  const revision = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(revision)) return { error: `revision_id constant "${text}" is not a decimal number` };
  const baseTypes = (doc.base_types ?? {}) as Record<string, { size?: number }>;
  const entries: Array<{ field: Field; offset: number; size?: 2 | 4 | 8; from: string }> = [];
  const skipped: string[] = [];
  for (const [name, spec] of Object.entries(ut.fields)) {
    const mapped = VOL3_NAMES[name];
    const f = mapped ? lookupName(mapped) : resolveLayoutName(name);
    if (!f) {
      skipped.push(name);
      continue;
    }
    if (spec.type?.kind === 'array' && /^GUEST_PDPTR0$/.test(f.name)) {
      const count = Math.min(spec.type.count ?? 4, 4);
      for (let i = 0; i < count; i++) {
        const g = lookupName(`GUEST_PDPTR${i}`);
        if (g) entries.push({ field: g, offset: spec.offset + 8 * i, size: 8, from: `${name}[${i}]` });
      }
      continue;
    }
    const s = baseTypes[spec.type?.name ?? '']?.size;
    entries.push({ field: f, offset: spec.offset, ...(s === 2 || s === 4 || s === 8 ? { size: s } : {}), from: name });
  }
  return [{ revision, name: `revision 0x${revision.toString(16)}`, source, fields: finish(entries), skipped }];
}

function fromActaeon(text: string, source: string, revision: number | undefined): ConvertedProfile[] | { error: string } {
  let rev = revision;
  if (rev === undefined) {
    const base = source.split(/[\\/]/).pop()!.replace(/\.py$/, '').toLowerCase();
    rev = ACTAEON_REVISIONS[base];
  }
  if (rev === undefined) return { error: 'an Actaeon layout does not name its revision id: give it (--revision), or keep the file name Actaeon uses (penryn, nehalem, westmere, sandy or haswell.py)' };
  const entries: Array<{ field: Field; offset: number; size?: 2 | 4 | 8; from: string }> = [];
  const skipped: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*"([A-Za-z0-9_]+)"\s*:\s*(0x[0-9a-fA-F]+|\d+)\s*,?\s*(?:#.*)?$/.exec(line);
    if (!m) continue;
    if (m[1] === 'REVISION_ID') continue;
    if (/^0\d/.test(m[2]!)) {
      // Python 2 reads 00000054 as octal, the neighbours suggest a missing 0x: neither is safe.
      skipped.push(`${m[1]} (ambiguous number ${m[2]})`);
      continue;
    }
    const f = resolveLayoutName(m[1]!);
    if (!f) {
      skipped.push(m[1]!);
      continue;
    }
    const index = Number(m[2]);
    entries.push({ field: f, offset: index * 4, from: `${m[1]} (word ${m[2]})` });
  }
  if (entries.length === 0) return { error: 'no "NAME" : index lines in the Actaeon layout' };
  return [{ revision: rev, name: `revision 0x${rev.toString(16)}`, source, fields: finish(entries), skipped }];
}

function fromVmcsreverse(text: string, source: string): ConvertedProfile[] | { error: string } {
  const lines = text.split(/\r?\n/);
  const m = /^vmcs_revision_id:\s*(\d+)\s*$/.exec(lines[0] ?? '');
  if (!m) return { error: 'no "vmcs_revision_id: N" first line' };
  const revision = Number(m[1]);
  const entries: Array<{ field: Field; offset: number; size?: 2 | 4 | 8; from: string }> = [];
  const skipped: string[] = [];
  for (const line of lines.slice(1)) {
    const e = /^0x([0-9a-f]{1,8}):\s*(\d+|fault)\s*$/i.exec(line.trim());
    if (!e || e[2] === 'fault') continue;
    const f = fieldByEncoding(Number.parseInt(e[1]!, 16));
    if (!f) {
      skipped.push(`0x${e[1]}`);
      continue;
    }
    entries.push({ field: f, offset: Number(e[2]), from: `0x${e[1]}` });
  }
  return [{ revision, name: `revision 0x${revision.toString(16)}`, source, fields: finish(entries), skipped }];
}

/** Convert one layout file's text; `source` names it (its file name tells Actaeon's revision). */
export function convertLayout(text: string, source: string, options: { revision?: number } = {}): ConvertResult {
  const t = text.trimStart();
  if (t.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(t);
    } catch (e) {
      return { error: `not valid JSON: ${(e as Error).message}` };
    }
    if (typeof doc !== 'object' || doc === null) return { error: 'not a layout: a JSON value that is not an object' };
    const o = doc as Record<string, unknown>;
    const wrap = (format: LayoutSourceFormat, r: ConvertedProfile[] | { error: string }): ConvertResult => ('error' in r ? r : { format, profiles: r });
    if ('$STRUCTS' in o) return wrap('rekall', fromRekall(o, source));
    if ('user_types' in o) return wrap('volatility3', fromVol3(o, source));
    return { error: 'JSON that is neither a Rekall profile ("$STRUCTS") nor a Volatility 3 symbol table ("user_types")' };
  }
  if (/^vmcs_revision_id:/.test(t)) {
    const r = fromVmcsreverse(t, source);
    return 'error' in r ? r : { format: 'vmcsreverse', profiles: r };
  }
  if (/^\s*vmcs\s*=\s*\{/m.test(t)) {
    const r = fromActaeon(t, source, options.revision);
    return 'error' in r ? r : { format: 'actaeon', profiles: r };
  }
  return { error: 'not a layout this converter reads (Rekall VMCS profile, Volatility 3 VMCS symbols, Actaeon vmcs_layouts/*.py, vmcsreverse results)' };
}
