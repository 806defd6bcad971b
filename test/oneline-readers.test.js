// jonomango/hv's, Bareflank's, HyperBone's and vdhh's messages about a failed VM entry or exit
// (src/dialects/jonomango-hv.ts, bareflank.ts, hyperbone.ts, vdhh.ts), one row per line shape built
// from their printing code (jonomango/hv hv/vcpu.cpp, hv/logger.cpp, um/main.cpp; Bareflank bfvmm
// vmcs_intel_x64.cpp of 2016, bfsdk bfdebug.h and bfintrinsics vmcs/*.h of 2017-2020; HyperBone
// VmxExitHandlers.c and VMX.c; vdhh vmm/veertu.c, QEMU target/i386/hvf/hvf.c), constructed but the
// rows marked with their sample. Each row: the lines, the dumps read as
// `NAME=hex@line` (` | ` between dumps, `-` a dump with notes alone), the dumps' format, and the
// diagnostic codes (errors and warnings). Then what `check` says those values decide, the
// constructed fixtures and the lines that are not these messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { annotate, checkDump } from '../dist/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = (text) => annotate(text, { bits: false });
const sorted = (s) => s.split(' ').filter(Boolean).sort().join(' ');
const dumpsOf = (r) => r.dumps.map((d) => (d.fields.length ? sorted(d.fields.map((f) => `${f.name}=${f.value.toString(16)}@${f.line}`).join(' ')) : '-')).join(' | ');
const codesOf = (r) => [...r.diagnostics, ...r.dumps.flatMap((d) => d.diagnostics)].filter((x) => x.severity !== 'info').map((x) => x.code);
const want = (s) => s.split(' | ').map((x) => (x === '-' ? '-' : sorted(x))).join(' | ');

/** bfdebug.h: `[cpu] TYPE: ` then a title padded to `width` with the value. */
const bf = (title, value, { cpu = 0, type = 'DEBUG', sub = false, width = 52 } = {}) => {
  const t = (sub ? '  - ' : '') + title;
  return `[${cpu}] ${type}: ${t}${' '.repeat(Math.max(1, (width === 70 ? 70 - value.length : width) - t.length))}${value}`;
};
const nhex = (name, v, o) => bf(name, v === 0n ? '0'.repeat(18) : '0x' + v.toString(16).padStart(16, '0'), o);
const text = (name, value, o = {}) => bf(name, value, { ...o, width: 70 });

// [name, lines, dumps, format, diagnostic codes]
const JONOMANGO = [
  ['VMLAUNCH failed, DbgPrint as DebugView shows it', ['00000024\t2.18095708\t[hv] VMLAUNCH failed. Instruction error = 7.\t'], 'VM_INSTRUCTION_ERROR=7@1', []],
  ['VMLAUNCH failed, as WinDbg shows it (no columns)', ['[hv] VMLAUNCH failed. Instruction error = 8.'], 'VM_INSTRUCTION_ERROR=8@1', []],
  ['the wording of 2022: `VMLAUNCH failed, error = %lli.`', ['[hv] VMLAUNCH failed, error = 26.'], 'VM_INSTRUCTION_ERROR=1a@1', []],
  ['the wording of 2022: `VMLAUNCH failed. Error = %lli.`', ['[hv] VMLAUNCH failed. Error = 12.'], 'VM_INSTRUCTION_ERROR=c@1', []],
  ['the first wording: `vmlaunch failed, error = %lli.` (no new line after it)', ['[hv] vmlaunch failed, error = 7.'], 'VM_INSTRUCTION_ERROR=7@1', []],
  ['error 0 (VMfailInvalid: no current VMCS) is a note, not the field', ['[hv] VMLAUNCH failed. Instruction error = 0.'], '-', []],
  ['a number that is no VM-instruction error is a note', ['[hv] VMLAUNCH failed. Instruction error = 14.', '[hv] VMLAUNCH failed. Instruction error = -1.'], '- | -', []],
  ['two failures, two dumps (each line one)', ['[hv] VMLAUNCH failed. Instruction error = 7.', 'Launching VM on VCPU#2...', '[hv] VMLAUNCH failed. Instruction error = 7.'], 'VM_INSTRUCTION_ERROR=7@1 | VM_INSTRUCTION_ERROR=7@3', []],
  ['an unhandled exit as the client prints the log: basic reason, %p RIP', ['[1][CPU=2] Unhandled VM-exit. Exit Reason: 54. RIP: 0xFFFFF8047A21C3D0.'], 'VM_EXIT_REASON=36@1 GUEST_RIP=fffff8047a21c3d0@1', []],
  ['a VM-entry failure by its basic reason: bit 31 set with it (SDM)', ['[2][CPU=3] Unhandled VM-exit. Exit Reason: 33 RIP: FFFFF8047A21C3D0'], 'VM_EXIT_REASON=80000021@1 GUEST_RIP=fffff8047a21c3d0@1', []],
  ['the wording of 2023 with %zX', ['[3][CPU=1] Unhandled VM-exit. Exit Reason: 11. RIP: FFFFF8047A3B0012.'], 'VM_EXIT_REASON=b@1 GUEST_RIP=fffff8047a3b0012@1', []],
  ['a reason wider than 16 bits: a note, the RIP read', ['Unhandled VM-exit. Exit Reason: 70000. RIP: 0x1000.'], 'GUEST_RIP=1000@1', []],
  // hard wraps (issue 10): the message read at its first line, or its head reported
  ['hard-wrapped after the tag: `[hv] VMLAUNCH` / `failed. …`', ['[hv] VMLAUNCH', 'failed. Instruction error = 8.'], 'VM_INSTRUCTION_ERROR=8@1', []],
  ['hard-wrapped before the number, behind DebugView\'s columns', ['00000024\t2.18095708\t[hv] VMLAUNCH failed, error =', '7.\t'], 'VM_INSTRUCTION_ERROR=7@1', []],
  ['hard-wrapped in four at 20 columns, quoted', ['> [1][CPU=2] Unhandled', '> VM-exit. Exit', '> Reason: 54. RIP:', '> 0xFFFFF8047A21C3D0.'], 'VM_EXIT_REASON=36@1 GUEST_RIP=fffff8047a21c3d0@1', []],
  ['a head whose rest never comes: reported by line', ['[1][CPU=2] Unhandled VM-exit. Exit Reason: 54. RIP:', 'Pinged the hypervisor!'], '', ['unplaced-line', 'no-fields']],
  ['a rest that is a message of its own is not glued to the head before it', ['[hv] VMLAUNCH', '[hv] VMLAUNCH failed. Error = 26.'], 'VM_INSTRUCTION_ERROR=1a@2', []],
];

