// annotate(): the pairs dialect (separators, prefixes, names, titles), dump boundaries,
// diagnostics (codes, severities, line numbers), 64-bit halves, JSON input, limits, and the
// streaming Annotator. Assertions are on codes and data, never on message prose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { annotate as annotateWithBits, Annotator as AnnotatorWithBits } from '../dist/index.js';

// These tests are about reading dumps; bit-level decoding (tested in bits.test.js) is off here
// so that its diagnostics do not mix with the reader's.
const annotate = (input, options = {}) => annotateWithBits(input, { bits: false, ...options });
class Annotator extends AnnotatorWithBits {
  constructor(options = {}) {
    super({ bits: false, ...options });
  }
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NBSP = '\u00a0';

/** The whole result as plain data: BigInt values as hex strings. */
function plain(r) {
  return JSON.parse(JSON.stringify(r, (k, v) => (typeof v === 'bigint' ? '0x' + v.toString(16) : v)));
}

/** The only field of the only dump, or a failure that shows the result. */
function onlyField(text) {
  const r = annotate(text);
  assert.equal(r.dumps.length, 1, `one dump expected from ${JSON.stringify(text)}: ${JSON.stringify(plain(r))}`);
  assert.equal(r.dumps[0].fields.length, 1, JSON.stringify(plain(r)));
  return r.dumps[0].fields[0];
}

/** Every diagnostic of a result, in dumps and outside them, as [code, line]. */
function allDiagnostics(r) {
  return [...r.dumps.flatMap((d) => d.diagnostics), ...r.diagnostics].map((d) => [d.code, d.line]);
}

// ---------------------------------------------------------------------------------------
// One line, one field: [line, encoding, value]
const LINES = [
  // separators
  ['GUEST_CR0 = 0x80050033', 0x6800, 0x80050033n],
  ['GUEST_CR0=0x80050033', 0x6800, 0x80050033n],
  ['GUEST_CR0: 0x80050033', 0x6800, 0x80050033n],
  ['GUEST_CR0:80050033', 0x6800, 0x80050033n],
  ['GUEST_CR0 -> 0x80050033', 0x6800, 0x80050033n],
  ['GUEST_CR0->0x80050033', 0x6800, 0x80050033n],
  ['VMCS[0x6800] = 0x80050033', 0x6800, 0x80050033n],
  ['VMCS[0x00006800] = 0x80050033', 0x6800, 0x80050033n],
  ['vmcs_read[GUEST_CR0] = 0x80050033', 0x6800, 0x80050033n],
  ['[6800] = 0x80050033', 0x6800, 0x80050033n],
  ['6800 80050033', 0x6800, 0x80050033n],
  ['00006800 80050033', 0x6800, 0x80050033n],
  ['0x6800 0x80050033', 0x6800, 0x80050033n],
  ['0x00006800 = 0x0000000080050033', 0x6800, 0x80050033n],
  ['0x00006800: 80050033', 0x6800, 0x80050033n],
  ['6800: 80050033', 0x6800, 0x80050033n],
  ['GUEST_CR0 80050033', 0x6800, 0x80050033n],
  ['GUEST_CR0 = 0X80050033', 0x6800, 0x80050033n],
  ['GUEST_CR0 = 0x80050033,', 0x6800, 0x80050033n],
  ['GUEST_CR0 = 0x80050033;', 0x6800, 0x80050033n],
  ['\tGUEST_CR0\t=\t0x80050033\t', 0x6800, 0x80050033n],
  ['GUEST_CR0 = 0x80050033\r', 0x6800, 0x80050033n],
  // prefixes
  ['[   12.345] vmx: 0x00006800 = 0x80050033', 0x6800, 0x80050033n],
  ['[   12.345] vmx: GUEST_CR0 = 0x80050033', 0x6800, 0x80050033n],
  ['[7011807.029737] kvm: GUEST_CR0: 80050033', 0x6800, 0x80050033n],
  ['Jun 24 17:25:51 host kernel: GUEST_CR0 = 0x80050033', 0x6800, 0x80050033n],
  ['Jun 24 17:25:51 host kernel: [10639.238026] vmx: 6800 80050033', 0x6800, 0x80050033n],
  ['(XEN) myvmm: VMCS[0x6800] = 0x80050033', 0x6800, 0x80050033n],
  ['    indented GUEST_CR0 = 1', 0x6800, 1n],
  // names and aliases
  ['guest::CR0 = 0x1', 0x6800, 1n],
  ['VMCS_GUEST_CR0 = 0x1', 0x6800, 1n],
  ['VMX_VMCS_GUEST_CR0 = 0x1', 0x6800, 1n],
  ['guest_cr0 = 0x1', 0x6800, 1n],
  ['EPT_POINTER_HIGH = 0x1', 0x201b, 1n],
  ['EPT_POINTER_HI = 0x1', 0x201b, 1n],
  ['IO_BITMAP_A_FULL = 0x5', 0x2000, 5n],
  ['VMCS_64BIT_GUEST_LINK_POINTER = 0xffffffffffffffff', 0x2800, 0xffffffffffffffffn],
  ['VM_EXIT_INFO_REASON: 0x21', 0x4402, 0x21n],
  // HAXM: `%04x NAME: value`, where the 4-digit encoding decides even when the name is not known
  ['4402 VM_EXIT_INFO_REASON: 0x21', 0x4402, 0x21n],
  ['4402 SOME_HAXM_ONLY_NAME: 0x21', 0x4402, 0x21n],
  // SDM titles, with spaces
  ['Guest CR0: 0x80050033', 0x6800, 0x80050033n],
  ['Guest CR0 = 0x80050033', 0x6800, 0x80050033n],
  ['guest cr0 -> 0x80050033', 0x6800, 0x80050033n],
  ['Guest CR0 80050033', 0x6800, 0x80050033n],
  ['[   12.345] vmx: Guest CR0: 0x80050033', 0x6800, 0x80050033n],
  ['EPT pointer (EPTP) = 0x1234', 0x201a, 0x1234n],
  ['EPT pointer = 0x1234', 0x201a, 0x1234n],
  ['Virtual-processor identifier (VPID) = 1', 0x0000, 1n],
  ['VM-exit interruption information: 0x80000b0e', 0x4404, 0x80000b0en],
  ['Exiting-event identification: 0x80000b0e', 0x4404, 0x80000b0en],
  ['Address of I/O bitmap A (high) = 0x1', 0x2001, 1n],
  ['VMCS link pointer = 0xffffffffffffffff', 0x2800, 0xffffffffffffffffn],
  // no-break spaces (as pasted from web pages and mail)
  [`Guest${NBSP}CR0:${NBSP}0x80050033`, 0x6800, 0x80050033n],
  [`GUEST_CR0${NBSP}=${NBSP}0x1`, 0x6800, 1n],
  [`6800${NBSP}80050033`, 0x6800, 0x80050033n],
  [`${NBSP}${NBSP}GUEST_CR0 = 1`, 0x6800, 1n],
  // values
  ['GUEST_CR0 = 0', 0x6800, 0n],
  ['GUEST_CR0 = 0x0000000000000000', 0x6800, 0n],
  ['GUEST_CR0 = 0x00000000000000000000000000000000000000001', 0x6800, 1n],
  ['GUEST_CR0 = 123', 0x6800, 0x123n], // values are hex, 0x optional
  ['GUEST_ES_SELECTOR = 0x0000000000000010', 0x0800, 0x10n],
  ['VM_EXIT_REASON = 0xffffffff', 0x4402, 0xffffffffn],
];

for (const [line, encoding, value] of LINES) {
  test(`pairs line ${JSON.stringify(line)}`, () => {
    const r = annotate(line);
    const f = onlyField(line);
    assert.equal(f.encoding, encoding);
    assert.equal(f.value, value);
    assert.equal(f.line, 1);
    assert.deepEqual(f.flags, []);
    assert.deepEqual(allDiagnostics(r), []);
    assert.equal(r.dumps[0].format, 'pairs');
    assert.deepEqual(r.summary, { lines: 1, skipped: 0, dumps: 1, fields: 1, errors: 0, warnings: 0, unknownReported: 0, unknownSkipped: 0 });
  });
}

test('a field carries name, title, width, type, access and the input line', () => {
  const f = onlyField('[   12.345] vmx: 0x00006800 = 0x80050033');
  assert.deepEqual(plain(f), {
    encoding: 0x6800,
    name: 'GUEST_CR0',
    title: 'Guest CR0',
    width: 'natural',
    type: 'guest',
    access: 'full',
    value: '0x80050033',
    line: 1,
    flags: [],
  });
});

// Lines that are not field lines: skipped, no dump, no diagnostic but no-fields.
const NOT_FIELDS = [
  'hello world',
  'foo 1234',
  '2046 5', // bare hex must be a known encoding
  '12345678 1', // not a known encoding
  'Guest CR0 (PE|PG) = 0x1',
  'FOO = 1', // no underscore: not even worth a word
  '[1,2]',
  '{',
  '{"GUEST_CR0": "1"} trailing', // not JSON after all, and not a field line
  '*** Guest State ***',
  'vmx: 0x6801 = 1', // malformed encodings are not fields
  'vmx: 0x1000 = 1',
  '0x0000000000006800 = 0x1', // more than 8 digits: a value, not an encoding
  'IDT= 00000000 00000000', // bare zeros are values, not the VPID encoding
  'kvm: 0000 1',
  // a line whose first non-blank character is # is a comment (src/dialects/pairs.ts)
  '# GUEST_RIP = 0x1',
  '#GUEST_RIP = 0x1',
  '   # 0x0000681e = 0x1',
  '\t# VMCS[0x6800] = 0x1',
  `${NBSP}# GUEST_CR0: 1`,
  '# GUEST_RIPP = 0x1', // not even reported as an unknown name
  '# vmx: 0x6801 = 1', // nor as a malformed encoding
  '#define GUEST_RIP 0x681e', // a pasted header: the number is the encoding, not a value
  // a comparison is no `NAME = value` (a test's assertion, a C condition; sample 114)
  '  x86_64/mytest.c:96: exit_reason == (2)',
  'exit_reason == 2',
  'if (exit_reason == 0x80000021)',
  'exit_reason != 0x2',
  'vmcs_read32(VM_EXIT_REASON) >= 0x21',
  'entry[i] <= 0x6800',
];

for (const text of NOT_FIELDS) {
  test(`not a field line: ${JSON.stringify(text)}`, () => {
    const r = annotate(text);
    assert.deepEqual(r.dumps, []);
    assert.deepEqual(allDiagnostics(r), [['no-fields', undefined]]);
    assert.equal(r.summary.skipped, r.summary.lines);
  });
}

test('comment lines inside a dump are skipped: a commented-out value neither replaces the field nor starts a dump', () => {
  for (const format of ['auto', 'pairs']) {
    const text = ['GUEST_CR0 = 0x80050033', '# GUEST_CR0 = 0x31', '  #   GUEST_RIP = 0xdead', 'GUEST_RIP = 0x1000', '#define HOST_RIP 0x6c16'].join('\n');
    const r = annotate(text, { format });
    assert.equal(r.dumps.length, 1, format);
    assert.deepEqual(r.dumps[0].fields.map((f) => [f.name, f.value, f.line]), [['GUEST_CR0', 0x80050033n, 1], ['GUEST_RIP', 0x1000n, 4]], format);
    assert.deepEqual(allDiagnostics(r), [], format);
    assert.equal(r.summary.skipped, 3, format);
  }
});

// Malformed encodings written where a field goes: reported when bracketed or inside a dump.
for (const [text, code] of [
  ['VMCS[0x8000] = 1', 'reserved-bits'],
  ['GUEST_CR0 = 1\n0x6801 = 5', 'high-access-not-64bit'],
  ['GUEST_CR0 = 1\nvmx: 0x1000 = 1', 'reserved-bits'],
]) {
  test(`malformed encoding reported: ${JSON.stringify(text)} -> ${code}`, () => {
    const r = annotate(text);
    assert.ok(allDiagnostics(r).some(([c]) => c === code), JSON.stringify(allDiagnostics(r)));
  });
}

// ---------------------------------------------------------------------------------------
// Dump boundaries

test('a repeated field starts a new dump', () => {
  const r = annotate('[ 1.0] vmx: GUEST_CR0 = 1\n[ 1.1] vmx: GUEST_CR3 = 2\n[ 2.0] vmx: GUEST_CR0 = 3\n[ 2.1] vmx: GUEST_CR3 = 4\n');
  assert.equal(r.dumps.length, 2);
  assert.deepEqual(r.dumps.map((d) => [d.firstLine, d.lastLine, d.fields.map((f) => [f.name, f.value])]), [
    [1, 2, [['GUEST_CR0', 1n], ['GUEST_CR3', 2n]]],
    [3, 4, [['GUEST_CR0', 3n], ['GUEST_CR3', 4n]]],
  ]);
  assert.equal(r.summary.dumps, 2);
  assert.equal(r.summary.fields, 4);
  assert.equal(r.summary.lines, 4);
});

test('the same field by another name is the same field (and starts a new dump)', () => {
  const r = annotate('GUEST_CR0 = 1\n0x6800 = 2\nGuest CR0: 3\n');
  assert.deepEqual(r.dumps.map((d) => d.fields.map((f) => f.value)), [[1n], [2n], [3n]]);
});

test('a blank line ends a dump (also a whitespace-only one)', () => {
  for (const blank of ['', '   ', '\t', NBSP, '\r']) {
    const r = annotate(`GUEST_CR0 = 1\n${blank}\nGUEST_CR3 = 2\n`);
    assert.deepEqual(
      r.dumps.map((d) => [d.firstLine, d.lastLine, d.fields.map((f) => f.name)]),
      [
        [1, 1, ['GUEST_CR0']],
        [3, 3, ['GUEST_CR3']],
      ],
      JSON.stringify(blank),
    );
    assert.equal(r.summary.skipped, 1);
  }
});

test('a header line mentioning VMCS or dump ends a dump', () => {
  for (const header of ['*** VMCS dump ***', 'VMCS 0xffff888100a3c000, last attempted VM-entry on CPU 3', '[  4.12] myvmm: VM-entry failed, dumping VMCS of vCPU 0', '--- dump 2 ---', '(XEN) *********** VMCS Areas **************']) {
    const r = annotate(`GUEST_CR0 = 1\n${header}\nGUEST_CR3 = 2\n`);
    assert.equal(r.dumps.length, 2, header);
    assert.equal(r.summary.skipped, 1, header);
  }
});

test('a non-field line that is not a header does not end a dump', () => {
  const r = annotate('GUEST_CR0 = 1\n--- guest state ---\nsome chatter\nGUEST_CR3 = 2\n');
  assert.equal(r.dumps.length, 1);
  assert.deepEqual([r.dumps[0].firstLine, r.dumps[0].lastLine], [1, 4]);
  assert.equal(r.summary.skipped, 2);
});

test('a field line whose name mentions VMCS is a field, not a header', () => {
  const r = annotate('GUEST_CR0 = 1\nVMCS link pointer = 0xffffffffffffffff\nVMCS_LINK_POINTER_HIGH = 0xffffffff\nGUEST_CR3 = 2\n');
  assert.equal(r.dumps.length, 1);
  assert.deepEqual(
    r.dumps[0].fields.map((f) => [f.name, f.value]),
    [
      ['VMCS_LINK_POINTER', 0xffffffffffffffffn],
      ['GUEST_CR0', 1n],
      ['GUEST_CR3', 2n],
    ],
  );
});

test('non-field lines are skipped and counted', () => {
  const r = annotate('hello world\nGUEST_CR0 = 1\nfoo bar\n\nmore text\n');
  assert.equal(r.dumps.length, 1);
  assert.deepEqual(r.summary, { lines: 5, skipped: 4, dumps: 1, fields: 1, errors: 0, warnings: 0, unknownReported: 0, unknownSkipped: 0 });
  assert.deepEqual(allDiagnostics(r), []);
});

test('examples/pairs.log: one dump of 31 fields, the header line skipped', () => {
  const r = annotate(readFileSync(new URL('../examples/pairs.log', import.meta.url)));
  assert.equal(r.dumps.length, 1);
  const d = r.dumps[0];
  assert.equal(d.fields.length, 31);
  assert.deepEqual([d.firstLine, d.lastLine], [2, 32]);
  assert.deepEqual(r.summary, { lines: 32, skipped: 1, dumps: 1, fields: 31, errors: 0, warnings: 0, unknownReported: 0, unknownSkipped: 0 });
  const get = (name) => d.fields.find((f) => f.name === name);
  assert.equal(get('GUEST_CR0').value, 0x80000031n);
  assert.equal(get('VIRTUAL_PROCESSOR_ID').value, 0x21n);
  assert.equal(get('TSC_OFFSET').value, 0xfffda9968024bdbcn);
  assert.equal(get('VM_EXIT_REASON').value, 0x80000021n);
  assert.equal(get('HOST_RIP').value, 0xffffffffc09a444fn);
});

test('fields are grouped control, exit-info, guest, host, then ordered by encoding', () => {
  const r = annotate(['HOST_RIP = 1', 'GUEST_CR3 = 2', 'VM_EXIT_REASON = 3', 'GUEST_CR0 = 4', 'PIN_BASED_VM_EXEC_CONTROL = 5', 'VMCS_LINK_POINTER = 6', 'HOST_CR0 = 7', 'VIRTUAL_PROCESSOR_ID = 8', 'EXIT_QUALIFICATION = 9', 'GUEST_ES_SELECTOR = a'].join('\n'));
  assert.deepEqual(
    r.dumps[0].fields.map((f) => f.name),
    ['VIRTUAL_PROCESSOR_ID', 'PIN_BASED_VM_EXEC_CONTROL', 'VM_EXIT_REASON', 'EXIT_QUALIFICATION', 'GUEST_ES_SELECTOR', 'VMCS_LINK_POINTER', 'GUEST_CR0', 'GUEST_CR3', 'HOST_CR0', 'HOST_RIP'],
  );
  const order = { control: 0, 'exit-info': 1, guest: 2, host: 3 };
  const keys = r.dumps[0].fields.map((f) => order[f.type] * 0x10000 + f.encoding);
  assert.deepEqual(keys, [...keys].sort((a, b) => a - b));
});

// ---------------------------------------------------------------------------------------
// Diagnostics

test('an unknown but well-formed encoding is kept as a field: name null, flag unknown-encoding (warning)', () => {
  for (const line of ['0x2046 = 5', 'VMCS[0x2046] = 5', '0x00002046: 5', '[ 1.0] vmx: 0x2046 5']) {
    const r = annotate(line);
    const f = onlyField(line);
    assert.equal(f.encoding, 0x2046, line);
    assert.equal(f.name, null);
    assert.equal(f.title, null);
    assert.equal(f.width, '64');
    assert.equal(f.type, 'control');
    assert.equal(f.access, 'full');
    assert.equal(f.value, 5n);
    assert.deepEqual(f.flags, ['unknown-encoding']);
    const d = r.dumps[0].diagnostics;
    assert.deepEqual(d.map((x) => [x.code, x.severity, x.line]), [['unknown-encoding', 'warning', 1]]);
    assert.equal(r.summary.warnings, 1);
    assert.equal(r.summary.errors, 0);
  }
});

// [line, field, bits]
const TOO_WIDE = [
  ['GUEST_ES_SELECTOR = 0x12345', 'GUEST_ES_SELECTOR', 0x12345n],
  ['GUEST_ES_SELECTOR = 0x10000', 'GUEST_ES_SELECTOR', 0x10000n],
  ['VIRTUAL_PROCESSOR_ID = 0x1ffff', 'VIRTUAL_PROCESSOR_ID', 0x1ffffn],
  ['VM_EXIT_REASON = 0x100000000', 'VM_EXIT_REASON', 0x100000000n],
  ['GUEST_CR0 = 0x10000000000000000', 'GUEST_CR0', 0x10000000000000000n],
  ['VMCS_LINK_POINTER = 0x1ffffffffffffffff', 'VMCS_LINK_POINTER', 0x1ffffffffffffffffn],
  ['VMCS_LINK_POINTER_HIGH = 0x100000000', 'VMCS_LINK_POINTER_HIGH', 0x100000000n],
];

for (const [line, name, value] of TOO_WIDE) {
  test(`value wider than the field: ${line} -> value-too-wide (error)`, () => {
    const r = annotate(line);
    const f = onlyField(line);
    assert.equal(f.name, name);
    assert.equal(f.value, value, 'the value is kept as read');
    assert.deepEqual(f.flags, ['value-too-wide']);
    assert.deepEqual(r.dumps[0].diagnostics.map((x) => [x.code, x.severity, x.line]), [['value-too-wide', 'error', 1]]);
    assert.equal(r.summary.errors, 1);
  });
}

test('values that just fit are not too wide', () => {
  for (const line of ['GUEST_ES_SELECTOR = 0xffff', 'VM_EXIT_REASON = 0xffffffff', 'GUEST_CR0 = 0xffffffffffffffff', 'VMCS_LINK_POINTER_HIGH = 0xffffffff']) {
    assert.deepEqual(onlyField(line).flags, [], line);
  }
});

test('a garbled line inside a dump is reported with its line number; the other fields still come out', () => {
  const r = annotate('GUEST_CR0 = 0x1\nGUEST_CRX = 0x1\nGUEST_RIP = zzz\nGUEST_CR3 = 0x2\n');
  assert.equal(r.dumps.length, 1);
  const d = r.dumps[0];
  assert.deepEqual(d.fields.map((f) => [f.name, f.value, f.line]), [
    ['GUEST_CR0', 1n, 1],
    ['GUEST_CR3', 2n, 4],
  ]);
  assert.deepEqual(d.diagnostics.map((x) => [x.code, x.severity, x.line]), [
    ['unknown-field', 'error', 2],
    ['invalid-value', 'error', 3],
  ]);
  assert.deepEqual(d.diagnostics[0].args.suggestions.slice(0, 1), ['GUEST_CR0']);
  assert.deepEqual([d.firstLine, d.lastLine], [1, 4]);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.summary.errors, 2);
  assert.equal(r.summary.fields, 2);
});

