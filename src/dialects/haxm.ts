/** Intel HAXM dumps (the `haxm` dialect); see ./index.ts for how dialects plug into annotate. */
import { fieldByEncoding, lookupName } from '../table/table.js';
import { DumpState, reportUnknown, type OtherParser } from './common.js';
import { diagnostic } from '../diagnostics.js';
import type { DumpNote, LineSink } from './types.js';

// Intel HAXM: core/dump.c dump_vmcs() -> vmread_dump(): hax_log(HAX_LOGW, "%04x %s: %llx\n", enc, name, val)
// The encoding is printed, so it is the field; the name (HAXM's, from core/name.c, "" when
// HAXM has none) is checked against it. Prefixes: haxm_warning: / haxm_error: / haxm_warning:
// (no space) / (intelhaxm) haxm_warn: / DebugView's "<n>\t<secs>\t" / NetBSD syslog.

const HAXM_PREFIX_RE = /\bhaxm_(?:warning|warn|error|panic|info|debug|log)\b/;
const HAXM_FIELD_RE = /(?:^|[^0-9A-Za-z_])([0-9a-fA-F]{4}) ([A-Za-z][A-Za-z0-9_]*|<private>)?: ([0-9a-fA-F]{1,16}|<private>)\s*$/;
/**
 * macOS's unified log (`log show`) withholds dynamic strings, and with some settings numbers
 * too, as `<private>`: a withheld name leaves the printed encoding, which is the field; a
 * withheld value is reported (withheld-value) and the dump goes on.
 */
const PRIVATE = '<private>';
/** dump_vmcs()'s line with its encoding withheld too (`haxm_warn: <private> <private>: <private>`, `<private> VMX_…: 1f`). */
const HIDDEN_FIELD_RE = /\bhaxm_\w+: ?<private>(?: (?:[A-Za-z][A-Za-z0-9_]*|<private>))?: (?:[0-9a-fA-F]{1,16}|<private>)\s*$/;
/** The first field HAXM's dump_vmcs_list prints. */
const HAXM_FIRST = 0x4000;
const HEX_TAIL_RE = /^(?:[0-9a-fA-F]{1,16}|<private>)\s*$/;
/**
 * A HAXM line of a dump that names a value without its encoding (`haxm_warning: FOO_BAR: 12`):
 * the encoding is what HAXM's lines are read by, so the name alone is an unknown token,
 * reported (common.ts). An encoding no field uses is read and reported as unknown-encoding.
 */
const NAME_ONLY_RE = /\bhaxm_\w+: ?([A-Za-z_][A-Za-z0-9_]*): ([0-9a-fA-F]{1,16})\s*$/;

/**
 * The order dump_vmcs() prints in: HAXM's dump_vmcs_list (core/dump.c; core/dump_vmcs.c in the
 * first public release, 6.2.1, the same list), as encodings. Every vCPU prints the whole list,
 * from 0x4000 (pin-based controls) to 0x4826 (activity state), one line per field.
 */
const HAXM_ORDER: readonly number[] = [
  0x4000, 0x4002, 0x401e, 0x4004, 0x4006, 0x4008, 0x400c, 0x400e, 0x4010, 0x4012, 0x4014, 0x4016, 0x4018, 0x401a, 0x401c,
  0x6000, 0x6002, 0x6004, 0x6006, 0x400a, 0x6008,
  0x0000, 0x2000, 0x2002, 0x2004, 0x2006, 0x2008, 0x200a, 0x2010, 0x2012, 0x2014, 0x201a, 0x482e,
  0x4400,
  0x4402, 0x4404, 0x4406, 0x4408, 0x440a, 0x440c, 0x440e, 0x6400, 0x6402, 0x6404, 0x6406, 0x6408, 0x640a, 0x2400,
  0x6c16, 0x6c14, 0x6c00, 0x6c02, 0x6c04,
  0x0c02, 0x0c06, 0x0c00, 0x0c08, 0x0c0a, 0x0c04, 0x0c0c, 0x6c06, 0x6c08, 0x6c0a, 0x6c0c, 0x6c0e,
  0x4c00, 0x6c10, 0x6c12,
  0x681e, 0x6820, 0x681c, 0x6800, 0x6802, 0x6804,
  0x0800, 0x0802, 0x0804, 0x0806, 0x0808, 0x080a, 0x080c, 0x080e,
  0x4814, 0x4816, 0x4818, 0x481a, 0x481c, 0x481e, 0x4820, 0x4822,
  0x6806, 0x6808, 0x680a, 0x680c, 0x680e, 0x6810, 0x6812, 0x6814, 0x6816, 0x6818,
  0x4800, 0x4802, 0x4804, 0x4806, 0x4808, 0x480a, 0x480c, 0x480e, 0x4810, 0x4812,
  0x2800, 0x2802, 0x2804, 0x2806, 0x2808, 0x280a, 0x280c, 0x280e, 0x2810,
  0x681a, 0x6822, 0x482a, 0x6824, 0x6826, 0x4828, 0x4824, 0x4826,
];
const HAXM_LAST = HAXM_ORDER[HAXM_ORDER.length - 1]!;
let orderIndex: Map<number, number> | null = null;
/** A field's place in HAXM's print order (-1: not in the list). */
function placeOf(encoding: number): number {
  if (!orderIndex) orderIndex = new Map(HAXM_ORDER.map((e, i) => [e, i]));
  return orderIndex.get(encoding) ?? -1;
}