const BAREFLANK = [
  ['2016: vmlaunch failed, the error by its SDM text (sample 113)', ['ERROR: vmlaunch failed:', 'ERROR:     - vm_instruction_error: VM entry with invalid host-state field(s)'], 'VM_INSTRUCTION_ERROR=8@2', []],
  ['2016: a text with its final period (get_vm_instruction_error 26)', ['ERROR: vmlaunch failed:', 'ERROR:     - vm_instruction_error: VM entry with events blocked by MOV SS.'], 'VM_INSTRUCTION_ERROR=1a@2', []],
  ['2016: the text of 2018 (AND upper case) is the same error', ['ERROR:     - vm_instruction_error: VMRESUME after VMXOFF (VMXOFF AND VMXON between VMLAUNCH and VMRESUME)'], 'VM_INSTRUCTION_ERROR=6@1', []],
  ['2016: "Unknown VM instruction error" is a note', ['ERROR: vmlaunch failed:', 'ERROR:     - vm_instruction_error: Unknown VM instruction error'], '-', []],
  ['unhandled exit reason: an exit by its Bareflank name', [text('', '', { type: 'ERROR' }).trimEnd(), '[0] ERROR: unhandled exit reason', '[0] ERROR: ' + '='.repeat(70), text('exit_reason', 'cpuid', { type: 'ERROR', sub: true })], 'VM_EXIT_REASON=a@4', []],
  ['unhandled exit reason: a VM-entry failure, bit 31 set with it', ['[0] ERROR: unhandled exit reason', text('exit_reason', 'vm_entry_failure_msr_loading', { type: 'ERROR', sub: true })], 'VM_EXIT_REASON=80000022@2', []],
  ['an exit name Bareflank prints that the table does not know ("unknown")', ['[0] ERROR: unhandled exit reason', text('exit_reason', 'unknown', { type: 'ERROR', sub: true })], '-', []],
  ['the dump after the block is its dump: the exit reason again in full is a note', ['[1] ERROR: unhandled exit reason', text('exit_reason', 'vm_entry_failure_invalid_guest_state', { cpu: 1, type: 'ERROR', sub: true }),
    '[1] DEBUG: ', '[1] DEBUG: 16bit control fields', '[1] DEBUG: ' + '-'.repeat(70), nhex('virtual_processor_identifier', 1n, { cpu: 1 }),
    '[1] DEBUG: 32bit read-only data fields', nhex('exit_reason', 0x80000021n, { cpu: 1 }), text('basic_exit_reason', 'vm_entry_failure_invalid_guest_state', { cpu: 1, sub: true }), nhex('reserved', 0n, { cpu: 1, sub: true }),
    nhex('guest_rflags', 0n, { cpu: 1 })],
    'VM_EXIT_REASON=80000021@2 VIRTUAL_PROCESSOR_ID=1@6 GUEST_RFLAGS=0@11', []],
  ['dump lines alone: a dump; 0 as eighteen zeros; unsupported a note; the two names the table lacks', [nhex('guest_cr0', 0x80050033n), nhex('exit_qualification', 0n), text('eptp_index', 'unsupported'), nhex('address_of_msr_bitmap', 0x12a4b5000n), nhex('execption_bitmap', 0x40000n)],
    'GUEST_CR0=80050033@1 EXIT_QUALIFICATION=0@2 MSR_BITMAP=12a4b5000@4 EXCEPTION_BITMAP=40000@5', []],
  ['in colour (bfdebug.h escapes on a terminal)', ['\x1b[1;36m[\x1b[1;33m0\x1b[1;36m] \x1b[0m\x1b[1;32mDEBUG\x1b[0m: guest_rip' + ' '.repeat(43) + '0xffffffff81000000'], 'GUEST_RIP=ffffffff81000000@1', []],
  ['a name no field has, inside the dump, is reported', [nhex('guest_cr0', 0x80050033n), nhex('guest_bogus_field', 5n)], 'GUEST_CR0=80050033@1', ['unknown-field']],
  // hard wraps (issue 10): each line read at its first line, the padding bfdebug_nhex gave restored
  ['hard-wrapped rows: exit_reason / name, name / value, bfdebug\'s empty head / name / value', ['[1] ERROR: unhandled exit reason', '[1] ERROR:   - exit_reason', 'vm_entry_failure_invalid_guest_state', '[1] DEBUG: 16bit control fields',
    '[1] DEBUG: virtual_processor_identifier', '0x0000000000000001', '[1] DEBUG:', '  posted_interrupt_notification_vector', '  000000000000000000', '[1] DEBUG: ', '[1] DEBUG: eptp_index', 'unsupported'],
    'VM_EXIT_REASON=80000021@2 VIRTUAL_PROCESSOR_ID=1@5 POSTED_INTR_NV=0@7', []],
  ['2016: vmlaunch failed and its error text hard-wrapped at 22 columns (sample 113)', ['ERROR: vmlaunch', 'failed:', 'ERROR:     -', 'vm_instruction_error:', 'VM entry with invalid', 'host-state field(s)'], 'VM_INSTRUCTION_ERROR=8@3', []],
  ['a name whose value never comes, inside the dump: reported by line', [nhex('guest_cr0', 0x80050033n), '[0] DEBUG: guest_cr3', 'the rest is lost'], 'GUEST_CR0=80050033@1', ['unplaced-line']],
  ['a second debug::dump() is a second dump', ['[0] DEBUG: 16bit control fields', nhex('virtual_processor_identifier', 1n), '[0] DEBUG: 16bit control fields', nhex('virtual_processor_identifier', 2n)],
    'VIRTUAL_PROCESSOR_ID=1@2 | VIRTUAL_PROCESSOR_ID=2@4', []],
];