test('garbled values: invalid-value', () => {
  for (const line of ['GUEST_RIP = zzz', 'GUEST_CR0 = 0x', 'GUEST_CR0 = -1', '0x6800 = nope', 'GUEST_CR0 = 0x80050033 (PE|PG)']) {
    const r = annotate(line);
    assert.deepEqual(allDiagnostics(r), [['invalid-value', 1], ['no-fields', undefined]], line);
  }
});

test('an unknown identifier: one policy, by where it stands: reported on a line of a dump, counted on a line no reader takes', () => {
  let r = annotate('GUEST_CRX = 0x1');
  assert.deepEqual(allDiagnostics(r), [['no-fields', undefined]]);
  assert.deepEqual([r.summary.skipped, r.summary.unknownReported, r.summary.unknownSkipped], [1, 0, 1]);
  assert.deepEqual([r.diagnostics[0].args.firstToken, r.diagnostics[0].args.firstLine], ['GUEST_CRX', 1]);
  r = annotate('FOO_BAR_BAZ_QUUX = 1');
  assert.deepEqual(allDiagnostics(r), [['no-fields', undefined]]);
  assert.equal(r.summary.skipped, 1);
  // in a dump, whatever the name looks like
  r = annotate('GUEST_CR0 = 1\nFOO_BAR_BAZ_QUUX = 1');
  assert.deepEqual(allDiagnostics(r), [['unknown-field', 2]]);
  assert.equal(r.summary.skipped, 0);
  // an oops line holds several tokens: no pairs line, in a dump or not
  r = annotate('GUEST_CR0 = 1\nGUEST_CRX = 1\nRSP: 002b:00007ffd9d2c5e48 EFLAGS: 00000246 ORIG_RAX: 0000000000000003');
  assert.deepEqual(allDiagnostics(r), [['unknown-field', 2]]);
  assert.deepEqual([r.summary.skipped, r.summary.unknownReported, r.summary.unknownSkipped], [1, 1, 3]);
});

