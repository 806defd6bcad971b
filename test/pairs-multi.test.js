// A pairs line of several NAME sep value groups (issue 10: `GUEST_RIP=0x1 GUEST_RSP=0x2` read only
// the last, a known field lost without a word). Every group of such a line is read when every
// group names a field; a line that names fields beside names no field has is read in a pairs dump
// (the unknown names reported, as on any line of a dump) and, where no pairs dump is open, is
// reported (ambiguous-line, with the fields it names) and its unknown tokens counted: never a
// value dropped silently. The KVM and Xen readers keep their own lines of several fields.
// Lines constructed for their shape (none is a paste).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotate, formatMessage } from '../dist/index.js';

const read = (text) => annotate(text, { bits: false });
/** Fields of every dump as [name, value hex, line], dumps apart. */
const fieldsOf = (r) => r.dumps.map((d) => d.fields.map((f) => [f.name, f.value.toString(16), f.line]).sort((a, b) => a[2] - b[2] || a[0].localeCompare(b[0])));
const diagsOf = (r) => [...r.dumps.flatMap((d) => d.diagnostics), ...r.diagnostics].map((d) => [d.code, d.line ?? null]);

// [shape, line, fields read from it (name, hex value)]: each line alone is one pairs dump
const READ = [
  ['NAME=value NAME=value', 'GUEST_RIP=0x1 GUEST_RSP=0x2', [['GUEST_RIP', '1'], ['GUEST_RSP', '2']]],
  ['NAME = value (blanks around =)', 'GUEST_RIP = 0x1 GUEST_RSP = 0x2', [['GUEST_RIP', '1'], ['GUEST_RSP', '2']]],
  ['NAME: value', 'GUEST_RIP: 0x1 GUEST_RSP: 0x2', [['GUEST_RIP', '1'], ['GUEST_RSP', '2']]],
  ['NAME:value (glued)', 'GUEST_RIP:1 GUEST_RSP:2', [['GUEST_RIP', '1'], ['GUEST_RSP', '2']]],
  ['NAME -> value', 'GUEST_RIP -> 0x1 GUEST_RSP -> 0x2', [['GUEST_RIP', '1'], ['GUEST_RSP', '2']]],
  ['ENC=value', '0x681e=0x1 0x681c=0x2', [['GUEST_RIP', '1'], ['GUEST_RSP', '2']]],
  ['ENC = value, comma list', '0x0000681e = 0x1, 0x0000681c = 0x2;', [['GUEST_RIP', '1'], ['GUEST_RSP', '2']]],
  ['VMCS[ENC] = value', 'VMCS[0x681e] = 0x1 VMCS[0x681c] = 0x2', [['GUEST_RIP', '1'], ['GUEST_RSP', '2']]],
  ['SDM titles (blanks inside the name)', 'Guest RIP = 0x1 Guest RSP = 0x2', [['GUEST_RIP', '1'], ['GUEST_RSP', '2']]],
  ['titles ending in a register name (no QEMU row)', 'I/O RSI=00000003 I/O RDI=00000004', [['IO_RSI', '3'], ['IO_RDI', '4']]],
  ['aliases, lower case', 'exit_reason=0x30 exit_qualification=0x181', [['VM_EXIT_REASON', '30'], ['EXIT_QUALIFICATION', '181']]],
  ['three fields behind a kernel prefix', '[   12.345678] vmx: GUEST_RIP=0x1 GUEST_RSP=0x2 GUEST_CR0=0x80050033', [['GUEST_RIP', '1'], ['GUEST_RSP', '2'], ['GUEST_CR0', '80050033']]],
  ['behind a syslog prefix (its time is no group)', 'Dec  3 09:30:17 host kernel: GUEST_RIP=0x1 GUEST_RSP=0x2', [['GUEST_RIP', '1'], ['GUEST_RSP', '2']]],
  ['behind a `word: N` prefix (first NAME: of another separator)', 'vcpu: 0 GUEST_RIP=0x1 GUEST_RSP=0x2', [['GUEST_RIP', '1'], ['GUEST_RSP', '2']]],
  ['the same field twice (a field seen again starts the next dump)', 'GUEST_RIP=0x1 GUEST_RIP=0x2', [['GUEST_RIP', '1'], ['GUEST_RIP', '2']]],
  ['NAME value NAME value (blanks alone, names with a _)', 'GUEST_RIP 0x1 GUEST_RSP 0x2', [['GUEST_RIP', '1'], ['GUEST_RSP', '2']]],
  ['blanks alone beside a separator', 'GUEST_RIP 0x1 GUEST_RSP=0x2 exit_reason 30', [['GUEST_RIP', '1'], ['GUEST_RSP', '2'], ['VM_EXIT_REASON', '30']]],
  ['a title ending in a name in parentheses (the name alone took the group before for a prefix)', 'GUEST_IA32_EFER=0x1 Virtual-processor identifier (VPID)=0x2', [['GUEST_IA32_EFER', '1'], ['VIRTUAL_PROCESSOR_ID', '2']]],
  // (pairs5: the first group was taken for the prefix of the run of numbers after it, and lost)
  ['names and encodings mixed, blanks alone', 'GUEST_CR0 0x1 0x0000681e 0x2 GUEST_RSP 0x5', [['GUEST_CR0', '1'], ['GUEST_RIP', '2'], ['GUEST_RSP', '5']]],
  ['a name, then bare encodings of 4 digits, blanks alone', 'GUEST_CR0 0x1 6802 1234 681c 2', [['GUEST_CR0', '1'], ['GUEST_CR3', '1234'], ['GUEST_RSP', '2']]],
  ['an encoding, then a name, blanks alone', '0x00006c06 0x1000 HOST_GS_BASE 0x2000', [['HOST_FS_BASE', '1000'], ['HOST_GS_BASE', '2000']]],
  ['hex with the assembler\'s h suffix', 'GUEST_CR0=80050033h GUEST_CR3=0FFFFh', [['GUEST_CR0', '80050033'], ['GUEST_CR3', 'ffff']]],
];

