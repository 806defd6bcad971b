// Property-based tests (fast-check): round trips over the whole name index, decode over the
// whole 32-bit space, the encoding structure, and annotate over arbitrary text and bytes
// (never throws, and its result is always internally consistent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import './property-seed.js';
import {
  annotate,
  Annotator,
  decode,
  encode,
  encodingParts,
  encodingProblem,
  fieldByEncoding,
  fieldsFile,
  lookupName,
} from '../dist/index.js';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 500) };
const WIDTHS = ['16', '64', '32', 'natural'];
const TYPES = ['control', 'exit-info', 'guest', 'host'];
const TYPE_ORDER = { control: 0, 'exit-info': 1, guest: 2, host: 3 };
const NBSP = '\u00a0';
const hex8 = (n) => '0x' + n.toString(16).padStart(8, '0');

const DIAGNOSTIC_CODES = new Set([
  'unknown-revision',
  'truncated-region',
  'bad-profile',
  'not-a-region',
  'reserved-bit-set',
  'unknown-bit-set',
  'unknown-value',
  'unknown-name',
  'not-hex',
  'encoding-too-large',
  'reserved-bits',
  'high-access-not-64bit',
  'unknown-field',
  'unknown-encoding',
  'value-too-wide',
  'invalid-value',
  'conflicting-values',
  'line-too-long',
  'binary-input',
  'invalid-json',
  'invalid-json-entry',
  'no-fields',
  'too-many-diagnostics',
  'ambiguous-section',
  'svm-host',
  'ambiguous-number',
  'unplaced-line',
  'interleaved-lines',
  'withheld-value',
  'bad-hex-line',
  'read-as-text',
]);
const WARNINGS = new Set(['unknown-encoding', 'conflicting-values', 'too-many-diagnostics', 'ambiguous-section', 'svm-host', 'ambiguous-number', 'unplaced-line', 'withheld-value', 'reserved-bit-set', 'unknown-bit-set', 'unknown-value', 'read-as-text']);
const DECODE_CODES = new Set(['not-hex', 'encoding-too-large', 'reserved-bits', 'high-access-not-64bit']);
const FIELD_FLAGS = new Set(['value-too-wide', 'conflicting-values', 'unknown-encoding', 'reserved-bit-set', 'unknown-bit-set']);

/** Every key of the table: [key, encoding, canonical name]. */
const KEYS = [];
for (const e of fieldsFile.fields) {
  const enc = parseInt(e.encoding, 16);
  for (const k of [e.name, e.title, ...e.aliases, ...(e.formerTitles ?? [])]) KEYS.push([k, enc, e.name]);
  if (e.high) for (const k of [e.name + '_HIGH', e.high.title, ...e.high.aliases]) KEYS.push([k, enc + 1, e.name + '_HIGH']);
}
const FULL_FIELDS = fieldsFile.fields.map((e) => ({ entry: e, encoding: parseInt(e.encoding, 16) }));

// ---------------------------------------------------------------------------------------
// Names

test('every name, alias, title and high name round-trips: encode -> decode gives the same canonical name', () => {
  assert.ok(KEYS.length > 1800);
  for (const [key, enc, name] of KEYS) {
    const e = encode(key);
    assert.equal(e.ok, true, key);
    assert.equal(e.name, name, key);
    assert.equal(e.encoding, enc, key); // a number in the library
    const d = decode(hex8(e.encoding));
    assert.equal(d.ok, true, key);
    assert.equal(d.known, true);
    assert.equal(d.name, name, key);
    assert.equal(d.title, e.title);
    assert.deepEqual([d.width, d.type, d.index, d.access], [e.width, e.type, e.index, e.access]);
  }
});

/** A key as a person might type it: any case, separators swapped, added or dropped. */
const mangled = fc
  .tuple(fc.constantFrom(...KEYS), fc.infiniteStream(fc.tuple(fc.boolean(), fc.constantFrom('', ' ', '_', '-', '.', '  ', '/'))))
  .map(([[key, enc, name], stream]) => {
    const it = stream[Symbol.iterator]();
    let out = '';
    for (const ch of key) {
      const [upper, sep] = it.next().value;
      if (/[A-Za-z]/.test(ch)) out += upper ? ch.toUpperCase() : ch.toLowerCase();
      else if (/[0-9]/.test(ch)) out += ch;
      else out += sep;
    }
    return { typed: out, enc, name };
  })
  .filter(({ typed }) => /[A-Za-z0-9]/.test(typed));