test('a 64-bit field written as two halves becomes one value (full then high, or high then full)', () => {
  for (const text of ['0x2800 = 0xffffffff\n0x2801 = 0xffffffff', '0x2801 = 0xffffffff\n0x2800 = 0xffffffff', 'VMCS_LINK_POINTER = ffffffff\nVMCS_LINK_POINTER_HIGH = ffffffff', 'VMCS link pointer = 0xffffffff\nVMCS link pointer (high) = 0xffffffff']) {
    const r = annotate(text);
    assert.equal(r.dumps.length, 1, text);
    assert.equal(r.dumps[0].fields.length, 1, text);
    const f = r.dumps[0].fields[0];
    assert.equal(f.name, 'VMCS_LINK_POINTER');
    assert.equal(f.encoding, 0x2800);
    assert.equal(f.access, 'full');
    assert.equal(f.value, 0xffffffffffffffffn);
    assert.deepEqual(f.flags, []);
    assert.deepEqual(allDiagnostics(r), []);
    assert.equal(r.summary.fields, 1);
  }
  const f = onlyField('0x201a = 0x3f1905e\n0x201b = 0x1');
  assert.equal(f.value, 0x103f1905en);
});

test('a full 64-bit value and a high half that agrees are merged too', () => {
  const f = onlyField('0x2800 = 0x1ffffffff\n0x2801 = 0x1');
  assert.equal(f.value, 0x1ffffffffn);
});