for (const [shape, line, expected] of READ) {
  test(`pairs line of several fields, ${shape}: every field read, on its line`, () => {
    const r = read('from my log:\n' + line + '\n');
    assert.deepEqual(r.dumps.map((d) => d.format), expected.length === 2 && expected[0][0] === expected[1][0] ? ['pairs', 'pairs'] : ['pairs']);
    const got = r.dumps.flatMap((d) => d.fields.map((f) => [f.name, f.value.toString(16), f.line]));
    assert.deepEqual(got.sort(), expected.map(([n, v]) => [n, v, 2]).sort());
    assert.deepEqual(diagsOf(r), []);
    assert.deepEqual([r.summary.unknownReported, r.summary.unknownSkipped], [0, 0]);
    // inside a pairs dump, the same line's fields join it
    const inDump = read('GUEST_CR4 = 0x2020\n' + line + '\n');
    assert.deepEqual(inDump.dumps.flatMap((d) => d.fields.filter((f) => f.line === 2).map((f) => [f.name, f.value.toString(16)])).sort(), expected.map((f) => [...f]).sort());
    assert.equal(inDump.dumps[0].fields.length, 1 + (inDump.dumps.length === 1 ? expected.length : 1));
    assert.deepEqual(diagsOf(inDump), []);
  });
}

