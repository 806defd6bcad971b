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