test('a lone high half stays a high half', () => {
  const f = onlyField('0x2801 = 0x12345678');
  assert.equal(f.name, 'VMCS_LINK_POINTER_HIGH');
  assert.equal(f.access, 'high');
  assert.equal(f.value, 0x12345678n);
});

test('halves that disagree: conflicting-values (warning), both kept and flagged', () => {
  const r = annotate('0x2800 = 0x1ffffffff\n0x2801 = 0x2');
  assert.equal(r.dumps.length, 1);
  const d = r.dumps[0];
  assert.deepEqual(d.fields.map((f) => [f.name, f.value, f.flags]), [
    ['VMCS_LINK_POINTER', 0x1ffffffffn, ['conflicting-values']],
    ['VMCS_LINK_POINTER_HIGH', 2n, ['conflicting-values']],
  ]);
  assert.deepEqual(d.diagnostics.map((x) => [x.code, x.severity, x.line]), [['conflicting-values', 'warning', 2]]);
  assert.equal(r.summary.warnings, 1);
  assert.equal(r.summary.errors, 0);
});

test('a high half that is itself too wide is not merged', () => {
  const r = annotate('0x2800 = 0x1\n0x2801 = 0x100000000');
  assert.deepEqual(r.dumps[0].fields.map((f) => [f.name, f.flags]), [
    ['VMCS_LINK_POINTER', []],
    ['VMCS_LINK_POINTER_HIGH', ['value-too-wide']],
  ]);
});

