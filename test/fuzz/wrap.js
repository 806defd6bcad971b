// The wrap property (issue 10: "a property test that cuts real dumps at random places and wraps
// them at random widths, with and without continuation prefixes, and checks that every value
// still lands on its field or is reported"). Used by test/realdumps.test.js (one seed, a few
// hundred cases) and scripts/fuzz.mjs (npm run fuzz: more seeds, a budget in seconds).
//
// A run takes lines of a real dump (test/fixtures/samples 01-04, 08, 09, 12: KVM in syslog, dmesg,
// with `kvm_intel:` and bare, Xen with and without its VMLAUNCH error line, a syzbot report; 17,
// 25-28, 39, 40: Xen quoted and hard-wrapped with a date prefix, heads, middles and tails of dumps,
// Xen's failure line, a quoted control section with prose and C source between; and
// 111-113: jonomango/hv's and Bareflank's one-line messages, in DebugView, prose and Markdown; and
// every sample holding QEMU's register dump: 01's after its KVM dump, in syslog, 23, 29-33, 45,
// 49, 52, 54 up to its oops), starts the paste anywhere inside its first line,
// word-wraps every line at a width of 20 to 140 columns (continuations with '', '  ', '> ', a
// tab, the line's own program log prefix, or its own kernel prefix with the record split after a
// label only: `[ts] kvm_intel: CR3` / `[ts] kvm_intel: = 0x...`, or, 'records', also after a comma, inside
// a number printed at a fixed width or inside a Xen segment row: `[ts] kvm_intel: CR3 = 0x00000000` /
// `[ts] kvm_intel: 01234000`), quotes the lot ('', '> ', '>> ') and reads it. Each value the whole dump gives from those
// lines must be read from the same line (the same value on the same field), or its line reported
// (a diagnostic or a note naming it); no field may be read that the dump does not hold (no
// phantom field such as a pairs `ENC VALUE` out of a cut Xen row), nor another value of one it holds.
//
// 20 columns: a phone's quote of a quote, or a narrow terminal pane; a syslog prefix
// ("Jun 24 17:25:51 testhost kernel: ", 33 columns) is itself cut in two there.
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { annotate } = await import(join(ROOT, 'dist/index.js'));
const SAMPLES = join(ROOT, 'test', 'fixtures', 'samples');
const run = (text) => annotate(text, { bits: false });

export const MIN_WIDTH = 20;

export const KEPT = [
  ['01', 1, 0],
  ['02', 1, 0],
  ['03', 1, 0],
  ['04', 1, 0],
  ['08', 1, 0],
  ['09', 1, 0],
  ['12', 1, 0],
  ['23', 1, 0],
  ['29', 1, 0],
  ['30', 1, 0],
  ['31', 1, 0],
  ['32', 1, 0],
  ['33', 1, 0],
  ['45', 1, 0],
  ['49', 1, 0],
  ['52', 1, 0],
  ['54', 1, 30],
  ['17', 1, 0],
  ['25', 1, 0],
  ['26', 1, 0],
  ['27', 1, 0],
  ['28', 1, 0],
  ['39', 1, 0],
  ['40', 1, 0],
  ['111', 1, 0],
  ['112', 1, 0],
  ['113', 1, 0],
].map(([n, from, to]) => {
  const all = readFileSync(join(SAMPLES, readdirSync(SAMPLES).find((f) => f.startsWith(n + '-'))), 'utf8').replace(/\n$/, '').split('\n');
  const lines = to ? all.slice(from - 1, to) : all;
  return { n, lines, whole: null };
});

