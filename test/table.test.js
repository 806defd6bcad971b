// Keeps fields.json honest: counts, names, uniqueness of every key, encoding structure,
// status markers, and agreement with the cross-checked reference CSV (test/fixtures/vmcs-fields.csv).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fieldsFile, fields, allEncodings, fieldByEncoding, lookupName, RESERVED_MASK } from '../dist/index.js';

const entries = fieldsFile.fields;
const hex = (n) => '0x' + n.toString(16).padStart(8, '0');
const norm = (s) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const WIDTHS = ['16', '64', '32', 'natural'];
const TYPES = ['control', 'exit-info', 'guest', 'host'];
const widthOf = (e) => WIDTHS[(e >>> 13) & 3];
const typeOf = (e) => TYPES[(e >>> 10) & 3];

/** Every encoding of the table, as [encoding, entry, isHigh]. */
function everyEncoding() {
  const out = [];
  for (const e of entries) {
    out.push([parseInt(e.encoding, 16), e, false]);
    if (e.high) out.push([parseInt(e.high.encoding, 16), e, true]);
  }
  return out;
}

/** The CSV has no quoted cells (no commas in names), so a plain split is exact. */
function readCsv() {
  const text = readFileSync(new URL('./fixtures/vmcs-fields.csv', import.meta.url), 'utf8');
  const [head, ...lines] = text.split(/\r?\n/).filter((l) => l.length > 0);
  const cols = head.split(',');
  return lines.map((l) => {
    const cells = l.split(',');
    assert.equal(cells.length, cols.length, `CSV row has ${cells.length} cells: ${l}`);
    return Object.fromEntries(cols.map((c, i) => [c, cells[i]]));
  });
}

test('counts: 206 fields, 78 with a high half, 284 encodings', () => {
  assert.equal(entries.length, 206);
  assert.equal(fields.length, 206);
  assert.equal(entries.filter((e) => e.high).length, 78);
  const all = everyEncoding();
  assert.equal(all.length, 284);
  assert.equal(new Set(all.map(([enc]) => enc)).size, 284, 'encodings are distinct');
  assert.equal(allEncodings().length, 284);
});

test('allEncodings() is sorted and matches the table', () => {
  const list = allEncodings().map((f) => f.encoding);
  assert.deepEqual(list, [...list].sort((a, b) => a - b));
  assert.deepEqual(new Set(list), new Set(everyEncoding().map(([enc]) => enc)));
});

test('every name is upper snake case', () => {
  for (const e of entries) assert.match(e.name, /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/, e.name);
});

test('encodings are written 0x%08x, lowercase', () => {
  for (const e of entries) {
    assert.match(e.encoding, /^0x[0-9a-f]{8}$/, e.name);
    if (e.high) assert.match(e.high.encoding, /^0x[0-9a-f]{8}$/, e.name);
  }
});

test('no name, title, alias or former title resolves to two different encodings (after normalization)', () => {
  const seen = new Map(); // normalized key -> { encoding, key }
  const clashes = [];
  const add = (key, enc) => {
    const k = norm(key);
    assert.ok(k.length > 0, `key ${JSON.stringify(key)} normalizes to nothing`);
    const prev = seen.get(k);
    if (prev && prev.encoding !== enc) clashes.push(`${key} (${hex(enc)}) vs ${prev.key} (${hex(prev.encoding)})`);
    else if (!prev) seen.set(k, { encoding: enc, key });
  };
  for (const e of entries) {
    const enc = parseInt(e.encoding, 16);
    for (const k of [e.name, e.title, ...e.aliases, ...(e.formerTitles ?? [])]) add(k, enc);
    if (e.high) {
      const he = parseInt(e.high.encoding, 16);
      for (const k of [e.name + '_HIGH', e.high.title, ...e.high.aliases]) add(k, he);
    }
  }
  assert.deepEqual(clashes, []);

  // The _HIGH/_FULL/_HI suffix rules must not make a key ambiguous either: a key that is
  // "<another key>high" must itself be that field's high half, and so on.
  const suffixClashes = [];
  for (const [k, { encoding, key }] of seen) {
    for (const [suffix, delta] of [['high', 1], ['full', 0], ['hi', 1]]) {
      if (k.length <= suffix.length || !k.endsWith(suffix)) continue;
      const base = seen.get(k.slice(0, -suffix.length));
      if (!base || widthOf(base.encoding) !== '64' || base.encoding & 1) continue;
      if (base.encoding + delta !== encoding) suffixClashes.push(`${key} (${hex(encoding)}) vs ${base.key}+${suffix}`);
    }
  }
  assert.deepEqual(suffixClashes, []);
});

