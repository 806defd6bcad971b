/**
 * Renderers of `vmcs template`: a dump in the pairs dialect (what annotate, check and diff
 * read), JSON, C (vmwrite calls with named constants) and Rust.
 */
import type { Caps } from '../caps/types.js';
import { fieldByEncoding } from '../table/table.js';
import { PLACEHOLDERS, type TemplateDiagnostic, type TemplateField, type TemplateProof, type TemplateResult } from '../template/template.js';
import type { Style } from './style.js';

const hex = (v: bigint): string => '0x' + v.toString(16);
const enc = (n: number): string => '0x' + n.toString(16).padStart(8, '0');
const WIDTH_DIGITS: Record<string, number> = { '16': 4, '32': 8, '64': 16, natural: 16 };

function padded(f: TemplateField): string {
  const w = fieldByEncoding(f.encoding)?.width ?? '64';
  return '0x' + f.value.toString(16).padStart(WIDTH_DIGITS[w] ?? 16, '0');
}

/** With `template --from`: the dump the template started from. */
export interface FromInfo {
  source: string;
  /** Which dump of the file (from 1), and how many it holds */
  dump: number;
  count: number;
  format: string;
  /** The read-only fields left out */
  dropped: string[];
  dumpMode: string | null;
  /** The options taken from the dump, not given on the command line ('mode', 'ept', 'vpid', 'unrestricted', 'msr-bitmaps') */
  inferred: string[];
}

function fromText(f: FromInfo | undefined): string {
  return f ? ` --from ${f.source}${f.count > 1 ? ` --dump ${f.dump}` : ''}` : '';
}

/** The values a fix changed, one line each, with the intent a fix depends on. */
function fixedLines(t: TemplateResult): string[] {
  const out: string[] = [];
  for (const f of t.fields) {
    if (f.origin !== 'fixed' || !f.fixes) continue;
    for (const a of f.fixes) out.push(`${a.rule}: ${f.name} 0x${a.fix.from.toString(16)} -> 0x${a.fix.to.toString(16)}, ${a.fix.why}${a.fix.dependsOnIntent ? `; depends on what you intended: ${a.fix.dependsOnIntent}` : ''}`);
  }
  return out;
}

/** The command line as the user gave it: with --from, what the dump gave is left out (inferredText says it). */
function optionsText(t: TemplateResult, from?: FromInfo): string {
  const o = t.options;
  const given = (name: string, on: boolean): string => (on && !from?.inferred.includes(name) ? `--${name}` : '');
  const mode = from?.inferred.includes('mode') ? '' : `--mode ${t.mode}`;
  return [mode, fromText(from).trim(), given('ept', o.ept), given('vpid', o.vpid), given('unrestricted', o.unrestricted), given('msr-bitmaps', o.msrBitmaps)].filter(Boolean).join(' ');
}

/** With --from, the options taken from the dump: "mode long (from the dump), --ept (from the dump)"; '' when none. */
function inferredText(t: TemplateResult, from?: FromInfo): string {
  if (!from || from.inferred.length === 0) return '';
  return from.inferred.map((k) => (k === 'mode' ? `mode ${t.mode}` : `--${k}`) + ' (from the dump)').join(', ');
}

function usedPlaceholders(t: TemplateResult): Array<{ name: string; value: bigint; what: string; field: string }> {
  const out = [];
  for (const f of t.fields) {
    if (!f.placeholder) continue;
    const p = PLACEHOLDERS.find((x) => x.name === f.placeholder)!;
    out.push({ ...p, field: f.name });
  }
  return out;
}

/** The rules check could not decide, one line each: "H-23 needs the fact lma (...)". */
export function needText(r: TemplateProof['notEvaluated'][number]): string {
  const n = r.needs!;
  const what = n.kind === 'field' ? `field ${n.name}` : n.kind === 'msr' ? `MSR ${n.name}` : n.kind === 'fact' ? `--cpu ${n.key} (${n.what})` : `${n.kind}: ${n.what}`;
  return `${r.id} (${r.title}) needs ${what}`;
}

/**
 * The template as a pairs dump. Comment lines avoid the words that start a new dump in the
 * pairs dialect, so annotate/check/diff read the whole template as one.
 */