// A garbled value in any group of a line of several (issue 10: "No value may vanish silently"): it
// was read as the prefix of the next group's field, or lost the groups before it. It is reported
// (invalid-value, its line, the field as written and the value) and every good value is read.
// [form, line, good fields (name, hex), garbled field's token, garbled value]
const GARBLED = [
  ['NAME=value', 'GUEST_RIP=0xZZ GUEST_RSP=0x2', [['GUEST_RSP', '2']], 'GUEST_RIP', '0xZZ'],
  ['NAME = value', 'GUEST_RIP = 0xZZ GUEST_RSP = 0x2', [['GUEST_RSP', '2']], 'GUEST_RIP', '0xZZ'],
  ['NAME: value, list', 'GUEST_RIP: 0xZZ, GUEST_RSP: 0x2', [['GUEST_RSP', '2']], 'GUEST_RIP', '0xZZ'],
  ['NAME:value (glued)', 'GUEST_RIP:zz GUEST_RSP:2', [['GUEST_RSP', '2']], 'GUEST_RIP', 'zz'],
  ['NAME -> value', 'GUEST_RIP -> zz GUEST_RSP -> 0x2', [['GUEST_RSP', '2']], 'GUEST_RIP', 'zz'],
  ['NAME value (blanks alone)', 'GUEST_RIP 0xzz GUEST_RSP 0x2', [['GUEST_RSP', '2']], 'GUEST_RIP', '0xzz'],
  ['ENC=value', '0x681e=0xzz 0x681c=0x2', [['GUEST_RSP', '2']], '0x681e', '0xzz'],
  ['ENC = value, comma list', '0x0000681e = 0xzz, 0x0000681c = 0x2;', [['GUEST_RSP', '2']], '0x0000681e', '0xzz'],
  ['VMCS[ENC] = value', 'VMCS[0x681e] = 0xzz VMCS[0x681c] = 0x2', [['GUEST_RSP', '2']], '0x681e', '0xzz'],
  ['SDM titles', 'Guest RIP = 0xzz Guest RSP = 0x2', [['GUEST_RSP', '2']], 'Guest RIP', '0xzz'],
  ['aliases, lower case', 'exit_reason=0x3g exit_qualification=0x181', [['EXIT_QUALIFICATION', '181']], 'exit_reason', '0x3g'],
  ['digits before the garble (a value that ends in hex)', 'GUEST_RIP=0x12q4 GUEST_RSP=0x2', [['GUEST_RSP', '2']], 'GUEST_RIP', '0x12q4'],
  ['in the middle of three', 'GUEST_RIP=0x1, GUEST_RSP=<private>, GUEST_CR0=0x3', [['GUEST_RIP', '1'], ['GUEST_CR0', '3']], 'GUEST_RSP', '<private>'],
  ['the last group', 'GUEST_RSP=0x2 GUEST_RIP=0xZZ', [['GUEST_RSP', '2']], 'GUEST_RIP', '0xZZ'],
  ['the last group, blanks alone', 'GUEST_RSP 0x2 GUEST_RIP zz', [['GUEST_RSP', '2']], 'GUEST_RIP', 'zz'],
  ['a 16-digit value before it (an hvext row\'s shape: hvext read the garbled name with that value)', 'GUEST_IA32_PKRS: 0x1000000000000000 GUEST_RIP: ??', [['GUEST_IA32_PKRS', '1000000000000000']], 'GUEST_RIP', '??'],
  // properties.test.js seed -1004999480 (the garbled-line property, 1 run in 6 of the suite): the
  // same with `->` and a title: hvext read `0x…(16) Guest interruptibility state -> ??` as its row
  ['a 16-digit value before a title with `->` (seed -1004999480)', 'Jun 24 17:25:51 host kernel: HLAT_POINTER -> 0x1000000000000000 Guest interruptibility state -> ??', [['HLAT_POINTER', '1000000000000000']], 'Guest interruptibility state', '??'],
  ['a 16-digit value before a title with `->`, a value of words', 'GUEST_IA32_PKRS -> 0x1000000000000000 Guest RIP -> n/a', [['GUEST_IA32_PKRS', '1000000000000000']], 'Guest RIP', 'n/a'],
  // properties.test.js seed -1483172952 (integrate4's suite): blanks alone, a 16-digit value, then a name and a
  // garbled value of punctuation: hvext read `0x…(16) HOST_FS_BASE -` as its row, giving HOST_FS_BASE that value
  ['a 16-digit value before a name, blanks alone, garbage `-` (seed -1483172952)', '    HOST_GS_SELECTOR 0x0 HOST_IA32_FRED_RSP3 0x1000000000000000 HOST_FS_BASE -', [['HOST_GS_SELECTOR', '0'], ['HOST_IA32_FRED_RSP3', '1000000000000000']], 'HOST_FS_BASE', '-'],
  ['a title ending in a name in parentheses after it', 'EOI_EXIT_BITMAP2=0xZZ EPT pointer (EPTP)=0x5', [['EPT_POINTER', '5']], 'EOI_EXIT_BITMAP2', '0xZZ'],
  ['the first of three, behind a kernel prefix', '[   12.345678] vmx: GUEST_RIP=0xZZ GUEST_RSP=0x2 GUEST_CR0=0x80050033', [['GUEST_RSP', '2'], ['GUEST_CR0', '80050033']], 'GUEST_RIP', '0xZZ'],
  // (pairs5: `no-fields`, the readable group lost with the garbled one)
  ['an encoding, then a name with a garbled value, blanks alone', '0x00006c06 0x1000 HOST_FS_BASE zz', [['HOST_FS_BASE', '1000']], 'HOST_FS_BASE', 'zz'],
];