/** The most lines of a stretch held before it is decided on what it holds (memory stays bounded). */
const MAX_HELD = 4096;

/** A line of a HAXM dump, held until its stretch ends. */
type Held =
  | { kind: 'field'; line: number; encoding: number; digits: string; notes: DumpNote[] }
  | { kind: 'withheld'; line: number; encoding: number; text: string }
  | { kind: 'unknown'; line: number; token: string; value: string }
  /** a line whose encoding the log withholds (`haxm_warn: <private> <private>: …`): no field can be told */
  | { kind: 'hidden'; line: number };

/**
 * HAXM's lines carry no vCPU id, and every vCPU prints the same list in the same order: when two
 * vCPUs print their dumps at once (sample 59, NetBSD, intel/haxm#171), their lines interleave and
 * nothing on a line says whose it is. So the lines of a stretch of HAXM dump lines (up to a line
 * another reader takes, or the input's end; HAXM's other messages and other text between them do
 * not end it) are held, and decided on once the stretch ends:
 *
 * - a field printed again before the list starts over (at 0x4000), or printed before a field it
 *   follows in the list, is a second vCPU printing: one vCPU prints each field once, from the top,
 *   in the list's order. The stretch is then interleaved. A run of its lines
 *   from 0x4000 to the list's last field (0x4826) in HAXM's order is one vCPU's whole dump (another
 *   vCPU's line inside it would print a field out of order or twice): it is read as a dump. Every
 *   other line is reported (interleaved-lines, naming them): which dump its value belongs to
 *   cannot be told, and no value is given to a dump it may not belong to.
 * - otherwise the stretch is read as before: a dump from each 0x4000 (or from the first line).
 */
