// bhyve's `vm exit[N]` block (usr.sbin/bhyve/bhyverun.c vmexit_vmx(), the same in xhyve and
// hyperkit) and hyperkit's hvdump() (moby/hyperkit src/lib/vmm/intel/vmx.c), one row per line shape,
// built from the printf formats (the real pastes are samples 75-85). Each row: the input, the dumps
// read (`NAME=hex@line` per field, `|` between dumps), and the notes expected by label.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotate, checkDump, formatMessage } from '../dist/index.js';

const T = '\t';
/** the block as bhyverun.c prints it, with `pre` before every line */
const block = (pre, v) => [
  `${pre}vm exit[${v.cpu ?? 0}]`,
  `${pre}${T}reason${T}${T}${v.reason ?? 'VMX'}`,
  `${pre}${T}rip${T}${T}0x${(v.rip ?? '9e019').padStart(16, '0')}`,
  `${pre}${T}inst_length${T}${v.len ?? 3}`,
  `${pre}${T}status${T}${T}${v.status ?? 0}`,
  `${pre}${T}exit_reason${T}${v.reason_ ?? 33}`,
  `${pre}${T}qualification${T}0x${(v.qual ?? '0').padStart(16, '0')}`,
  `${pre}${T}inst_type${T}${T}${v.type ?? 0}`,
  `${pre}${T}inst_error${T}${T}${v.error ?? 0}`,
];
/** an hvdump() line: the name and its colon padded to column 31, the value as 0x%016llx */
const hv = (pre, name, hex) => `${pre}${(name + ':').padEnd(31)}0x${hex.padStart(16, '0')}`;
/** TABs expanded to 8-column stops, as a terminal shows them */
const expand = (l) => { let o = ''; for (const c of l) o += c === T ? ' '.repeat(8 - (o.length % 8)) : c; return o; };
const BASE = 'GUEST_RIP=9e019@3 VM_EXIT_INSTRUCTION_LEN=3@4 VM_EXIT_REASON=21@6 EXIT_QUALIFICATION=0@7';