for (const [form, line, good, token, value] of GARBLED) {
  test(`pairs line of several fields, a garbled value (${form}): reported, every good value read`, () => {
    for (const [before, at] of [['from my log:\n', 2], ['GUEST_CR4 = 0x2020\n', 2], ['', 1]]) {
      const r = read(before + line + '\n');
      const got = r.dumps.flatMap((d) => d.fields.filter((f) => f.line === at).map((f) => [f.name, f.value.toString(16)]));
      assert.deepEqual(got.sort(), good.map((g) => [...g]).sort(), before + line);
      const diags = [...r.dumps.flatMap((d) => d.diagnostics), ...r.diagnostics];
      assert.deepEqual(diags.map((d) => [d.code, d.line, d.args.token, d.args.value]), [['invalid-value', at, token, value]], before + line);
      // in the dump its good values open (or join), never left outside it
      assert.equal(r.dumps.length, 1);
      assert.deepEqual(r.dumps[0].diagnostics.map((d) => d.code), ['invalid-value']);
      assert.deepEqual([r.summary.unknownReported, r.summary.unknownSkipped], [0, 0]);
    }
  });
}

// A garbled value of one word on a line of one field, in the forms a name alone does not cover
// (titles, bracketed fields): reported, where it vanished without a word. [line, token, value]
const GARBLED_ONE = [
  ['Guest RIP = zz', 'Guest RIP', 'zz'],
  ['VMCS[0x681e] = zz', '0x681e', 'zz'],
  ['vmcs_read[GUEST_RIP] = ??', 'GUEST_RIP', '??'],
  ['Guest RIP -> <private>', 'Guest RIP', '<private>'],
  ['GUEST_RIP = 0xZZ', 'GUEST_RIP', '0xZZ'],
];

for (const [line, token, value] of GARBLED_ONE) {
  test(`pairs line of one field, a garbled value: reported (${line})`, () => {
    const r = read('GUEST_CR4 = 0x2020\n' + line + '\n');
    assert.deepEqual(fieldsOf(r), [[['GUEST_CR4', '2020', 1]]]);
    assert.deepEqual(r.dumps[0].diagnostics.map((d) => [d.code, d.line, d.args.token, d.args.value]), [['invalid-value', 2, token, value]]);
  });
}

// Text before a field that holds no group of a field the table knows stays the line's prefix:
// nothing reported. [line, fields read]
const NOT_GARBLED = [
  ['vmx: exit reason EPT violation, GUEST_RIP=0x1', [['GUEST_RIP', '1']]],
  ['Dec  3 09:30:17 host kernel: vcpu0: GUEST_RIP=0x1', [['GUEST_RIP', '1']]],
  ['myvmm[123]: state: ok GUEST_RIP = 0x1', [['GUEST_RIP', '1']]],
  ['my_vmm: GUEST_RIP 0x1', [['GUEST_RIP', '1']]],
  ['foo_bar zz GUEST_RIP=0x1', [['GUEST_RIP', '1']]],
];

for (const [line, fields] of NOT_GARBLED) {
  test(`a prefix that holds no garbled group of a known field is no group: ${line}`, () => {
    const r = read(line + '\n');
    assert.deepEqual(r.dumps.flatMap((d) => d.fields.map((f) => [f.name, f.value.toString(16)])), fields);
    assert.deepEqual(diagsOf(r), []);
  });
}

