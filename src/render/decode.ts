/**
 * `vmcs decode`'s human output: one aligned row per encoding. Apart from ./human.ts, which
 * re-exports it, so that plain `vmcs decode` (src/cli/fast.ts) loads nothing else.
 */
import { widest } from './widest.js';
import type { DecodeResult } from '../table/fields.js';
import type { Style } from './style.js';
import { formatEncoding } from '../table/encoding.js';

export function widthLabel(w: string): string {
  return w === 'natural' ? 'natural' : `${w}-bit`;
}

export function renderDecode(c: Style, results: DecodeResult[]): string {
  const ok = results.filter((r): r is Extract<DecodeResult, { ok: true }> => r.ok);
  const nameW = widest(4, ok, (r) => (r.name ?? '(unassigned)').length);
  return ok
    .map((r) => {
      const name = r.name ? c.name(r.name.padEnd(nameW)) : c.bad('(unassigned)'.padEnd(nameW));
      const shape = `${widthLabel(r.width).padEnd(7)}  ${r.type.padEnd(9)}  index ${String(r.index).padStart(3)}  ${r.access.padEnd(4)}`;
      return `${c.encoding(formatEncoding(r.encoding))}  ${name}  ${shape}  ${r.title ?? c.note('no field of the SDM table uses this encoding')}\n`;
    })
    .join('');
}
