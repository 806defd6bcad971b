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
