// QEMU's `KVM internal error. Suberror: N` and the `extra data[i]:` words after it (accel/kvm
// kvm_handle_internal_error(): `0x%016llx`, older QEMU `%llx`), one row per suberror and kernel
// generation, built from what Linux puts in run->internal.data[] (arch/x86/kvm/vmx/vmx.c
// handle_exception_nmi() and vmx_handle_exit(), x86.c prepare_emulation_failure_exit()); the real
// pastes are samples 89-99. Each row: the lines, the fields read (`NAME=hex@line`, dumps parted by
// ` | `), and the notes' labels with their values (`label=value@line`) that must be there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotate } from '../dist/index.js';

const X = (i, v, pre = '') => `${pre}extra data[${i}]: 0x${v.toString(16).padStart(16, '0')}`;
const CASES = [
  ['1, Linux 5.16+: flags 0, then reason, qualification, IDT-vectoring, interruption, error code',
    ['KVM internal error. Suberror: 1', X(0, 0), X(1, 0x30), X(2, 0x784), X(3, 0), X(4, 0), X(5, 0), 'emulation failure'],
    'VM_EXIT_REASON=30@3 EXIT_QUALIFICATION=784@4 IDT_VECTORING_INFO_FIELD=0@5 VM_EXIT_INTR_INFO=0@6', ['extra data[0]=0x0@2', 'extra data[5]=0x0@7']],
  ['1, flags bit 0: two words of instruction bytes before the exit information',
    ['KVM internal error. Suberror: 1', X(0, 1), X(1, 0x41c03127ae0f480fn), X(2, 0x8b4865ca010fc489n), X(3, 0x31), X(4, 0), X(5, 0), X(6, 0), X(7, 0)],
    'VM_EXIT_REASON=31@5 EXIT_QUALIFICATION=0@6 IDT_VECTORING_INFO_FIELD=0@7 VM_EXIT_INTR_INFO=0@8', ['extra data[1]=0x41c03127ae0f480f@3', 'extra data[2]=0x8b4865ca010fc489@4', 'extra data[7]=0x0@9']],
  ['1, an exception exit with an error code: the error code is the field',
    ['KVM internal error. Suberror: 1', X(0, 0), X(1, 0), X(2, 0), X(3, 0), X(4, 0x80000b0e), X(5, 2)],
    'VM_EXIT_REASON=0@3 EXIT_QUALIFICATION=0@4 IDT_VECTORING_INFO_FIELD=0@5 VM_EXIT_INTR_INFO=80000b0e@6 VM_EXIT_INTR_ERROR_CODE=2@7', []],
  ['1, after a failed VM entry KVM gives zeros, not fields',
    ['KVM internal error. Suberror: 1', X(0, 0), X(1, 0x80000021), X(2, 0), X(3, 0), X(4, 0), X(5, 0)],
    'VM_EXIT_REASON=80000021@3 EXIT_QUALIFICATION=0@4', ['extra data[3]=0x0@5', 'extra data[4]=0x0@6', 'extra data[5]=0x0@7']],
  ['1, an exit code that is no VMX exit reason (AMD host): notes only',
    ['KVM internal error. Suberror: 1', X(0, 0), X(1, 0x400), X(2, 0x100000004n), X(3, 0)], '', ['extra data[1]=0x400@3', 'extra data[2]=0x100000004@4']],
  ['2, before 5.11, old QEMU without 0x', ['KVM internal error. Suberror: 2', 'extra data[0]: 80000008', 'extra data[1]: 80000b08'],
    'IDT_VECTORING_INFO_FIELD=80000008@2 VM_EXIT_INTR_INFO=80000b08@3', []],
  ['2, 5.11+: error code (delivered) and the last CPU', ['KVM internal error. Suberror: 2', X(0, 0x80000b0d), X(1, 0x80000b08), X(2, 0), X(3, 5)],
    'IDT_VECTORING_INFO_FIELD=80000b0d@2 VM_EXIT_INTR_INFO=80000b08@3 VM_EXIT_INTR_ERROR_CODE=0@4', ['extra data[3]=5@5']],
  ['2, qemu-kvm 0.12: no blank after "error."', ['KVM internal error.Suberror: 2', 'extra data[0]: 80000202', 'extra data[1]: 80000202'],
    'IDT_VECTORING_INFO_FIELD=80000202@2 VM_EXIT_INTR_INFO=80000202@3', []],
  ['3, before 5.11, EPT misconfiguration: the address', ['KVM internal error. Suberror: 3', 'extra data[0]: 80000306', 'extra data[1]: 31', 'extra data[2]: 783', 'extra data[3]: 32efe0'],
    'IDT_VECTORING_INFO_FIELD=80000306@2 VM_EXIT_REASON=31@3 EXIT_QUALIFICATION=783@4 GUEST_PHYSICAL_ADDRESS=32efe0@5', []],
  ['3, 5.11+, EPT misconfiguration: the address, then the last CPU', ['KVM internal error. Suberror: 3', X(0, 0x80000b0e), X(1, 0x31), X(2, 0xd81), X(3, 0x390074ac0), X(4, 0x10)],
    'IDT_VECTORING_INFO_FIELD=80000b0e@2 VM_EXIT_REASON=31@3 EXIT_QUALIFICATION=d81@4 GUEST_PHYSICAL_ADDRESS=390074ac0@5', ['extra data[4]=16@6']],
  ['3, 5.11+, another exit (WRMSR): the last CPU, a comment after the word', ['KVM internal error. Suberror: 3', X(0, 0x8000002f) + '  <= Vectoring IRQ 47 (decimal)', X(1, 0x20) + '  <= WRMSR VM-Exit', X(2, 0xf82), X(3, 0x4b)],
    'IDT_VECTORING_INFO_FIELD=8000002f@2 VM_EXIT_REASON=20@3 EXIT_QUALIFICATION=f82@4', ['extra data[3]=75@5']],
  ['3, a kernel that gives an address always: all ones is no address', ['KVM internal error. Suberror: 3', X(0, 0x8000002f), X(1, 0x20), X(2, 0), X(3, 0xffffffffffffffffn), X(4, 3)],
    'IDT_VECTORING_INFO_FIELD=8000002f@2 VM_EXIT_REASON=20@3 EXIT_QUALIFICATION=0@4', ['extra data[3]=0xffffffffffffffff@5', 'extra data[4]=3@6']],
  ['3, quoted and indented (a reply to a patch)', ['>   KVM internal error. Suberror: 3', X(0, 0x80000b0e, '>   '), X(1, 0x31, '>   '), X(2, 0x683, '>   '), X(3, 0x7f809000, '>   '), X(4, 0x26, '>   ')],
    'IDT_VECTORING_INFO_FIELD=80000b0e@2 VM_EXIT_REASON=31@3 EXIT_QUALIFICATION=683@4 GUEST_PHYSICAL_ADDRESS=7f809000@5', ['extra data[4]=38@6']],
  ['4, unexpected exit reason and the last CPU', ['KVM internal error. Suberror: 4', X(0, 0x45), X(1, 2)], 'VM_EXIT_REASON=45@2', ['extra data[1]=2@3']],
  ['two reports back to back: two dumps', ['KVM internal error. Suberror: 3', X(0, 0x80000b0e), X(1, 0x31), X(2, 0x981), X(3, 0x2b570), 'KVM internal error. Suberror: 3', X(0, 0x80000b0e), X(1, 0x31), X(2, 0xd82), X(3, 0x2b570)],
    'IDT_VECTORING_INFO_FIELD=80000b0e@2 VM_EXIT_REASON=31@3 EXIT_QUALIFICATION=981@4 GUEST_PHYSICAL_ADDRESS=2b570@5 | IDT_VECTORING_INFO_FIELD=80000b0e@7 VM_EXIT_REASON=31@8 EXIT_QUALIFICATION=d82@9 GUEST_PHYSICAL_ADDRESS=2b570@10', []],
  // hard wraps (issue 10): every word read at its line, the report opened at its first line
  ['2, hard-wrapped at 20 columns: `KVM internal` / `error. Suberror: 2`, `extra` / `data[0]: 80000008`, `extra data[1]:` / `80000b08`',
    ['KVM internal', 'error. Suberror: 2', 'extra', 'data[0]: 80000008', 'extra data[1]:', '80000b08'], 'IDT_VECTORING_INFO_FIELD=80000008@3 VM_EXIT_INTR_INFO=80000b08@5', ['KVM internal error. Suberror=2@1']],
  ['2, qemu-kvm 0.12 hard-wrapped: `KVM internal` / `error.Suberror: 2`, quoted', ['> KVM internal', '> error.Suberror: 2', '> extra data[0]:', '> 80000202'], 'IDT_VECTORING_INFO_FIELD=80000202@3', ['KVM internal error. Suberror=2@1']],
  ["another vCPU's report inside a register dump: its words are notes", ['KVM internal error. Suberror: 1', 'emulation failure', 'EAX=00000800 EBX=00000002 ECX=c0000080 EDX=00000000',
    'KVM internal error. Suberror: 2', 'extra data[0]: 80000008', 'extra data[1]: 80000b08', 'ES =0008 00000000 ffffffff 00c09300 DPL=0 DS   [-WA]'],
    'GUEST_ES_SELECTOR=8@7 GUEST_ES_BASE=0@7 GUEST_ES_LIMIT=ffffffff@7 GUEST_ES_AR_BYTES=c093@7', ['extra data[0]=0x80000008@5', 'extra data[1]=0x80000b08@6']],
];