test('property: names resolve whatever the case and punctuation', () => {
  fc.assert(
    fc.property(mangled, ({ typed, enc, name }) => {
      const r = encode(typed);
      assert.equal(r.ok, true, typed);
      assert.equal(r.encoding, enc, typed);
      assert.equal(r.name, name, typed);
    }),
    { numRuns: 1000 },
  );
});

test('property: encode never throws; ok results decode back to the same field, failures carry suggestions that resolve', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[A-Za-z_:0-9 ()-]{0,40}$/)), (text) => {
      const r = encode(text);
      if (r.ok) {
        const d = decode('0x' + r.encoding.toString(16));
        assert.equal(d.ok, true);
        assert.equal(d.name, r.name);
      } else {
        assert.equal(r.diagnostic.code, 'unknown-name');
        assert.ok(r.suggestions.length <= 3);
        for (const s of r.suggestions) assert.equal(lookupName(s)?.name, s);
      }
    }),
    RUNS,
  );
});

// ---------------------------------------------------------------------------------------
// Encodings

const u32 = fc.integer({ min: 0, max: 0xffffffff });
/** An integer written the ways decode accepts, and some it does not. */
const written = fc.tuple(u32, fc.constantFrom('0x', 'bare', 'H', 'h', 'UPPER', 'pad16')).map(([n, style]) => {
  const h = n.toString(16);
  const text = { '0x': '0x' + h, bare: h, H: h.padStart(8, '0') + 'H', h: h + 'h', UPPER: '0X' + h.toUpperCase(), pad16: '0x' + h.padStart(16, '0') }[style];
  return { n, text };
});

test('property: decode of any 32-bit integer never throws; ok exactly when the encoding is well-formed', () => {
  fc.assert(
    fc.property(written, ({ n, text }) => {
      const r = decode(text);
      assert.equal(r.input, text);
      const problem = encodingProblem(n);
      if (r.ok) {
        assert.equal(problem, null, text);
        assert.equal(r.encoding, n);
        assert.equal(r.known, fieldByEncoding(n) !== undefined);
      } else {
        assert.ok(DECODE_CODES.has(r.diagnostic.code), r.diagnostic.code);
        assert.notEqual(problem, null, text);
        assert.equal(r.diagnostic.code, problem.code);
        assert.equal(r.diagnostic.severity, 'error');
      }
    }),
    { numRuns: 1000 },
  );
});

test('property: decode of any text never throws and returns ok or a decode diagnostic', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^(0x)?[0-9a-fA-F]{0,20}[hH]?$/)), (text) => {
      const r = decode(text);
      if (!r.ok) assert.ok(DECODE_CODES.has(r.diagnostic.code), r.diagnostic.code);
      else assert.ok(Number.isInteger(r.encoding) && r.encoding >= 0 && r.encoding <= 0xffffffff, String(r.encoding));
    }),
    RUNS,
  );
});

/** Well-formed encodings: reserved bits clear, high access only on 64-bit fields. */
const wellFormed = fc
  .record({ w: fc.integer({ min: 0, max: 3 }), t: fc.integer({ min: 0, max: 3 }), index: fc.integer({ min: 0, max: 511 }), high: fc.boolean() })
  .map(({ w, t, index, high }) => (w << 13) | (t << 10) | (index << 1) | (high && w === 1 ? 1 : 0));

test('property: for a well-formed encoding, decode agrees with bits 14:13, 11:10, 9:1 and 0', () => {
  fc.assert(
    fc.property(wellFormed, (n) => {
      const r = decode(hex8(n));
      assert.equal(r.ok, true);
      assert.equal(r.width, WIDTHS[(n >>> 13) & 3]);
      assert.equal(r.type, TYPES[(n >>> 10) & 3]);
      assert.equal(r.index, (n >>> 1) & 0x1ff);
      assert.equal(r.access, n & 1 ? 'high' : 'full');
      assert.deepEqual(encodingParts(n), { width: r.width, type: r.type, index: r.index, access: r.access });
      const f = fieldByEncoding(n);
      assert.equal(r.known, f !== undefined);
      assert.equal(r.name, f ? f.name : null);
    }),
    { numRuns: 1000 },
  );
});