export function createHaxmParser(): OtherParser {
  const d = new DumpState('haxm');
  let held: Held[] = [];
  /** Fields held since the list last started over (0x4000), to see one printed twice. */
  const since = new Set<number>();
  let interleaved = false;
  /** The place in HAXM's order of the last listed field held (-1: none since the stretch began). */
  let lastPlace = -1;

  function hold(sink: LineSink, h: Held): void {
    if (held.length === 0) sink.hold?.(() => flush(sink));
    held.push(h);
    if (h.kind !== 'unknown' && h.kind !== 'hidden') {
      const at = placeOf(h.encoding);
      if (h.encoding === HAXM_FIRST) since.clear();
      else if (since.has(h.encoding) || (at >= 0 && at <= lastPlace)) interleaved = true;
      since.add(h.encoding);
      if (at >= 0) lastPlace = at;
    }
    if (held.length >= MAX_HELD) {
      sink.hold?.(null);
      flush(sink);
    }
  }

  /** One held line into the dump being read (as the line was read before stretches were held). */
  function put(sink: LineSink, h: Held): void {
    if (h.kind === 'unknown') {
      if (!d.inDump) d.open(sink);
      reportUnknown(sink, h.line, 'HAXM', [{ token: h.token, value: h.value }]);
      return;
    }
    if (h.kind === 'hidden') {
      if (!d.inDump) d.open(sink);
      sink.report(diagnostic('withheld-value', { field: 'a field whose encoding the log withholds', token: PRIVATE }, h.line));
      return;
    }
    if (h.encoding === HAXM_FIRST && d.inDump && d.count > 0) d.open(sink);
    if (h.kind === 'withheld') {
      if (!d.inDump) d.open(sink);
      const f = fieldByEncoding(h.encoding);
      sink.report(diagnostic('withheld-value', { field: f?.name ?? `0x${h.text}`, token: PRIVATE }, h.line));
      return;
    }
    d.field(sink, h.encoding, h.digits, h.line);
    for (const n of h.notes) d.note(sink, h.line, n.label, n.value, n.what);
  }

  /** The stretch ends: its lines are read, or reported where they cannot be told apart. */
  function flush(sink: LineSink): void {
    const lines = held;
    const mixed = interleaved;
    held = [];
    since.clear();
    interleaved = false;
    lastPlace = -1;
    if (lines.length === 0) return;
    if (!mixed) {
      for (const h of lines) put(sink, h);
      return;
    }
    // whole dumps (0x4000 to the last field, in HAXM's order) are one vCPU's; the rest is not placed
    const whole = new Set<Held>();
    let run: Held[] = [];
    let last = -1;
    const end = (): void => {
      const first = run[0];
      const tail = run[run.length - 1];
      if (first && tail && first.kind !== 'unknown' && first.kind !== 'hidden' && first.encoding === HAXM_FIRST && tail.kind !== 'unknown' && tail.kind !== 'hidden' && tail.encoding === HAXM_LAST) for (const h of run) whole.add(h);
      run = [];
      last = -1;
    };
    for (const h of lines) {
      if (h.kind === 'unknown' || h.kind === 'hidden') continue;
      const at = placeOf(h.encoding);
      if (at <= last || at < 0) end();
      if (at >= 0) {
        run.push(h);
        last = at;
      }
    }
    end();
    const unplaced: number[] = [];
    let fields = 0;
    for (const h of lines) {
      if (whole.has(h)) {
        put(sink, h);
        continue;
      }
      if (d.inDump) d.close(sink);
      if (h.kind === 'unknown') {
        reportUnknown(sink, h.line, 'HAXM', [{ token: h.token, value: h.value }]);
        continue;
      }
      if (h.kind === 'hidden') {
        sink.report(diagnostic('withheld-value', { field: 'a field whose encoding the log withholds', token: PRIVATE }, h.line));
        continue;
      }
      unplaced.push(h.line);
      fields++;
    }
    if (d.inDump) d.close(sink);
    if (unplaced.length > 0) sink.report(diagnostic('interleaved-lines', { dialect: 'HAXM', lines: ranges(unplaced), count: fields }, unplaced[0]));
  }

  return {
    format: 'haxm',
    get inDump() {
      return held.length > 0 || d.inDump;
    },
    end(sink) {
      if (held.length > 0) {
        sink.hold?.(null);
        flush(sink);
      }
      d.drop();
    },
    parse(line, lineNo, sink) {
      const prefixed = line.includes('haxm_') && HAXM_PREFIX_RE.test(line);
      // cheap test first: what follows the last ": " must be the hex value
      const colon = line.lastIndexOf(': ');
      const m = colon >= 5 && HEX_TAIL_RE.test(line.slice(colon + 2)) ? HAXM_FIELD_RE.exec(line) : null;
      const inDump = held.length > 0 || d.inDump;
      if (m) {
        const encoding = parseInt(m[1]!, 16);
        const name = m[2] === PRIVATE ? '' : (m[2] ?? '');
        const named = name ? lookupName(name) : undefined;
        const agrees = named !== undefined && named.encoding === encoding;
        // Without HAXM's prefix (lost on a wrapped or interleaved line), the line must still read
        // as HAXM's: its own name for the encoding, or no name inside a HAXM dump.
        if (prefixed || agrees || (inDump && name === '')) {
          if (m[3] === PRIVATE) {
            hold(sink, { kind: 'withheld', line: lineNo, encoding, text: m[1]!.toLowerCase() });
            return true;
          }
          const notes: DumpNote[] = [];
          if (m[2] === PRIVATE) notes.push({ label: m[1]!.toLowerCase(), value: PRIVATE, what: "HAXM's name of the field is withheld by the macOS log; the printed encoding gives the field" });
          if (named && !agrees) {
            const f = fieldByEncoding(encoding);
            notes.push({ label: name, value: m[3]!, what: `HAXM names ${name} (${named.name}, 0x${named.encoding.toString(16).padStart(4, '0')}) but prints encoding 0x${m[1]!.toLowerCase()}${f ? ` (${f.name})` : ''}; the encoding was taken` });
          }
          hold(sink, { kind: 'field', line: lineNo, encoding, digits: m[3]!, notes });
          return true;
        }
      }
      if (prefixed && inDump && HIDDEN_FIELD_RE.test(line)) {
        // a line of the dump whose encoding the log withholds: reported, never dropped
        hold(sink, { kind: 'hidden', line: lineNo });
        return true;
      }
      if (prefixed && inDump && line.includes(PRIVATE)) {
        // another HAXM message with a withheld value ("cvcpu <private> vmid 0"): not the dump's end
        sink.skip(line);
        return true;
      }
      const nameOnly = prefixed && inDump ? NAME_ONLY_RE.exec(line) : null;
      if (nameOnly) {
        hold(sink, { kind: 'unknown', line: lineNo, token: nameOnly[1]!, value: nameOnly[2]! });
        return true;
      }
      if (prefixed) {
        // HAXM's other messages ("haxm_panic: Triple fault") stand outside dump_vmcs(): no line
        // of a dump, so their NAME=value tokens (`pid=889`) are counted (common.ts). Another
        // vCPU may print them between a dump's lines: the stretch goes on.
        sink.skip(line);
        return true;
      }
      return false;
    },
  };
}

/** Line numbers (ascending) as ranges: `2-3, 5-6, 8-13` (at most 40 ranges, then `…`). */
function ranges(lines: readonly number[]): string {
  const out: string[] = [];
  let from = lines[0]!;
  let to = from;
  for (let i = 1; i <= lines.length; i++) {
    const n = lines[i];
    if (n !== undefined && n === to + 1) {
      to = n;
      continue;
    }
    if (out.length === 40) {
      out.push('…');
      break;
    }
    out.push(from === to ? String(from) : `${from}-${to}`);
    if (n !== undefined) from = to = n;
  }
  return out.join(', ');
}
