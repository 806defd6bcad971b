/** Hex dumps of a region as people paste them: xxd, hexdump -C (with its `*` lines), od -A x -t x1z, plain hex bytes. */

// ---------------------------------------------------------------------------------------------
// Hex dumps

/** Largest text read as a hex dump, and most bytes it may describe (with '*' repeats). */
const MAX_DUMP_TEXT = 64 * 1024 * 1024;
const MAX_DUMP_BYTES = 16 * 1024 * 1024;
/** Fewer bytes than a region header is not taken for a dump. */
const MIN_DUMP_BYTES = 8;

type DumpLine = { kind: 'data'; offset: number; bytes: number[]; line?: number } | { kind: 'star' } | { kind: 'end'; offset: number } | { kind: 'bad'; line: number; reason: string };

/** A line of an offset-addressed hex dump that could not be read: its bytes are missing. */
export interface BadHexLine {
  /** 1-based line of the text */
  line: number;
  reason: string;
  /** the bytes it should have held: from (inclusive) to (exclusive; undefined: to the end) */
  from: number;
  to?: number;
}

/** Lines read, and the lines that could not be (the rest of the dump is kept). */
let badLines: BadHexLine[] = [];
/** At most this share of an offset-addressed dump's lines may be bad (else it is no dump). */
const MAX_BAD_SHARE = 0.25;

const BYTE_RE = /^[0-9a-f]{2}$/i;
const GROUP_RE = /^(?:[0-9a-f]{2})+$/i;

function hexBytes(token: string, out: number[]): void {
  for (let i = 0; i < token.length; i += 2) out.push(Number.parseInt(token.slice(i, i + 2), 16));
}

/** xxd's ASCII column: 0x20-0x7e as themselves, every other byte as '.'. */
function asciiAgrees(ascii: string, bytes: number[]): boolean {
  const n = Math.min(ascii.length, bytes.length);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    const c = ascii.charCodeAt(i);
    if (b >= 0x20 && b < 0x7f ? c !== b : c !== 0x2e) return false;
  }
  return true;
}

/**
 * xxd: `00000000: 4865 6c6c 6f0a  Hello.` (groups in byte order, then the ASCII column after
 * two spaces), also -g N, -c N, -u, -a ('*' lines) and -e (little-endian groups, told apart by
 * the ASCII column: the groups are read back in byte order). The ASCII column is required: it
 * is what tells a dump line from a `681e: ffffffff81000000` log line.
 */
function parseXxd(lines: string[], numbers: number[]): Uint8Array | null {
  const rows: Array<{ offset: number; rest: string; line: number } | null | { bad: string; line: number }> = [];
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (line === '*') {
      rows.push(null);
      continue;
    }
    const m = /^([0-9a-f]{7,16}):(?: (.*))?$/i.exec(line);
    if (!m) {
      rows.push({ bad: 'not an xxd line', line: numbers[n]! });
      continue;
    }
    rows.push({ offset: Number.parseInt(m[1]!, 16), rest: m[2] ?? '', line: numbers[n]! });
  }
  const data = rows.filter((r): r is { offset: number; rest: string; line: number } => r !== null && 'rest' in r && r.rest.trim() !== '');
  if (data.length === 0) return null;
  // The first line is a full one when there are several: its first double space starts the
  // ASCII column, at the same column on every line (the hex area is padded).
  const firstCut = data[0]!.rest.indexOf('  ');
  const col = data.length > 1 && firstCut >= 0 ? firstCut + 2 : -1;
  const parsed: Array<{ offset: number; groups: string[]; ascii: string; line: number } | null | { bad: string; line: number }> = [];
  rows: for (const r of rows) {
    if (!r || 'bad' in r) {
      parsed.push(r);
      continue;
    }
    let area: string;
    let ascii = '';
    if (col >= 0) {
      area = r.rest.slice(0, col - 2);
      ascii = r.rest.slice(col);
    } else {
      const cut = r.rest.indexOf('  ');
      area = cut >= 0 ? r.rest.slice(0, cut) : r.rest;
      if (cut >= 0) ascii = r.rest.slice(cut + 2).replace(/^ +/, '');
      // No ASCII column left: only possible (after trimming) when every byte printed as a space.
      else if (!area.split(' ').every((t) => t === '' || /^(?:20)+$/.test(t))) {
        parsed.push({ bad: 'no ASCII column', line: r.line });
        continue;
      }
    }
    const groups = area.split(/\s+/).filter((t) => t !== '');
    for (let i = 0; i < groups.length; i++) {
      const t = groups[i]!;
      // Every group but the last has the same length (-g N).
      if (!GROUP_RE.test(t) || (i > 0 && groups[i - 1]!.length !== groups[0]!.length) || t.length > groups[0]!.length) {
        parsed.push({ bad: `'${t.slice(0, 20)}' is not a group of hex bytes like the others`, line: r.line });
        continue rows;
      }
    }
    parsed.push({ offset: r.offset, groups, ascii, line: r.line });
  }
  const inOrder = (groups: string[], swap: boolean): number[] => {
    const out: number[] = [];
    for (const g of groups) {
      const bytes: number[] = [];
      hexBytes(g, bytes);
      if (swap) bytes.reverse();
      for (const b of bytes) out.push(b); // not push(...bytes): a huge group would overflow the stack
    }
    return out;
  };
  const rowsIn = parsed.filter((p): p is { offset: number; groups: string[]; ascii: string; line: number } => p !== null && !('bad' in p));
  const swap = !rowsIn.every((p) => asciiAgrees(p.ascii, inOrder(p.groups, false))) && rowsIn.every((p) => asciiAgrees(p.ascii, inOrder(p.groups, true)));
  const out: DumpLine[] = parsed.map((p) => {
    if (!p) return { kind: 'star' };
    if ('bad' in p) return { kind: 'bad', line: p.line, reason: p.bad };
    const bytes = inOrder(p.groups, swap);
    return bytes.length ? { kind: 'data', offset: p.offset, bytes, line: p.line } : { kind: 'end', offset: p.offset };
  });
  return assemble(out);
}