test('every well-formed encoding of the whole space decodes consistently (exhaustive: 16384 of them)', () => {
  let known = 0;
  for (let n = 0; n < 0x8000; n++) {
    if (n & 0x1000) continue;
    const r = decode(n.toString(16));
    const wellFormed = !(n & 1) || ((n >>> 13) & 3) === 1;
    assert.equal(r.ok, wellFormed, hex8(n));
    if (r.ok && r.known) known++;
  }
  assert.equal(known, 284);
});

// ---------------------------------------------------------------------------------------
// annotate

/** Everything that must hold of any annotate() result. */
function checkResult(r) {
  assert.equal(r.summary.dumps, r.dumps.length);
  assert.equal(r.summary.fields, r.dumps.reduce((n, d) => n + d.fields.length, 0));
  assert.ok(r.summary.skipped <= r.summary.lines, 'skipped <= lines');
  const all = [...r.diagnostics, ...r.dumps.flatMap((d) => d.diagnostics)];
  for (const d of all) {
    assert.ok(DIAGNOSTIC_CODES.has(d.code), d.code);
    assert.equal(d.severity, WARNINGS.has(d.code) ? 'warning' : 'error', d.code);
    if (d.line !== undefined) assert.ok(Number.isInteger(d.line) && d.line >= 1 && d.line <= r.summary.lines, `${d.code} line ${d.line} of ${r.summary.lines}`);
  }
  assert.equal(r.summary.errors, all.filter((d) => d.severity === 'error').length, 'errors counted');
  assert.equal(r.summary.warnings, all.filter((d) => d.severity === 'warning').length, 'warnings counted');
  const codes = new Set(r.diagnostics.map((d) => d.code));
  if (r.dumps.length === 0) assert.ok(codes.has('no-fields') || codes.has('invalid-json'), 'no dumps: no-fields');
  else assert.ok(!codes.has('no-fields'));
  for (const d of r.dumps) {
    assert.ok(d.fields.length >= 1 || (d.notes?.length ?? 0) >= 1, 'no empty dumps');
    assert.ok(['pairs', 'json', 'kvm', 'xen', 'haxm', 'hvext', 'bhyve', 'kvm-exit', 'vbox', 'qemu', 'noirvisor', 'jonomango-hv', 'bareflank', 'hyperbone', 'vdhh', 'vmcs12', 'nested-state', 'evmcs', 'hardware'].includes(d.format), d.format);
    const keys = d.fields.map((f) => TYPE_ORDER[f.type] * 0x10000 + f.encoding);
    assert.deepEqual(keys, [...keys].sort((a, b) => a - b), 'grouped and ordered');
    assert.equal(new Set(d.fields.map((f) => f.encoding)).size, d.fields.length, 'a field once per dump');
    for (const f of d.fields) {
      assert.equal(encodingProblem(f.encoding), null);
      const parts = encodingParts(f.encoding);
      assert.deepEqual([f.width, f.type, f.access], [parts.width, parts.type, parts.access]);
      assert.equal(typeof f.value, 'bigint');
      assert.ok(f.value >= 0n);
      for (const flag of f.flags) assert.ok(FIELD_FLAGS.has(flag), flag);
      const known = fieldByEncoding(f.encoding);
      assert.equal(f.name, known ? known.name : null);
      assert.equal(f.flags.includes('unknown-encoding'), !known);
      if (f.line !== undefined) assert.ok(d.firstLine <= f.line && f.line <= d.lastLine, `line ${f.line} in ${d.firstLine}-${d.lastLine}`);
    }
  }
}