for (const [name, lines, want, notes] of CASES) {
  test(`QEMU internal error, suberror ${name}`, () => {
    const r = annotate(lines.join('\n') + '\n', { bits: false });
    const sorted = (s) => s.split(' ').filter(Boolean).sort().join(' ');
    const got = r.dumps.filter((d) => d.fields.length).map((d) => sorted(d.fields.map((f) => `${f.name}=${f.value.toString(16)}@${f.line}`).join(' '))).join(' | ');
    assert.equal(got, want.split(' | ').map(sorted).join(' | '));
    const noted = new Set(r.dumps.flatMap((d) => d.notes.map((n) => `${n.label}=${n.value}@${n.line}`)));
    for (const n of notes) assert.ok(noted.has(n), `note ${n} in ${[...noted].join(', ')}`);
    for (const d of r.dumps) assert.equal(d.format, 'qemu');
    for (const d of r.dumps) assert.ok(d.firstLine <= d.lastLine, `dump lines ${d.firstLine}-${d.lastLine}`);
    assert.deepEqual([...r.diagnostics, ...r.dumps.flatMap((d) => d.diagnostics)].filter((x) => x.severity === 'error').map((x) => x.code), []);
  });
}

test('QEMU internal error: a word outside any report is no field (the input has none: no-fields)', () => {
  const r = annotate('extra data[0]: 0x0000000000000030\n', { bits: false });
  assert.equal(r.dumps.length, 0);
  assert.deepEqual(r.diagnostics.map((x) => x.code), ['no-fields']);
});