test('diagnostics outside any dump go to result.diagnostics; severity follows the code', () => {
  const r = annotate('GUEST_RIP = zzz\n\nGUEST_CR0 = 1\n');
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.severity, d.line]), [['invalid-value', 'error', 1]]);
  assert.deepEqual(r.dumps.map((d) => d.diagnostics), [[]]);
});

// ---------------------------------------------------------------------------------------
// No fields, limits, odd input

test('no fields: empty, whitespace-only, text only -> no-fields (error)', () => {
  for (const text of ['', '   ', '\n\n\n', ' \t\n \r\n', 'just some log text\nand more\n', new Uint8Array(0)]) {
    const r = annotate(text);
    assert.deepEqual(r.dumps, []);
    assert.deepEqual(r.diagnostics.map((d) => [d.code, d.severity]), [['no-fields', 'error']], JSON.stringify(text));
    assert.equal(r.summary.dumps, 0);
    assert.equal(r.summary.errors, 1);
  }
});

test('a 200 KB single line -> line-too-long, no crash; the following lines are still read', () => {
  const big = 'x'.repeat(200 * 1024);
  let r = annotate(big);
  assert.deepEqual(allDiagnostics(r), [['line-too-long', 1], ['no-fields', undefined]]);
  const d = r.diagnostics[0];
  assert.equal(d.severity, 'error');
  assert.equal(d.args.length, 200 * 1024);

  r = annotate(`GUEST_CR0 = 1\n${big}\nGUEST_CR3 = 2\n`);
  assert.equal(r.dumps.length, 1);
  assert.deepEqual(r.dumps[0].fields.map((f) => [f.name, f.line]), [['GUEST_CR0', 1], ['GUEST_CR3', 3]]);
  assert.deepEqual(allDiagnostics(r), [['line-too-long', 2]]);
  assert.equal(r.summary.lines, 3);

  r = annotate(`GUEST_CR0 = 0x${'f'.repeat(200 * 1024)}\n`);
  assert.ok(allDiagnostics(r).some(([c]) => c === 'line-too-long'));
});

test(
  'a line cut at 64 KiB does not yield a field value read from its truncated text',
  () => {
    const r = annotate('GUEST_CR0 = 0x' + '0'.repeat(100 * 1024) + '1\n');
    assert.ok(allDiagnostics(r).some(([c]) => c === 'line-too-long'));
    const values = r.dumps.flatMap((d) => d.fields.map((f) => [f.name, f.value]));
    assert.deepEqual(values, [], 'no field from a truncated line');
  },
);

test('binary input that is no VMCS region we know -> unknown-revision (error), no fields, no crash', () => {
  const r = annotate(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 0xff, 0xfe, 10, 0]));
  const all = [...r.diagnostics, ...r.dumps.flatMap((d) => d.diagnostics)];
  assert.ok(all.some((d) => d.code === 'unknown-revision' && d.severity === 'error'), JSON.stringify(all));
  assert.equal(r.summary.fields, 0);
});

test('a NUL byte after text starts -> binary-input (error), no crash', () => {
  const r = annotate(Buffer.from('GUEST_CR0 = 1\nGUEST_\u0000X = 2\n'));
  assert.ok(r.diagnostics.some((d) => d.code === 'binary-input' && d.severity === 'error'));
});

test('byte input: UTF-8 (with no-break spaces) reads like the string', () => {
  const text = `Guest${NBSP}CR0:${NBSP}0x80050033\nGUEST_CR3 = 2\n`;
  assert.deepEqual(plain(annotate(Buffer.from(text, 'utf8'))), plain(annotate(text)));
  assert.deepEqual(plain(annotate(new TextEncoder().encode(text))), plain(annotate(text)));
});

test('byte input: a Uint8Array view into a larger buffer reads only its own bytes', () => {
  const all = new TextEncoder().encode('XXXXGUEST_CR0 = 1\nYYYY');
  const view = new Uint8Array(all.buffer, 4, all.length - 8);
  const r = annotate(view);
  assert.deepEqual(r.dumps.map((d) => d.fields.map((f) => [f.name, f.value])), [[['GUEST_CR0', 1n]]]);
  assert.deepEqual(plain(streamed(view, 5, {})), plain(r));
});

test('dmesg text starting with "[" is not taken for JSON', () => {
  for (const text of ['[   12.345] vmx: GUEST_CR0 = 0x1\n', '[12.345] GUEST_CR0 = 0x1', '[\n12.3] GUEST_CR0 = 1\n', '[ ] GUEST_CR0 = 1']) {
    const r = annotate(text);
    assert.equal(r.dumps.length, 1, text);
    assert.equal(r.dumps[0].format, 'pairs');
    assert.equal(r.dumps[0].fields[0].name, 'GUEST_CR0');
  }
});

test('a text log that starts with a brace but is not JSON is read as text', () => {
  const r = annotate('{ not json }\nGUEST_CR0 = 1\n');
  assert.equal(r.dumps.length, 1);
  assert.equal(r.dumps[0].format, 'pairs');
  assert.equal(r.dumps[0].fields[0].line, 2);
  const r2 = annotate('{"GUEST_CR0": 1,}\nGUEST_CR3 = 2\n');
  assert.deepEqual(r2.dumps.map((d) => d.fields.map((f) => f.name)), [['GUEST_CR3']]);
});

// ---------------------------------------------------------------------------------------
// JSON input

test('JSON object: names and encodings as keys, hex strings or integers as values', () => {
  const r = annotate('{"GUEST_CR0":"0x80050033","0x681e":"ffff","6c16":"0xffffffffc09a444f","VM_EXIT_REASON":33,"Guest CR3":"0x0000000001234000"}');
  assert.equal(r.dumps.length, 1);
  const d = r.dumps[0];
  assert.equal(d.format, 'json');
  assert.equal(d.firstLine, undefined);
  assert.deepEqual(d.fields.map((f) => [f.name, f.value, f.line]), [
    ['VM_EXIT_REASON', 33n, undefined],
    ['GUEST_CR0', 0x80050033n, undefined],
    ['GUEST_CR3', 0x1234000n, undefined],
    ['GUEST_RIP', 0xffffn, undefined],
    ['HOST_RIP', 0xffffffffc09a444fn, undefined],
  ]);
  assert.deepEqual(allDiagnostics(r), []);
});