const SOME_NAMES = ['GUEST_CR0', 'GUEST_CR3', 'HOST_RIP', 'VM_EXIT_REASON', 'VMCS_LINK_POINTER', 'VMCS_LINK_POINTER_HIGH', 'GUEST_ES_SELECTOR', 'EPT_POINTER', 'guest::CR0', 'VMX_VMCS_GUEST_RIP', 'GUEST_CRX', 'NOT_A_FIELD'];
const fragment = fc.oneof(
  fc.constantFrom(...SOME_NAMES),
  fc.constantFrom('Guest CR0', 'EPT pointer (EPTP)', 'VMCS link pointer (high)', 'Exit reason', 'Virtual-processor identifier (VPID)'),
  fc.constantFrom('0x6800', '6800', '00006800', '0x2046', '0x2800', '0x2801', '0x6801', '0x1000', '0x00000000', '0', 'VMCS[0x6800]', '[6800]', 'vmcs_read[GUEST_RIP]'),
  fc.constantFrom(' = ', '=', ': ', ':', ' -> ', ' ', '\t', NBSP, ' , ', ';'),
  fc.constantFrom('0x80050033', '80050033', '0xffffffff', '0xffffffffffffffff', '0x12345', 'zzz', '0x', '-1', '0x1ffffffffffffffffffffffffffffffff0', '0'.repeat(40) + '1'),
  fc.constantFrom('[   12.345] vmx: ', 'Jun 24 17:25:51 host kernel: ', '(XEN) ', 'kvm_intel: ', '*** VMCS dump ***', '*** Guest State ***'),
  fc.constantFrom('\n', '\r\n', '\n\n', '\r', '{', '}', '[', ']', '"', ',', '{"GUEST_CR0":"0x1"}', '[{"0x6800":"1"}]', '\u0000', '\ufeff', '\ud800'),
  fc.stringMatching(/^[0-9a-fA-F]{1,20}$/),
  fc.string({ maxLength: 8 }),
);
const fieldish = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(''));
/** Lines of field-ish text, each a field line more often than not. */
const fieldLines = fc
  .array(
    fc.tuple(fc.constantFrom('', '[   12.345] vmx: ', 'Jun 24 17:25:51 host kernel: '), fc.constantFrom(...SOME_NAMES, '0x6800', '0x2046', 'Guest CR0'), fc.constantFrom(' = ', ': ', ' -> ', ' '), fc.constantFrom('0x1', '0xffffffff', '0x12345', 'zz', '80050033', '0xffffffffffffffff')),
    { maxLength: 30 },
  )
  .chain((ls) => fc.array(fc.constantFrom('\n', '\n', '\n', '\n\n', '\r\n', '\n*** VMCS ***\n'), { minLength: ls.length, maxLength: ls.length }).map((seps) => ls.map((l, i) => l.join('') + seps[i]).join('')));

for (const [name, arb] of [
  ['fc.string()', fc.string({ maxLength: 200 })],
  ['fc.string({ unit: "binary" }) (full Unicode)', fc.string({ unit: 'binary', maxLength: 200 })],
  ['fc.string({ unit: "grapheme" })', fc.string({ unit: 'grapheme', maxLength: 100 })],
  ['field-ish fragments', fieldish],
  ['field-ish lines', fieldLines],
]) {
  test(`property: annotate of ${name} never throws, and the result is consistent`, () => {
    fc.assert(
      fc.property(arb, (text) => {
        checkResult(annotate(text));
      }),
      RUNS,
    );
  });
}

test('property: annotate of any Uint8Array never throws, and the result is consistent', () => {
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fieldLines.map((s) => new TextEncoder().encode(s))), (bytes) => {
      checkResult(annotate(bytes));
    }),
    RUNS,
  );
});

function streamed(input, cuts) {
  const a = new Annotator();
  const dumps = [];
  let pos = 0;
  for (const cut of [...cuts].sort((x, y) => x - y)) {
    dumps.push(...a.write(input.slice(pos, cut)));
    pos = cut;
  }
  dumps.push(...a.write(input.slice(pos)));
  dumps.push(...a.end());
  return { dumps, diagnostics: a.diagnostics, summary: a.summary };
}
const plain = (r) => JSON.parse(JSON.stringify(r, (k, v) => (typeof v === 'bigint' ? '0x' + v.toString(16) : v)));

test('property: the streaming Annotator, fed in arbitrary pieces, gives what annotate() gives on the whole', () => {
  fc.assert(
    fc.property(
      fc.oneof(fieldLines, fieldish, fc.string({ unit: 'binary', maxLength: 100 })).chain((text) => fc.tuple(fc.constant(text), fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 12 }))),
      ([text, cuts]) => {
        assert.deepEqual(plain(streamed(text, cuts)), plain(annotate(text)));
      },
    ),
    RUNS,
  );
});