const CASES = [
  ['the block, no prefix', block('', {}), BASE, ['reason', 'status', 'exit_reason', 'inst_type', 'inst_error']],
  ['syslog prefix', block('Feb 27 10:22:15 host Docker[92529]: ', {}), BASE, []],
  ['log show prefix (blank, then the TAB)', block('2018-01-22 21:52:58.396408+0100  localhost com.docker.driver.amd64-linux[57043]: ', {}), BASE, []],
  ['exit reason with its description, decimal', block('', { reason_: '48 (EPT violation)', qual: '184' }), 'GUEST_RIP=9e019@3 VM_EXIT_INSTRUCTION_LEN=3@4 VM_EXIT_REASON=30@6 EXIT_QUALIFICATION=184@7', []],
  ['TABs turned into blanks, after the header', block('', { reason_: 28, qual: '10030' }).map((l) => l.replace(/\t+/g, '    ')), 'GUEST_RIP=9e019@3 VM_EXIT_INSTRUCTION_LEN=3@4 VM_EXIT_REASON=1c@6 EXIT_QUALIFICATION=10030@7', []],
  // without the header and the TABs, bhyve's lines tell themselves by their shape (bhyve-exit.ts):
  // the value where the TABs put it, a label only bhyve prints, `reason VMX`, a described exit reason;
  // then the block's next labels in order (was: read as pairs lines, exit_reason 33 as 0x33)
  ['blanks without the header, 4 for each TAB: `reason VMX` starts the block', block('', {}).slice(1).map((l) => l.replace(/\t+/g, '    ')), 'GUEST_RIP=9e019@2 VM_EXIT_INSTRUCTION_LEN=3@3 VM_EXIT_REASON=21@5 EXIT_QUALIFICATION=0@6', ['reason', 'status', 'inst_type']],
  ['TABs expanded to 8 columns, no header', block('', {}).slice(1).map(expand), 'GUEST_RIP=9e019@2 VM_EXIT_INSTRUCTION_LEN=3@3 VM_EXIT_REASON=21@5 EXIT_QUALIFICATION=0@6', []],
  ['TABs expanded, an excerpt from exit_reason on (the value 16 columns after the label)', block('', { reason_: 48, qual: '181' }).slice(5).map(expand), 'VM_EXIT_REASON=30@1 EXIT_QUALIFICATION=181@2', ['exit_reason']],
  ['TABs expanded behind 8 blanks (a terminal copy), from qualification on', block('', { qual: '3' }).slice(6).map(expand).map((l) => '        ' + l), 'EXIT_QUALIFICATION=3@1', ['inst_type', 'inst_error']],
  ['one blank for the TABs (a web page), from inst_length on: its own labels tell', block('', {}).slice(3).map((l) => l.replace(/^\t/, '').replace(/\t+/g, ' ')), 'VM_EXIT_INSTRUCTION_LEN=3@1 VM_EXIT_REASON=21@3 EXIT_QUALIFICATION=0@4', ['status']],
  ['one blank, the exit reason with its description: bhyve\'s, decimal', ['exit_reason 48 (EPT violation)', 'qualification 0x0000000000000181'], 'VM_EXIT_REASON=30@1 EXIT_QUALIFICATION=181@2', []],
  ['TAB layout without the header (a cut paste)', block('', {}).slice(2), 'GUEST_RIP=9e019@1 VM_EXIT_INSTRUCTION_LEN=3@2 VM_EXIT_REASON=21@4 EXIT_QUALIFICATION=0@5', []],
  ['raw-mode terminal staircase', block('', {}).map((l, i) => ' '.repeat(i * 7) + l), BASE, []],
  ['VMfailValid: exit_reason and qualification ~0 are notes, inst_error the VM-instruction error',
    block('', { status: 2, reason_: 4294967295, qual: 'ffffffffffffffff', type: 1, error: 7, len: 0 }),
    'GUEST_RIP=9e019@3 VM_EXIT_INSTRUCTION_LEN=0@4 VM_INSTRUCTION_ERROR=7@9', ['exit_reason', 'qualification']],
  ['VMfailInvalid: inst_error not read', block('', { status: 1, reason_: 4294967295, qual: 'ffffffffffffffff', type: 2 }), 'GUEST_RIP=9e019@3 VM_EXIT_INSTRUCTION_LEN=3@4', ['inst_error']],
  ['an AMD host (reason SVM): notes only', [block('', {})[0], `${T}reason${T}${T}SVM`, `${T}rip${T}${T}0x0000000000001000`, `${T}inst_length${T}2`], '', ['reason', 'rip', 'inst_length']],
  ['EPT misconfiguration lines', [...block('', { reason_: 49 }), `${T}EPT misconfiguration:`, `${T}${T}GPA: 0xfee00000`, `${T}${T}PTE(4): 0x1 0x2 0x3 0x4`],
    'GUEST_RIP=9e019@3 VM_EXIT_INSTRUCTION_LEN=3@4 VM_EXIT_REASON=31@6 EXIT_QUALIFICATION=0@7 GUEST_PHYSICAL_ADDRESS=fee00000@11', ['EPT misconfiguration', 'PTE(4)']],
  ['two vCPUs: two dumps', [...block('', {}), ...block('', { cpu: 1, rip: 'fff0' })], `${BASE} | GUEST_RIP=fff0@12 VM_EXIT_INSTRUCTION_LEN=3@13 VM_EXIT_REASON=21@15 EXIT_QUALIFICATION=0@16`, []],
  ['the block then hvdump(): one dump', [...block('', {}), hv('', 'VMCS_PIN_BASED_CTLS', '3f'), hv('', 'VMCS_GUEST_LDTR_ACCESS_RIGHTS', '1c000')],
    `${BASE} PIN_BASED_VM_EXEC_CONTROL=3f@10 GUEST_LDTR_AR_BYTES=1c000@11`, []],
  ['hvdump() first, the block without header interleaved: one dump',
    [hv('', 'VMCS_PIN_BASED_CTLS', '3f'), `${T}rip${T}${T}0x0000000000001000`, 'COM1 linked to /dev/ttys001', hv('', 'VMCS_PRI_PROC_BASED_CTLS', 'b5186dfa'), `${T}exit_reason${T}33`],
    'PIN_BASED_VM_EXEC_CONTROL=3f@1 GUEST_RIP=1000@2 CPU_BASED_VM_EXEC_CONTROL=b5186dfa@4 VM_EXIT_REASON=21@5', []],
  ["hvdump()'s IDTR lines are the LDTR's limit and base",
    [hv('', 'VMCS_GUEST_GDTR_BASE', 'ffff88033fc09000'), hv('', 'VMCS_GUEST_IDTR_LIMIT', 'ffffffff'), hv('', 'VMCS_GUEST_IDTR_BASE', '0')],
    'GUEST_GDTR_BASE=ffff88033fc09000@1 GUEST_LDTR_LIMIT=ffffffff@2 GUEST_LDTR_BASE=0@3', ['VMCS_GUEST_IDTR_LIMIT', 'VMCS_GUEST_IDTR_BASE']],
  ['LDTR printed before the mislabelled IDTR lines: no second dump',
    [hv('', 'VMCS_GUEST_LDTR_LIMIT', 'ffffffff'), hv('', 'VMCS_GUEST_LDTR_BASE', '0'), hv('', 'VMCS_GUEST_IDTR_LIMIT', 'ffffffff'), hv('', 'VMCS_GUEST_IDTR_BASE', '0')],
    'GUEST_LDTR_LIMIT=ffffffff@1 GUEST_LDTR_BASE=0@2', ['VMCS_GUEST_IDTR_LIMIT', 'VMCS_GUEST_IDTR_BASE']],
  ['hvdump() registers after its fields: rip and rfl are VMCS fields, the rest notes',
    [hv('', 'VMCS_GUEST_CR0', '80050033'), 'rip: 0xffffffff81841afd rfl: 0x0000000000010083 cr2: 0xffff88033fc04ff8',
      'r12: 0x0000000000000001 r13: 0x0000000000000001 r14: 0x0000000000000000 r15: 0x0000000000000000'],
    'GUEST_CR0=80050033@1 GUEST_RIP=ffffffff81841afd@2 GUEST_RFLAGS=10083@2', ['cr2', 'r12']],
  ['rip in the block and again in hvdump(): one field, then a note',
    [...block('', {}), hv('', 'VMCS_GUEST_CR0', '30'), 'rip: 0x000000000009e019 rfl: 0x0000000000000002 cr2: 0x0000000000000000'],
    `${BASE} GUEST_CR0=30@10 GUEST_RFLAGS=2@11`, ['rip']],
  ['hvdump() again: a second dump', [hv('', 'VMCS_GUEST_CR0', '30'), hv('', 'VMCS_GUEST_CR3', '0'), hv('', 'VMCS_GUEST_CR0', '31')], 'GUEST_CR0=30@1 GUEST_CR3=0@2 | GUEST_CR0=31@3', []],
];

