// Start-up work avoided without changing any result (issue 17, ARCHITECTURE.md "Start-up"):
// the KVM/Xen reader tests a line shape only when the line starts with that shape's plain text
// (literalLeads), the name index is parsed on its first lookup, the table's longest title is
// counted without splitting by a regular expression, and the region layouts are made on first use;
// the hex-dump sniff and QEMU_RE's DR alternative are tried only after a look at the characters they need,
// and so are Xen's row and header expressions (blankBeforeLast16, mayBeSelHeader) and the cut
// CS:RIP= test (mayEndInCsRip); a section header is found by plain search (headerSection); the slots by
// encoding are made a page at a time (EncodingPages); the log-prefix test is a character scan
// (hasLogPrefix, src/dialects/log-prefix.ts).
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { literalLeads, hasDrEquals, blankBeforeLast16, mayBeSelHeader, headerSection, mayEndInCsRip } from '../dist/dialects/kvm-xen.js';
import { EncodingPages } from '../dist/table/encoding.js';
import { hasLogPrefix, LOG_PREFIX_SOURCE } from '../dist/dialects/log-prefix.js';
import fc from 'fast-check';
import { mayStartHexDump } from '../dist/annotate/framing.js';
import { maxTitleWords, fields, fieldsFile } from '../dist/table/table.js';
import { lookupName } from '../dist/index.js';
import { lazyRegexes } from '../scripts/lazy-regexes.mjs';
import { EVMCS_V1, EVMCS_V1_2022 } from '../dist/regions/evmcs.js';
import { VMCS12_CET, VMCS12_PRE_CET, VMCS12_CR3_TARGETS } from '../dist/regions/vmcs12.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

test('literalLeads: the plain text each match starts with, or null', () => {
  const cases = [
    [/^CR0: actual=0x[0-9a-f]+, shadow=/i, ['cr0: actual=0x']],
    [/^EFER = {5}0x/, ['EFER =']], // the blank before {5} may be repeated: not part of the lead
    [/^PDPT(?:R|E)[0-3]/, ['PDPT']],
    [/^SVI\|RVI = [0-9a-f]{2}/, ['SVI|RVI = ']],
    [/^EFER\((?:VMCS|MSR ?LL)\) = 0x/, ['EFER(']],
    [/^(?:CS|DS|SS):\s+sel=/, ['CS', 'DS', 'SS']],
    [/^(?:PreemptionTimer = 0x|InterruptStatus = [0-9a-f]{4}|SM Base = 0x)/, ['PreemptionTimer = 0x', 'InterruptStatus = ', 'SM Base = 0x']],
    [/^(?:VMEntry|VMExit):/i, ['vmentry', 'vmexit']],
    [/^(?:a[)|]b|c)d/, ['a', 'c']],
    [/^ab+c/, ['ab']],
    [/^ab*c/, ['a']],
    [/^ab?c/, ['a']],
    [/^a\dc/, ['a']],
    [/^\(XEN\) x/, ['(XEN) x']],
    [/^(?:0x)?ab/, null], // an optional group
    [/^(?:a|b)*c/, null],
    [/^(?:a|b){2}c/, null],
    [/^ab|cd/, null], // the anchor is the first alternative's only
    [/^a(?:b|c)|d/, null],
    [/^[ab]c/, null],
    [/^\dx/, null],
    [/ab/, null],
    [/^ab/g, null],
    [/^ab/m, null],
    [/^ab/u, null],
    [/^(ab)c/, null],
    [/^(?=a)b/, null],
  ];
  for (const [re, want] of cases) assert.deepEqual(literalLeads(re), want, String(re));
});

