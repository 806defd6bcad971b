/**
 * JSON output. Values are hex strings: 64-bit values do not fit a JSON number.
 * The shapes are part of the interface (README, "JSON output").
 */
import type { Dump, DumpField } from '../annotate/index.js';
import type { Diagnostic } from '../diagnostics.js';
import { formatEncoding, formatValue, widthBits } from '../table/encoding.js';
import type { DecodeResult, EncodeResult } from '../table/fields.js';
import type { ExplainResult } from '../bits/explain.js';
import { sdm2022, type DecodedBits } from '../bits/layouts.js';
import { formatMessage } from './messages.js';

export function jsonDiagnostic(d: Diagnostic, source?: string): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (source !== undefined) o.source = source;
  if (d.line !== undefined) o.line = d.line;
  o.severity = d.severity;
  o.code = d.code;
  o.message = formatMessage(d);
  o.args = d.args;
  return o;
}

/** jsonDiagnostic(d) as JSON text, written directly (a dump of random values has ~100). */
function diagnosticText(d: Diagnostic): string {
  let s = d.line !== undefined ? '{"line":' + JSON.stringify(d.line) + ',"severity":"' : '{"severity":"';
  return s + d.severity + '","code":"' + d.code + '","message":' + JSON.stringify(formatMessage(d)) + ',"args":' + JSON.stringify(d.args) + '}';
}

export function jsonEncode(r: EncodeResult): Record<string, unknown> {
  if (!r.ok) return { input: r.input, error: { code: r.diagnostic.code, message: formatMessage(r.diagnostic) }, suggestions: r.suggestions };
  const { ok: _ok, ...rest } = r;
  return withHexEncoding(rest);
}

export function jsonDecode(r: DecodeResult): Record<string, unknown> {
  if (!r.ok) return { input: r.input, error: { code: r.diagnostic.code, message: formatMessage(r.diagnostic) } };
  const { ok: _ok, input, known, ...rest } = r;
  return { input, ...withHexEncoding(rest), known };
}

/** A library object with `encoding: number` as the JSON gives it: the same keys, the encoding as `"0x00006800"`. */
export function withHexEncoding<T extends { encoding: number }>(o: T): Omit<T, 'encoding'> & { encoding: string } {
  return { ...o, encoding: formatEncoding(o.encoding) };
}

/** The part of a field's JSON that depends only on its encoding, made once per encoding. */
const fieldHeads = new Map<number, string>();

function fieldHead(f: DumpField): string {
  let head = fieldHeads.get(f.encoding);
  if (head === undefined) {
    head = JSON.stringify({ encoding: formatEncoding(f.encoding), name: f.name, title: f.title, width: f.width, type: f.type, access: f.access }).slice(0, -1);
    if (fieldHeads.size < 65536) fieldHeads.set(f.encoding, head);
  }
  return head;
}

/** One field as JSON text; the same shape as jsonField, written directly because dumps can be many. */
function fieldText(f: DumpField): string {
  const value = f.flags.includes('value-too-wide') ? '0x' + f.value.toString(16) : formatValue(f.value, widthBits(f.width, f.access));
  let s = fieldHead(f) + ',"value":"' + value + '"';
  if (f.line !== undefined) s += ',"line":' + f.line;
  if (f.offset !== undefined) s += ',"offset":' + f.offset;
  if (f.flags.length) s += ',"flags":' + JSON.stringify(f.flags);
  if (f.bits) s += ',"layout":' + JSON.stringify(f.layout) + ',"bits":' + bitsText(f.bits);
  return s + '}';
}

/** A dump as JSON text (one line). */
export function jsonDumpText(d: Dump): string {
  let s = '{"format":' + JSON.stringify(d.format);
  if (d.source !== undefined) s += ',"source":' + JSON.stringify(d.source);
  if (d.firstLine !== undefined) s += ',"firstLine":' + d.firstLine + ',"lastLine":' + d.lastLine;
  if (d.description !== undefined) s += ',"description":' + JSON.stringify(d.description);
  s += ',"fields":[';
  const fields = d.fields;
  for (let i = 0; i < fields.length; i++) s += (i > 0 ? ',' : '') + fieldText(fields[i]!);
  s += ']';
  s += ',"diagnostics":[';
  const diags = d.diagnostics;
  for (let i = 0; i < diags.length; i++) s += (i > 0 ? ',' : '') + diagnosticText(diags[i]!);
  s += ']';
  if (d.notes?.length) s += ',"notes":' + JSON.stringify(d.notes);
  s += '}';
  return s;
}

/** Decoded bits are shared between fields with the same value, and so is their JSON text. */
const bitsTexts = new WeakMap<readonly DecodedBits[], string>();

/** And so is each decoded bit or range (one per layout entry and value), and its JSON text. */
const bitTexts = new WeakMap<DecodedBits, string>();

function bitsText(bits: readonly DecodedBits[]): string {
  let t = bitsTexts.get(bits);
  if (t === undefined) {
    t = '[';
    for (let i = 0; i < bits.length; i++) {
      const d = bits[i]!;
      let one = bitTexts.get(d);
      if (one === undefined) {
        one = JSON.stringify(jsonBits(d, false));
        bitTexts.set(d, one);
      }
      t += (i > 0 ? ',' : '') + one;
    }
    t += ']';
    bitsTexts.set(bits, t);
  }
  return t;
}

export function jsonBits(d: DecodedBits, full: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = { bits: d.bits, name: d.name, value: '0x' + d.value.toString(16) };
  if (d.label !== null) o.label = d.label;
  if (d.id !== undefined) o.id = d.id;
  if (full) {
    if (d.meaning !== undefined) o.meaning = d.meaning;
    if (d.sdm !== undefined) {
      o.sdm = d.sdm;
      const old = sdm2022(d.sdm);
      if (old !== null) o.sdm2022 = old;
    }
  }
  if (d.reserved) o.reserved = true;
  if (d.inMask) o.inMask = true;
  if (d.source !== undefined) o.source = d.source;
  return o;
}

export function jsonExplain(r: ExplainResult, input: { field: string; value: string }): Record<string, unknown> {
  if (!r.ok) return { input, error: { code: r.diagnostic.code, message: formatMessage(r.diagnostic) }, ...(r.suggestions ? { suggestions: r.suggestions } : {}) };
  return {
    field: 'structure' in r.field ? r.field : withHexEncoding(r.field),
    value: formatValue(r.value, r.bits),
    layout: r.layout,
    ...(r.layoutSdm !== undefined ? { sdm: r.layoutSdm, ...(sdm2022(r.layoutSdm) !== null ? { sdm2022: sdm2022(r.layoutSdm) } : {}) } : {}),
    bits: r.decoded.map((d) => jsonBits(d, true)),
    diagnostics: r.diagnostics.map((d) => jsonDiagnostic(d)),
  };
}