test('property: bytes fed in arbitrary pieces (split UTF-8 sequences included) read like the whole', () => {
  fc.assert(
    fc.property(
      fc.oneof(fieldLines, fc.string({ unit: 'binary', maxLength: 100 }).map((s) => s.replaceAll('\u0000', ''))).chain((text) => {
        const bytes = new TextEncoder().encode(text);
        return fc.tuple(fc.constant(bytes), fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 12 }));
      }),
      ([bytes, cuts]) => {
        assert.deepEqual(plain(streamed(bytes, cuts)), plain(annotate(bytes)));
      },
    ),
    RUNS,
  );
});

// Found by the property above: a log that starts like JSON and ends its lines in CR alone is told
// CR-only from the text after JSON, not from the first chunk, so every cut reads it alike.
test('a log starting with JSON, CR line ends, cut at every place, reads like the whole', () => {
  for (const text of ['[{"0x6800":"1"}]GUEST_CR0\r ', '{"a":1}\rGUEST_RIP = 0x1\rGUEST_RSP = 0x2\r', '[1] x\r\nGUEST_RIP=1\r', '[{"0x6800":"1"}][6800]0x80050033\u0000']) {
    const whole = plain(annotate(text));
    for (let cut = 0; cut <= text.length; cut++) assert.deepEqual(plain(streamed(text, [cut])), whole, `cut at ${cut} of ${JSON.stringify(text)}`);
    assert.deepEqual(plain(streamed(text, [...text].map((_, i) => i))), whole, `one character at a time: ${JSON.stringify(text)}`);
  }
});

// A model: distinct fields with values that fit, written in any of the pairs forms (or as
// JSON), come back exactly, in one dump, with no diagnostics.
const FORMS = [
  (key, v) => `${key} = 0x${v}`,
  (key, v) => `${key}: ${v}`,
  (key, v) => `${key} -> 0x${v}`,
  (key, v) => `${key}=${v}`,
  (key, v) => `${key} ${v}`,
  (key, v) => `${key}${NBSP}=${NBSP}0x${v}`,
];
const PREFIXES = ['', '[   12.345] vmx: ', 'Jun 24 17:25:51 host kernel: ', '(XEN) ', '    ', `${NBSP}`];
const dumpModel = fc
  .uniqueArray(fc.constantFrom(...FULL_FIELDS), { selector: (f) => f.encoding, minLength: 1, maxLength: 25 })
  .chain((chosen) =>
    fc.tuple(
      ...chosen.map((f) => {
        const bits = { 0: 16, 1: 64, 2: 32, 3: 64 }[(f.encoding >>> 13) & 3];
        const keys = [f.entry.name, f.entry.title, ...f.entry.aliases, ...(f.entry.formerTitles ?? []), hex8(f.encoding), '0x' + f.encoding.toString(16), `VMCS[${hex8(f.encoding)}]`];
        if (f.encoding !== 0) keys.push(f.encoding.toString(16).padStart(4, '0'), f.encoding.toString(16).padStart(8, '0'));
        return fc.record({
          encoding: fc.constant(f.encoding),
          value: fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }),
          key: fc.constantFrom(...keys),
          form: fc.integer({ min: 0, max: FORMS.length - 1 }),
          prefix: fc.constantFrom(...PREFIXES),
          pad: fc.integer({ min: 0, max: 16 }),
        });
      }),
    ),
  );

test('property (model): distinct fields written in any pairs form come back exactly, in one dump', () => {
  fc.assert(
    fc.property(dumpModel, (entries) => {
      const text = entries.map((e) => e.prefix + FORMS[e.form](e.key, e.value.toString(16).padStart(e.pad, '0'))).join('\n') + '\n';
      const r = annotate(text, { bits: false });
      checkResult(r);
      assert.deepEqual(r.diagnostics, [], text);
      assert.equal(r.dumps.length, 1, text);
      const d = r.dumps[0];
      assert.deepEqual(d.diagnostics, [], text);
      const want = [...entries].sort((a, b) => TYPE_ORDER[encodingParts(a.encoding).type] - TYPE_ORDER[encodingParts(b.encoding).type] || a.encoding - b.encoding);
      assert.deepEqual(
        d.fields.map((f) => [f.encoding, f.value, f.flags]),
        want.map((e) => [e.encoding, e.value, []]),
        text,
      );
      assert.deepEqual([d.firstLine, d.lastLine], [1, entries.length]);
      assert.equal(r.summary.skipped, 0);
    }),
    RUNS,
  );
});