test('JSON: leading whitespace, halves merged, unknown encodings flagged, too-wide flagged', () => {
  let f = onlyField('  \n {"GUEST_CR0":"0x1"}');
  assert.equal(f.value, 1n);
  f = onlyField('{"0x2800":"0xffffffff","0x2801":"0xffffffff"}');
  assert.deepEqual([f.name, f.value], ['VMCS_LINK_POINTER', 0xffffffffffffffffn]);
  f = onlyField('{"0x2046":"1"}');
  assert.deepEqual([f.name, f.flags], [null, ['unknown-encoding']]);
  f = onlyField('{"GUEST_ES_SELECTOR":"0x12345"}');
  assert.deepEqual(f.flags, ['value-too-wide']);
});

test('JSON array of objects: one dump per object', () => {
  const r = annotate('[{"GUEST_CR0":"0x1","GUEST_CR3":"0x2"},{"GUEST_CR0":"0x3"}]');
  assert.deepEqual(r.dumps.map((d) => [d.format, d.fields.map((f) => [f.name, f.value])]), [
    ['json', [['GUEST_CR0', 1n], ['GUEST_CR3', 2n]]],
    ['json', [['GUEST_CR0', 3n]]],
  ]);
  assert.equal(r.summary.dumps, 2);
});

test('JSON: the same field twice (by name and by encoding) -> conflicting-values when the values differ', () => {
  let r = annotate('{"GUEST_CR0":"1","0x6800":"2"}');
  assert.equal(r.dumps.length, 1);
  assert.deepEqual(r.dumps[0].fields.map((f) => [f.name, f.flags]), [['GUEST_CR0', ['conflicting-values']]]);
  assert.deepEqual(allDiagnostics(r), [['conflicting-values', undefined]]);
  r = annotate('{"GUEST_CR0":"1","0x6800":"0x0001"}');
  assert.deepEqual(allDiagnostics(r), []);
});

// [JSON text, expected diagnostic codes]
const JSON_BAD = [
  ['{"NOPE":"1"}', ['unknown-field', 'no-fields']],
  ['{"GUEST_CR0":-1}', ['invalid-json-entry', 'no-fields']],
  ['{"GUEST_CR0":null}', ['invalid-json-entry', 'no-fields']],
  ['{"GUEST_CR0":"zz"}', ['invalid-json-entry', 'no-fields']],
  ['{"GUEST_CR0":1.5}', ['invalid-json-entry', 'no-fields']],
  ['{"GUEST_CR0":""}', ['invalid-json-entry', 'no-fields']],
  ['[{"GUEST_CR0":"1"}, 5]', ['invalid-json']],
  ['{"dumps":[{"fields":[{"value":"0x1"}]}]}', ['invalid-json']],
  ['{}', ['no-fields']],
  ['[]', ['no-fields']],
];

for (const [text, codes] of JSON_BAD) {
  test(`JSON ${text} -> ${codes.join(', ')}`, () => {
    const r = annotate(text);
    assert.deepEqual(allDiagnostics(r).map(([c]) => c), codes);
  });
}

test('JSON: a good entry next to bad ones still comes out', () => {
  const r = annotate('{"GUEST_CR0":"0x1","NOPE_NOPE":"1","GUEST_CR3":null}');
  assert.deepEqual(r.dumps[0].fields.map((f) => f.name), ['GUEST_CR0']);
  assert.deepEqual(r.dumps[0].diagnostics.map((d) => d.code), ['unknown-field', 'invalid-json-entry']);
});

test(
  'JSON with a UTF-8 byte order mark (Windows editors, PowerShell) is read as JSON',
  () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    for (const input of [
      Buffer.concat([bom, Buffer.from('{"GUEST_CR0":"0x1"}')]),
      '\ufeff[{"GUEST_CR0":"0x1"}]',
    ]) {
      for (const format of ['auto', 'json']) {
        const r = annotate(input, { format });
        assert.deepEqual(allDiagnostics(r), [], `${format}: ${JSON.stringify(plain(r.diagnostics))}`);
        assert.deepEqual(r.dumps.map((d) => d.fields.map((f) => [f.name, f.value])), [[['GUEST_CR0', 1n]]]);
      }
    }
  },
);

test('a UTF-8 byte order mark before a text dump is ignored', () => {
  const f = onlyField(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('GUEST_CR0 = 0x1\n')]));
  assert.equal(f.name, 'GUEST_CR0');
});

test('diagnostics are capped at 1000 per dump and outside dumps; the rest are counted', () => {
  let r = annotate('GUEST_CR0 = 1\n' + 'GUEST_RIP = zzz\n'.repeat(1100) + 'GUEST_CR3 = 2\n');
  assert.equal(r.dumps.length, 1);
  const d = r.dumps[0];
  assert.deepEqual(d.fields.map((f) => f.name), ['GUEST_CR0', 'GUEST_CR3']);
  assert.equal(d.diagnostics.length, 1001);
  assert.deepEqual([d.diagnostics.at(-1).code, d.diagnostics.at(-1).args.count], ['too-many-diagnostics', 100]);
  assert.equal(r.summary.errors, 1100, 'every error is counted, shown or not');
  r = annotate('GUEST_RIP = zzz\n'.repeat(1100));
  assert.equal(r.diagnostics.length, 1002, '1000 kept, no-fields (always kept), too-many-diagnostics');
  assert.deepEqual(r.diagnostics.slice(-2).map((x) => x.code), ['no-fields', 'too-many-diagnostics']);
  assert.equal(r.summary.warnings, 1, 'too-many-diagnostics is counted as a warning');
  assert.equal(r.dumps.length, 0);
});

test('format option: pairs never reads JSON; json reports text as invalid-json', () => {
  let r = annotate('{"GUEST_CR0":"0x1"}', { format: 'pairs' });
  assert.equal(r.dumps.length, 0);
  r = annotate('GUEST_CR0 = 1', { format: 'json' });
  assert.deepEqual(allDiagnostics(r).map(([c]) => c), ['invalid-json']);
  r = annotate('{"GUEST_CR0":"0x1"}', { format: 'json', source: 'a.json' });
  assert.equal(r.dumps[0].source, 'a.json');
});

test('the source option is copied to every dump', () => {
  const r = annotate('GUEST_CR0 = 1\nGUEST_CR0 = 2\n', { source: 'x.log' });
  assert.deepEqual(r.dumps.map((d) => d.source), ['x.log', 'x.log']);
  assert.equal(annotate('GUEST_CR0 = 1').dumps[0].source, undefined);
});

