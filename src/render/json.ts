/**
 * JSON output. Values are hex strings: 64-bit values do not fit a JSON number.
 * The shapes are part of the interface (README, "JSON output").
 */
import type { Dump, DumpField } from '../annotate.js';
import type { Diagnostic } from '../diagnostics.js';
import { formatEncoding, formatValue, widthBits } from '../encoding.js';
import type { DecodeResult, EncodeResult } from '../fields.js';
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

export function jsonEncode(r: EncodeResult): Record<string, unknown> {
  if (!r.ok) return { input: r.input, error: { code: r.diagnostic.code, message: formatMessage(r.diagnostic) }, suggestions: r.suggestions };
  const { ok: _ok, ...rest } = r;
  return rest;
}

export function jsonDecode(r: DecodeResult): Record<string, unknown> {
  if (!r.ok) return { input: r.input, error: { code: r.diagnostic.code, message: formatMessage(r.diagnostic) } };
  const { ok: _ok, input, known, ...rest } = r;
  return { input, ...rest, known };
}

function jsonField(f: DumpField): Record<string, unknown> {
  const o: Record<string, unknown> = {
    encoding: formatEncoding(f.encoding),
    name: f.name,
    title: f.title,
    width: f.width,
    type: f.type,
    access: f.access,
    value: f.flags.includes('value-too-wide') ? '0x' + f.value.toString(16) : formatValue(f.value, widthBits(f.width, f.access)),
  };
  if (f.line !== undefined) o.line = f.line;
  if (f.flags.length) o.flags = f.flags;
  return o;
}

export function jsonDump(d: Dump): Record<string, unknown> {
  const o: Record<string, unknown> = { format: d.format };
  if (d.source !== undefined) o.source = d.source;
  if (d.firstLine !== undefined) {
    o.firstLine = d.firstLine;
    o.lastLine = d.lastLine;
  }
  o.fields = d.fields.map(jsonField);
  o.diagnostics = d.diagnostics.map((x) => jsonDiagnostic(x));
  return o;
}