test('every key of the table resolves through lookupName to its own encoding', () => {
  for (const [enc, e, isHigh] of everyEncoding()) {
    const keys = isHigh ? [e.name + '_HIGH', e.high.title, ...e.high.aliases] : [e.name, e.title, ...e.aliases, ...(e.formerTitles ?? [])];
    for (const k of keys) assert.equal(lookupName(k)?.encoding, enc, `${k} -> ${hex(enc)}`);
  }
});

test('no encoding has a reserved bit (mask 0xffff9000) set', () => {
  assert.equal(RESERVED_MASK, 0xffff9000);
  for (const [enc, e] of everyEncoding()) assert.equal((enc & 0xffff9000) >>> 0, 0, `${e.name} ${hex(enc)}`);
});

test('full encodings have access type full (bit 0 clear)', () => {
  for (const e of entries) assert.equal(parseInt(e.encoding, 16) & 1, 0, e.name);
});

test('a high half is exactly full+1, on a 64-bit field', () => {
  for (const e of entries) {
    if (!e.high) continue;
    const full = parseInt(e.encoding, 16);
    assert.equal((full >>> 13) & 3, 1, `${e.name}: bits 14:13 must be 1 (64-bit)`);
    assert.equal(parseInt(e.high.encoding, 16), full + 1, e.name);
    assert.equal(typeof e.high.title, 'string');
    assert.ok(Array.isArray(e.high.aliases), e.name);
  }
});

test('every 64-bit field has a high half, and no other field has one', () => {
  for (const e of entries) {
    const is64 = ((parseInt(e.encoding, 16) >>> 13) & 3) === 1;
    assert.equal(Boolean(e.high), is64, e.name);
  }
});

test('the library agrees with the table: fields and halves by encoding', () => {
  for (const [enc, e, isHigh] of everyEncoding()) {
    const f = fieldByEncoding(enc);
    assert.ok(f, hex(enc));
    assert.equal(f.name, isHigh ? e.name + '_HIGH' : e.name);
    assert.equal(f.title, isHigh ? e.high.title : e.title);
    assert.equal(f.width, widthOf(enc));
    assert.equal(f.type, typeOf(enc));
    assert.equal(f.index, (enc >>> 1) & 0x1ff);
    assert.equal(f.access, isHigh ? 'high' : 'full');
  }
});

test('every entry has an sdm reference: a table (B-n) or, for fields not in a table, a section', () => {
  for (const e of entries) {
    assert.equal(typeof e.sdm, 'string', e.name);
    // "B-4", "B-4 (SDM before 2026)" for the removed field, or, for a field no Appendix B table lists
    // yet, the section of the later edition that names it: "§27.6.27 (2026 edition 092)" (the table's
    // other citations follow the October 2025 edition, which does not have these fields).
    assert.match(e.sdm, /^(?:B-(?:[1-9]|1[0-5])(?: \(.+\))?|§\d+(?:\.\d+)+ \(2026 edition 092\))$/, `${e.name}: ${e.sdm}`);
    if (e.sdm.startsWith('B-') && e.sdm.includes('(')) assert.equal(e.status, 'removed', `${e.name}: only a removed field qualifies its table (${e.sdm})`);
    if (e.sdm.startsWith('B-')) {
      // The Appendix B table follows from width and type: B-1..B-3 16-bit, B-4..B-7 64-bit, B-8..B-11 32-bit, B-12..B-15 natural.
      const enc = parseInt(e.encoding, 16);
      const w = (enc >>> 13) & 3;
      const t = (enc >>> 10) & 3;
      const table = w === 0 ? [1, null, 2, 3][t] : 4 * w + t;
      if (table !== null) assert.equal(e.sdm.split(' ')[0], `B-${table}`, `${e.name} ${e.encoding}`);
    } else {
      assert.ok(e.status, `${e.name}: only fields missing from the Appendix B tables cite a section (${e.sdm})`);
    }
  }
});

