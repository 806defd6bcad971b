// Pairs lines that lost values without a word (issue 10: "No value may vanish silently"), each
// read right or reported by line and token:
// 1. encodings and values parted by blanks alone, several pairs on a line (`6800 80050033 6802
//    1234`): only the last pair was read. Every pair is read when each pair's first number is the
//    encoding of a field the table knows and its value fits the field's width (pairs.ts blankRun);
//    numbers no pair takes are reported (unplaced-line).
// 2. a garbled value of several words in a line of several groups (`GUEST_RIP: see below,
//    GUEST_RSP: 0x2`): GUEST_RSP alone, no report. Reported (invalid-value) in every separator form.
// 3. a line of hex digits alone right after a pairs line (`ExceptionBitmap=0` / `0060042`, a value
//    hard-wrapped after its first digit): skipped. Joined when the digits make the field's width up
//    exactly, else reported (unplaced-line).
// Lines constructed for their shape; the vmread(ENC) lines follow the printf formats of SHV and
// XMHF's lhv (`"CPU(0x%02x): vmread(0x%04x) = %016llx\n"`, `"vmread(0x%04x) = %08lx\n"`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { annotate } from '../dist/index.js';

const read = (text) => annotate(text, { bits: false });
/** Fields of every dump as `NAME=hex@line`, dumps apart. */
const fieldsOf = (r) => r.dumps.map((d) => d.fields.map((f) => `${f.name}=${f.value.toString(16)}@${f.line}`).sort());
/** Diagnostics as `code@line`, and the token and value where the code has them. */
const diagsOf = (r) =>
  [...r.dumps.flatMap((d) => d.diagnostics), ...r.diagnostics].map((d) => `${d.code}@${d.line ?? ''}${d.args.token !== undefined ? `(${d.args.token}=${d.args.value})` : d.code === 'unplaced-line' ? `(${d.args.text})` : ''}`);

// [shape, line, fields (one dump), diagnostics]
const RUNS = [
  ['0x encodings and values', '0x6800 0x80050033 0x6802 0x1234', ['GUEST_CR0=80050033@1', 'GUEST_CR3=1234@1'], []],
  ['bare encodings and values', '6800 80050033 6802 1234', ['GUEST_CR0=80050033@1', 'GUEST_CR3=1234@1'], []],
  ['tab-separated columns', '6800\t80050033\t6802\t1234', ['GUEST_CR0=80050033@1', 'GUEST_CR3=1234@1'], []],
  ['8-digit encodings, 16-digit values, three pairs', '0x00006800 0x0000000080050033 0x00006802 0x0000000000001234 0x00004002 0x84006172', ['CPU_BASED_VM_EXEC_CONTROL=84006172@1', 'GUEST_CR0=80050033@1', 'GUEST_CR3=1234@1'], []],
  ['behind a kernel prefix', '[  1.23] vmx: 0x6800 0x80050033 0x6802 0x1234', ['GUEST_CR0=80050033@1', 'GUEST_CR3=1234@1'], []],
  ['behind a word', 'VMCS 6800 80050033 6802 1234', ['GUEST_CR0=80050033@1', 'GUEST_CR3=1234@1'], []],
  ['one number before the pairs: the line\'s prefix (a CPU number), as on a line of one', 'vmx: 4 6800 80050033 6802 1234', ['GUEST_CR0=80050033@1', 'GUEST_CR3=1234@1'], []],
  ['the same field twice: two dumps', '6800 80050033 6800 1', null, []],
  ['two numbers no field takes before a pair (a hex dump row): reported', '0000 0001 0002 0003', ['POSTED_INTR_NV=3@1'], ['unplaced-line@1(0000 0001)']],
  ['two decimal numbers before a pair: reported', '1234 5678 6800 80050033', ['GUEST_CR0=80050033@1'], ['unplaced-line@1(1234 5678)']],
  ['a value wider than its field: no pair, reported', '4002 123456789 6800 1', ['GUEST_CR0=1@1'], ['unplaced-line@1(4002 123456789)']],
  ['a number that is no encoding between pairs: the pairs after it read, the rest reported', '6800 80050033 1111 2222 6802 1234', ['GUEST_CR3=1234@1'], ['unplaced-line@1(6800 80050033 1111 2222)']],
  ['one pair (as before)', '6800 80050033', ['GUEST_CR0=80050033@1'], []],
  // shapes of the same values that were read before, for comparison
  ['ENC: value groups', '6800: 80050033 6802: 1234', ['GUEST_CR0=80050033@1', 'GUEST_CR3=1234@1'], []],
  ['ENC=value groups', 'VMCS 6800=80050033 6802=1234', ['GUEST_CR0=80050033@1', 'GUEST_CR3=1234@1'], []],
  ['vmread ENC -> value', 'vmread 0x6800 -> 0x80050033', ['GUEST_CR0=80050033@1'], []],
  ['[ENC] = value', '[0x6800] = 0x80050033', ['GUEST_CR0=80050033@1'], []],
  // vmread(ENC) = value: SHV's vmcs_print_all() and lhv
  ['SHV: CPU(n): vmread(ENC) = value', 'CPU(0x00): vmread(0x6800) = 0000000080050033', ['GUEST_CR0=80050033@1'], []],
  ['lhv: vmread(ENC) = value', 'vmread(0x6802) = 00001234', ['GUEST_CR3=1234@1'], []],
  ['__vmx_vmread(ENC) = 0xvalue', '__vmx_vmread(0x00006800) = 0x80050033', ['GUEST_CR0=80050033@1'], []],
  ['two calls on a line', 'vmread(0x6800) = 80050033 vmread(0x6802) = 1234', ['GUEST_CR0=80050033@1', 'GUEST_CR3=1234@1'], []],
];