// Lines of several groups, one of them garbled (issue 10: "No value may vanish silently"): in
// every separator form (blanks alone with names of one word with a `_`), any key of a field, any
// list separator and prefix, the garbled group anywhere on the line: every good value lands on
// its field, on the line, and the bad one is reported (invalid-value: its line, the field as
// written, the value), nothing else.
const GROUP_FORMS = [
  { sep: '=', names: false },
  { sep: ' = ', names: false },
  { sep: ': ', names: false },
  { sep: ':', names: false },
  { sep: ' -> ', names: false },
  { sep: ' ', names: true },
];
const GARBAGE = ['0xZZ', 'zz', '<private>', '0x12q4', '??', '(null)', '0x', '-', 'N/A', 'ffffg', '0x1.5', 'n/a,',
  // several words (pairs4: a value of several words was read as the next group's prefix, without a word)
  'see below', 'not available', 'N/A (vmread failed)', '?? ??', '<not read> here', 'read failed', 'n/a n/a n/a'];
const NAME_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const garbledLine = fc
  .record({
    form: fc.integer({ min: 0, max: GROUP_FORMS.length - 1 }),
    chosen: fc.uniqueArray(fc.constantFrom(...FULL_FIELDS), { selector: (f) => f.encoding, minLength: 2, maxLength: 5 }),
    list: fc.constantFrom(' ', ', ', '; ', '   ', '\t'),
    prefix: fc.constantFrom(...PREFIXES),
  })
  .chain(({ form, chosen, list, prefix }) =>
    fc.record({
      form: fc.constant(form),
      list: fc.constant(list),
      prefix: fc.constant(prefix),
      bad: fc.integer({ min: 0, max: chosen.length - 1 }),
      garbage: fc.constantFrom(...GARBAGE),
      groups: fc.tuple(
        ...chosen.map((f) => {
          const bits = { 0: 16, 1: 64, 2: 32, 3: 64 }[(f.encoding >>> 13) & 3];
          let keys = [f.entry.name, f.entry.title, ...f.entry.aliases, ...(f.entry.formerTitles ?? []), hex8(f.encoding), '0x' + f.encoding.toString(16), `VMCS[${hex8(f.encoding)}]`];
          if (GROUP_FORMS[form].names) keys = keys.filter((k) => NAME_KEY_RE.test(k) && k.includes('_'));
          return fc.record({
            encoding: fc.constant(f.encoding),
            value: fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }),
            key: fc.constantFrom(...keys),
            pre: fc.constantFrom('0x', ''),
          });
        }),
      ),
    }),
  );

test('property: a line of several fields with one value garbled: every good value lands, the bad one is reported', () => {
  fc.assert(
    fc.property(garbledLine, ({ form, list, prefix, bad, garbage, groups }) => {
      const sep = GROUP_FORMS[form].sep;
      const text = prefix + groups.map((g, i) => g.key + sep + (i === bad ? garbage : g.pre + g.value.toString(16))).join(list) + '\n';
      const r = annotate(text, { bits: false });
      checkResult(r);
      const good = groups.filter((_, i) => i !== bad);
      assert.equal(r.dumps.length, 1, text);
      assert.deepEqual(
        r.dumps[0].fields.map((f) => [f.encoding, f.value, f.line]).sort((a, b) => a[0] - b[0]),
        good.map((g) => [g.encoding, g.value, 1]).sort((a, b) => a[0] - b[0]),
        text,
      );
      const key = groups[bad].key;
      const diags = [...r.dumps[0].diagnostics, ...r.diagnostics];
      assert.deepEqual(diags.map((d) => [d.code, d.line, d.args.value]), [['invalid-value', 1, garbage.replace(/,$/, '')]], text);
      // the field as written (its punctuation trimmed, as on a line of one: `CR3_TARGET_VALUE(2`)
      const token = diags[0].args.token;
      assert.ok(token === (key.startsWith('VMCS[') ? key.slice(5, -1) : key) || encode(token).encoding === groups[bad].encoding, `${token} for ${key}: ${text}`);
      assert.deepEqual([r.summary.unknownReported, r.summary.unknownSkipped], [0, 0], text);
    }),
    RUNS,
  );
});