// DarthTon/HyperBone (src/Arch/Intel/VmxExitHandlers.c, VMX.c; DPRINT is DbgPrintEx): its lines as DebugView or WinDbg show them
const HB = 'HyperBone: CPU 0: ';
const HYPERBONE = [
  ['failed entry, as issue #14 quotes it: reason 33 with bit 31, code the qualification (sample 128)', [HB + 'VmExitStartFailed: Failed to enter VM, reason 33, code 0'], 'VM_EXIT_REASON=80000021@1 EXIT_QUALIFICATION=0@1', []],
  ['failed entry through DebugView (columns, trailing TAB): MSR loading, the entry index', ['00000031\t12.84950233\t' + HB.replace('0', '3') + 'VmExitStartFailed: Failed to enter VM, reason 34, code 2\t'], 'VM_EXIT_REASON=80000022@1 EXIT_QUALIFICATION=2@1', []],
  ['failed entry with a negative code: %d of the qualification, its low 32 bits', [HB + 'VmExitStartFailed: Failed to enter VM, reason 41, code -1'], 'VM_EXIT_REASON=80000029@1 EXIT_QUALIFICATION=ffffffff@1', []],
  ['a reason wider than 16 bits is a note, the code still read', [HB + 'VmExitStartFailed: Failed to enter VM, reason 70000, code 3'], 'EXIT_QUALIFICATION=3@1', []],
  ['triple fault: exit reason 2, RIP, RSP, linear and physical address', [HB + 'VmExitTripleFault: Triple fault at IP 0xFFFFF8037A8B1C2E, stack 0xFFFFD000A1B2C3D8, linear 0x0000000000000000, physical 0x00000000FEE00300'],
    'VM_EXIT_REASON=2@1 GUEST_RIP=fffff8037a8b1c2e@1 GUEST_RSP=ffffd000a1b2c3d8@1 GUEST_LINEAR_ADDRESS=0@1 GUEST_PHYSICAL_ADDRESS=fee00300@1', []],
  ['unhandled exit: the basic reason in hex, guest RIP', ['HyperBone: Unhandled exit reason 0x1E, guest EIP 0xFFFFF8037A8B1C2E'], 'VM_EXIT_REASON=1e@1 GUEST_RIP=fffff8037a8b1c2e@1', []],
  ['__vmx_vmlaunch failed with result 1 (VMfailValid): a dump of notes', [HB + 'VmxSubvertCPU: __vmx_vmlaunch failed with result 1'], '-', []],
  ['two messages, two dumps', [HB + 'VmExitStartFailed: Failed to enter VM, reason 33, code 0', 'HyperBone: CPU 1: VmExitStartFailed: Failed to enter VM, reason 33, code 0'], 'VM_EXIT_REASON=80000021@1 EXIT_QUALIFICATION=0@1 | VM_EXIT_REASON=80000021@2 EXIT_QUALIFICATION=0@2', []],
];