// [shape, text, fields per dump, diagnostics [code, line], unknownReported, unknownSkipped]
const MIXED = [
  [
    'in a pairs dump: the fields read, the unknown name reported',
    'GUEST_CR0 = 0x80050033\nGUEST_RIP=0x1 MY_COUNTER=0x5\nGUEST_CR4 = 0x2020',
    [[['GUEST_CR0', '80050033', 1], ['GUEST_RIP', '1', 2], ['GUEST_CR4', '2020', 3]]],
    [['unknown-field', 2]], 1, 0,
  ],
  [
    'in a pairs dump, the unknown name first',
    'GUEST_CR0 = 0x80050033\nMY_COUNTER=0x5 GUEST_RIP=0x1',
    [[['GUEST_CR0', '80050033', 1], ['GUEST_RIP', '1', 2]]],
    [['unknown-field', 2]], 1, 0,
  ],
  [
    'in a pairs dump, a malformed encoding beside a field: reported as on a line of one',
    'GUEST_CR0 = 0x80050033\nGUEST_RIP=0x1 0x6801=0x5',
    [[['GUEST_CR0', '80050033', 1], ['GUEST_RIP', '1', 2]]],
    [['high-access-not-64bit', 2]], 0, 0,
  ],
  [
    "outside a dump (a user's summary): no dump, the line reported, its unknown tokens counted",
    'from my log:\nexit_reason=0x30 qualification=0x181 gpa=0xfee00000',
    [],
    [['ambiguous-line', 2], ['no-fields', null]], 0, 2,
  ],
  [
    'after a pairs dump and a blank line: not in the dump, reported',
    'GUEST_CR0 = 0x80050033\n\nGUEST_RIP=0x1 foo_bar=0x2',
    [[['GUEST_CR0', '80050033', 1]]],
    [['ambiguous-line', 3]], 0, 1,
  ],
  [
    'between the lines of a KVM dump: the dump goes on, the line reported once (ambiguous-line; the KVM reader left it to pairs)',
    '*** Guest State ***\nCR0: actual=0x0000000080050033, shadow=0x0000000060000010, gh_mask=fffffffffffffff7\nGUEST_RIP=0x1 MY_COUNTER=0x5\nRSP = 0xffffc90000003f08  RIP = 0xffffffff8100a5c2',
    [[['CR0_GUEST_HOST_MASK', 'fffffffffffffff7', 2], ['CR0_READ_SHADOW', '60000010', 2], ['GUEST_CR0', '80050033', 2], ['GUEST_RIP', 'ffffffff8100a5c2', 4], ['GUEST_RSP', 'ffffc90000003f08', 4]]],
    [['ambiguous-line', 3]], 0, 1,
  ],
  [
    'just before a pairs dump\'s first field: read into that dump, its unknown names reported',
    'from my log:\nexit_reason=0x30 qualification=0x181 gpa=0xfee00000\nGUEST_RIP = 0x1\nGUEST_RSP = 0x2',
    [[['VM_EXIT_REASON', '30', 2], ['GUEST_RIP', '1', 3], ['GUEST_RSP', '2', 4]]],
    [['unknown-field', 2], ['unknown-field', 2]], 2, 0,
  ],
  [
    'two of them just before a pairs dump: both read into it',
    'exit_reason=0x30 foo_bar=0x1\nGUEST_RIP=0x1 my_counter=0x5\nGUEST_RSP = 0x2',
    [[['VM_EXIT_REASON', '30', 1], ['GUEST_RIP', '1', 2], ['GUEST_RSP', '2', 3]]],
    [['unknown-field', 1], ['unknown-field', 2]], 2, 0,
  ],
  [
    'a blank line between it and the pairs dump: not the dump\'s, reported',
    'exit_reason=0x30 qualification=0x181\n\nGUEST_RIP = 0x1',
    [[['GUEST_RIP', '1', 3]]],
    [['ambiguous-line', 1]], 0, 1,
  ],
  [
    'other text between it and the pairs dump: not the dump\'s, reported',
    'exit_reason=0x30 qualification=0x181\nsee the log above\nGUEST_RIP = 0x1',
    [[['GUEST_RIP', '1', 3]]],
    [['ambiguous-line', 1]], 0, 1,
  ],
  [
    'followed by no pairs dump (a KVM dump): reported, as before',
    'exit_reason=0x30 qualification=0x181\n*** Guest State ***\nRSP = 0xffffc90000003f08  RIP = 0xffffffff8100a5c2',
    [[['GUEST_RIP', 'ffffffff8100a5c2', 3], ['GUEST_RSP', 'ffffc90000003f08', 3]]],
    [['ambiguous-line', 1]], 0, 1,
  ],
  [
    'its field seen again on the next line: two dumps, as inside a dump',
    'GUEST_RIP=0x1 foo_bar=0x2\nGUEST_RIP = 0x5',
    [[['GUEST_RIP', '1', 1]], [['GUEST_RIP', '5', 2]]],
    [['unknown-field', 1]], 1, 0,
  ],
  [
    'with a garbled value too, just before a pairs dump: the garble reported in the dump',
    'GUEST_RIP=0xZZ foo_bar=0x2 GUEST_CR0=0x80050033\nGUEST_RSP = 0x2',
    [[['GUEST_CR0', '80050033', 1], ['GUEST_RSP', '2', 2]]],
    [['invalid-value', 1], ['unknown-field', 1]], 1, 0,
  ],
  [
    'inside a KVM dump, just before a pairs line: the KVM dump ends, the line is the pairs dump\'s',
    '*** Guest State ***\nCR0: actual=0x0000000080050033, shadow=0x0000000060000010, gh_mask=fffffffffffffff7\nGUEST_RIP=0x1 MY_COUNTER=0x5\nGUEST_RSP = 0x2',
    [[['CR0_GUEST_HOST_MASK', 'fffffffffffffff7', 2], ['CR0_READ_SHADOW', '60000010', 2], ['GUEST_CR0', '80050033', 2]], [['GUEST_RIP', '1', 3], ['GUEST_RSP', '2', 4]]],
    [['unknown-field', 3]], 1, 0,
  ],
  [
    'no group names a field (an oops line): no pairs line at all, counted as before',
    'from my log:\nRSP: 002b:00007ffd9d2c5e48 EFLAGS: 00000246 ORIG_RAX: 0000000000000010',
    [],
    [['no-fields', null]], 0, 3,
  ],
  [
    'RIP=… RSP=… (no field is called RIP: QEMU calls its registers so, KVM prints `RIP = 0x…`): counted',
    'from my log:\nRIP=0x1 RSP=0x2',
    [],
    [['no-fields', null]], 0, 2,
  ],
];