/** A program's log prefix, syslog or journal (the KVM samples' `kernel: ` is not one: the kernel does not split records). */
const LOG_PREFIX_RE = /^(?:[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d \S+ )?[\w.-]+\[\d+\]: /;

/** The whole dump's reading, once per sample. */
function wholeOf(src) {
  src.whole ??= run(src.lines.join('\n') + '\n');
  return src.whole;
}

/**
 * A kernel log's own prefix of a line (indent, `(XEN)`, `[ts]`, syslog, `kernel:`, `kvm_intel:`,
 * ftrace's `comm-pid [cpu] ts: bprint: func:`), for records split in two that each carry it.
 */
const KERNEL_PREFIX_RE = /^\s*(?:\(XEN\) ?(?:\[[^\]]*\] )?|(?:[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d \S+ kernel: )?(?:\[ *\d+\.\d+\] )?(?:kvm_intel: )?|\s*\S+-\d+ +\[\d+\] [\d.]+: bprint: +[\w.]+: )/;
/** Where a split record may end (issue 10: "the first line ends in a label"): after a label's word or its `=`. */
const LABEL_END_RE = /(?:^|\s)[A-Za-z][\w|]*\s*=?$/;

/** A Xen 4.6+ segment or descriptor-table row (`  CS: 0008 0a099 ffffffff 0000000000000000`, `GDTR:            00000027 ...`). */
const XEN_ROW_RE = /^\s*(?:CS|DS|SS|ES|FS|GS|LDTR|TR|GDTR|IDTR): +[0-9a-f]{4,8} /;
/**
 * Where a record may be split in 'records' mode, besides after a label: after a comma (KVM's and
 * Xen's `CS:   sel=0x0010, attr=...`), inside a number the dump prints at a fixed width (`CR3 =
 * 0x00000000` / `01234000`; after `=`, `= 0x`, `CS:RIP=0010:`), and anywhere after a Xen row's
 * name (its columns, and inside them). The positions are indices into `text` (the line).
 */
function recordCuts(text, from) {
  const cuts = new Set();
  for (let i = from + 1; i < text.length; i++) if (text[i] === ' ' && text[i - 1] === ',') cuts.add(i);
  for (const m of text.slice(from).matchAll(/(?:=\s*(?:0x)?|CS:RIP=[0-9a-fA-F]{4}:)([0-9a-fA-F]{2,})(?=[\s,)]|$)/g)) {
    const end = from + m.index + m[0].length;
    for (let k = end - m[1].length + 1; k < end; k++) cuts.add(k);
  }
  const row = XEN_ROW_RE.exec(text.slice(from));
  if (row) for (let k = from + text.slice(from).indexOf(':') + 2; k < text.length; k++) if (text[k] !== ' ' && text[k - 1] !== ' ' || text[k] === ' ' && text[k - 1] !== ' ') cuts.add(k);
  return cuts;
}

/**
 * Word-wrap one line at `width` (mail clients, terminals), the continuation with `prefix`;
 * `atLabel`: a record split after a label only; `records`: also at recordCuts' places.
 */
export function wrapLine(line, width, prefix, atLabel = false, records = false) {
  const out = [];
  let rest = line;
  while (rest.length > width) {
    if (records) {
      // the last place at or before `width` where a label ends or recordCuts allows a cut
      const cuts = recordCuts(rest, prefix.length);
      let cut = -1;
      for (let k = Math.min(width, rest.length - 1); k > prefix.length && cut < 0; k--) {
        if (cuts.has(k) && rest[k - 1] !== ' ') cut = k;
        else if (rest[k] === ' ' && rest[k - 1] !== ' ' && LABEL_END_RE.test(rest.slice(prefix.length, k))) cut = k;
      }
      if (cut <= prefix.length) break;
      out.push(rest.slice(0, cut));
      rest = prefix + rest.slice(cut).trimStart();
      if (rest.length <= prefix.length) break;
      continue;
    }
    let cut = rest.lastIndexOf(' ', width);
    while (cut > 0 && rest[cut - 1] === ' ') cut--;
    // a record split after a label only: the cut moves back to the end of one
    while (atLabel && cut > prefix.length && !LABEL_END_RE.test(rest.slice(prefix.length, cut))) {
      cut = rest.lastIndexOf(' ', cut - 1);
      while (cut > 0 && rest[cut - 1] === ' ') cut--;
    }
    if (cut <= prefix.length) break;
    out.push(rest.slice(0, cut));
    rest = prefix + rest.slice(cut).trimStart();
    if (rest.length <= prefix.length) break;
  }
  out.push(rest);
  return out;
}

export const wrapCase = (minWidth = MIN_WIDTH) =>
  fc.record({
    which: fc.integer({ min: 0, max: KEPT.length - 1 }),
    start: fc.nat(),
    length: fc.integer({ min: 1, max: 80 }),
    width: fc.integer({ min: minWidth, max: 140 }),
    prefix: fc.constantFrom('', '  ', '> ', '\t', 'log', 'kernel', 'records'),
    quote: fc.constantFrom('', '> ', '>> '),
    cutFirst: fc.nat(),
  });