for (const [name, lines, want, notes, errorCodes = []] of CASES) {
  test(`bhyve vm exit / hyperkit hvdump: ${name}`, () => {
    const r = annotate(lines.join('\n') + '\n', { bits: false });
    // fields in encoding order: compare as sorted lists; only the bhyve dumps (a row may leave lines to pairs)
    const sorted = (s) => s.split(' ').filter(Boolean).sort().join(' ');
    const got = r.dumps.filter((d) => d.format === 'bhyve').map((d) => sorted(d.fields.map((f) => `${f.name}=${f.value.toString(16)}@${f.line}`).join(' '))).join(' | ');
    assert.equal(got, want.split(' | ').map(sorted).join(' | '));
    const labels = r.dumps.flatMap((d) => (d.notes ?? []).map((n) => n.label));
    for (const n of notes) assert.ok(labels.includes(n), `note ${n} in ${labels.join(', ')}`);
    const errors = [...r.diagnostics, ...r.dumps.flatMap((d) => d.diagnostics)].filter((x) => x.severity === 'error');
    assert.deepEqual(errors.map((e) => e.code), errorCodes);
  });
}

test('a `VMCS_NAME: value` line of another program (not padded to column 31) stays with the pairs reader', () => {
  const r = annotate('VMCS_GUEST_CR0: 0x80050033\nVMCS_GUEST_IDTR_LIMIT: 0xfff\n', { bits: false });
  assert.equal(r.dumps.length, 1);
  assert.equal(r.dumps[0].format, 'pairs');
  assert.ok(r.dumps[0].fields.some((f) => f.name === 'GUEST_CR0' && f.value === 0x80050033n));
  assert.ok(r.dumps[0].fields.some((f) => f.name === 'GUEST_IDTR_LIMIT' && f.value === 0xfffn));
});

