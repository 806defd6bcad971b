/**
 * Fitting human output to a width: lines longer than the width are broken at spaces, the rest
 * of the line indented under the column it belongs to (the last column, found by its run of two
 * spaces, that still leaves room), or four spaces under the line's own indent. ANSI colour
 * escapes take no width and are carried over a break. Pure: the CLI picks the width.
 */

// eslint-disable-next-line no-control-regex
const ESC = /\u001b\[[0-9;]*m/y;

/** The fewest columns text is fitted to; narrower widths are taken as this. */
export const MIN_WIDTH = 20;

/** Columns of `s` on a terminal, ANSI colour escapes not counted (one column per UTF-16 unit otherwise). */
export function visibleWidth(s: string): number {
  return s.replace(/\u001b\[[0-9;]*m/g, '').length;
}

/**
 * Every line of `text` fitted to `width` columns (Infinity, 0 or a non-number: unchanged).
 * Lines that fit are not touched, so output that fits is byte for byte the same.
 */
export function fitText(text: string, width: number): string {
  if (!Number.isFinite(width) || width <= 0) return text;
  const w = Math.max(MIN_WIDTH, Math.floor(width));
  const lines = text.split('\n');
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length <= w || visibleWidth(line) <= w) continue;
    lines[i] = fitLine(line, w);
    changed = true;
  }
  return changed ? lines.join('\n') : text;
}

/** One line broken into lines of at most `w` visible columns. */
export function fitLine(line: string, w: number): string {
  // visible characters, and the escapes before each (escapes[i] precedes chars[i])
  const chars: string[] = [];
  const escapes: string[] = [''];
  for (let i = 0; i < line.length; ) {
    ESC.lastIndex = i;
    const m = ESC.exec(line);
    if (m) {
      escapes[chars.length] += m[0];
      i += m[0].length;
      continue;
    }
    chars.push(line[i]!);
    escapes.push('');
    i++;
  }
  const n = chars.length;
  if (n <= w) return line;
  const lead = chars.findIndex((ch) => ch !== ' ');
  // column starts: a character after two spaces (and not the leading indent)
  let hang = -1;
  for (let p = Math.max(2, lead + 1); p < n && p <= w - 32; p++) if (chars[p] !== ' ' && chars[p - 1] === ' ' && chars[p - 2] === ' ') hang = p;
  if (hang < 0) hang = Math.min(Math.max(0, lead) + 4, Math.floor(w / 2));

  const out: string[] = [];
  const active: string[] = []; // the colour escapes in force, replayed after a break
  let start = 0;
  let first = true;
  const slice = (from: number, to: number): string => {
    let s = '';
    for (let k = from; k < to; k++) {
      s += escapes[k]! + chars[k]!;
      track(active, escapes[k]!);
    }
    return s;
  };
  while (start < n) {
    const indent = first ? 0 : hang;
    const room = w - indent;
    let end: number;
    if (n - start <= room) end = n;
    else {
      // the last space that leaves the piece within the room
      end = -1;
      for (let k = start + room; k > start; k--) if (chars[k] === ' ') {
        end = k;
        break;
      }
      if (end < 0) end = start + room; // one word longer than the room: cut it
    }
    const replay = first ? '' : active.join('');
    let piece = slice(start, end);
    if (end === n) piece += escapes[n]!;
    // trailing spaces of the piece go
    piece = piece.replace(/ +((?:\u001b\[[0-9;]*m)*)$/, '$1');
    out.push(' '.repeat(indent) + replay + piece + (end < n && active.length ? '\u001b[0m' : ''));
    start = end;
    while (start < n && chars[start] === ' ') {
      track(active, escapes[start]!);
      start++;
    }
    first = false;
  }
  return out.join('\n');
}

/** Which SGR code a closing code ends (chalk's pairs): 39 the foreground, 22 bold and dim... */
function closes(open: number, close: number): boolean {
  if (close === 0) return true;
  if (close === 39) return (open >= 30 && open <= 38) || (open >= 90 && open <= 97);
  if (close === 49) return (open >= 40 && open <= 48) || (open >= 100 && open <= 107);
  if (close === 22) return open === 1 || open === 2;
  return close - 20 === open; // 23 italic, 24 underline, 27 inverse, 28 hidden, 29 strikethrough
}

/** Keeps `active` to the escapes still in force after `escapes` (a run of SGR sequences). */
function track(active: string[], escapes: string): void {
  if (!escapes) return;
  for (const m of escapes.matchAll(/\u001b\[([0-9;]*)m/g)) {
    const code = Number((m[1] || '0').split(';')[0]);
    const isClose = code === 0 || code === 39 || code === 49 || (code >= 22 && code <= 29);
    if (!isClose) active.push(m[0]);
    else for (let i = active.length - 1; i >= 0; i--) if (closes(Number(active[i]!.slice(2).split(/[;m]/)[0]), code)) active.splice(i, 1);
  }
}

/**
 * A dump's `#` comment lines fitted to `width`, each continuation starting with `#` too, so the
 * text is still a dump that `vmcs annotate` and `check` read (vmcs template's output on a terminal).
 */
export function fitComments(text: string, width: number): string {
  if (!Number.isFinite(width) || width <= 0) return text;
  const w = Math.max(MIN_WIDTH, Math.floor(width));
  return text
    .split('\n')
    .map((line) => (line.startsWith('#') && visibleWidth(line) > w ? fitLine(line, w).split('\n').map((l, i) => (i === 0 ? l : '#' + l.slice(1))).join('\n') : line))
    .join('\n');
}