for (const [shape, line, fields, diags] of RUNS) {
  test(`numbers parted by blanks and vmread lines, ${shape}: ${line}`, () => {
    for (const [before, at] of [['from my log:\n', 2], ['GUEST_CR4 = 0x2020\n', 2]]) {
      const r = read(before + line + '\n');
      const got = r.dumps.flatMap((d) => d.fields.filter((f) => f.line === at).map((f) => `${f.name}=${f.value.toString(16)}@1`)).sort();
      if (fields) assert.deepEqual(got, fields, before + line);
      else assert.deepEqual(got, ['GUEST_CR0=1@1', 'GUEST_CR0=80050033@1']);
      // (the expected reports are on the line's own number, 1 alone: here it is line `at`)
      assert.deepEqual(diagsOf(r), diags.map((d) => d.replace('@1', `@${at}`)), before + line);
    }
  });
}

test('SHV: vmread(ENC) = unavailable (a field the CPU does not have) is reported, not dropped', () => {
  const r = read('CPU(0x00): vmread(0x6800) = 0000000080050033\nCPU(0x00): vmread(0x2032) = unavailable\n');
  assert.deepEqual(fieldsOf(r), [['GUEST_CR0=80050033@1']]);
  assert.deepEqual(diagsOf(r), ['invalid-value@2(0x2032=unavailable)']);
});

test('a run line of pairs inside a KVM dump goes the way a line of one pair does (held, junk when the dump goes on)', () => {
  const kvm = '*** Guest State ***\nRSP = 0xffffc90000003f08  RIP = 0xffffffff8100a5c2\n';
  const on = read(kvm + '0x00000000 0x00000001 0x00000002 0x00000003\nRFLAGS=0x00010246         DR7 = 0x0000000000000400\n');
  assert.deepEqual(on.dumps.map((d) => d.format), ['kvm']);
  assert.deepEqual(diagsOf(on), ['unplaced-line@3(0x00000000 0x00000001 0x00000002 0x00000003)']);
});