export function renderTemplateDump(t: TemplateResult, caps: Caps, proof: TemplateProof, from?: FromInfo): string {
  const lines: string[] = [];
  lines.push(`# vmcs template ${optionsText(t, from)} --caps ${caps.source.replace(/^profile /, '')}`);
  if (caps.cpu) lines.push(`# for ${caps.cpu}`);
  const inf = inferredText(t, from);
  if (inf) lines.push(`# options not given on the command line: ${inf}`);
  if (from) {
    const n = (k: TemplateField['origin']): number => t.fields.filter((f) => f.origin === k).length;
    lines.push(`# started from ${from.source}${from.count > 1 ? ` (number ${from.dump} of ${from.count})` : ''}, ${from.format}: ${n('dump')} values kept, ${n('fixed')} fixed, ${n('template')} the input lacks taken from the template`);
    const fixed = fixedLines(t);
    if (fixed.length) lines.push('# fixed (as check --apply-fixes):', ...fixed.map((x) => `#   ${x}`));
    if (from.dropped.length) lines.push(`# left out, read-only VM-exit information: ${from.dropped.join(', ')}`);
  }
  const ph = usedPlaceholders(t);
  if (ph.length) {
    lines.push('# placeholders, to replace with --set FIELD=VALUE');
    for (const p of ph) lines.push(`#   ${p.name} (in ${p.field}, now ${hex(p.value)}) is ${p.what.replace(/ \([A-Z0-9_]+(?: bits [0-9:]+)?\)/g, '')}`);
  }
  lines.push(`# self-check with the same capabilities and --cpu lma=1 (a 64-bit VMM) gives ${proof.failed.length} failed, ${proof.passed} passed, ${proof.notEvaluated.length} not evaluated`);
  for (const r of proof.notEvaluated) lines.push(`#   not evaluated ${needText(r)}`);
  const w = Math.max(...t.fields.map((f) => f.name.length));
  for (const f of t.fields) lines.push(`${f.name.padEnd(w)} = ${padded(f)}`);
  return lines.join('\n') + '\n';
}

/** `vmcs template --json` (schema `vmcs/template/v1`); `check` is null when an error stopped the template (then `fields` is empty). */
export function jsonTemplate(t: TemplateResult, caps: Caps, proof: TemplateProof | null, from?: FromInfo): Record<string, unknown> {
  return {
    schema: 'vmcs/template/v1',
    mode: t.mode,
    options: t.options,
    caps: { source: caps.source, ...(caps.cpu ? { cpu: caps.cpu } : {}) },
    ...(from ? { from: { source: from.source, dump: from.dump, format: from.format, mode: from.dumpMode, dropped: from.dropped, inferred: from.inferred } } : {}),
    fields: t.fields.map((f) => ({
      name: f.name,
      encoding: enc(f.encoding),
      value: hex(f.value),
      why: f.why,
      ...(f.placeholder ? { placeholder: f.placeholder } : {}),
      ...(f.set ? { set: true } : {}),
      ...(f.origin ? { origin: f.origin } : {}),
      ...(f.fixes ? { fixes: f.fixes.map((a) => ({ rule: a.rule, from: hex(a.fix.from), to: hex(a.fix.to), why: a.fix.why, ...(a.fix.dependsOnIntent ? { dependsOnIntent: a.fix.dependsOnIntent } : {}) })) } : {}),
    })),
    placeholders: usedPlaceholders(t).map((p) => ({ name: p.name, field: p.field, value: hex(p.value), what: p.what })),
    check: proof
      ? {
          facts: proof.facts,
          failed: proof.failed.map((r) => ({ id: r.id, title: r.title, message: r.message })),
          passed: proof.passed,
          notEvaluated: proof.notEvaluated.map((r) => ({ id: r.id, title: r.title, needs: r.needs })),
        }
      : null,
    diagnostics: t.diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: templateDiagnosticText(d), args: d.args })),
  };
}