test('literalLeads: no line of the fixtures that a shape of the KVM/Xen reader matches lacks its lead', () => {
  // The shapes as the reader's source writes them (SHAPES and OPEN_SHAPES: `[/^.../flags, [`).
  const source = readFileSync(join(root, 'src', 'dialects', 'kvm-xen.ts'), 'utf8');
  const shapes = [...source.matchAll(/^ {2}\[\/(\^.*?)\/([a-z]*), \[/gm)].map((m) => new RegExp(m[1], m[2]));
  assert.ok(shapes.length >= 60, `${shapes.length} shapes found`);
  assert.ok(shapes.filter((re) => literalLeads(re) !== null).length >= 50, 'most shapes have a lead');
  const lines = fixtureLines();
  // each line as the reader may see it: whole, without its log prefix, without leading blanks
  const texts = new Set();
  for (const l of lines) {
    texts.add(l);
    texts.add(l.trim());
    texts.add(l.replace(/^[\s>]*(?:\(XEN\)\s*)?(?:\[[^\]]*\]\s*)?(?:\S+:\s+)?/, '').trim());
  }
  let matched = 0;
  for (const re of shapes) {
    const leads = literalLeads(re);
    for (const t of texts) {
      if (!re.test(t)) continue;
      matched++;
      if (leads === null) continue;
      const start = re.ignoreCase ? t.toLowerCase() : t;
      assert.ok(leads.some((l) => start.startsWith(l)), `${re} matches ${JSON.stringify(t)} but its leads are ${JSON.stringify(leads)}`);
    }
  }
  assert.ok(matched > 300, `${matched} matching lines`);
});

test('maxTitleWords is the most words (split at blanks) of any title, high-half title or former title', () => {
  const titles = fieldsFile.fields.flatMap((e) => [e.title, e.high?.title ?? '', ...(e.formerTitles ?? [])]);
  assert.equal(maxTitleWords, Math.max(...titles.map((t) => t.split(/\s+/).length)));
  assert.ok(maxTitleWords >= 5);
});

test('the name index parsed on first use resolves names, aliases, titles and halves', () => {
  const cases = [
    ['GUEST_RIP', 0x681e],
    ['guest rip', 0x681e],
    ['Guest RIP', 0x681e],
    ['VMCS_LINK_POINTER_HIGH', 0x2801],
    ['EXIT_REASON', 0x4402],
    ['NO_SUCH_FIELD', undefined],
  ];
  for (const [name, encoding] of cases) assert.equal(lookupName(name)?.encoding, encoding, name);
  assert.ok(fields.length > 200);
});

test('region layouts made on first use: sorted by offset, the same array every time', () => {
  for (const layout of [EVMCS_V1, EVMCS_V1_2022, VMCS12_CET, VMCS12_PRE_CET, VMCS12_CR3_TARGETS]) {
    const f = layout.fields;
    assert.ok(f.length > 50, layout.id);
    assert.equal(layout.fields, f, layout.id);
    for (let i = 1; i < f.length; i++) assert.ok(f[i - 1].offset <= f[i].offset, `${layout.id} ${f[i].member}`);
    assert.deepEqual(Object.keys(f[0]).sort(), (layout.id.startsWith('evmcs') ? ['clean', 'field', 'member', 'offset', 'size'] : ['field', 'member', 'offset', 'size']).sort());
  }
});

/** Every line of the fixtures, whole and trimmed. */
let fixtureLineSet = null;
/** Every line of every text fixture, as read and trimmed (read once: several tests walk it). */
function fixtureLines() {
  if (fixtureLineSet) return fixtureLineSet;
  const lines = new Set();
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (/\.(txt|log|hex|xxd)$/.test(e.name)) for (const l of readFileSync(join(dir, e.name), 'latin1').split('\n')) lines.add(l).add(l.trim());
    }
  };
  walk(join(root, 'test', 'fixtures'));
  return (fixtureLineSet = lines);
}

/** `check` holds for every fixture line `select` takes, and `select` takes one at least (else the failure `none`). */
function onFixtureLines(select, check, none) {
  let matched = 0;
  for (const l of fixtureLines()) {
    if (!select(l)) continue;
    matched++;
    check(l);
  }
  assert.ok(matched > 0, none);
}