/** The text of one case: the kept lines of a sample, the first cut, wrapped and quoted; each output line's origin. */
export function wrapText({ which, start, length, width, prefix, quote, cutFirst }) {
  const src = KEPT[which];
  const from = start % src.lines.length;
  const kept = src.lines.slice(from, from + length);
  // the first kept line may start anywhere in it (a paste that lost its beginning)
  const first = kept[0];
  const cut = cutFirst % Math.max(1, first.length);
  const cutLine = first.lastIndexOf(' ', cut) + 1;
  const pieces = [first.slice(cutLine), ...kept.slice(1)];
  const out = [];
  const origin = [];
  pieces.forEach((l, i) => {
    // 'log': the continuation carries the line's own program prefix, as a log that splits long
    // messages into records prints it (`Jun 24 17:25:51 testhost QEMU[2997]: `, `qemu-system-x86_64[1234]: `)
    // 'kernel': a record split after a label, the rest with the line's own kernel prefix (`[ts] kvm_intel: CR3` /
    // `[ts] kvm_intel: = 0x...`, `(XEN) EPT` / `(XEN) pointer = ...`; issue 10)
    // 'records': as 'kernel', a line with a kernel prefix also split after a comma, inside a number
    // printed at a fixed width, or inside a Xen segment row (issue 10: `[ts] kvm_intel: CR3 = 0x00000000` /
    // `[ts] kvm_intel: 01234000`, `(XEN) CS: sel=0x0008, attr=0x0c09b,` / `(XEN) limit=...`)
    const p = prefix === 'log' ? (LOG_PREFIX_RE.exec(l)?.[0] ?? '') : prefix === 'kernel' || prefix === 'records' ? (KERNEL_PREFIX_RE.exec(l)?.[0] ?? '') : prefix;
    const records = prefix === 'records' && p.trim() !== '';
    for (const w of wrapLine(l, width, p, prefix === 'kernel' || (prefix === 'records' && !records), records)) {
      out.push(quote + w);
      origin.push(from + i + 1);
    }
  });
  return { src, from, kept, cutLine, out, origin };
}

/** One case: throws (assert) when a value is neither read nor reported, or a field is read that the dump does not hold. */
export function checkWrap(c) {
  const { width, prefix, quote } = c;
  const { src, from, kept, cutLine, out, origin } = wrapText(c);
  // the reference: the same lines, unwrapped, read in the context of the whole dump
  const whole = wholeOf(src);
  const ref = [];
  for (const d of whole.dumps) for (const f of d.fields) if (f.line - 1 >= from && f.line - 1 < from + kept.length) ref.push(f);
  const r = run(out.join('\n') + '\n');
  const reportedLines = new Set();
  for (const d of [...r.diagnostics, ...r.dumps.flatMap((x) => x.diagnostics)]) if (d.line !== undefined) reportedLines.add(origin[d.line - 1]);
  for (const d of r.dumps) for (const x of d.notes ?? []) if (x.line !== undefined) reportedLines.add(origin[x.line - 1]);
  const got = r.dumps.flatMap((d) => d.fields.map((f) => ({ ...f, at: origin[f.line - 1] })));
  // the head of a paste that no reader could place, before anything was read, whose NAME=value
  // tokens the one policy for unknown tokens counts (outside dumps: skipped and counted, in the
  // summary and `no-fields`): `DR7=...` / `EFER=...` cut from the end of QEMU's dump is nobody's beyond doubt
  const firstRead = Math.min(Infinity, ...got.map((g) => g.at));
  const counted = (line) => r.summary.unknownSkipped > 0 && line < firstRead;
  const how = `(width ${width}, prefix ${JSON.stringify(prefix)}, quote ${JSON.stringify(quote)})`;
  for (const f of ref) {
    const same = got.find((g) => g.name === f.name && g.at === f.line);
    if (same) assert.equal(same.value, f.value, `${src.n} line ${f.line} ${f.name} ${how}`);
    else if (!(f.line - 1 === from && cutLine > 0) && !counted(f.line)) assert.ok(reportedLines.has(f.line) || got.some((g) => g.name === f.name && g.value === f.value), `${src.n} line ${f.line}: ${f.name} = 0x${f.value.toString(16)} neither read nor reported ${how}`);
  }
  // nothing is read that the dump does not hold: no phantom field, no other value
  const all = whole.dumps.flatMap((d) => d.fields);
  for (const g of got) {
    const truth = all.filter((f) => f.name === g.name);
    assert.ok(truth.length > 0, `${src.n}: ${g.name} = 0x${g.value.toString(16)} read from line ${g.at}, a field the dump does not hold ${how}`);
    assert.ok(truth.some((t) => t.value === g.value), `${src.n}: ${g.name} = 0x${g.value.toString(16)} read from line ${g.at}, the dump says ${truth.map((t) => '0x' + t.value.toString(16))} ${how}`);
  }
}

export const wrapProperty = (minWidth = MIN_WIDTH) => fc.property(wrapCase(minWidth), (c) => checkWrap(c));
