/**
 * Human output: aligned columns, colour through the chalk instance the CLI hands in
 * (a level-0 instance prints plain text).
 */
import { widest } from './widest.js';
import type { AnnotateSummary, Dump, DumpField } from '../annotate/index.js';
import type { Diagnostic } from '../diagnostics.js';
import { formatEncoding, formatValue, widthBits, type FieldType } from '../table/encoding.js';
import type { ListEntry } from '../table/fields.js';
import { widthLabel } from './decode.js';
import type { ExplainResult } from '../bits/explain.js';
import { enums, explainWith, formatDecoded, sdmText, sourceText, type DecodedBits } from '../bits/layouts.js';
import { dumpOverview, type DumpOverview, type GuestModeInfo } from '../annotate/overview.js';
import { formatMessage, safeText } from './messages.js';
import type { Style } from './style.js';

const GROUP_TITLE: Record<FieldType, string> = {
  control: 'Control fields',
  'exit-info': 'VM-exit information',
  guest: 'Guest state',
  host: 'Host state',
};

export { renderDecode } from './decode.js';

/** `where: severity: message`, the one line a diagnostic takes on stderr. */
export function diagnosticLine(c: Style, d: Diagnostic, source?: string): string {
  const src = source !== undefined ? safeText(source) : undefined;
  const where = src !== undefined ? (d.line !== undefined ? `${src}:${d.line}: ` : `${src}: `) : d.line !== undefined ? `line ${d.line}: ` : '';
  const sev = d.severity === 'error' ? c.error('error') : c.warning('warning');
  return `vmcs: ${where}${sev}: ${formatMessage(d)}`;
}

export function renderList(c: Style, entries: ListEntry[]): string {
  const nameW = widest(4, entries, (e) => e.name.length);
  return entries
    .map((e) => {
      const status = e.status ? c.note(` [${e.status}]`) : '';
      return `${c.encoding(formatEncoding(e.encoding))}  ${c.name(e.name.padEnd(nameW))}  ${e.title}${status}\n`;
    })
    .join('');
}

/** `s` cut to `room` columns with an ellipsis (unchanged when it fits). */
export function shorten(s: string, room: number): string {
  return s.length <= room ? s : s.slice(0, Math.max(1, room - 1)).trimEnd() + '…';
}

function fieldRow(c: Style, f: DumpField, nameW: number, width = Infinity): string {
  const bits = widthBits(f.width, f.access);
  const wide = f.flags.includes('value-too-wide');
  const value = wide ? c.bad('0x' + f.value.toString(16)) : c.value(formatValue(f.value, bits));
  const pad = ' '.repeat(Math.max(0, 18 - ('0x'.length + Math.max(bits / 4, f.value.toString(16).length))));
  const name = f.name ? c.name(f.name.padEnd(nameW)) : c.bad('(unassigned)'.padEnd(nameW));
  // At a narrow terminal the title is cut to the room left on the row: one row per field.
  const room = width - (2 + 10 + 2 + nameW + 2 + Math.max(18, 2 + Math.max(bits / 4, f.value.toString(16).length)) + 2);
  const fitTitle = (t: string): string => (room >= 12 ? shorten(t, room) : t);
  const title = f.title !== null && f.title !== undefined ? fitTitle(f.title) : c.note(fitTitle(`${widthLabel(f.width)} ${f.type} field, index ${(f.encoding >> 1) & 0x1ff}`));
  let row = `  ${c.encoding(formatEncoding(f.encoding))}  ${name}  ${value}${pad}  ${title}\n`;
  if (f.bits && f.bits.length > 0) row += MASKS.has(f.encoding) && f.layout ? maskBits(c, f.layout, f.value, bits, 2 + 10 + 2) : compactBits(c, f.bits, 2 + 10 + 2);
  for (const flag of f.flags) {
    // Reserved and unnamed bits are already marked in the decoded line.
    if (f.bits && (flag === 'reserved-bit-set' || flag === 'unknown-bit-set')) continue;
    const text =
      flag === 'reserved-bit-set' || flag === 'unknown-bit-set'
        ? 'reserved or unnamed bits set'
        : flag === 'value-too-wide'
        ? `value wider than ${bits} bits`
        : flag === 'unknown-encoding'
          ? 'encoding not in the SDM table'
          : flag === 'conflicting-values'
            ? 'given twice with different values'
            : flag;
    row += `    ${c.bad('!')} ${c.bad(text)}\n`;
  }
  return row;
}

/** CR0_GUEST_HOST_MASK and CR4_GUEST_HOST_MASK: a set bit is owned by the host (SDM 26.6.6). */
const MASKS = new Set([0x6000, 0x6002]);

/**
 * A guest/host mask by its named bits: the ones the host owns, or, when fewer, the ones it
 * leaves to the guest ("host owns all but TS"). Reserved bits, set in most masks, say nothing.
 */