// Runs of numbers parted by blanks alone (pairs4): known fields' encodings (0x or bare, 4 or 8
// digits) and values that fit, any number of pairs, any prefix and blanks: every pair is read; a
// number no field takes put in front of the pairs (two or more of them) is reported.
const runLine = fc.record({
  chosen: fc.uniqueArray(fc.constantFrom(...FULL_FIELDS.filter((f) => f.encoding !== 0)), { selector: (f) => f.encoding, minLength: 2, maxLength: 6 }),
  prefix: fc.constantFrom(...PREFIXES.filter((p) => p !== `${NBSP}`), 'VMCS ', 'vmx: 4 '),
  blank: fc.constantFrom(' ', '  ', '\t'),
  junk: fc.constantFrom(0, 2),
}).chain(({ chosen, prefix, blank, junk }) =>
  fc.record({
    prefix: fc.constant(prefix),
    blank: fc.constant(blank),
    junk: fc.constant(junk),
    pairs: fc.tuple(
      ...chosen.map((f) => {
        const bits = f.encoding & 1 ? 32 : { 0: 16, 1: 64, 2: 32, 3: 64 }[(f.encoding >>> 13) & 3];
        const enc = f.encoding.toString(16);
        return fc.record({
          encoding: fc.constant(f.encoding),
          key: fc.constantFrom('0x' + enc, enc.padStart(4, '0'), enc.padStart(8, '0'), '0x' + enc.padStart(8, '0')),
          value: fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }),
          pre: fc.constantFrom('0x', ''),
          pad: fc.integer({ min: 0, max: bits / 4 }),
        });
      }),
    ),
  }),
);

test('property: a run of encodings and values parted by blanks alone: every pair read, numbers no field takes reported', () => {
  fc.assert(
    fc.property(runLine, ({ prefix, blank, junk, pairs }) => {
      const words = pairs.flatMap((p) => [p.key, p.pre + p.value.toString(16).padStart(p.pad, '0')]);
      // (numbers that are no encoding of a field: decimal, of 3 digits)
      const text = prefix + [...(junk ? ['123', '456'] : []), ...words].join(blank) + '\n';
      const r = annotate(text, { bits: false });
      checkResult(r);
      assert.equal(r.dumps.length, 1, text);
      assert.deepEqual(
        r.dumps[0].fields.map((f) => [f.encoding, f.value, f.line]).sort((a, b) => a[0] - b[0]),
        pairs.map((p) => [p.encoding, p.value, 1]).sort((a, b) => a[0] - b[0]),
        text,
      );
      const diags = [...r.dumps[0].diagnostics, ...r.diagnostics];
      assert.deepEqual(diags.map((d) => [d.code, d.line, d.args.text]), junk ? [['unplaced-line', 1, (prefix.endsWith(' 4 ') ? '4 ' : '') + '123' + blank + '456']] : [], text);
    }),
    RUNS,
  );
});

test('property (model): the same fields as a JSON object come back exactly', () => {
  fc.assert(
    fc.property(dumpModel, fc.boolean(), (entries, asNumbers) => {
      const obj = {};
      // VMCS[enc] is pairs syntax; JSON keys are names, titles, aliases or encodings
      for (const e of entries) obj[e.key.startsWith('VMCS[') ? e.key.slice(5, -1) : e.key] = asNumbers && e.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(e.value) : '0x' + e.value.toString(16);
      const r = annotate(JSON.stringify(obj), { bits: false });
      checkResult(r);
      assert.equal(r.dumps.length, 1);
      assert.equal(r.dumps[0].format, 'json');
      assert.deepEqual(
        new Map(r.dumps[0].fields.map((f) => [f.encoding, f.value])),
        new Map(entries.map((e) => [e.encoding, e.value])),
      );
      assert.deepEqual(r.dumps[0].diagnostics, []);
    }),
    RUNS,
  );
});
