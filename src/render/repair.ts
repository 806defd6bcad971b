/**
 * `check --apply-fixes`: the repaired state as a pairs dump (what annotate, check and diff read),
 * with what was changed in comment lines worded so that the pairs dialect skips them.
 */
import { fieldByEncoding } from '../table/table.js';
import type { RepairResult } from '../check/repair.js';

const hex = (v: bigint): string => '0x' + v.toString(16);
const DIGITS: Record<string, number> = { '16': 4, '32': 8, '64': 16, natural: 16 };

export function renderRepaired(r: RepairResult, source: string): string {
  const lines = [`# repaired by vmcs check --apply-fixes from ${source}`];
  for (const a of r.applied) lines.push(`#   ${a.rule} changed ${a.fix.field} (from ${hex(a.fix.from)} to ${hex(a.fix.to)}) to ${a.fix.why}${a.fix.dependsOnIntent ? `; depends on intent, ${a.fix.dependsOnIntent}` : ''}`);
  for (const f of r.remaining) lines.push(`#   ${f.id} still fails (no minimal change known)`);
  const entries = [...r.values.entries()].sort((a, b) => a[0] - b[0]);
  const names = entries.map(([e]) => fieldByEncoding(e)?.name ?? `0x${e.toString(16).padStart(8, '0')}`);
  const w = Math.max(...names.map((n) => n.length));
  entries.forEach(([e, v], i) => {
    const width = fieldByEncoding(e)?.width ?? '64';
    lines.push(`${names[i]!.padEnd(w)} = 0x${v.toString(16).padStart(DIGITS[width] ?? 16, '0')}`);
  });
  return lines.join('\n') + '\n\n';
}

/**
 * One dump of `check --apply-fixes --json` (schema `vmcs/check-fixes/v1`): the repaired state
 * (every field, as annotate's JSON gives values), each change with its rule and, when another
 * change would pass too, `dependsOnIntent`; the rules that still fail; and the counts of the
 * check of the repaired state.
 */
export function jsonRepaired(r: RepairResult, dump: { format: string; source?: string; firstLine?: number; lastLine?: number }, index: number): Record<string, unknown> {
  const entries = [...r.values.entries()].sort((a, b) => a[0] - b[0]);
  return {
    index,
    format: dump.format,
    ...(dump.source !== undefined ? { source: dump.source } : {}),
    ...(dump.firstLine !== undefined ? { firstLine: dump.firstLine, lastLine: dump.lastLine } : {}),
    changed: r.applied.map((a) => ({ rule: a.rule, field: a.fix.field, from: hex(a.fix.from), to: hex(a.fix.to), why: a.fix.why, ...(a.fix.dependsOnIntent ? { dependsOnIntent: a.fix.dependsOnIntent } : {}) })),
    dependsOnIntent: r.applied.some((a) => a.fix.dependsOnIntent !== undefined),
    remaining: r.remaining.map((f) => ({ id: f.id, title: f.title, message: f.message ?? f.title })),
    counts: r.after.counts,
    fields: entries.map(([e, v]) => ({ name: fieldByEncoding(e)?.name ?? null, encoding: '0x' + e.toString(16).padStart(8, '0'), value: hex(v) })),
  };
}