// Shapes of the real pastes around the internal-error report: each row the text and the fields read
// (dumps parted by ` | `); no dump may come of a line that is no dump line.
const AROUND = [
  ['the message quoted in prose opens no dump', '> Windows Guest hang and console reports "KVM internal error. Suberror: 3".\n', ''],
  ['the message in prose, then the real one', 'the guest hangs with KVM internal error. Suberror: 3 now and then\nKVM internal error. Suberror: 4\nextra data[0]: 0x0000000000000045\n', 'VM_EXIT_REASON=45@3'],
  ['the DR0-DR3 row cut after DR2 (a mailer at ~78 columns): DR3 alone is part of the row, no unknown field',
    'KVM internal error. Suberror: 1\nemulation failure\nCR0=80050033 CR2=00007f526d41b740 CR3=0000000104e62000 CR4=00750ef0\nDR0=0000000000000000 DR1=0000000000000000 DR2=0000000000000000\nDR3=0000000000000000\nDR6=00000000ffff0ff0 DR7=0000000000000400\nEFER=0000000000000d01\n',
    'GUEST_CR0=80050033@3 GUEST_CR3=104e62000@3 GUEST_CR4=750ef0@3 GUEST_DR7=400@6 GUEST_IA32_EFER=d01@7'],
];
for (const [name, text, want] of AROUND) {
  test(`QEMU internal error: ${name}`, () => {
    const r = annotate(text, { bits: false });
    const sorted = (s) => s.split(' ').filter(Boolean).sort().join(' ');
    // (a dump of notes alone shows as `(no field)`: the prose row must give no dump at all)
    const got = r.dumps.map((d) => (d.fields.length ? sorted(d.fields.map((f) => `${f.name}=${f.value.toString(16)}@${f.line}`).join(' ')) : '(no field)')).join(' | ');
    assert.equal(got, want.split(' | ').map(sorted).join(' | '));
    assert.deepEqual([...r.diagnostics, ...r.dumps.flatMap((d) => d.diagnostics)].filter((x) => x.severity === 'error' && x.code !== 'no-fields').map((x) => x.code), []);
  });
}