test('`status` / `rip` words in prose or a table are not a block; `exit_reason 33` alone is reported as ambiguous, never read as 0x33', () => {
  const r = annotate('status 0\nrip 0x1000\nexit_reason 33\n', { bits: false });
  assert.equal(r.dumps.filter((d) => d.format === 'bhyve').length, 0);
  assert.ok(r.dumps.every((d) => !d.fields.some((f) => f.name === 'VM_EXIT_REASON')));
  const amb = [...r.diagnostics, ...r.dumps.flatMap((d) => d.diagnostics)].filter((d) => d.code === 'ambiguous-number');
  assert.deepEqual(amb.map((d) => [d.line, d.severity, d.args.value, d.args.decimal]), [[3, 'warning', '33', '21']]);
  assert.match(formatMessage(amb[0]), /^'exit_reason 33' is bhyve's exit_reason in decimal \(33, 0x21\) or another print's NAME value in hex \(0x33\)/);
  // [lines, the exit reason read (undefined: none), ambiguous lines]
  for (const [lines, reason, ambiguous] of [
    [['exit_reason 28'], undefined, [1]],
    [['  exit_reason 28', '  qualification 0x10030'], undefined, [1]],
    [['exit_reason     28'], 0x1cn, []], // TABs expanded: bhyve's
    [['        exit_reason     28', '        qualification   0x0000000000010030'], 0x1cn, []],
    [['exit_reason = 28'], 0x28n, []], // a pairs line: `=` says so
    [['exit_reason 0x1c'], 0x1cn, []],
    [['        inst_length     3', '        status          0', '        exit_reason 28'], 0x1cn, []], // in order in the block
  ]) {
    const t = annotate(lines.join('\n') + '\n', { bits: false });
    const f = t.dumps.flatMap((d) => d.fields).find((x) => x.name === 'VM_EXIT_REASON');
    assert.equal(f?.value, reason, lines.join(' / '));
    assert.deepEqual([...t.diagnostics, ...t.dumps.flatMap((d) => d.diagnostics)].filter((d) => d.code === 'ambiguous-number').map((d) => d.line), ambiguous, lines.join(' / '));
  }
});

// check: a dump that prints only bits 15:0 of the exit reason (bhyve masks the field with 0xffff)
// still records a VM-entry failure when the basic reason is 33, 34 or 41 (SDM Appendix C: these
// reasons are given by VM-entry failures only); a value with other high bits but no bit 31 is not one.
const RECORDED = [
  ['bhyve block, exit_reason 33', block('', {}).join('\n'), 'exit-33', 0x21],
  ['bhyve block, exit_reason 34', block('', { reason_: 34, qual: '2' }).join('\n'), 'exit-34', 0x22],
  ['bhyve block, exit_reason 48 (no failure)', block('', { reason_: 48 }).join('\n'), undefined, undefined],
  ['pairs, 0x80000021', 'VM_EXIT_REASON = 0x80000021\nEXIT_QUALIFICATION = 0', 'exit-33', 0x80000021],
  ['pairs, 0x10021: bits above 15 but not bit 31, not a failure', 'VM_EXIT_REASON = 0x10021\nEXIT_QUALIFICATION = 0', undefined, undefined],
];
for (const [name, text, kind, reason] of RECORDED) {
  test(`check: the recorded failure of ${name}`, () => {
    const report = checkDump(annotate(text + '\n', { bits: false }).dumps[0]);
    assert.equal(report.explanation?.recorded?.kind, kind);
    assert.equal(report.explanation?.recorded?.exitReason, reason);
  });
}