// The six forms of looksLikeHexDump (src/annotate/framing.ts), as written there.
const HEX_FORMS = [
  /^[0-9a-fA-F]{6,16}: (?:(?:[0-9a-fA-F]{2,16} ){2,}|[0-9a-fA-F]{16,} {2})/,
  /^[0-9a-fA-F]{6,16} {1,2}(?:[0-9a-fA-F]{2} ){8}/,
  /^[0-9a-fA-F]{6,16}(?: +(?:[0-9a-fA-F]{4}|[0-9a-fA-F]{8}|[0-9a-fA-F]{16})){2,}$/,
  /^(?:static\s+)?(?:const\s+)?unsigned char \w+\[\d*\] = \{$/,
  /^(?:0x)?[0-9a-fA-F]{2}(?:[ ,]+(?:0x)?[0-9a-fA-F]{2}){7,}/,
  /^[0-9a-fA-F]{32,}$/,
];

test('mayStartHexDump: true for every first line a hex-dump form matches; false for other first characters', () => {
  const cases = [
    ['00000000: 0100 0000 0000 0000 0000 0000 0000 0000  ................', true], // xxd
    ['00000000  01 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|', true], // hexdump -C
    ['0000000 0001 0000 0000 0000', true], // word dump
    ['unsigned char vmcs_bin[] = {', true],
    ['static const unsigned char vmcs_bin[4096] = {', true],
    ['const unsigned char x[] = {', true],
    ['0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,', true],
    ['FF 00 00 00 00 00 00 00 00', true],
    ['0100000000000000000000000000000000000000', true], // xxd -p
    ['[ 7011807.029737] *** Guest State ***', false],
    ['(XEN) *** Guest State ***', false],
    ['RIP = 0x0', false],
    ['{"GUEST_RIP": "0x0"}', false],
    ['', false],
    ['*** Control State ***', false],
  ];
  for (const [line, want] of cases) {
    assert.equal(mayStartHexDump(line), want, line);
    if (want) assert.ok(HEX_FORMS.some((re) => re.test(line)), `a form matches ${line}`);
    else assert.ok(!HEX_FORMS.some((re) => re.test(line)), `no form matches ${line}`);
  }
  onFixtureLines(
    (l) => HEX_FORMS.some((re) => re.test(l)),
    (l) => assert.ok(mayStartHexDump(l), `a hex-dump form matches ${JSON.stringify(l)} but mayStartHexDump says no`),
    'no fixture line in a hex-dump form',
  );
});

test("hasDrEquals: true wherever QEMU_RE's \\bDR[0-7]= alternative matches; false for KVM's DR7 = and descriptor-table rows", () => {
  const cases = [
    ['DR0=0000000000000000 DR1=0000000000000000', true],
    ['QEMU[1]: DR6=00000000ffff0ff0 DR7=0000000000000400', true],
    ['RFLAGS=0x00080202         DR7 = 0x0000000000000400', false],
    ['GDTR:                           limit=0x00000017, base=0x000000000a708100', false],
    ['LDTR: sel=0x0010, attr=0x00082, limit=0x0000ffff, base=0x000000000ab0a000', false],
    ['DR8=0', false],
    ['DR7', false],
    ['DR', false],
    ['xDR7=0', true], // no word boundary asked: QEMU_RE itself decides
  ];
  for (const [line, want] of cases) assert.equal(hasDrEquals(line), want, line);
  onFixtureLines((l) => /\bDR[0-7]=/.test(l), (l) => assert.ok(hasDrEquals(l), JSON.stringify(l)), 'no fixture line with DR0-7=');
});

// Xen's segment and descriptor-table rows and its `sel attr limit base` header, as kvm-xen.ts writes them.
const XEN_SEG_RE = /\b(CS|DS|SS|ES|FS|GS|LDTR|TR): ([0-9a-f]{4}) ([0-9a-f]{5}) ([0-9a-f]{8}) ([0-9a-f]{16})\s*$/;
const XEN_DT_RE = /\b(GDTR|IDTR): +([0-9a-f]{8}) ([0-9a-f]{16})\s*$/;
const SEL_HEADER_RE = /\bsel\s+attr\s+limit\s+base\b/;

test("blankBeforeLast16: true of every line a Xen segment or descriptor-table row's expression matches; false of KVM's rows", () => {
  const cases = [
    ['(XEN)   CS: 0008 0a09b ffffffff 0000000000000000', true],
    ['(XEN) GDTR:            00000067 ffff82d080000000', true],
    ['(XEN) GDTR:            00000067 ffff82d080000000 \t ', true], // blanks after the row
    ['CS: 0008 0a09b ffffffff 0000000000000000\u00a0', true], // \s is more than ASCII blanks
    ['CS:   sel=0x0010, attr=0x0a09b, limit=0xffffffff, base=0x0000000000000000', false],
    ['GDTR:                           limit=0x00000017, base=0x000000000a708100', false],
    ['RIP = 0xffffffff81000000  RSP = 0xffffc90000003e40', false],
    ['0000000000000000', false], // no blank before the 16 digits
    ['', false],
  ];
  for (const [line, want] of cases) {
    assert.equal(blankBeforeLast16(line), want, line);
    if (XEN_SEG_RE.test(line) || XEN_DT_RE.test(line)) assert.ok(want, `a row's expression matches ${line}`);
  }
  onFixtureLines((l) => XEN_SEG_RE.test(l) || XEN_DT_RE.test(l), (l) => assert.ok(blankBeforeLast16(l), JSON.stringify(l)), 'no fixture line in a Xen row shape');
});

test("mayBeSelHeader: true of every line the header's expression matches; false of KVM's sel= rows", () => {
  const cases = [
    ['(XEN)        sel  attr  limit   base', true],
    ['sel\tattr limit base', true],
    ['sel\u00a0attr limit base', true], // \s is more than ASCII blanks
    ['sel', false], // nothing after it: no blank
    ['CS:   sel=0x0010, attr=0x0a09b, limit=0xffffffff, base=0x0000000000000000', false],
    ['selector attr limit base', false],
    ['RIP = 0x0', false],
  ];
  for (const [line, want] of cases) {
    assert.equal(mayBeSelHeader(line), want, line);
    if (SEL_HEADER_RE.test(line)) assert.ok(want, `the header's expression matches ${line}`);
  }
  onFixtureLines((l) => SEL_HEADER_RE.test(l), (l) => assert.ok(mayBeSelHeader(l), JSON.stringify(l)), "no fixture line with Xen's sel attr limit base header");
});

const HEADER_RE = /\*\*\* (Guest|Host|Control) State \*\*\*/;
const CS_RIP_END_RE = /CS:(?:R(?:IP?)?)?(?:=[0-9a-fA-F]*:?)?\s*$/;

test("headerSection: the section of the first header a line holds, as HEADER_RE's first match names it", () => {
  const cases = [
    ['[7011807.029737] *** Guest State ***', 'guest'],
    ['(XEN) *** Host State ***', 'host'],
    ['*** Control State ***  ', 'control'],
    ['*** Host State *** *** Guest State ***', 'host'], // the first one
    ['*** Guest State', null],
    ['***Guest State ***', null],
    ['*** guest state ***', null],
    ['', null],
  ];
  const viaRe = (l) => HEADER_RE.exec(l)?.[1].toLowerCase() ?? null;
  for (const [line, want] of cases) {
    assert.equal(headerSection(line), want, line);
    assert.equal(viaRe(line), want, `HEADER_RE on ${line}`);
  }
  let matched = 0;
  for (const l of fixtureLines()) {
    if (!l.includes('***')) continue;
    if (viaRe(l) !== null) matched++;
    assert.equal(headerSection(l), viaRe(l), JSON.stringify(l));
  }
  assert.ok(matched > 0, 'no fixture line with a section header');
});

test('mayEndInCsRip: true of every text a cut CS:RIP= at its end matches; false of KVM\'s CS: sel= rows', () => {
  const cases = [
    ['Sysenter RSP=0000000000000000 CS:RIP=0010:', true],
    ['Sysenter RSP=0000000000000000 CS:RIP=0010:ffffffff81 ', true],
    ['Sysenter RSP=0000000000000000 CS:RI', true],
    ['Sysenter RSP=0000000000000000 CS:', true],
    ['CS:RIP=0010:ffffffff81000000', true], // whole, so not the expression's: it decides
    ['CS:   sel=0x0097, attr=0x040fb, limit=0x000001a0, base=0x0000000002110000', false],
    ['CS=0010 SS=0018 DS=0000', false],
    ['', false],
  ];
  for (const [line, want] of cases) {
    assert.equal(mayEndInCsRip(line), want, line);
    if (CS_RIP_END_RE.test(line)) assert.ok(want, `the expression matches ${line}`);
  }
  // every fixture line, and every line holding CS:RIP= cut after each of its characters from CS: on (as a wrap cuts it)
  let matched = 0;
  for (const l of fixtureLines()) {
    const texts = [l];
    const at = l.indexOf('CS:RIP=');
    if (at >= 0) for (let k = at + 1; k < l.length; k++) texts.push(l.slice(0, k), l.slice(0, k) + ' ');
    for (const t of texts) {
      if (!CS_RIP_END_RE.test(t)) continue;
      matched++;
      assert.ok(mayEndInCsRip(t), JSON.stringify(t));
    }
  }
  assert.ok(matched > 100, `${matched} texts ending in a cut CS:RIP=`);
});

test('EncodingPages: what was set, by encoding, null elsewhere (every page, first and last slots)', () => {
  const pages = new EncodingPages();
  const map = new Map();
  const encodings = [0, 1, 255, 256, 0x0800, 0x2000, 0x201a, 0x4000, 0x4402, 0x6800, 0x681e, 0x6c16, 0x7eff, 0x7fff];
  for (let e = 0; e < EncodingPages.LIMIT; e += 0x137) encodings.push(e);
  for (const e of encodings) {
    assert.equal(pages.get(e), map.get(e) ?? null, `before setting 0x${e.toString(16)}`);
    pages.set(e, `v${e}`);
    map.set(e, `v${e}`);
  }
  pages.set(0x6800, 'again');
  map.set(0x6800, 'again');
  for (let e = 0; e < EncodingPages.LIMIT; e++) assert.equal(pages.get(e), map.get(e) ?? null, `0x${e.toString(16)}`);
});

test('lazyRegexes: a module\'s own regular expression constants made on first use, the rest as it was', () => {
  const cases = [
    // [module text, bundled text]
    ['const A_RE = /a+b/g;\nf(A_RE.test(x));', 'let A_RE$re;\nf((A_RE$re ??= /a+b/g).test(x));'],
    ['const A_RE = /[/]x/;\nconst y = s.replace(A_RE, "");\nif (A_RE.exec(s)) g();', 'let A_RE$re;\nconst y = s.replace((A_RE$re ??= /[/]x/), "");\nif ((A_RE$re ??= /[/]x/).exec(s)) g();'],
    ['const A_RE = /a/;\n// A_RE below\nh(A_RE);', 'let A_RE$re;\n// A_RE below\nh((A_RE$re ??= /a/));'], // a comment keeps its text
    ['export const A_RE = /a/;\nh(A_RE);', 'export const A_RE = /a/;\nh(A_RE);'], // exported: other modules import it
    ['const A_RE = /a/;\nconst o = { A_RE };', 'const A_RE = /a/;\nconst o = { A_RE };'], // a shorthand property
    ['const A_RE = /a/;\nconst o = { A_RE: 1, b: A_RE };', 'const A_RE = /a/;\nconst o = { A_RE: 1, b: A_RE };'], // a key
    ['const A_RE = /a/;\nfunction f(A_RE) { return A_RE; }', 'const A_RE = /a/;\nfunction f(A_RE) { return A_RE; }'], // shadowed
    ['const A_RE = /a/;\nh("A_RE");', 'const A_RE = /a/;\nh("A_RE");'], // in a string
    ['const x = /a/;\nh(x);', 'const x = /a/;\nh(x);'], // not a constant's name
    ['const A_RE = /a/;\nconst f = (A_RE) => 1;', 'const A_RE = /a/;\nconst f = (A_RE) => 1;'], // a parameter
    ['const A_RE = /a/;\nconst f = A_RE => 1;', 'const A_RE = /a/;\nconst f = A_RE => 1;'],
    ['const A_RE = /a/;\nconst o = { b, A_RE };', 'const A_RE = /a/;\nconst o = { b, A_RE };'],
    ['const A_RE = new RegExp("a");\nh(A_RE);', 'const A_RE = new RegExp("a");\nh(A_RE);'], // made otherwise
    ['const A_RE = /a/;\nh(o.A_RE, A_RE_2);', 'let A_RE$re;\nh(o.A_RE, A_RE_2);'], // a property and a longer name are other names
  ];
  for (const [text, want] of cases) assert.equal(lazyRegexes(text), want, text);
});

const LOG_PREFIX_RE = new RegExp(LOG_PREFIX_SOURCE);

test('hasLogPrefix: the answer of the log-prefix expression, by table', () => {
  const cases = [
    ['(XEN) VMCS', true],
    [' >> (XEN) x', true],
    ['[  673.850218] kvm_intel: VMCS', true],
    ['[unterminated', false],
    ['Oct 26 17:25:51 host kernel: x', true],
    ['Oct  6 17:25:51 x', true],
    ['Oct 26 17:25:51x', false],
    ['oct 26 17:25:51 x', false],
    ['2024-01-02T03:04 x', true],
    ['2024-01-02 03:04', true],
    ['2024-01-02_03:04', false],
    ['kvm_intel: x', true],
    ['kvm: x', true],
    ['kvm x', false],
    ['qemu-system-x86-1234  [003] x', true],
    ['>-5 [1] x', true], // \S+ takes the quoting's '>'
    ['> >-5 [1] x', true],
    ['>> -5 [1] x', false],
    ['-5 [1] x', false],
    ['a-5 [1]x', false],
    ['a-5\t[1] x', false],
    ['a-b [1] x', false],
    ['a-1-23 [0] x', true],
    ['17:25:51 host kernel: x', true],
    ['6 17:25:51 host kernel: x', true],
    ['26 17:25:51.123 host kernel: x', true],
    ['126 17:25:51 host kernel: x', false],
    ['17:25:51 host kernel x', false],
    ['17:25:51 host :x', false],
    ['17:25:51 host  k:x', false],
    ['17:25:51.5x host k:', false],
    ['14:09:46] x', true],
    ['14:09:46.25] x', true],
    ['14:09:46.] x', false],
    ['673.850218] x', true],
    ['673.] x', false],
    ['673.1]x', false],
    ['host kernel: x', true],
    ['host kernel:', true],
    ['my-host.lan kernel:x', false],
    [' \u00a0\ufeff kvm: x', true],
    ['\u2028(XEN)', true],
    ['', false],
    ['VMCS 0x1234', false],
    ['>>>', false],
  ];
  for (const [line, want] of cases) {
    assert.equal(LOG_PREFIX_RE.test(line), want, `expression on ${JSON.stringify(line)}`);
    assert.equal(hasLogPrefix(line), want, JSON.stringify(line));
  }
});

test('hasLogPrefix: the same answer as the expression on every fixture and shared sample line, whole and cut at each of its first 40 characters', () => {
  const lines = fixtureLines();
  const shared = join(root, '..', '..', 'shared', 'samples');
  try {
    for (const e of readdirSync(shared)) for (const l of readFileSync(join(shared, e), 'latin1').split('\n')) lines.add(l);
  } catch {
    // no shared samples here: the fixtures alone
  }
  let n = 0;
  for (const l of lines) {
    for (let i = 0; i <= Math.min(40, l.length); i++) {
      const t = l.slice(i);
      if (hasLogPrefix(t) !== LOG_PREFIX_RE.test(t)) assert.fail(`${JSON.stringify(t)}: expression ${LOG_PREFIX_RE.test(t)}`);
      n++;
    }
  }
  assert.ok(n > 10000, `${n} lines`);
});

test('hasLogPrefix: the same answer as the expression on random prefixes made of its pieces', () => {
  const piece = fc.constantFrom(
    ' ', '  ', '\t', '>', '> ', '\u00a0', '(XEN)', '[', ']', '] ', '-', '-12', ' [3] ', '[003]', 'kvm_intel:', 'kvm:', 'kvm',
    ' kernel:', 'kernel:', 'host', 'qemu-system', 'Oct', 'Oct 26 ', ' 6 ', '17:25:51', '17:25:5', '.123', '.', ':', '2024-01-02', 'T', '03:04',
    'a', 'Z', '_', '1', '12', '123', 'x', '=', '0x1f', 'vcpu0',
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 10 }), fc.string({ maxLength: 6 }), (parts, tail) => {
      const line = parts.join('') + tail;
      assert.equal(hasLogPrefix(line), LOG_PREFIX_RE.test(line), JSON.stringify(line));
    }),
    { numRuns: 20000 },
  );
});