// qemu-kvm's own lines (qemu-kvm up to 1.x, RHEL 6's 0.12, kvm-userspace's libkvm), each row built from
// their fprintf formats (qemu-kvm.c kvm_show_regs(), print_seg(), print_dt(), handle_unhandled(),
// handle_failed_vmentry(); libkvm's `unhandled vm exit: 0x%x`); the real pastes are samples 93, 99, 100.
const SEGQ = (n, sel, base, limit, [p, dpl, db, s, type, l, g, avl]) => `${n} ${sel} (${base}/${limit} p ${p} dpl ${dpl} db ${db} s ${s} type ${type} l ${l} g ${g} avl ${avl})`;
const LEGACY = [
  ['libkvm: unhandled vm exit, the exit reason', 'unhandled vm exit: 0xb\n', 'VM_EXIT_REASON=b@1'],
  ['libkvm: with the vCPU', 'unhandled vm exit: 0x1e vcpu_id 0\n', 'VM_EXIT_REASON=1e@1'],
  ['qemu-kvm: unhandled exit, hex without 0x', 'kvm: unhandled exit 80000021\nkvm_run returned -22\n', 'VM_EXIT_REASON=80000021@1'],
  ['qemu-kvm: an exit code no VMX exit reason is (AMD) is a note', 'kvm: unhandled exit 400\n', '(no field)'],
  ['qemu-kvm: vm entry failed, an exit reason', 'kvm: vm entry failed with error 0x80000021\n', 'VM_EXIT_REASON=80000021@1'],
  ['qemu-kvm: vm entry failed, a VM-instruction error', 'kvm: vm entry failed with error 0x7\n', 'VM_INSTRUCTION_ERROR=7@1'],
  // a VMM's own print of kvm_run fail_entry.hardware_entry_failure_reason (LWN's KVM API example's errx(); kvm-ioctls'
  // Debug forms in Rust VMMs); the real pastes are samples 118, 119
  ['a VMM: KVM_EXIT_FAIL_ENTRY, an exit reason', 'KVM_EXIT_FAIL_ENTRY: hardware_entry_failure_reason = 0x80000021\n', 'VM_EXIT_REASON=80000021@1'],
  ['a VMM: in a Markdown code span', '`ERROR: KVM_EXIT_FAIL_ENTRY: hardware_entry_failure_reason = 0x80000021`\n', 'VM_EXIT_REASON=80000021@1'],
  ['a VMM: a VM-instruction error', 'vmm: KVM_EXIT_FAIL_ENTRY: hardware_entry_failure_reason = 0x7\n', 'VM_INSTRUCTION_ERROR=7@1'],
  ['a Rust VMM: the Debug form, decimal', 'This would be `VcpuExitFailEntry { hardware_entry_failure_reason: 2147483681, cpu: 2 }`.\n', 'VM_EXIT_REASON=80000021@1'],
  ['a Rust VMM: the tuple of older kvm-ioctls', 'not implemented: FailEntry(7, 2)\n', 'VM_INSTRUCTION_ERROR=7@1'],
  ['a VMM: all ones (an AMD host\'s SVM exit code) is a note', 'KVM_EXIT_FAIL_ENTRY: hardware_entry_failure_reason = 0xffffffffffffffff\n', '(no field)'],
  ['the format string in code is no value', '    errx(1, "KVM_EXIT_FAIL_ENTRY: hardware_entry_failure_reason = 0x%llx",\n', ''],
  ['kvm_show_regs: rows, rsp, rip and rflags', 'unhandled vm exit: 0xb\nrax 0000000000000002 rbx 0000000000000001 rcx 000000004742444b rdx fffff80009948680\nrsi fffff800091e2f70 rdi fffff800099ff550 rsp fffff8000b26ae20 rbp 0000000000000005\nrip fffff80009c01d71 rflags 00000082\n',
    'VM_EXIT_REASON=b@1 GUEST_RSP=fffff8000b26ae20@3 GUEST_RIP=fffff80009c01d71@4 GUEST_RFLAGS=82@4'],
  ['kvm_show_regs: rows cut before their last value (an 80-column terminal)', 'KVM internal error.Suberror: 2\nrax 0000000000000000 rbx 0000000000000048 rcx 00000000000001a6 rdx\n00000000006a3c8a\nrsi 0000000000000001 rdi 0000000000001000 rbp 0000000000dedba0 rsp\n0000000000dedba0\n',
    'GUEST_RSP=dedba0@5'],
  ['kvm_show_regs: a segment of 64-bit code, a data segment, a null one (P 0: unusable)', 'unhandled vm exit: 0xb\n' + [SEGQ('cs', '0010', '00000000', '00000000', [1, 0, 0, 1, 'b', 1, 0, 0]), SEGQ('ds', '002b', '00000000', 'ffffffff', [1, 3, 1, 1, 3, 0, 1, 0]), SEGQ('ss', '0000', '00000000', 'ffffffff', [0, 0, 0, 0, 0, 0, 0, 0])].join('\n') + '\n',
    'VM_EXIT_REASON=b@1 GUEST_CS_SELECTOR=10@2 GUEST_CS_BASE=0@2 GUEST_CS_LIMIT=0@2 GUEST_CS_AR_BYTES=209b@2 GUEST_DS_SELECTOR=2b@3 GUEST_DS_BASE=0@3 GUEST_DS_LIMIT=ffffffff@3 GUEST_DS_AR_BYTES=c0f3@3 GUEST_SS_SELECTOR=0@4 GUEST_SS_BASE=0@4 GUEST_SS_LIMIT=ffffffff@4 GUEST_SS_AR_BYTES=10000@4'],
  ['kvm_show_regs: tr, ldt, the avl bit, a 64-bit base', 'unhandled vm exit: 0xb\n' + [SEGQ('tr', '0040', 'fffff8000b264070', '00000067', [1, 0, 0, 0, 'b', 0, 0, 0]), SEGQ('ldt', '0000', '00000000', '0000ffff', [1, 0, 0, 0, 2, 0, 0, 1])].join('\n') + '\n',
    'VM_EXIT_REASON=b@1 GUEST_TR_SELECTOR=40@2 GUEST_TR_BASE=fffff8000b264070@2 GUEST_TR_LIMIT=67@2 GUEST_TR_AR_BYTES=8b@2 GUEST_LDTR_SELECTOR=0@3 GUEST_LDTR_BASE=0@3 GUEST_LDTR_LIMIT=ffff@3 GUEST_LDTR_AR_BYTES=1082@3'],
  ['kvm_show_regs: gdt, idt, the control registers and EFER', 'unhandled vm exit: 0xb\ngdt fffff8000b263000/6f\nidt 0/3ff\ncr0 e0050031 cr2 0 cr3 2c5000 cr4 6a0 cr8 2 efer d01\n',
    'VM_EXIT_REASON=b@1 GUEST_GDTR_BASE=fffff8000b263000@2 GUEST_GDTR_LIMIT=6f@2 GUEST_IDTR_BASE=0@3 GUEST_IDTR_LIMIT=3ff@3 GUEST_CR0=e0050031@4 GUEST_CR3=2c5000@4 GUEST_CR4=6a0@4 GUEST_IA32_EFER=d01@4'],
  ['prose that names an unhandled exit opens no dump', 'I suggest you search Google for unhandled vm exit KVM vista\n', ''],
  ['kvm_show_regs rows outside a dump (but the rax row) are no dump', 'gdt a25000/1f\ncr0 80010011 cr2 0 cr3 eae000 cr4 7b8 cr8 0 efer d00\n', ''],
];
for (const [name, text, want] of LEGACY) {
  test(`qemu-kvm: ${name}`, () => {
    const r = annotate(text, { bits: false });
    const sorted = (s) => s.split(' ').filter(Boolean).sort().join(' ');
    const got = r.dumps.map((d) => (d.fields.length ? sorted(d.fields.map((f) => `${f.name}=${f.value.toString(16)}@${f.line}`).join(' ')) : '(no field)')).join(' | ');
    assert.equal(got, want.split(' | ').map(sorted).join(' | '));
    for (const d of r.dumps) assert.equal(d.format, 'qemu');
    // a VMM's own KVM_EXIT_FAIL_ENTRY line is not QEMU's view of the vCPU, and says so
    for (const d of r.dumps) assert.equal(/hardware_entry_failure_reason|FailEntry\(/.test(text), !/QEMU's view/.test(d.description), d.description);
    assert.deepEqual([...r.diagnostics, ...r.dumps.flatMap((d) => d.diagnostics)].filter((x) => x.severity === 'error' && x.code !== 'no-fields').map((x) => x.code), []);
  });
}

test('QEMU: a report whose first row a hard wrap cut opens its dump at that row (was lines 2-1)', () => {
  // [lines, the dump's first and last line]
  for (const [lines, first, last] of [
    [['KVM: entry failed,', 'hardware error 0x7'], 1, 1],
    [['KVM internal', 'error. Suberror: 2', 'extra data[0]: 80000008'], 1, 3],
  ]) {
    const r = annotate(lines.join('\n') + '\n', { bits: false });
    assert.deepEqual(r.dumps.map((d) => [d.firstLine, d.lastLine]), [[first, last]], lines.join(' / '));
  }
});