for (const [shape, text, fields, diagnostics, reported, skipped] of MIXED) {
  test(`pairs line of fields and unknown names, ${shape}`, () => {
    const r = read(text + '\n');
    assert.deepEqual(fieldsOf(r), fields.map((d) => [...d].sort((a, b) => a[2] - b[2] || a[0].localeCompare(b[0]))));
    assert.deepEqual(diagsOf(r).sort(), [...diagnostics].sort());
    assert.deepEqual([r.summary.unknownReported, r.summary.unknownSkipped], [reported, skipped]);
  });
}

test('ambiguous-line names the fields whose values were not read and the names no field has', () => {
  const r = read('exit_reason=0x30 qualification=0x181 gpa=0xfee00000\n');
  const d = r.diagnostics.find((x) => x.code === 'ambiguous-line');
  assert.equal(d.severity, 'warning');
  assert.deepEqual([d.args.fields, d.args.others], [['VM_EXIT_REASON'], ['qualification', 'gpa']]);
  assert.equal(
    formatMessage(d),
    "'exit_reason=0x30 qualification=0x181 gpa=0xfee00000' names VM_EXIT_REASON beside 'qualification', 'gpa', names no field has, and no pairs dump is open: a dump's line, or other text? Not read: the value of VM_EXIT_REASON is not read",
  );
});

// The KVM and Xen readers' own lines of several fields (Linux dump_vmcs(), Xen vmcs_dump_vcpu()):
// right after a pairs line they are still read by the KVM/Xen reader, as in their own dump.
const KERNEL = [
  ['Guest', 'RSP = 0xffffc90000003f08  RIP = 0xffffffff8100a5c2'],
  ['Guest', 'PDPTR0 = 0x0000000000000001  PDPTR1 = 0x0000000000000002'],
  ['Guest', 'DebugCtl = 0x0000000000000001  DebugExceptions = 0x0000000000000002'],
  ['Guest', 'Interruptibility = 00000001  ActivityState = 00000001'],
  ['Guest', 'RFLAGS=0x00010246         DR7 = 0x0000000000000400'],
  ['Host', 'RIP = 0xffffffff8100a5c2  RSP = 0xffffc90000003f08'],
  ['Host', 'CS=0010 SS=0018 DS=0000 ES=0000 FS=0000 GS=0000 TR=0040'],
  ['Host', 'CR0=0000000080050033 CR3=000000010a8d8000 CR4=00000000003726e0'],
  ['Control', 'PinBased=000000ff CPUBased=b5a06dfa SecondaryExec=000027eb'],
  ['Control', 'ExceptionBitmap=00060042 PFECmask=00000000 PFECmatch=00000000'],
  ['Control', 'TSC Offset = 0xfffffffc0de1a1b2  TSC Multiplier = 0x0001000000000000'],
  ['Control', 'TPR Threshold = 0x00 PostedIntrVec = 0xf2'],
  ['Control', 'EPT pointer = 0x000000010a8d801e EPTP index = 0x0001'],
  ['Control', 'PLE Gap=00000080 Window=00001000'],
  ['Control', 'Virtual processor ID = 0x0001 VMfunc controls = 0000000000000001'],
];

