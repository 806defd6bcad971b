/**
 * `vmcs diff` output: human (grouped like annotate, bit lines under a field) and JSON.
 */
import type { DiffResult, FieldDiff } from '../diff/diff.js';
import type { Style } from './style.js';

const GROUP: Record<string, string> = { control: 'Control fields', 'exit-info': 'VM-exit information', guest: 'Guest state', host: 'Host state' };
const DIGITS: Record<string, number> = { '16': 4, '32': 8, '64': 16, natural: 16 };
const enc = (n: number): string => '0x' + n.toString(16).padStart(8, '0');
const hex = (v: bigint): string => '0x' + v.toString(16);
const padded = (f: FieldDiff, v: bigint): string => '0x' + v.toString(16).padStart(DIGITS[f.width] ?? 16, '0');

export interface DiffSide {
  /** "file.txt dump 2 (kvm, lines 5-40)" */
  label: string;
}

function bitLine(c: Style, b: NonNullable<FieldDiff['bits']>[number]): string {
  if (b.change === '~') {
    const num = (v: bigint): string => (b.format === 'hex' || b.format === 'address' ? hex(v) : v.toString());
    const side = (v: bigint | undefined, l: string | null | undefined): string => `${v === undefined ? '?' : num(v)}${l ? ` (${l})` : ''}`;
    return `${c.value('~')} ${b.name} ${side(b.a, b.aLabel)} -> ${side(b.b, b.bLabel)}`;
  }
  return b.change === '+' ? `${c.value('+')} ${b.name}` : `${c.bad('-')} ${b.name}`;
}

export function renderDiff(c: Style, d: DiffResult, a: DiffSide, b: DiffSide): string {
  const out: string[] = [`${c.heading('vmcs diff')}`, `  A  ${a.label}`, `  B  ${b.label}`];
  const w = Math.max(0, ...d.fields.map((f) => f.name.length));
  let group = '';
  for (const f of d.fields) {
    if (f.type !== group) {
      group = f.type;
      out.push(c.group(GROUP[group] ?? group));
    }
    const va = f.a === undefined ? c.note('(only in B)') : c.value(padded(f, f.a));
    const vb = f.b === undefined ? c.note('(only in A)') : c.value(padded(f, f.b));
    out.push(`  ${c.encoding(enc(f.encoding))}  ${c.name(f.name.padEnd(w))}  ${va} -> ${vb}`);
    if (f.bits?.length) out.push(`              ${f.bits.map((x) => bitLine(c, x)).join(', ')}`);
  }
  if (d.rules) {
    out.push(c.group('VM-entry rules whose outcome differs'));
    if (!d.rules.length) out.push('  none');
    for (const r of d.rules) {
      out.push(`  ${c.name(r.id.padEnd(5))} ${r.a} in A, ${r.b} in B  ${r.title}`);
      if (r.b === 'fail' && r.messageB) out.push(`        B: ${r.messageB}`);
      if (r.a === 'fail' && r.messageA) out.push(`        A: ${r.messageA}`);
    }
  }
  const n = { changed: 0, 'only-a': 0, 'only-b': 0 };
  for (const f of d.fields) n[f.status]++;
  out.push(
    d.identical
      ? `same: ${d.same} fields${d.ignored.length ? `, ${d.ignored.length} that differ ignored (${d.ignored.join(', ')})` : ''}`
      : `${n.changed} different, ${n['only-a']} only in A, ${n['only-b']} only in B, ${d.same} same${d.ignored.length ? `; ${d.ignored.length} that differ ignored (${d.ignored.join(', ')})` : ''}`,
  );
  return out.join('\n') + '\n';
}

function counts(d: DiffResult): { changed: number; onlyA: number; onlyB: number; same: number } {
  const n = { changed: 0, onlyA: 0, onlyB: 0, same: d.same };
  for (const f of d.fields) {
    if (f.status === 'changed') n.changed++;
    else if (f.status === 'only-a') n.onlyA++;
    else n.onlyB++;
  }
  return n;
}

/** One field difference as JSON: values and bit ranges as hex strings. */
export function jsonFieldDiff(f: FieldDiff): Record<string, unknown> {
  return {
    name: f.name,
    encoding: enc(f.encoding),
    type: f.type,
    status: f.status,
    ...(f.a !== undefined ? { a: hex(f.a) } : {}),
    ...(f.b !== undefined ? { b: hex(f.b) } : {}),
    ...(f.bits ? { bits: f.bits.map((x) => ({ bits: x.bits, name: x.name, change: x.change, ...(x.a !== undefined ? { a: hex(x.a) } : {}), ...(x.b !== undefined ? { b: hex(x.b) } : {}), ...(x.aLabel ? { aLabel: x.aLabel } : {}), ...(x.bLabel ? { bLabel: x.bLabel } : {}) })) } : {}),
  };
}

/** `vmcs diff --json` (schema `vmcs/diff/v1`). */
export function jsonDiff(d: DiffResult, a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  return {
    schema: 'vmcs/diff/v1',
    a,
    b,
    identical: d.identical,
    fields: d.fields.map(jsonFieldDiff),
    ignored: d.ignored,
    ...(d.rules ? { rules: d.rules } : {}),
    summary: counts(d),
  };
}

/**
 * `vmcs diff --ndjson` (schema `vmcs/diff-record/v1`): one line per difference, a field
 * (`"type": "field"`, as in `fields` of --json with the field's type as `group`) or, with --check, a rule whose outcome differs
 * (`"type": "rule"`, pass-in-A-fail-in-B first), then one summary line with the two sides, what
 * was ignored and the counts. Each line parses alone.
 */
export function ndjsonDiff(d: DiffResult, a: Record<string, unknown>, b: Record<string, unknown>): string {
  const schema = 'vmcs/diff-record/v1';
  const lines: string[] = [];
  // "type" names the record, as in every --ndjson; the field's own type (control, guest...) is "group" here
  for (const f of d.fields) {
    const { type: group, ...rest } = jsonFieldDiff(f);
    lines.push(JSON.stringify({ schema, type: 'field', group, ...rest }));
  }
  for (const r of d.rules ?? []) lines.push(JSON.stringify({ schema, type: 'rule', ...r }));
  lines.push(JSON.stringify({ schema, type: 'summary', a, b, identical: d.identical, ignored: d.ignored, ...(d.rules ? { rules: d.rules.length } : {}), summary: counts(d) }));
  return lines.join('\n') + '\n';
}