test('the CLI bundles read table.dat in one read, whatever parts a run parses', () => {
  // A preload that counts, per command run, the reads of dist/cli/bundle/table.dat: whole-file
  // reads by path, and positioned reads of a descriptor opened on it.
  const dir = mkdtempSync(join(tmpdir(), 'vmcs-table-reads-'));
  const preload = join(dir, 'count.cjs');
  writeFileSync(
    preload,
    `const fs = require('node:fs');
const isTable = (p) => typeof p === 'string' && p.endsWith('table.dat');
const fds = new Set();
let whole = 0;
let positioned = 0;
const { openSync, readSync, readFileSync } = fs;
fs.openSync = function (p, ...rest) { const fd = openSync.call(this, p, ...rest); if (isTable(p)) fds.add(fd); return fd; };
let inWhole = false; // readFileSync opens and reads through fs.openSync and fs.readSync itself
fs.readSync = function (fd, ...rest) { if (fds.has(fd) && !inWhole) positioned++; return readSync.call(this, fd, ...rest); };
fs.readFileSync = function (p, ...rest) {
  if (isTable(p)) whole++;
  inWhole = true;
  try { return readFileSync.call(this, p, ...rest); } finally { inWhole = false; }
};
process.on('exit', () => fs.writeSync(2, 'table.dat reads: ' + whole + ' whole, ' + positioned + ' positioned\\n'));
`,
  );
  try {
    const sample = join(root, 'test', 'fixtures', 'samples', '02-kvm-5.x-dosemu2-core2duo-dmesg.txt');
    // each row: the command, and what it must have read (one read of the file, never one per part)
    const cases = [
      [['annotate', sample], 'table.dat reads: 1 whole, 0 positioned'],
      [['check', sample], 'table.dat reads: 1 whole, 0 positioned'],
      [['explain', 'EXIT_REASON', '0x80000021'], 'table.dat reads: 1 whole, 0 positioned'],
    ];
    for (const [args, want] of cases) {
      const r = spawnSync(process.execPath, ['-r', preload, join(root, 'bin', 'vmcs.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      assert.ok(r.status === 0 || r.status === 1, `${args[0]}: status ${r.status}: ${r.stderr}`);
      assert.ok(r.stderr.includes(want), `${args[0]}: ${r.stderr.trim().split('\n').pop()}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('annotate and check of a text dump make none of the rows of the region layouts (eVMCS, vmcs12)', () => {
  // V8's coverage of the bundle: each row list is a function, present and never called.
  const ROWS = ['CET', 'COMMON', 'CR3_TARGETS', 'ENCLS_TSC', 'V1_2016', 'V1_2022'];
  // esbuild may add digits to a name another module also uses
  const row = (name) => ROWS.find((r) => name === r || (name.startsWith(r) && /^\d+$/.test(name.slice(r.length))));
  const sample = join(root, 'test', 'fixtures', 'samples', '02-kvm-5.x-dosemu2-core2duo-dmesg.txt');
  for (const cmd of ['annotate', 'check']) {
    const dir = mkdtempSync(join(tmpdir(), 'vmcs-rows-'));
    try {
      const r = spawnSync(process.execPath, [join(root, 'bin', 'vmcs.js'), cmd, sample], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', NODE_V8_COVERAGE: dir } });
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      const rows = new Map();
      for (const f of readdirSync(dir)) {
        for (const script of JSON.parse(readFileSync(join(dir, f), 'utf8')).result) {
          if (!script.url.endsWith(`/dist/cli/bundle/${cmd}.js`)) continue;
          for (const fn of script.functions) if (row(fn.functionName)) rows.set(row(fn.functionName), fn.ranges[0].count);
        }
      }
      assert.deepEqual([...rows.keys()].sort(), ROWS, `${cmd}: the row lists in its bundle`);
      for (const [name, count] of rows) assert.equal(count, 0, `${cmd}: ${name} ran`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