/** hexdump -C (`00000000  48 65 ...  |Hello|`) and od -A x -t x1z (`000000 48 65 ...  >Hello<`). */
function offsetLine(line: string): DumpLine | null {
  if (line === '*') return { kind: 'star' };
  const m = /^([0-9a-f]{6,16})(?:\s+(.*))?$/i.exec(line);
  if (!m) return null;
  const offset = Number.parseInt(m[1]!, 16);
  let area = m[2] ?? '';
  const bar = area.indexOf('|');
  const gt = area.indexOf('>');
  const cut = bar < 0 ? gt : gt < 0 ? bar : Math.min(bar, gt);
  if (cut >= 0) area = area.slice(0, cut);
  const tokens = area.split(/\s+/).filter((t) => t !== '');
  const bytes: number[] = [];
  for (const t of tokens) {
    if (!BYTE_RE.test(t)) return null;
    bytes.push(Number.parseInt(t, 16));
  }
  return bytes.length ? { kind: 'data', offset, bytes } : { kind: 'end', offset };
}

/**
 * A line whose own offset is off (`00000041:` between `00000030:` and `00000050:`, a digit
 * mistyped or damaged) while the lines around it agree with each other: that line is the bad
 * one, and only its bytes are lost (reliability report F11), rather than its neighbours' too.
 */
function markOddOffsets(lines: DumpLine[]): DumpLine[] {
  const out = lines.slice();
  // the data line before i with nothing ('*' or a bad line) between, and the one after
  const neighbour = (i: number, step: number): Extract<DumpLine, { kind: 'data' }> | null => {
    const j = i + step;
    const l = out[j];
    return l && l.kind === 'data' ? l : null;
  };
  for (let i = 1; i < out.length; i++) {
    const l = out[i]!;
    if (l.kind !== 'data' || l.line === undefined) continue;
    const prev = neighbour(i, -1);
    if (!prev) continue;
    const expected = prev.offset + prev.bytes.length;
    if (l.offset === expected) continue;
    const next = neighbour(i, 1);
    const before = neighbour(i, -2);
    // the next line goes on where this one would end at its right offset; or, for the last
    // line, the line before it is as long as the one before that (it was whole)
    const fits = next ? next.offset === expected + l.bytes.length : i === out.length - 1 && before !== null && before.bytes.length === prev.bytes.length && before.offset + before.bytes.length === prev.offset;
    if (!fits) continue;
    out[i] = { kind: 'bad', line: l.line, reason: `offset 0x${l.offset.toString(16)} where 0x${expected.toString(16)} was expected` };
  }
  return out;
}