for (const [section, line] of KERNEL) {
  test(`a KVM/Xen line of several fields stays the KVM/Xen reader's after a pairs line: ${line.slice(0, 40)}`, () => {
    const own = read(`*** ${section} State ***\n${line}\n`);
    const after = read(`GUEST_CR0 = 0x80050033\n${line}\n`);
    const ofLine2 = (r) => r.dumps.flatMap((d) => d.fields.filter((f) => f.line === 2).map((f) => `${d.format}:${f.name}=${f.value.toString(16)}`)).sort();
    assert.ok(ofLine2(own).length >= 2, ofLine2(own).join(' '));
    assert.ok(ofLine2(own).every((f) => f.startsWith('kvm:')));
    assert.deepEqual(ofLine2(after), ofLine2(own));
  });
}

test('a mixed line read into the pairs dump after it: the dump starts on its line, its counts are those of a dump line', () => {
  const r = read('from my log:\nexit_reason=0x30 qualification=0x181\nGUEST_RIP = 0x1\n');
  assert.deepEqual([r.dumps.length, r.dumps[0].firstLine, r.dumps[0].lastLine], [1, 2, 3]);
  // no ambiguous-line left behind, the line not skipped, its unknown token reported (not counted as skipped)
  assert.deepEqual([r.summary.skipped, r.summary.warnings, r.summary.unknownReported, r.summary.unknownSkipped], [1, 0, 1, 0]);
  assert.deepEqual(r.dumps[0].diagnostics.map((d) => [d.code, d.args.token, d.args.suggestions]), [['unknown-field', 'qualification', ['EXIT_QUALIFICATION']]]);
});

// One line, one diagnostic per problem: a mixed line inside a KVM dump was reported by the KVM
// reader (unplaced-line) and by the pairs side (ambiguous-line). The JSON diagnostics list of
// annotate and of check, for the dump and the input as a whole.
test('CLI: a mixed line inside a KVM dump is reported once, in annotate --json and check --json alike', async () => {
  const { spawnSync } = await import('node:child_process');
  const bin = new URL('../bin/vmcs.js', import.meta.url).pathname;
  const text = '*** Guest State ***\nCR0: actual=0x0000000080050033, shadow=0x0000000060000010, gh_mask=fffffffffffffff7\nGUEST_RIP=0x1 MY_COUNTER=0x5\nRSP = 0xffffc90000003f08  RIP = 0xffffffff8100a5c2\n';
  for (const cmd of ['annotate', 'check']) {
    const r = spawnSync(process.execPath, [bin, cmd, '--json', '-'], { input: text, encoding: 'utf8' });
    const out = JSON.parse(r.stdout);
    const all = [...out.dumps.flatMap((d) => d.diagnostics), ...out.diagnostics];
    assert.deepEqual(all.filter((d) => d.line === 3).map((d) => d.code), ['ambiguous-line'], cmd);
    assert.deepEqual(all.map((d) => d.code), ['ambiguous-line'], cmd);
  }
});

test('every SDM title is found after other words on its line (a value, and a garbled value), as the whole title', async () => {
  const { readFileSync } = await import('node:fs');
  const table = JSON.parse(readFileSync(new URL('../fields.json', import.meta.url), 'utf8'));
  for (const f of table.fields) {
    if (!f.title) continue;
    const ok = annotate(`[ 12.3] some_driver: x y ${f.title} = 0x1\n`);
    assert.deepEqual(ok.dumps.map((d) => d.fields.map((x) => x.encoding)), [[Number(f.encoding)]], f.title);
    const bad = annotate(`[ 12.3] some_driver: ${f.title} = zz\n`);
    const codes = [...bad.diagnostics, ...bad.dumps.flatMap((d) => d.diagnostics)].map((d) => d.code);
    assert.ok(codes.includes('invalid-value'), `${f.title}: garbled value reported (${codes})`);
  }
});