export function maskBits(c: Style, layout: string, value: bigint, widthBits: number, indent: number): string {
  const named = explainWith(layout, value, widthBits, true, true).bits.filter((d) => d.kind === 'bit' && !d.reserved && !d.name.startsWith('Reserved'));
  const owned = named.filter((d) => d.set).map((d) => c.name(shortName(d.name)));
  const left = named.filter((d) => !d.set).map((d) => c.name(shortName(d.name)));
  const sep = c.note(' · ');
  // low bits first, as the SDM's tables list them
  owned.reverse();
  left.reverse();
  const text =
    owned.length === 0 ? 'host owns no bit: the guest owns them all' : left.length === 0 ? 'host owns every bit' : left.length < owned.length ? `host owns all but ${left.join(sep)}` : `host owns ${owned.join(sep)}`;
  return ' '.repeat(indent) + text + '\n';
}

/** A bit's name without its parenthesized gloss: "DPL (descriptor privilege level)" -> "DPL". */
function shortName(name: string): string {
  const i = name.indexOf(' (');
  return i > 0 ? name.slice(0, i) : name;
}

/**
 * The decoded bits under a field, on one line indented under the value: the set bits by
 * name, ranges as "name value: label", reserved bits that are set flagged.
 */
export function compactBits(c: Style, bits: DecodedBits[], indent: number): string {
  const parts: string[] = [];
  // Low bits first, as the SDM's tables list them.
  for (const d of [...bits].reverse()) {
    if (d.default1 && d.set && d.name.startsWith('Reserved')) continue; // reserved default-1 bits are set in every valid control value
    const before = parts.length;
    if (d.reserved && d.value !== 0n) {
      const kind = d.name === 'Unknown' ? 'unnamed' : d.name.startsWith('Ignored') ? 'ignored (or PCID)' : d.name === 'Undefined' ? 'undefined' : 'reserved';
      const what = `${kind} ${d.label ?? 'bit ' + d.bits + ' set'}`;
      parts.push(d.inMask ? c.note(what) : c.bad('! ' + what));
    } else if (d.kind === 'bit' && d.label === null) parts.push(d.set ? c.name(shortName(d.name)) : c.note('no ' + shortName(d.name)));
    else if (d.label !== null && d.kind === 'bit') parts.push(`${shortName(d.name)}: ${c.value(d.label)}`);
    else parts.push(`${shortName(d.name)} ${c.value(formatDecoded(d))}${d.label !== null ? `: ${d.label}` : ''}`);
    if (d.source && parts.length > before && (d.set || d.kind === 'range')) parts[parts.length - 1] += c.note(` [source: ${sourceText(d.source)}]`);
  }
  if (parts.length === 0) return '';
  return ' '.repeat(indent) + parts.join(c.note(' · ')) + '\n';
}

/**
 * One dump: its heading, then its fields by group. With a `width`, titles are cut to the room
 * left on their row (the CLI then wraps what is still too long, see wrap.ts).
 */