const cComment = (s: string): string => s.replace(/\*\//g, '* /');

export function renderTemplateC(t: TemplateResult, caps: Caps, from?: FromInfo): string {
  const o: string[] = [];
  const inf = inferredText(t, from);
  o.push(`/*`, ` * VMCS template: vmcs template ${cComment(optionsText(t, from))} --caps ${cComment(caps.source.replace(/^profile /, ''))}`, ...(inf ? [` * options not given on the command line: ${cComment(inf)}`] : []), ...fixedLines(t).map((x) => ` * fixed ${cComment(x)}`), ` * Call vmcs_template_write() after VMPTRLD; provide vmwrite(field, value) (your VMWRITE wrapper).`, ` */`);
  o.push('#include <stdint.h>', '');
  for (const f of t.fields) {
    const title = fieldByEncoding(f.encoding)?.title ?? '';
    o.push(`#ifndef ${f.name}`, `#define ${f.name} ${enc(f.encoding)}u /* ${cComment(title)} */`, '#endif');
  }
  const ph = usedPlaceholders(t);
  if (ph.length) {
    o.push('', '/* Placeholders: replace with your addresses (or regenerate with --set FIELD=VALUE). */');
    for (const p of ph) o.push(`#define ${p.name} ${hex(p.value)}ull /* ${cComment(p.what)} */`);
  }
  o.push('', 'void vmwrite(uint64_t field, uint64_t value);', '', 'void vmcs_template_write(void)', '{');
  for (const f of t.fields) o.push(`    vmwrite(${f.name}, ${f.placeholder ?? hex(f.value) + 'ull'}); /* ${cComment(f.why)} */`);
  o.push('}');
  return o.join('\n') + '\n';
}

const rustHex = (v: bigint): string => '0x' + v.toString(16);

export function renderTemplateRust(t: TemplateResult, caps: Caps, from?: FromInfo): string {
  const o: string[] = [];
  const inf = inferredText(t, from);
  o.push(`//! VMCS template: vmcs template ${optionsText(t, from)} --caps ${caps.source.replace(/^profile /, '')}`, ...(inf ? [`//! options not given on the command line: ${inf}`] : []), ...fixedLines(t).map((x) => `//! fixed ${x}`), '//! Call `vmcs_template_write(|field, value| vmwrite(field, value))` after VMPTRLD.', '');
  for (const f of t.fields) o.push(`/// ${fieldByEncoding(f.encoding)?.title ?? ''}`, `pub const ${f.name}: u32 = ${rustHex(BigInt(f.encoding))};`);
  const ph = usedPlaceholders(t);
  if (ph.length) {
    o.push('', '// Placeholders: replace with your addresses (or regenerate with --set FIELD=VALUE).');
    for (const p of ph) o.push(`/// ${p.what}`, `pub const ${p.name}: u64 = ${rustHex(p.value)};`);
  }
  o.push('', '/// Writes every field of the template through `vmwrite(field encoding, value)`.', 'pub fn vmcs_template_write(mut vmwrite: impl FnMut(u32, u64)) {');
  for (const f of t.fields) o.push(`    vmwrite(${f.name}, ${f.placeholder ?? rustHex(f.value)}); // ${f.why}`);
  o.push('}');
  return o.join('\n') + '\n';
}

export function templateDiagnosticText(d: Pick<TemplateDiagnostic, 'code' | 'args'>): string {
  const a = d.args;
  switch (d.code) {
    case 'control-not-allowed':
      return `this CPU cannot set ${a.control} bit ${a.bit} (${a.name}): its allowed-1 bit in ${a.msr} is 0`;
    case 'control-unknown':
      return `${a.control} bit ${a.bit} (${a.name}) is set, but the capability source does not show whether ${a.msr} allows it`;
    case 'msr-missing':
      return `the capability source has no ${a.msr}; the SDM's defaults are used for it`;
    case 'option-implied':
      return `--${a.option} turned on: ${a.because}`;
    case 'ept-unsupported':
      return `EPT needs ${a.what}, which this CPU does not allow`;
  }
}

export function templateDiagnosticLine(e: Style, d: TemplateDiagnostic): string {
  const sev = d.severity === 'error' ? e.error('error') : d.severity === 'warning' ? e.warning('warning') : e.note('note');
  return `vmcs template: ${sev}: ${templateDiagnosticText(d)}`;
}