// Veertu Desktop (vdhh, vmm/veertu.c veertu_cpu_exec()) and QEMU hvf (target/i386/hvf/hvf.c, the same DPRINTF)
const VDHH = [
  ['triple fault, as issue #31 quotes it (sample 129)', ['triple fault at f2d5c (f2d33, f2d5c), cr0 31, qual 0, gpa fec00010, ins len 1, cpu 0x7f8f22ad8a00'],
    'VM_EXIT_REASON=2@1 GUEST_CR0=31@1 EXIT_QUALIFICATION=0@1 GUEST_PHYSICAL_ADDRESS=fec00010@1 VM_EXIT_INSTRUCTION_LEN=1@1', []],
  ['triple fault in 64-bit code, behind a log prefix', ['2017-12-08 10:01:02.345 vdhh[512:7703] triple fault at ffffffff8100a5c2 (ffffffff8100a5c0, ffffffff8100a5c2), cr0 80050033, qual 0, gpa 0, ins len 3, cpu 0x7f8f22ad8a00'],
    'VM_EXIT_REASON=2@1 GUEST_CR0=80050033@1 EXIT_QUALIFICATION=0@1 GUEST_PHYSICAL_ADDRESS=0@1 VM_EXIT_INSTRUCTION_LEN=3@1', []],
  ['unhandled exit: guest RIP, the whole exit reason', ['fff0: unhandled exit 80000021, cpu id 0'], 'GUEST_RIP=fff0@1 VM_EXIT_REASON=80000021@1', []],
  ['two triple faults, two dumps', ['triple fault at 7c00 (7c00, 7c00), cr0 10, qual 0, gpa 0, ins len 2, cpu 0x1', 'triple fault at 7c00 (7c00, 7c00), cr0 10, qual 0, gpa 0, ins len 2, cpu 0x2'],
    'VM_EXIT_REASON=2@1 GUEST_CR0=10@1 EXIT_QUALIFICATION=0@1 GUEST_PHYSICAL_ADDRESS=0@1 VM_EXIT_INSTRUCTION_LEN=2@1 | VM_EXIT_REASON=2@2 GUEST_CR0=10@2 EXIT_QUALIFICATION=0@2 GUEST_PHYSICAL_ADDRESS=0@2 VM_EXIT_INSTRUCTION_LEN=2@2', []],
];

for (const [group, cases, format] of [['jonomango/hv', JONOMANGO, 'jonomango-hv'], ['Bareflank', BAREFLANK, 'bareflank'], ['HyperBone', HYPERBONE, 'hyperbone'], ['vdhh', VDHH, 'vdhh']]) {
  for (const [name, lines, dumps, codes] of cases) {
    test(`${group}: ${name}`, () => {
      const r = run(lines.join('\n') + '\n');
      assert.equal(dumpsOf(r), want(dumps));
      for (const d of r.dumps) assert.equal(d.format, format);
      assert.deepEqual(codesOf(r), codes);
    });
  }
}