/** Assemble offset-addressed lines; null when the offsets do not add up. */
function assemble(given: DumpLine[]): Uint8Array | null {
  const lines = markOddOffsets(given);
  const first = lines.find((l) => l.kind === 'data');
  if (!first || first.kind !== 'data') return null;
  const bad = lines.filter((l) => l.kind === 'bad');
  if (bad.length > MAX_BAD_SHARE * lines.length || lines[0]!.kind === 'bad') return null;
  const gaps: BadHexLine[] = [];
  let open: BadHexLine[] = [];
  let lastStart = first.offset;
  let lastLine: number | undefined;
  const start = first.offset;
  const out: number[] = [];
  let pos = start;
  let last: number[] | null = null;
  let star = false;
  const fill = (to: number): boolean => {
    if (to < pos) return false;
    if (to === pos) return true;
    if (!star || !last || to - start > MAX_DUMP_BYTES) return false;
    for (let i = 0; pos < to; i++, pos++) out.push(last[i % last.length]!);
    return true;
  };
  for (const l of lines) {
    if (l.kind === 'bad') {
      open.push({ line: l.line, reason: l.reason, from: pos });
      continue;
    }
    if (l.kind === 'star') {
      if (!last) return null;
      star = true;
      continue;
    }
    if (open.length) {
      // The bytes of the lines that could not be read: from where the dump stood to this offset.
      if (l.offset < pos || l.offset - start > MAX_DUMP_BYTES) return null;
      for (const g of open) gaps.push({ ...g, to: l.offset });
      while (pos < l.offset) {
        out.push(0);
        pos++;
      }
      open = [];
    }
    if (l.offset < pos && l.kind === 'data' && l.line !== undefined && lastLine !== undefined) {
      // An offset going back: this line is the odd one (its bytes are left out).
      gaps.push({ line: l.line, reason: `offset 0x${l.offset.toString(16)} where 0x${pos.toString(16)} was expected`, from: pos, to: pos });
      continue;
    }
    if (l.offset > pos && !star && last && lastLine !== undefined && l.offset - lastStart <= 4 * Math.max(16, last.length)) {
      // The previous line held fewer bytes than the offsets say: its bytes are not trusted.
      out.length = lastStart - start;
      pos = lastStart;
      gaps.push({ line: lastLine, reason: `${last.length} bytes where the next offset says ${l.offset - lastStart}`, from: lastStart, to: l.offset });
      while (pos < l.offset) {
        out.push(0);
        pos++;
      }
      if (gaps.length > MAX_BAD_SHARE * lines.length) return null;
    }
    if (!fill(l.offset)) return null;
    star = false;
    if (l.kind === 'data') {
      lastStart = pos;
      lastLine = l.line;
      for (const b of l.bytes) out.push(b);
      pos += l.bytes.length;
      last = l.bytes;
      if (out.length > MAX_DUMP_BYTES) return null;
    }
  }
  for (const g of open) gaps.push(g);
  if (out.length < MIN_DUMP_BYTES) return null;
  badLines = gaps;
  return Uint8Array.from(out);
}

/** Plain hex: `48 65 6c`, `0x48, 0x65`, or `xxd -p` lines of continuous hex. */
function plainHex(lines: string[]): Uint8Array | null {
  const out: number[] = [];
  const runs = lines.map((l) => (/^(?:[0-9a-f]{2})+$/i.test(l) ? l : null));
  // xxd -p: one run of hex digits per line, every line but the last at least 8 bytes.
  if (runs.every((r, n) => r !== null && (r.length >= 16 || (n === lines.length - 1 && n > 0)))) {
    for (const r of runs) hexBytes(r!, out);
    return out.length >= MIN_DUMP_BYTES && out.length <= MAX_DUMP_BYTES ? Uint8Array.from(out) : null;
  }
  for (const line of lines) {
    for (const t of line.split(/[\s,]+/)) {
      if (t === '') continue;
      const m = /^(?:0x([0-9a-f]{1,2})|([0-9a-f]{2}))$/i.exec(t);
      if (!m) return null;
      out.push(Number.parseInt(m[1] ?? m[2]!, 16));
    }
    if (out.length > MAX_DUMP_BYTES) return null;
  }
  return out.length >= MIN_DUMP_BYTES ? Uint8Array.from(out) : null;
}

