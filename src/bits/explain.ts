/**
 * explain: one field's value, bit by bit, in the SDM's words.
 */
import { parseEncoding, widthBits } from '../table/encoding.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { fieldInfo, resolveField, type FieldInfo } from '../table/fields.js';
import { bitRange, explainWith, isMaskField, layoutFor, layouts, parseExitReason, type DecodedBits } from './layouts.js';
import { msrName } from '../caps/types.js';
import { entryCore, fieldByEncoding, fieldsFile, normalizeName, suggestNames } from '../table/table.js';
import type { Caps } from '../caps/types.js';

/**
 * A structure in memory that VMCS fields point to or that developers decode by hand (an EPT
 * entry, an MSR-load/store area entry, the posted-interrupt descriptor...): explained like a
 * field, by name, from fields.json "structures". It has no encoding.
 */
export interface StructureInfo {
  name: string;
  title: string;
  structure: true;
}

interface StructureEntry {
  title: string;
  layout: string;
  bits: number;
  /** the widths of its parts in memory order, low address first: the value may be given as these parts */
  parts?: number[];
  aliases?: string[];
}

const structures: Record<string, StructureEntry> = (fieldsFile as unknown as { structures?: Record<string, StructureEntry> }).structures ?? {};

/** The structure a name or alias stands for (case, spaces and punctuation ignored). */
export function findStructure(text: string): [string, StructureEntry] | undefined {
  const key = normalizeName(text);
  if (key === '') return undefined;
  for (const [name, e] of Object.entries(structures)) {
    if (normalizeName(name) === key || e.aliases?.some((a) => normalizeName(a) === key)) return [name, e];
  }
  return undefined;
}

/** Options of `explain()`: the context some layouts need (the exit reason for a qualification, the vector for an interruption), `all` for the clear bits, `caps` for counts in CPU units. */
export interface ExplainOptions {
  /** Exit reason for the exit qualification and the instruction information: 48, 0x30, EPT_VIOLATION, "EPT violation" */
  reason?: string;
  /** Vector of the exiting event, for the qualification of exception exits (reason 0): 1 #DB, 14 #PF */
  vector?: number;
  /** Also list the bits that are clear */
  all?: boolean;
  /**
   * Capability MSRs (as `vmcs caps` reads them): a count whose unit an MSR gives is converted
   * (the VMX-preemption timer into TSC ticks by IA32_VMX_MISC[4:0]).
   */
  caps?: Pick<Caps, 'msrs' | 'known' | 'source'>;
}

/** The result of `explain()`: the field (or structure), its layout and decoded bits, or a diagnostic saying why it cannot be explained. */
export type ExplainResult =
  | {
      ok: true;
      /** the field, or the structure (EPT_ENTRY...) that was explained */
      field: FieldInfo | StructureInfo;
      value: bigint;
      /** Width of the value in bits (64 for natural width) */
      bits: number;
      layout: string;
      layoutTitle: string;
      layoutSdm?: string;
      decoded: DecodedBits[];
      diagnostics: Diagnostic[];
    }
  | { ok: false; diagnostic: Diagnostic; suggestions?: string[] };