test('status: exactly ENCLV (removed) and the five newer fields', () => {
  const withStatus = entries.filter((e) => e.status !== undefined).map((e) => [e.encoding, e.status]);
  withStatus.sort((a, b) => a[0].localeCompare(b[0]));
  assert.deepEqual(withStatus, [
    ['0x0000000a', 'newer'],
    ['0x00002036', 'removed'],
    ['0x0000204e', 'newer'],
    ['0x00002c1a', 'newer'],
    ['0x0000282e', 'newer'],
    ['0x00002830', 'newer'],
  ].sort((a, b) => a[0].localeCompare(b[0])));
  const enclv = entries.find((e) => e.encoding === '0x00002036');
  assert.match(enclv.title, /ENCLV/);
  for (const e of entries) if (e.status) assert.equal(typeof e.statusNote, 'string', e.name);
});

test('aliases are non-empty strings and do not repeat within an entry', () => {
  for (const e of entries) {
    for (const list of [e.aliases, e.high?.aliases ?? []]) {
      for (const a of list) assert.ok(typeof a === 'string' && a.trim().length > 0, e.name);
      assert.equal(new Set(list).size, list.length, `${e.name} repeats an alias`);
    }
  }
});

// ---------------------------------------------------------------------------------------
// Agreement with the reference CSV.

const csv = readCsv();

test('CSV: 284 rows, set-equal to the table', () => {
  assert.equal(csv.length, 284);
  const fromCsv = new Set(csv.map((r) => parseInt(r.encoding, 16)));
  const fromTable = new Set(everyEncoding().map(([enc]) => enc));
  assert.equal(fromCsv.size, 284);
  const missing = [...fromCsv].filter((e) => !fromTable.has(e)).map(hex);
  const extra = [...fromTable].filter((e) => !fromCsv.has(e)).map(hex);
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
});

test('CSV: sdm_name equals the title, for full and high rows', () => {
  const byEnc = new Map(everyEncoding().map(([enc, e, isHigh]) => [enc, isHigh ? e.high.title : e.title]));
  const diffs = [];
  for (const r of csv) {
    const title = byEnc.get(parseInt(r.encoding, 16));
    if (title !== r.sdm_name) diffs.push(`${r.encoding}: csv "${r.sdm_name}" table "${title}"`);
  }
  assert.deepEqual(diffs, []);
});

test('CSV: width and type columns equal what the encoding bits give', () => {
  for (const r of csv) {
    const enc = parseInt(r.encoding, 16);
    assert.equal(r.width, widthOf(enc), r.encoding);
    assert.equal(r.type, typeOf(enc), r.encoding);
    const f = fieldByEncoding(enc);
    assert.equal(f.width, r.width, r.encoding);
    assert.equal(f.type, r.type, r.encoding);
  }
});

/** Identifiers of a CSV row: the six source columns, and `other` (tag:IDENT;tag:A|B). */
function csvIdentifiers(r) {
  const ids = [];
  for (const col of ['linux', 'xen', 'bochs', 'ia32doc', 'rust_x86', 'vbox']) if (r[col]) ids.push([col, r[col]]);
  if (r.other) {
    for (const part of r.other.split(';')) {
      const colon = part.indexOf(':');
      assert.ok(colon > 0, `other cell entry without a tag: ${part}`);
      const tag = part.slice(0, colon);
      for (const name of part.slice(colon + 1).split('|')) {
        assert.ok(name.length > 0, `${r.encoding}: empty name in ${part}`);
        ids.push([tag, name]);
      }
    }
  }
  return ids;
}

test('CSV: every identifier of every source resolves via lookupName to its row encoding', () => {
  let count = 0;
  const failures = [];
  for (const r of csv) {
    const enc = parseInt(r.encoding, 16);
    for (const [source, id] of csvIdentifiers(r)) {
      count++;
      const f = lookupName(id);
      if (f?.encoding !== enc) failures.push(`${source} ${id}: expected ${r.encoding}, got ${f ? hex(f.encoding) : 'nothing'}`);
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(count > 2000, `only ${count} identifiers read from the CSV`);
});

test('CSV: the one two-name cell (tdx-module at 0x4024) yields both names', () => {
  const row = csv.find((r) => r.encoding === '0x00004024');
  const names = csvIdentifiers(row).map(([, id]) => id);
  assert.ok(names.includes('VMX_NOTIFY_WINDOW_ENCODE'));
  assert.ok(names.includes('VMX_NO_COMMIT_THRESHOLD_ENCODE'));
});