/** The first line of `xxd -i`: `unsigned char region_bin[] = {` (static, const allowed). */
export const C_ARRAY_OPEN = /^(?:static\s+)?(?:const\s+)?unsigned char \w+\[\d*\] = \{$/;

/**
 * Whether a text is a hex dump of 16-, 32- or 64-bit words without an ASCII column (hexdump
 * without -C, od -x, od -t x2/x4/x8): every line an offset then groups of 4, 8 or 16 hex digits
 * of one length, or `*`, or the lone final offset. Its byte order is that of the machine that
 * printed it, which the text does not show: such a dump is reported, not read (and not read as
 * log lines either, where `... 6c04 66f0` would become a field).
 */
export function isWordDump(text: string): boolean {
  let data = 0;
  let size = 0;
  for (const raw of text.split(/\r?\n|\r/)) {
    const l = raw.trim();
    if (l === '' || l === '*') continue;
    const m = /^[0-9a-f]{6,16}((?: +[0-9a-f]+)*)$/i.exec(l);
    if (!m) return false;
    const groups = m[1]!.trim().split(/ +/).filter((g) => g !== '');
    if (groups.length === 0) continue; // the final offset
    const len = groups[0]!.length;
    if (![4, 8, 16].includes(len) || (size && len !== size) || groups.some((g, i) => g.length !== len && i < groups.length - 1) || groups[groups.length - 1]!.length > len) return false;
    size = len;
    data++;
  }
  return data > 0;
}

/**
 * Bytes of a hex dump (xxd, hexdump -C with its '*' repeat lines, od -A x -t x1z, plain hex
 * bytes with or without 0x/spaces); null if the text is not one.
 *
 * Offset-addressed dumps must be consistent: each line starts where the previous one ended,
 * or later after a '*' line (the previous line repeats up to the next offset). The bytes start
 * at the first line's offset. xxd -e (little-endian groups) is read back in byte order when its
 * ASCII column shows the swap (a dump of one line, or of no printable byte, cannot show it).
 * Word dumps without an ASCII column to check against (hexdump without -C, od -t x2) are
 * refused rather than misread (`isWordDump`). xxd -i's C array is read as its bytes. Fewer than
 * 8 bytes is not taken for a dump.
 */
export function parseHexDump(text: string): Uint8Array | null {
  return readHexDump(text)?.bytes ?? null;
}

/**
 * parseHexDump, with the lines of an offset-addressed dump (xxd, hexdump -C, od) that could
 * not be read: up to a quarter of its lines may be bad; each loses its own bytes only (the
 * next line's offset says where the dump goes on), which are zero in `bytes` and listed.
 */
export function readHexDump(text: string): { bytes: Uint8Array; bad: BadHexLine[] } | null {
  badLines = [];
  const bytes = parseHexDumpLines(text);
  const bad = badLines;
  badLines = [];
  return bytes ? { bytes, bad } : null;
}

function parseHexDumpLines(text: string): Uint8Array | null {
  if (typeof text !== 'string' || text.length > MAX_DUMP_TEXT) return null;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.includes('\u0000')) return null;
  const all = body.split(/\r?\n|\r/);
  const lines: string[] = [];
  const numbers: number[] = [];
  for (let n = 0; n < all.length; n++) {
    const l = all[n]!.trim();
    if (l === '') continue;
    lines.push(l);
    numbers.push(n + 1);
  }
  // A pasted shell prompt line before the dump is skipped.
  if (lines.length > 1 && /^[$%#] \S/.test(lines[0]!)) {
    lines.shift();
    numbers.shift();
  }
  // xxd -i: a C array, `unsigned char NAME[] = {`, `0x.., 0x..,` rows, `};` and `unsigned int NAME_len = N;`
  if (lines.length > 1 && C_ARRAY_OPEN.test(lines[0]!)) {
    lines.shift();
    numbers.shift();
    while (lines.length && (/^\};?$/.test(lines[lines.length - 1]!) || /^(?:static\s+)?(?:const\s+)?unsigned int \w+ = \d+;$/.test(lines[lines.length - 1]!))) {
      lines.pop();
      numbers.pop();
    }
  }
  if (lines.length === 0) return null;
  const firstReal = lines.find((l) => l !== '*') ?? '';
  if (/^[0-9a-f]{7,16}:/i.test(firstReal)) return parseXxd(lines, numbers);
  const first = firstReal.split(/\s+/)[0] ?? '';
  if (/^[0-9a-f]{6,16}$/i.test(first) && !lines.every((l) => !/\s/.test(l))) {
    const parsed: DumpLine[] = lines.map((l, n) => {
      const d = offsetLine(l);
      if (d?.kind === 'data') d.line = numbers[n]!;
      return d ?? { kind: 'bad', line: numbers[n]!, reason: 'bytes that are not two hex digits each' };
    });
    const r = assemble(parsed);
    if (r) return r;
    badLines = [];
  }
  return plainHex(lines);
}