test('check says what the values these lines carry decide: the failure recorded, and the rules that could give it', () => {
  // [line, recorded kind, a rule it could be, one it could not]
  for (const [line, kind, could, not] of [
    ['00000024\t2.18095708\t[hv] VMLAUNCH failed. Instruction error = 7.\t', 'vmfail-7', 'E-01', 'H-01'],
    ['[hv] VMLAUNCH failed. Instruction error = 8.', 'vmfail-8', 'H-01', 'E-01'],
    ['[2][CPU=3] Unhandled VM-exit. Exit Reason: 33. RIP: 0xFFFFF8047A21C3D0.', 'exit-33', 'G-01', 'E-01'],
    ['ERROR:     - vm_instruction_error: VM entry with invalid host-state field(s)', 'vmfail-8', 'H-01', 'G-01'],
    [text('exit_reason', 'vm_entry_failure_invalid_guest_state', { type: 'ERROR', sub: true }), 'exit-33', 'R-03', 'H-01'],
    [HB + 'VmExitStartFailed: Failed to enter VM, reason 33, code 0', 'exit-33', 'G-01', 'H-01'],
  ]) {
    const r = run(line + '\n');
    const report = checkDump(r.dumps[0]);
    assert.equal(report.explanation?.recorded?.kind, kind, line);
    assert.ok(report.explanation.couldBe.includes(could) && !report.explanation.couldBe.includes(not), line);
  }
});

test('constructed fixtures: every value on its field and line, one dump per message (jonomango/hv) and per failure (Bareflank)', () => {
  const j = run(readFileSync(join(ROOT, 'test/fixtures/constructed/jonomango-hv-vmlaunch-failed-and-unhandled-exits.txt'), 'utf8'));
  assert.equal(dumpsOf(j), want('VM_INSTRUCTION_ERROR=8@4 | VM_INSTRUCTION_ERROR=7@6 | VM_INSTRUCTION_ERROR=1a@7 | - | VM_EXIT_REASON=36@11 GUEST_RIP=fffff8047a21c3d0@11 | VM_EXIT_REASON=80000021@12 GUEST_RIP=fffff8047a21c3d0@12 | VM_EXIT_REASON=b@13 GUEST_RIP=fffff8047a3b0012@13'));
  const b = run(readFileSync(join(ROOT, 'test/fixtures/constructed/bareflank-bfvmm-2018-unhandled-exits-vmentry-failure-dump.txt'), 'utf8'));
  assert.deepEqual(b.dumps.map((d) => [d.format, d.firstLine, d.lastLine, d.fields.length]), [['bareflank', 2, 4, 1], ['bareflank', 6, 122, 73]]);
  const f = (name) => b.dumps[1].fields.find((x) => x.name === name);
  assert.deepEqual([f('VM_EXIT_REASON').value, f('VM_EXIT_REASON').line, f('GUEST_RFLAGS').value, f('MSR_BITMAP').value, f('EXCEPTION_BITMAP').line, f('VMCS_LINK_POINTER').value], [0x80000021n, 8, 0n, 0x12a4b5000n, 60, 0xffffffffffffffffn]);
  assert.deepEqual(codesOf(b), []);
  const report = checkDump(b.dumps[1]);
  assert.deepEqual([report.explanation.status, report.explanation.by], ['explained', ['R-03']]);
});

test('lines that are not these messages are not read as them', () => {
  for (const line of [
    '[hv] VMLAUNCH failed.',
    'VMLAUNCH failed. Instruction error = 7.', // another program's words, without jonomango/hv's tag
    '[hv] Unhandled exception. RIP=hv.sys+0x1A2B. Vector=13.',
    'ERROR: vmlaunch failed: see below', // not the line alone
    '[0] DEBUG: guest_cr0 0x0000000080050033', // not padded to column 52: Bareflank never prints it so
    'HyperBone: CPU 0: VmExitStartFailed: Failed to enter VM, reason 33', // cut before its code
    'Failed to enter VM, reason 33, code 0', // without HyperBone's tag
    'HyperBone: CPU 0: VmExitEvent: Hardware Exception (vector = 0xe)', // no field whole
    'a triple fault at f2d5c, cr0 31', // prose
    'triple fault at f2d5c (f2d33, f2d5c), cr0 31, qual 0', // cut: not the line vdhh prints
    'rip 1000: unhandled exit 30', // no cpu id: not vdhh's line
  ]) {
    const r = run(line + '\n');
    assert.ok(r.dumps.every((d) => !['jonomango-hv', 'bareflank', 'hyperbone', 'vdhh'].includes(d.format)), line);
  }
});