test('round trip: the CLI\'s annotate --json output, read again, gives the same fields and values', () => {
  const text = [
    '[    4.120331] myvmm: VM-entry failed, dumping VMCS of vCPU 0',
    '[    4.120340] myvmm: 0x00004000 = 0x0000007f',
    '[    4.120342] myvmm: GUEST_CR0 = 0x80050033',
    '[    4.120344] myvmm: 0x00002800 = 0xffffffff',
    '[    4.120346] myvmm: 0x00002801 = 0xffffffff',
    '[    4.120348] myvmm: 0x00002046 = 0x5',
    '[    4.120350] myvmm: GUEST_ES_SELECTOR = 0x12345',
    '[    4.120352] myvmm: 0x0000201a = 0x1ffffffff',
    '[    4.120354] myvmm: 0x0000201b = 0x2',
    '[    4.120356] myvmm: VIRTUAL_PROCESSOR_ID = 0x0001',
    '',
    'GUEST_RIP = 0xffffffff81000000',
    'HOST_RIP = 0xffffffffc09a444f',
    'VM_EXIT_REASON: 0x0',
    '',
  ].join('\n');
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const p = spawnSync(process.execPath, ['bin/vmcs.js', 'annotate', '--json'], { cwd: ROOT, input: text, encoding: 'utf8', env });
  assert.equal(p.stderr.includes('    at '), false, p.stderr);
  assert.equal(p.status, 1, 'value-too-wide is an error'); // the too-wide selector
  const json = JSON.parse(p.stdout);
  const again = annotate(p.stdout);
  const direct = annotate(text);
  const shape = (r) => r.dumps.map((d) => d.fields.map((f) => [f.encoding, f.name, f.value, [...f.flags].sort()]));
  assert.deepEqual(shape(again), shape(direct));
  assert.ok(again.dumps.every((d) => d.format === 'json'));
  assert.equal(again.dumps.length, json.dumps.length);
  const codes = (r) => r.dumps.map((d) => d.diagnostics.map((x) => x.code).sort());
  assert.deepEqual(codes(again), codes(direct));
  // and a second time round
  const p2 = spawnSync(process.execPath, ['bin/vmcs.js', 'annotate', '--json'], { cwd: ROOT, input: p.stdout, encoding: 'utf8', env });
  assert.deepEqual(shape(annotate(p2.stdout)), shape(direct));
});

// ---------------------------------------------------------------------------------------
// Streaming

function streamed(input, size, options) {
  const a = new Annotator(options);
  const dumps = [];
  for (let i = 0; i < input.length; i += size) dumps.push(...a.write(input.slice(i, i + size)));
  dumps.push(...a.end());
  return { dumps, diagnostics: a.diagnostics, summary: a.summary };
}

const STREAM_INPUTS = {
  'pairs.log': readFileSync(new URL('../examples/pairs.log', import.meta.url), 'utf8'),
  'mixed': `hello\n[ 1.0] vmx: GUEST_CR0 = 1\r\nGuest${NBSP}CR3: 2\nGUEST_CRX = 3\nGUEST_RIP = zzz\n\n0x2800 = 0xffffffff\n0x2801 = 0x1\n0x2046 = 5\nGUEST_ES_SELECTOR = 0x12345\n*** VMCS ***\n0x2800 = 0x1ffffffff\n0x2801 = 0x2\nGUEST_CR0 = 1\nGUEST_CR0 = 2`,
  'json object': '{"GUEST_CR0":"0x80050033","0x681e":"ffff","VM_EXIT_REASON":33}',
  'json array': '[{"GUEST_CR0":"0x1"},{"GUEST_CR0":"0x2","0x2800":"1","0x2801":"2"}]',
  'dmesg': '[   12.345] vmx: GUEST_CR0 = 0x1\n[   12.346] vmx: GUEST_CR3 = 0x2\n',
  'brace text': '{ not json }\nGUEST_CR0 = 1\n',
  'empty': '',
  'blank': '  \n\n',
  'long line': `GUEST_CR0 = 1\n${'y'.repeat(70 * 1024)}\nGUEST_CR3 = 2`,
};

for (const [name, text] of Object.entries(STREAM_INPUTS)) {
  test(`streaming: ${name}, one character and one byte at a time, equals annotate() of the whole`, () => {
    const whole = plain(annotate(text, { source: 's' }));
    assert.deepEqual(plain(streamed(text, 1, { source: 's' })), whole, 'one character at a time');
    assert.deepEqual(plain(streamed(text, 7, { source: 's' })), whole, 'seven characters at a time');
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length < 20000) assert.deepEqual(plain(streamed(bytes, 1, { source: 's' })), whole, 'one byte at a time');
    assert.deepEqual(plain(streamed(bytes, 4096, { source: 's' })), whole, '4 KiB at a time');
  });
}

test('streaming hands out each dump as soon as it is complete', () => {
  const a = new Annotator();
  assert.deepEqual(a.write('GUEST_CR0 = 1\n'), []);
  assert.deepEqual(a.write('GUEST_CR3 = 2\n'), []);
  const first = a.write('\n');
  assert.equal(first.length, 1);
  assert.deepEqual(first[0].fields.map((f) => f.name), ['GUEST_CR0', 'GUEST_CR3']);
  assert.deepEqual(a.write('GUEST_CR0 = 3\n'), []);
  const last = a.end();
  assert.equal(last.length, 1);
  assert.equal(a.summary.dumps, 2);
});

test(
  'streaming bytes: a NUL after the 64th line is reported as binary-input like annotate() of the whole buffer',
  () => {
    const text = Array.from({ length: 100 }, (_, i) => `GUEST_CR0 = ${i.toString(16)}\n`).join('') + 'x\0y\n';
    const bytes = Buffer.from(text);
    const whole = annotate(bytes);
    assert.ok(whole.diagnostics.some((d) => d.code === 'binary-input'));
    assert.deepEqual(plain(streamed(bytes, 64, {})), plain(whole));
  },
);

// ---------------------------------------------------------------------------------------
// Unknown identifiers outside a dump, and what reaches the terminal

test('outside a dump, unknown identifiers are skipped and counted, whatever they look like', () => {
  const r = annotate('kvm_intel: 1\nsome_func = 0x10\n\nGUEST_CRX = 0x1\n\nGUEST_RIP = 0x5\n');
  assert.deepEqual(allDiagnostics(r), []);
  assert.deepEqual([r.summary.skipped, r.summary.unknownSkipped], [5, 3]);
  assert.equal(r.dumps[0].fields[0].name, 'GUEST_RIP');
});

test('a NAME = value line just before a pairs dump is a line of it: reported there, with suggestions', () => {
  const r = annotate('GUEST_CRX = 0x1\nGUEST_RIP = 0x5\n');
  assert.deepEqual(allDiagnostics(r), [['unknown-field', 1]]);
  assert.deepEqual(r.dumps[0].diagnostics[0].args.suggestions.slice(0, 1), ['GUEST_CR0']);
  assert.deepEqual([r.dumps[0].firstLine, r.dumps[0].lastLine], [1, 2]);
});

