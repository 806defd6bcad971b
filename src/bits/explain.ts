/**
 * explain: one field's value, bit by bit, in the SDM's words.
 */
import { parseEncoding, widthBits } from '../table/encoding.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { fieldInfo, resolveField, type FieldInfo } from '../table/fields.js';
import { explainWith, isMaskField, layoutFor, layouts, parseExitReason, type DecodedBits } from './layouts.js';
import { fieldByEncoding, suggestNames } from '../table/table.js';

export interface ExplainOptions {
  /** Exit reason for the exit qualification and the instruction information: 48, 0x30, EPT_VIOLATION, "EPT violation" */
  reason?: string;
  /** Vector of the exiting event, for the qualification of exception exits (reason 0): 1 #DB, 14 #PF */
  vector?: number;
  /** Also list the bits that are clear */
  all?: boolean;
}

export type ExplainResult =
  | {
      ok: true;
      field: FieldInfo;
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

export function explain(fieldText: string, valueText: string, options: ExplainOptions = {}): ExplainResult {
  const encoding = resolveField(fieldText) ?? (() => {
    const e = parseEncoding(fieldText);
    return e !== null && Number.isFinite(e) && fieldByEncoding(e) ? e : undefined;
  })();
  const field = encoding !== undefined ? fieldByEncoding(encoding) : undefined;
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
  if (!layout) {
    const needsReason = typeof (field.entry as { layout?: unknown }).layout === 'object';
    if (needsReason && exitReason === undefined) return { ok: false, diagnostic: diagnostic('needs-exit-reason', { field: field.name }) };
    // Only the qualification of an exception exit depends on the vector (#DB, #PF); other vectors have none.
    if (field.name === 'EXIT_QUALIFICATION' && exitReason === 0 && options.vector === undefined) {
      return { ok: false, diagnostic: diagnostic('needs-vector', { field: field.name }) };
    }
    return { ok: false, diagnostic: diagnostic('no-layout', { field: field.name, reason: exitReason ?? -1 }) };
  }
  const e = explainWith(layout, value, bits, options.all ?? false, isMaskField(field));
  return {
    ok: true,
    field: fieldInfo(field.encoding, field),
    value,
    bits,
    layout,
    layoutTitle: layouts[layout]!.title,
    ...(layouts[layout]!.sdm ? { layoutSdm: layouts[layout]!.sdm } : {}),
    decoded: e.bits,
    diagnostics: e.diagnostics.map((d) => ({ ...d, args: { ...d.args, field: field.name } })),
  };
}