// [form, line, good fields, garbled token, garbled value]
const GARBLED_WORDS = [
  ['NAME: value, list', 'GUEST_RIP: see below, GUEST_RSP: 0x2', ['GUEST_RSP=2'], 'GUEST_RIP', 'see below'],
  ['NAME=value', 'GUEST_RIP=see below GUEST_RSP=0x2', ['GUEST_RSP=2'], 'GUEST_RIP', 'see below'],
  ['NAME = value', 'GUEST_RIP = see below GUEST_RSP = 0x2', ['GUEST_RSP=2'], 'GUEST_RIP', 'see below'],
  ['NAME:value (glued)', 'GUEST_RIP:see below GUEST_RSP:2', ['GUEST_RSP=2'], 'GUEST_RIP', 'see below'],
  ['NAME -> value', 'GUEST_RIP -> see below GUEST_RSP -> 0x2', ['GUEST_RSP=2'], 'GUEST_RIP', 'see below'],
  ['NAME value (blanks alone)', 'GUEST_RIP see below GUEST_RSP 0x2', ['GUEST_RSP=2'], 'GUEST_RIP', 'see below'],
  ['ENC=value, parentheses', '0x681e=N/A (vmread failed) 0x681c=0x2', ['GUEST_RSP=2'], '0x681e', 'N/A (vmread failed)'],
  ['VMCS[ENC] = value', 'VMCS[0x681e] = not read VMCS[0x681c] = 0x2', ['GUEST_RSP=2'], '0x681e', 'not read'],
  ['SDM titles', 'Guest RIP = see below Guest RSP = 0x2', ['GUEST_RSP=2'], 'Guest RIP', 'see below'],
  ['the last group', 'GUEST_RSP=0x2 GUEST_RIP=see below', ['GUEST_RSP=2'], 'GUEST_RIP', 'see below'],
  ['the last group, a title', 'Guest RSP = 0x2, Guest RIP = see below', ['GUEST_RSP=2'], 'Guest RIP', 'see below'],
  ['the last group, blanks alone', 'GUEST_RSP 0x2 GUEST_RIP see below', ['GUEST_RSP=2'], 'GUEST_RIP', 'see below'],
  ['the middle of three', 'GUEST_RIP=0x1, GUEST_RSP=not available, GUEST_CR0=0x3', ['GUEST_CR0=3', 'GUEST_RIP=1'], 'GUEST_RSP', 'not available'],
  ['behind a kernel prefix', '[   12.345678] vmx: GUEST_RIP=see below GUEST_RSP=0x2 GUEST_CR0=0x80050033', ['GUEST_CR0=80050033', 'GUEST_RSP=2'], 'GUEST_RIP', 'see below'],
];

for (const [form, line, good, token, value] of GARBLED_WORDS) {
  test(`a garbled value of several words in a line of several (${form}): reported, every good value read`, () => {
    for (const [before, at] of [['from my log:\n', 2], ['GUEST_CR4 = 0x2020\n', 2], ['', 1]]) {
      const r = read(before + line + '\n');
      const got = r.dumps.flatMap((d) => d.fields.filter((f) => f.line === at).map((f) => `${f.name}=${f.value.toString(16)}`)).sort();
      assert.deepEqual(got, good, before + line);
      assert.deepEqual(diagsOf(r), [`invalid-value@${at}(${token}=${value})`], before + line);
      assert.equal(r.dumps.length, 1);
    }
  });
}

// Text that holds no garbled group of a field the table knows stays the line's prefix, or other text.
const NOT_GARBLED = [
  ['vmx: exit reason EPT violation, GUEST_RIP=0x1', [['GUEST_RIP=1@1']], []],
  ['foo_bar see it GUEST_RIP=0x1', [['GUEST_RIP=1@1']], []],
  ['myvmm[123]: state: ok now GUEST_RIP = 0x1', [['GUEST_RIP=1@1']], []],
  // a layout table's JSON (sample 51): no value of a dump
  ['[1695220.270065]    "EXCEPTION_BITMAP": [688, ["(null)", {}]],', [], ['no-fields@']],
  // Markdown quoting a field
  ['`PLE` followed by the whole `PLE Gap=` line', [], ['no-fields@']],
];

for (const [line, fields, diags] of NOT_GARBLED) {
  test(`words before a field that hold no garbled group are no group: ${line}`, () => {
    const r = read(line + '\n');
    assert.deepEqual(fieldsOf(r), fields);
    assert.deepEqual(diagsOf(r), diags);
  });
}