/** A field's value bit by bit over its layout in fields.json: a field name, alias, title or encoding, or a structure (EPT_ENTRY...), and a hex value. The exit qualification needs `options.reason` (its basic exit reason). */
export function explain(fieldText: string, valueText: string, options: ExplainOptions = {}): ExplainResult {
  const encoding = resolveField(fieldText) ?? (() => {
    const e = parseEncoding(fieldText);
    return e !== null && Number.isFinite(e) && fieldByEncoding(e) ? e : undefined;
  })();
  const field = encoding !== undefined ? fieldByEncoding(encoding) : undefined;
  const structure = field ? undefined : findStructure(fieldText);
  if (structure) return explainStructure(structure[0], structure[1], valueText, options);
  if (!field) {
    const suggestions = suggestNames(fieldText);
    return { ok: false, diagnostic: diagnostic('unknown-name', { input: fieldText, suggestions }), suggestions };
  }
  const m = /^(?:0x)?([0-9a-f]+)$/i.exec(valueText.trim());
  if (!m) return { ok: false, diagnostic: diagnostic('invalid-value', { token: field.name, value: valueText }) };
  const value = BigInt('0x' + m[1]);
  const bits = widthBits(field.width, field.access);
  if (value >> BigInt(bits) !== 0n) {
    return { ok: false, diagnostic: diagnostic('value-too-wide', { field: field.name, value: '0x' + value.toString(16), bits }) };
  }
  let exitReason: number | undefined;
  if (options.reason !== undefined) {
    exitReason = parseExitReason(options.reason);
    if (exitReason === undefined) return { ok: false, diagnostic: diagnostic('unknown-exit-reason', { input: options.reason }) };
  }
  const layout = layoutFor(field, { exitReason, vector: options.vector });
  const ref = entryCore(field).layout;
  if (!layout && ref !== null && typeof ref === 'object' && 'byVector' in ref) {
    // an error code: its layout is chosen by the vector of its event
    const vectors = Object.keys((ref as { byVector: Record<string, string> }).byVector).join(', ');
    if (options.vector === undefined) return { ok: false, diagnostic: diagnostic('needs-vector', { field: field.name, vectors }) };
    return { ok: false, diagnostic: diagnostic('no-layout', { field: field.name, reason: -1, vector: options.vector }) };
  }
  if (!layout) {
    const needsReason = typeof entryCore(field).layout === 'object';
    if (needsReason && exitReason === undefined) return { ok: false, diagnostic: diagnostic('needs-exit-reason', { field: field.name }) };
    // Only the qualification of an exception exit depends on the vector (#DB, #PF); other vectors have none.
    if (field.name === 'EXIT_QUALIFICATION' && exitReason === 0 && options.vector === undefined) {
      return { ok: false, diagnostic: diagnostic('needs-vector', { field: field.name }) };
    }
    return { ok: false, diagnostic: diagnostic('no-layout', { field: field.name, reason: exitReason ?? -1 }) };
  }
  const e = explainWith(layout, value, bits, options.all ?? false, isMaskField(field));
  const decoded = options.caps ? scaleByCaps(layout, e.bits, options.caps) : e.bits;
  return {
    ok: true,
    field: fieldInfo(field.encoding, field),
    value,
    bits,
    layout,
    layoutTitle: layouts[layout]!.title,
    ...(layouts[layout]!.sdm ? { layoutSdm: layouts[layout]!.sdm } : {}),
    decoded,
    diagnostics: e.diagnostics.map((d) => ({ ...d, args: { ...d.args, field: field.name } })),
  };
}


function explainStructure(name: string, entry: StructureEntry, valueText: string, options: ExplainOptions): ExplainResult {
  // One number, or its parts in memory order as a dump prints them ("0x30 0xffffffff 0x6ab ...").
  const tokens = valueText.trim().split(/[\s,]+/).filter((t) => t !== '');
  const hex = (t: string): bigint | null => (/^(?:0x)?[0-9a-f]+$/i.test(t) ? BigInt('0x' + t.replace(/^0x/i, '')) : null);
  let value = 0n;
  if (tokens.length > 1 && entry.parts && tokens.length === entry.parts.length) {
    let shift = 0n;
    for (let i = 0; i < tokens.length; i++) {
      const v = hex(tokens[i]!);
      const w = BigInt(entry.parts[i]!);
      if (v === null || v >> w !== 0n) return { ok: false, diagnostic: diagnostic('invalid-value', { token: name, value: valueText }) };
      value |= v << shift;
      shift += w;
    }
  } else {
    const v = tokens.length === 1 ? hex(tokens[0]!) : null;
    if (v === null) return { ok: false, diagnostic: diagnostic('invalid-value', { token: name, value: valueText }) };
    value = v;
  }
  if (value >> BigInt(entry.bits) !== 0n) {
    return { ok: false, diagnostic: diagnostic('value-too-wide', { field: name, value: '0x' + value.toString(16), bits: entry.bits }) };
  }
  const layout = layouts[entry.layout]!;
  const e = explainWith(entry.layout, value, entry.bits, options.all ?? false, false);
  return {
    ok: true,
    field: { name, title: entry.title, structure: true },
    value,
    bits: entry.bits,
    layout: entry.layout,
    layoutTitle: layout.title,
    ...(layout.sdm ? { layoutSdm: layout.sdm } : {}),
    decoded: e.bits,
    diagnostics: e.diagnostics.map((d) => ({ ...d, args: { ...d.args, field: name } })),
  };
}

/**
 * A count in the unit a capability MSR gives (LayoutBit.scale): its label says what it is in
 * that unit, when the caps know the MSR's bits that give it. Without them the value stays a
 * plain count, as without caps.
 */
export function scaleByCaps(layoutId: string, decoded: DecodedBits[], caps: Pick<Caps, 'msrs' | 'known' | 'source'>): DecodedBits[] {
  const layout = layouts[layoutId];
  if (!layout) return decoded;
  return decoded.map((d) => {
    const scale = layout.bits.find((b) => b.bits === d.bits)?.scale;
    if (!scale) return d;
    const msr = Number(scale.msr);
    const msrValue = caps.msrs.get(msr);
    if (msrValue === undefined) return d;
    const [hi, lo] = bitRange(scale.bits);
    const mask = ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);
    const known = caps.known?.get(msr);
    if (known !== undefined && (known & mask) !== mask) return d;
    const x = (msrValue & mask) >> BigInt(lo);
    return { ...d, label: `${d.value} × 2^${x} = ${d.value << x} ${scale.unit} (${msrName(msr)}[${scale.bits}] = ${x}, from ${caps.source})` };
  });
}