test('messages show control characters from the input escaped, never raw', async () => {
  const { formatMessage } = await import('../dist/index.js');
  const r = annotate('GUEST_CR0 = 1\nGUEST_RIP = \u001b[31mzz\n');
  const d = r.dumps[0].diagnostics.find((x) => x.code === 'unknown-field' || x.code === 'invalid-value');
  assert.ok(d, JSON.stringify(r.dumps[0].diagnostics));
  assert.doesNotMatch(formatMessage(d), /\u001b/);
});

// A log captured from a terminal keeps its colours (`dmesg --color=always`, `journalctl` into a
// file through `script`, a CI log saved raw): CSI sequences carry no value, and left in they glued
// to the label after them (the CR0 line's `shadow=` was read as IA32_SPEC_CTRL_SHADOW, a pairs
// line was skipped without a word). Each line is read without them, in any chunking.
const E = '\u001b';
const ANSI = [
  ['a coloured pairs line inside a pairs dump', `GUEST_RIP = 0x1\n${E}[31mGUEST_RSP = 0x5${E}[0m\nGUEST_CR0 = 0x80050033\n`, 'GUEST_RIP 1@1 GUEST_RSP 5@2 GUEST_CR0 80050033@3'],
  ['a coloured KVM guest line', `*** Guest State ***\n${E}[31mCR0: actual=0x0000000080050033, shadow=0x0000000080050033, gh_mask=fffffffffffffff7${E}[0m\n`, 'CR0_GUEST_HOST_MASK fffffffffffffff7@2 CR0_READ_SHADOW 80050033@2 GUEST_CR0 80050033@2'],
  ["dmesg --color=always (the time in green, the facility in yellow)", `${E}[32m[   10.100000] ${E}[0m${E}[33mkvm_intel: ${E}[0m*** Guest State ***\n${E}[32m[   10.100001] ${E}[0m${E}[33mkvm_intel: ${E}[0mRSP = 0xffffc90000003f08  RIP = 0xffffffff8100a5c2\n`, 'GUEST_RSP ffffc90000003f08@2 GUEST_RIP ffffffff8100a5c2@2'],
  ['bold and erase-line codes, a value between them', `GUEST_CR3 = ${E}[1m0x1000${E}[22m${E}[K\nGUEST_CR4 = 0x2020\n`, 'GUEST_CR3 1000@1 GUEST_CR4 2020@2'],
];
for (const [what, text, want] of ANSI) {
  test(`terminal colours in the input are no part of a line: ${what}`, () => {
    const show = (r) => r.dumps.flatMap((d) => d.fields.map((f) => `${f.name} ${f.value.toString(16)}@${f.line}`)).sort().join(' ');
    const whole = annotate(text);
    assert.equal(show(whole), want.split(' ').reduce((a, x, i, all) => (i % 2 ? a : [...a, `${x} ${all[i + 1]}`]), []).sort().join(' '));
    assert.deepEqual([...whole.diagnostics, ...whole.dumps.flatMap((d) => d.diagnostics)].map((d) => d.code), []);
    // byte by byte: an ESC and its `[` in different chunks
    const a = new Annotator();
    const dumps = [];
    for (const b of Buffer.from(text)) dumps.push(...a.write(Uint8Array.of(b)));
    dumps.push(...a.end());
    assert.equal(show({ dumps }), show(whole));
  });
}

// UTF-8 cut between chunks: the framing decodes each chunk whole and holds back a sequence cut
// at its end; whatever the chunk size, the text read is the text of the whole input.
test('UTF-8 sequences cut between chunks are read whole (chunk sizes 1 to 7)', () => {
  const text = Buffer.concat([
    Buffer.from('vmx: GUEST_RIP = 0x1\nGUEST_RSP = é€𝄞x\u00a0y\nGUEST_CR3 = \u00ff\u00fe\n'),
    // invalid sequences: a lead byte before ASCII, a 4-byte lead cut by a newline, a lone lead at the end
    Buffer.from([...Buffer.from('GUEST_CR4 = '), 0xe2, 0x82, 0x41, 0xf0, 0x9f, 0x98, 0x0a, 0xc3]),
  ]);
  const whole = plain(annotate(new Uint8Array(text)));
  assert.deepEqual(whole.dumps[0].diagnostics.map((d) => [d.code, d.args.value]), [
    ['invalid-value', 'é€𝄞x\u00a0y'],
    ['invalid-value', '\u00ff\u00fe'],
    ['invalid-value', '\ufffdA\ufffd'],
  ]);
  for (const size of [1, 2, 3, 4, 5, 6, 7]) {
    const a = new Annotator();
    const dumps = [];
    for (let at = 0; at < text.length; at += size) dumps.push(...a.write(new Uint8Array(text.subarray(at, at + size))));
    dumps.push(...a.end());
    assert.deepEqual(plain({ dumps, diagnostics: a.diagnostics, summary: a.summary }), whole, `chunks of ${size} bytes`);
  }
});

// A dump's fields are grouped by type, then by encoding, whatever order they come in; the order
// worked out for one dump is reused for the next only when its fields come in the same order.
test('fields are ordered by type then encoding in every dump, also when the order they come in changes', () => {
  const dumps = [
    ['GUEST_RIP', 'VM_EXIT_REASON', 'PIN_BASED_VM_EXEC_CONTROL', 'HOST_RIP'],
    ['GUEST_RIP', 'VM_EXIT_REASON', 'PIN_BASED_VM_EXEC_CONTROL', 'HOST_RIP'],
    ['HOST_RIP', 'PIN_BASED_VM_EXEC_CONTROL', 'GUEST_RIP', 'VM_EXIT_REASON'],
    ['HOST_RIP', 'GUEST_RIP', 'VM_EXIT_REASON'],
    ['HOST_RIP', 'GUEST_RIP', 'VM_EXIT_REASON', 'GUEST_CR0'],
  ];
  const text = dumps.map((names) => names.map((n, i) => `${n} = 0x${i + 1}`).join('\n')).join('\n\n');
  const r = annotate(text);
  assert.deepEqual(
    r.dumps.map((d) => d.fields.map((f) => f.name)),
    [
      ['PIN_BASED_VM_EXEC_CONTROL', 'VM_EXIT_REASON', 'GUEST_RIP', 'HOST_RIP'],
      ['PIN_BASED_VM_EXEC_CONTROL', 'VM_EXIT_REASON', 'GUEST_RIP', 'HOST_RIP'],
      ['PIN_BASED_VM_EXEC_CONTROL', 'VM_EXIT_REASON', 'GUEST_RIP', 'HOST_RIP'],
      ['VM_EXIT_REASON', 'GUEST_RIP', 'HOST_RIP'],
      ['VM_EXIT_REASON', 'GUEST_CR0', 'GUEST_RIP', 'HOST_RIP'],
    ],
  );
  // values follow their fields (the value of a field met in the same order as before is its own)
  assert.deepEqual(r.dumps[2].fields.map((f) => Number(f.value)), [2, 4, 3, 1]);
});