// [shape, text, fields per dump, diagnostics, lines skipped]
const HEX_LINES = [
  ['a 32-bit value cut after its first digit (ExceptionBitmap=%08x)', 'ExceptionBitmap=0\n0060042', [['EXCEPTION_BITMAP=60042@1']], [], 0],
  ['a 64-bit value cut in its middle', 'GUEST_RIP=0xffff\nffff81000000', [['GUEST_RIP=ffffffff81000000@1']], [], 0],
  ['a 16-bit value', 'GUEST_CS_SELECTOR = 0x0\n010', [['GUEST_CS_SELECTOR=10@1']], [], 0],
  ['the dump goes on after the joined line', 'ExceptionBitmap=0\n0060042\nGUEST_RIP=0x1', [['EXCEPTION_BITMAP=60042@1', 'GUEST_RIP=1@3']], [], 0],
  ['digits that do not make the width up: reported', 'GUEST_RIP=0x1\n0060042', [['GUEST_RIP=1@1']], ['unplaced-line@2(0060042)'], 1],
  ['a natural-width value printed with 8 digits: not joined (16), reported', 'GUEST_CR0 = 0x8\n0050033', [['GUEST_CR0=8@1']], ['unplaced-line@2(0050033)'], 1],
  ['a value cut in three: the pieces reported', 'GUEST_RIP=0xffff\nffff8100\n0000', [['GUEST_RIP=ffff@1']], ['unplaced-line@2(ffff8100)', 'unplaced-line@3(0000)'], 2],
  ['a full-width value before it: reported', 'GUEST_RIP=0xffffffff81000000\nabcd', [['GUEST_RIP=ffffffff81000000@1']], ['unplaced-line@2(abcd)'], 1],
  ['a blank after the value (no cut there): reported', 'GUEST_RIP=0x1 \n0060042', [['GUEST_RIP=1@1']], ['unplaced-line@2(0060042)'], 1],
  ['after blanks alone and a run', '6800 80050033 6802 12\n34', [['GUEST_CR0=80050033@1', 'GUEST_CR3=12@1']], ['unplaced-line@2(34)'], 1],
  ['after a garbled value: reported', 'GUEST_CR4 = 0x2020\nGUEST_RIP = zz\n0060042', [['GUEST_CR4=2020@1']], ['invalid-value@2(GUEST_RIP=zz)', 'unplaced-line@3(0060042)'], 1],
  // elsewhere, as before
  ['between dumps (a blank line first): a stray number, skipped', 'GUEST_RIP=0x1\n\n0060042', [['GUEST_RIP=1@1']], [], 2],
  ['before any dump: skipped', 'hello\n0060042', [], ['no-fields@'], 2],
  ['after a KVM line: the KVM reader joins it', '*** Control State ***\nExceptionBitmap=0\n0060042', [['EXCEPTION_BITMAP=60042@2']], [], 1],
  ['after a full KVM line: the KVM reader reports it', '*** Guest State ***\nRSP = 0xffffc90000003f08  RIP = 0xffffffff8100a5c2\n0060042', [['GUEST_RIP=ffffffff8100a5c2@2', 'GUEST_RSP=ffffc90000003f08@2']], ['unplaced-line@3(0060042)'], 1],
];

for (const [shape, text, fields, diags, skipped] of HEX_LINES) {
  test(`a line of hex digits alone, ${shape}`, () => {
    const r = read(text + '\n');
    assert.deepEqual(fieldsOf(r), fields);
    assert.deepEqual(diagsOf(r), diags);
    assert.equal(r.summary.skipped, skipped);
  });
}

// The exit status of annotate and check on each case (README "Exit status"): an error
// (invalid-value) is 1, a warning (unplaced-line) leaves annotate at 0.
const bin = new URL('../bin/vmcs.js', import.meta.url).pathname;
const STATUS = [
  ['a run of pairs', '6800 80050033 6802 1234', 0, ['GUEST_CR0', 'GUEST_CR3'], []],
  ['numbers no pair takes', '1234 5678 6800 80050033', 0, ['GUEST_CR0'], ['unplaced-line']],
  ['a garbled value of several words', 'GUEST_RIP: see below, GUEST_RSP: 0x2', 1, ['GUEST_RSP'], ['invalid-value']],
  ['a joined value', 'ExceptionBitmap=0\n0060042', 0, ['EXCEPTION_BITMAP'], []],
  ['a line of digits reported', 'GUEST_RIP=0x1\n0060042', 0, ['GUEST_RIP'], ['unplaced-line']],
];

for (const [shape, text, status, names, codes] of STATUS) {
  test(`CLI annotate --json, ${shape}: exit ${status}, the fields and reports`, () => {
    const r = spawnSync(process.execPath, [bin, 'annotate', '--json', '-'], { input: text + '\n', encoding: 'utf8' });
    assert.equal(r.status, status, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.dumps.flatMap((d) => d.fields.map((f) => f.name)).sort(), names);
    assert.deepEqual([...out.dumps.flatMap((d) => d.diagnostics), ...out.diagnostics].map((d) => d.code), codes);
    // check reports what annotate reports, on standard error
    const c = spawnSync(process.execPath, [bin, 'check', '-'], { input: text + '\n', encoding: 'utf8' });
    for (const code of codes) assert.ok(c.stderr.includes(code === 'invalid-value' ? 'cannot read the value of GUEST_RIP' : 'cannot read this pairs line'), c.stderr);
    if (status === 1) assert.equal(c.status, 1, c.stderr);
  });
}