export function renderDump(c: Style, dump: Dump, index: number, width = Infinity): string {
  const where =
    dump.firstLine !== undefined
      ? `${safeText(dump.source ?? 'line')}${dump.source !== undefined ? ':' : ' '}${dump.firstLine}-${dump.lastLine}`
      : safeText(dump.source ?? '');
  const head = [`dump ${index}`, dump.format, where, `${dump.fields.length} field${dump.fields.length === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
  const desc = dump.description ? c.note(dump.description) + '\n' : '';
  let out = c.heading(head) + '\n' + desc + renderOverview(c, dumpOverview(dump), dump.source);
  const nameW = widest(12, dump.fields, (f) => (f.name ?? '').length);
  let group: FieldType | null = null;
  for (const f of dump.fields) {
    if (f.type !== group) {
      group = f.type;
      out += c.group(GROUP_TITLE[group]) + '\n';
    }
    out += fieldRow(c, f, nameW, width);
  }
  if (dump.notes?.length) {
    out += c.group('Not VMCS fields') + '\n';
    for (const n of dump.notes) {
      const where = n.line !== undefined ? `line ${n.line}` : n.offset !== undefined ? `+0x${n.offset.toString(16).padStart(3, '0')}` : '';
      out += `  ${c.note(where.padEnd(10))}  ${safeText(n.label).padEnd(nameW)}  ${c.value(safeText(n.value).padEnd(18))}  ${c.note(safeText(n.what))}\n`;
    }
  }
  return out + '\n';
}

/**
 * The unknown-token policy's counts (src/dialects/common.ts), what was reported and what was only
 * counted, as annotate's and check's summary lines say them; '' when there is none.
 */
export function unknownTokensSummary(reported: number, skipped: number): string {
  if (!reported && !skipped) return '';
  const said = [reported ? `${reported} reported` : '', skipped ? `${skipped} on skipped lines` : ''].filter(Boolean).join(', ');
  return `${reported + skipped} unknown NAME=value token${reported + skipped === 1 ? '' : 's'} (${said})`;
}

export function renderSummary(c: Style, s: AnnotateSummary): string {
  const parts = [
    `${s.dumps} dump${s.dumps === 1 ? '' : 's'}`,
    `${s.fields} field${s.fields === 1 ? '' : 's'}`,
    `${s.skipped} of ${s.lines} line${s.lines === 1 ? '' : 's'} skipped`,
  ];
  const tokens = unknownTokensSummary(s.unknownReported ?? 0, s.unknownSkipped ?? 0);
  if (tokens) parts.push(tokens);
  if (s.errors) parts.push(c.error(`${s.errors} error${s.errors === 1 ? '' : 's'}`));
  if (s.warnings) parts.push(c.warning(`${s.warnings} warning${s.warnings === 1 ? '' : 's'}`));
  return c.note(parts.join(', ')) + '\n';
}

function bitRow(c: Style, d: DecodedBits, nameW: number, valueW: number, bitsW = 5): string {
  const value = formatDecoded(d);
  const flagged = d.reserved && d.value !== 0n && !d.inMask;
  const what = (d.label ?? d.meaning ?? '') + (d.source ? c.note(` [source: ${sourceText(d.source)}]`) : '');
  const name = flagged ? c.bad(d.name.padEnd(nameW)) : d.kind === 'bit' && !d.set ? c.note(d.name.padEnd(nameW)) : c.name(d.name.padEnd(nameW));
  const mark = flagged ? '  ' + c.bad('! ' + (d.name === 'Unknown' ? 'set, but this table names no such bit' : 'reserved')) : '';
  return `  ${c.encoding(d.bits.padEnd(bitsW))}  ${name}  ${c.value(value.padEnd(valueW))}  ${what}${mark}\n`;
}

export function renderExplain(c: Style, r: Extract<ExplainResult, { ok: true }>): string {
  const head =
    'structure' in r.field
      ? `${c.name(r.field.name)}  ${r.field.title} = ${c.value(formatValue(r.value, r.bits))}`
      : `${c.encoding(formatEncoding(r.field.encoding))}  ${c.name(r.field.name ?? '')}  ${r.field.title ?? ''} = ${c.value(formatValue(r.value, r.bits))}`;
  let out = head + '\n' + c.note(`  ${r.layoutTitle}${r.layoutSdm ? ` (SDM ${sdmText(r.layoutSdm)})` : ''}`) + '\n';
  const nameW = widest(4, r.decoded, (d) => d.name.length);
  const valueW = widest(1, r.decoded, (d) => formatDecoded(d).length);
  const bitsW = widest(5, r.decoded, (d) => d.bits.length);
  for (const d of r.decoded) out += bitRow(c, d, nameW, valueW, bitsW);
  if (r.decoded.length === 0) out += c.note('  no bit set') + '\n';
  return out;
}

const MODE_TEXT: Record<GuestModeInfo['mode'], string> = {
  real: 'real-address mode',
  protected: 'protected mode',
  'virtual-8086': 'virtual-8086 mode',
  'ia32e-64bit': 'IA-32e mode, 64-bit',
  'ia32e-compatibility': 'IA-32e mode, compatibility',
};

const PAGING_TEXT: Record<GuestModeInfo['paging'], string> = {
  none: 'paging off',
  '32-bit': '32-bit paging',
  pae: 'PAE paging',
  '4-level': '4-level paging',
  '5-level': '5-level paging',
};

/**
 * The lines above a dump's table: the exit reason (a failed entry highlighted), the
 * VM-instruction error, the guest's mode, and for a failed entry the `vmcs check` hint (when
 * the dump holds something a check reads: overview.ts `checkInputs`).
 */
export function renderOverview(c: Style, o: DumpOverview, source?: string): string {
  let out = '';
  if (o.exit) {
    const v = '0x' + o.exit.value.toString(16).padStart(8, '0');
    out += o.exit.entryFailure
      ? `  ${c.bad('VM entry failed')}: exit reason ${c.value(v)}, ${c.bad(o.exit.name)}\n`
      : `  Exit reason ${c.value(String(o.exit.basic))} ${c.name(o.exit.name)} ${c.note(`(${v})`)}\n`;
  }
  if (o.instructionError !== null) {
    const name = enums['vm-instruction-error']?.values[String(o.instructionError)]?.name;
    const text = `VM-instruction error ${o.instructionError}${name ? `: ${name}` : ''}`;
    out += `  ${o.instructionError === 7 || o.instructionError === 8 ? c.bad(text) : text}\n`;
  }
  if (o.guest) {
    const g = o.guest;
    out += `  Guest in ${c.name(MODE_TEXT[g.mode])}, ${PAGING_TEXT[g.paging]}${g.smm ? ', in SMM' : ''} ${c.note(`(from ${g.from.join(', ')})`)}\n`;
  }
  if (o.entryFailed && o.checkable) {
    const file = source !== undefined && source !== '<stdin>' && source !== '-' ? ' ' + safeText(source) : '';
    out += `  ${c.note('Which check fails:')} vmcs check${file}\n`;
  }
  return out;
}
