// The other hypervisors' dialects (src/dialects/: haxm.ts, hvext.ts, bhyve.ts, kvm-exit.ts, virtualbox.ts): Intel HAXM, tandasat/hvext
// `!dump_vmcs`, FreeBSD `bhyvectl --get-all`, the Linux kvm_exit tracepoint and the VirtualBox
// VT-x error block, driven through a fake LineSink that records every call (not through
// src/annotate/, which integrates them separately).
//
// The tables are written by hand from the real examples in docs/dump-formats.md section 4 and
// the printf formats of the sources it cites (haxm core/dump.c, hvext_intel.js, bhyvectl.c,
// arch/x86/kvm/trace.h, VirtualBox VMMR3/HM.cpp); the expected values were worked out by hand,
// not by running the code. A row is [input line, expected], where expected is
//   '-'                     the line is not claimed by any of these dialects
//   'skip'                  claimed, nothing read from it
//   'NAME digits; ...'      the fields the line gives (canonical names, hex digits as printed),
//                           then '| label=value; ...' for its notes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import './property-seed.js';
import { createOtherParsers, summarizeExits } from '../dist/dialects/index.js';
import { fieldByEncoding } from '../dist/index.js';

const VBOX_SAMPLE = readFileSync(new URL('./fixtures/samples/14-virtualbox-7.0-vboxlog-vtx-info-excerpt.txt', import.meta.url), 'utf8');

// ---------------------------------------------------------------------------------------
// The fake sink and the driver

/** Records every call; assembles dumps from boundary/setFormat/field/note. */
function fakeSink() {
  // a reader's held lines (hold) are given before another reader writes, as the Annotator does
  const release = () => {
    const h = s.holder;
    s.holder = null;
    if (h) h();
  };
  const s = {
    calls: [],
    dumps: [],
    cur: null,
    format: null,
    holder: null,
    hold(r) {
      s.holder = r;
    },
    boundary() {
      release();
      s.calls.push(['boundary']);
      if (s.cur) s.dumps.push(s.cur);
      s.cur = null;
    },
    setFormat(f) {
      release();
      s.calls.push(['setFormat', f]);
      s.format = f;
      if (s.cur) s.cur.format = f;
    },
    field(encoding, digits, line) {
      release();
      s.calls.push(['field', encoding, digits, line]);
      assert.ok(Number.isInteger(encoding) && encoding >= 0 && encoding <= 0xffffffff, `encoding ${encoding}`);
      assert.match(digits, /^[0-9a-fA-F]+$/);
      if (!s.cur) s.cur = { format: s.format, fields: [], notes: [] };
      s.cur.fields.push({ encoding, name: fieldByEncoding(encoding)?.name ?? null, digits, line });
    },
    note(n) {
      release();
      s.calls.push(['note', n]);
      assert.equal(typeof n.label, 'string');
      assert.equal(typeof n.value, 'string');
      assert.equal(typeof n.what, 'string');
      if (!s.cur) s.cur = { format: s.format, fields: [], notes: [] };
      s.cur.notes.push(n);
    },
    skip() {
      s.calls.push(['skip']);
    },
    report(d) {
      s.calls.push(['report', d]);
    },
    get inDump() {
      return s.cur !== null;
    },
    get canReport() {
      return true;
    },
  };
  return s;
}

/** Feed lines as an integrator would: the first parser that claims a line has it. */
function drive(lines, parsers = createOtherParsers()) {
  const sink = fakeSink();
  const claimedBy = [];
  lines.forEach((line, i) => {
    const p = parsers.find((q) => q.parse(line, i + 1, sink));
    claimedBy.push(p ? p.format : null);
  });
  for (const p of parsers) p.end(sink);
  sink.boundary();
  return { sink, claimedBy, dumps: sink.dumps };
}

/** What each line gave, in the notation of the tables. */
function perLine(lines) {
  const { sink, claimedBy, dumps } = drive(lines);
  const out = lines.map((_, i) => ({ claimed: claimedBy[i], fields: [], notes: [] }));
  for (const c of sink.calls) {
    if (c[0] === 'field') out[c[3] - 1].fields.push(`${fieldByEncoding(c[1])?.name ?? c[1].toString(16)} ${c[2]}`);
    if (c[0] === 'note') out[c[1].line - 1].notes.push(`${c[1].label}=${c[1].value}`);
  }
  const rendered = out.map((o) => {
    if (!o.claimed && o.fields.length === 0 && o.notes.length === 0) return '-';
    if (o.fields.length === 0 && o.notes.length === 0) return 'skip';
    return [o.fields.join('; '), o.notes.length ? '| ' + o.notes.join('; ') : ''].filter(Boolean).join(' ');
  });
  return { rendered, claimedBy, dumps };
}

function checkTable(rows, format) {
  const lines = rows.map((r) => r[0]);
  const { rendered, claimedBy, dumps } = perLine(lines);
  rows.forEach(([line, expected], i) => {
    assert.equal(rendered[i], expected, `line ${i + 1}: ${JSON.stringify(line)}`);
    if (expected !== '-') assert.equal(claimedBy[i], format, `line ${i + 1} is claimed by ${format}`);
  });
  return dumps;
}

/** A dump as 'format: NAME NAME ...' (fields in emission order). */
const shape = (d) => `${d.format}: ${d.fields.map((f) => f.name).join(' ')}`;

// ---------------------------------------------------------------------------------------
// Intel HAXM: "%04x %s: %llx" (core/dump.c vmread_dump); samples from intel/haxm issues
// #306 (DebugView), #267, #205 (no space after the prefix), PR #152 (macOS), #304 (NetBSD
// syslog), #171 (interleaved, a prefix lost or doubled).

const HAXM = [
  ['00008149\t1.46222651\thaxm_warning: 4402 VM_EXIT_INFO_REASON: 80000021\t', 'VM_EXIT_REASON 80000021'],
  ['00008150\t1.46224701\thaxm_warning: 4404 VM_EXIT_INFO_INTERRUPT_INFO: 0\t', 'VM_EXIT_INTR_INFO 0'],
  ['00008156\t1.46237135\thaxm_warning: 6400 VM_EXIT_INFO_QUALIFICATION: 0\t', 'EXIT_QUALIFICATION 0'],
  ['00008161\t1.46247566\thaxm_warning: 640a VM_EXIT_INFO_GUEST_LINEAR_ADDRESS: e00ec0\t', 'GUEST_LINEAR_ADDRESS e00ec0'],
  ['00008163\t1.46251798\thaxm_warning: 6c16 HOST_RIP: fffff805e39c1a73\t', 'HOST_RIP fffff805e39c1a73'],
  ['00008166\t1.46258056\thaxm_warning: 6c02 HOST_CR3: 155686000\t', 'HOST_CR3 155686000'],
  ['', '-'],
  ['haxm_warning: Ignored guest CR8 write, val=0x2', 'skip'],
  ['haxm_panic: Triple fault', 'skip'],
  // the lines of one dump in the order HAXM's dump_vmcs_list prints them (a line out of that order
  // is another vCPU's: see the interleaving tests below and in vcpu-interleave.test.js)
  ['haxm_warning: 4000 VMX_PIN_CONTROLS: 1f', 'PIN_BASED_VM_EXEC_CONTROL 1f'],
  ['haxm_warning:4002 VMX_PRIMARY_PROCESSOR_CONTROLS: 969861fe', 'CPU_BASED_VM_EXEC_CONTROL 969861fe'],
  ['(intelhaxm) haxm_warn: 401e VMX_SECONDARY_PROCESSOR_CONTROLS: aa', 'SECONDARY_VM_EXEC_CONTROL aa'],
  ['2019-01-11 13:29:19.100943+0800  localhost kernel[0]: (intelhaxm) haxm_warn: 4004 VMX_EXCEPTION_BITMAP: 40000', 'EXCEPTION_BITMAP 40000'],
  ['Jun 16 15:07:09 localhost /netbsd: [ 1776.3439261] haxm_warning: 6008 VMX_CR3_TARGET_VAL_BASE: 0', 'CR3_TARGET_VALUE0 0'],
  ['an unrelated kernel line', '-'],
  ['haxm_warning: 0000 VMX_VPID: 1', 'VIRTUAL_PROCESSOR_ID 1'],
  ['haxm_warning: 4402 : 80000021', 'VM_EXIT_REASON 80000021'], // a name HAXM does not have prints as ""
  ['haxm_warning: 4404 GUEST_RIP: 0', 'VM_EXIT_INTR_INFO 0 | GUEST_RIP=0'], // the encoding wins; the clash is noted
  ['[  2804,119878] haxm_warning: haxm_warning: 4408 VM_EXIT_INFO_IDT_VECTORING: 0', 'IDT_VECTORING_INFO_FIELD 0'],
  ['[  2804,119878] 2400 VM_EXIT_INFO_GUEST_PHYSICAL_ADDRESS: 40000700', 'GUEST_PHYSICAL_ADDRESS 40000700'],
  ['haxm_warning: 4000 VMX_PIN_CONTROLS: 1f', 'PIN_BASED_VM_EXEC_CONTROL 1f'], // the list starts again
  ['6800 GUEST_CR0 80050033', '-'], // no colon: the pairs dialect's
];

test('HAXM: every line, with its prefixes and damage', () => {
  const dumps = checkTable(HAXM, 'haxm');
  assert.deepEqual(dumps.map(shape), [
    'haxm: VM_EXIT_REASON VM_EXIT_INTR_INFO EXIT_QUALIFICATION GUEST_LINEAR_ADDRESS HOST_RIP HOST_CR3',
    'haxm: PIN_BASED_VM_EXEC_CONTROL CPU_BASED_VM_EXEC_CONTROL SECONDARY_VM_EXEC_CONTROL EXCEPTION_BITMAP CR3_TARGET_VALUE0 VIRTUAL_PROCESSOR_ID VM_EXIT_REASON VM_EXIT_INTR_INFO IDT_VECTORING_INFO_FIELD GUEST_PHYSICAL_ADDRESS',
    'haxm: PIN_BASED_VM_EXEC_CONTROL',
  ]);
  assert.equal(dumps[1].notes.length, 1);
  assert.match(dumps[1].notes[0].what, /encoding/);
});

test('HAXM: the list starting over (0x4000) starts the next dump; a field printed again before it is two vCPUs printing at once, reported by line', () => {
  const next = drive(['haxm_warning: 4000 VMX_PIN_CONTROLS: 1f', 'haxm_warning: 681e GUEST_RIP: 9e019', 'haxm_warning: 4000 VMX_PIN_CONTROLS: 3f', 'haxm_warning: 681e GUEST_RIP: 9e01b']);
  assert.deepEqual(next.dumps.map(shape), ['haxm: PIN_BASED_VM_EXEC_CONTROL GUEST_RIP', 'haxm: PIN_BASED_VM_EXEC_CONTROL GUEST_RIP']);
  assert.equal(next.dumps[1].fields[1].digits, '9e01b');
  // [lines, what is reported]
  for (const [lines, reported] of [
    [['haxm_warning: 681e GUEST_RIP: 9e019', 'haxm_warning: 6820 GUEST_RFLAGS: 2', 'haxm_warning: 681e GUEST_RIP: 9e01b'], '1-3 (3)'],
    [['haxm_warning: 6820 GUEST_RFLAGS: 2', 'haxm_warning: 681e GUEST_RIP: 9e019'], '1-2 (2)'], // out of HAXM's order
  ]) {
    const { dumps, sink } = drive(lines);
    assert.deepEqual(dumps, [], lines.join(' / '));
    const reports = sink.calls.filter((c) => c[0] === 'report').map((c) => c[1]);
    assert.deepEqual(reports.map((d) => `${d.code} ${d.line}: ${d.args.lines} (${d.args.count})`), [`interleaved-lines 1: ${reported}`]);
  }
});

test('another dialect between two HAXM lines: the HAXM dump reopens with its own format', () => {
  const { dumps } = drive([
    'haxm_warning: 681e GUEST_RIP: 9e019',
    'kvm_exit: reason HLT rip 0xffffffff81000000 info 0 0',
    'haxm_warning: 6820 GUEST_RFLAGS: 2',
  ]);
  assert.deepEqual(dumps.map(shape), ['haxm: GUEST_RIP', 'kvm-exit: VM_EXIT_REASON GUEST_RIP EXIT_QUALIFICATION', 'haxm: GUEST_RFLAGS']);
});

// ---------------------------------------------------------------------------------------
// hvext: println(hex(value, 16) + " " + name) / "***** FAILED ***** " + name (hvext_intel.js)

const HVEXT = [
  ['0: kd> !dump_vmcs', 'skip'],
  ['0x0000000000000001 Virtual-processor identifier (VPID)', 'VIRTUAL_PROCESSOR_ID 0000000000000001'],
  ['0x0000000000000000 Posted-interrupt notification vector', 'POSTED_INTR_NV 0000000000000000'],
  ['***** FAILED ***** Last PID-pointer', '| Last PID-pointer='],
  ['0x0000000000000010 Guest CS selector', 'GUEST_CS_SELECTOR 0000000000000010'],
  ['', '-'],
  ['0x0000000000000000 ENCLV-exiting bitmap', 'ENCLV_EXITING_BITMAP 0000000000000000'], // hvext.js, SDM rev. 79
  ['0x0000000080000021 Exit reason', 'VM_EXIT_REASON 0000000080000021'],
  ['0x0000000000000000 VM-exit interruption information', 'VM_EXIT_INTR_INFO 0000000000000000'],
  ['    0x0000000080050033 Guest CR0', 'GUEST_CR0 0000000080050033'],
  ['0x0000000000000000 Host IA32_SYSENTER_CS', 'HOST_IA32_SYSENTER_CS 0000000000000000'],
  ['0x0000000000000000 Last PID-pointer index', 'LAST_PID_POINTER_INDEX 0000000000000000'], // the table's SDM title
  ['0: kd> g', '-'],
  ['0x0000000000000002 Virtual-processor identifier (VPID)', 'VIRTUAL_PROCESSOR_ID 0000000000000002'],
  ['0x00004402 = 0x80000021', '-'],
  // an hvext row of the dump whose name is no field: reported (unknown-field, test/unknown-tokens.test.js)
  ['0x0000000080050033 guest cr0 value', 'skip'],
];

test('hvext: every line', () => {
  const dumps = checkTable(HVEXT, 'hvext');
  assert.deepEqual(dumps.map(shape), [
    'hvext: VIRTUAL_PROCESSOR_ID POSTED_INTR_NV GUEST_CS_SELECTOR ENCLV_EXITING_BITMAP VM_EXIT_REASON VM_EXIT_INTR_INFO GUEST_CR0 HOST_IA32_SYSENTER_CS LAST_PID_POINTER_INDEX',
    'hvext: VIRTUAL_PROCESSOR_ID',
  ]);
  assert.match(dumps[0].notes[0].what, /FAILED/);
});

test('hvext: the VPID line starts the next !dump_vmcs', () => {
  const { dumps } = drive(['0x0000000000000001 Virtual-processor identifier (VPID)', '0x0000000080050033 Guest CR0', '0x0000000000000001 Virtual-processor identifier (VPID)']);
  assert.deepEqual(dumps.map(shape), ['hvext: VIRTUAL_PROCESSOR_ID GUEST_CR0', 'hvext: VIRTUAL_PROCESSOR_ID']);
});

// ---------------------------------------------------------------------------------------
// bhyvectl --get-all on an Intel host (bhyvectl.c, current): registers and descriptors first
// (read from the VMCS except those bhyve keeps in software), then get_misc_vmcs(), then main().

const BHYVE = [
  ['efer[0]\t\t0x0000000000000d01', 'GUEST_IA32_EFER 0000000000000d01'],
  ['cr0[0]\t\t0x0000000080050033', 'GUEST_CR0 0000000080050033'],
  ['cr2[0]\t\t0x0000000000000000', '| cr2=0x0000000000000000'],
  ['cr4[0]          0x00000000000426e0', 'GUEST_CR4 00000000000426e0'], // tabs turned to spaces
  ['> rsp[0]\t\t0xfffffe0000123ff0', 'GUEST_RSP fffffe0000123ff0'], // quoted
  ['rip[0]\t\t0xffffffff80a7f4a6', 'GUEST_RIP ffffffff80a7f4a6'],
  ['rax[0]\t\t0x0000000000000001', '| rax=0x0000000000000001'],
  ['rflags[0]\t0x0000000000000246', 'GUEST_RFLAGS 0000000000000246'],
  ['cs desc[0]\t0x0000000000000000/0xffffffff/0x0000209b', 'GUEST_CS_BASE 0000000000000000; GUEST_CS_LIMIT ffffffff; GUEST_CS_AR_BYTES 0000209b'],
  ['gdtr[0]\t\t0xffffffff81e2a000/0x0000007f', 'GUEST_GDTR_BASE ffffffff81e2a000; GUEST_GDTR_LIMIT 0000007f'],
  ['cs[0]\t\t0x0020', 'GUEST_CS_SELECTOR 0020'],
  ['cr0_mask[0]\t\t0x0000000060000020', 'CR0_GUEST_HOST_MASK 0000000060000020'],
  ['pinbased_ctls[0]\t0x000000000000007f', 'PIN_BASED_VM_EXEC_CONTROL 000000000000007f'],
  ['vmcs_pointer[0]\t0xffffffffffffffff', 'VMCS_LINK_POINTER ffffffffffffffff'],
  ['vmcs_exit_interruption_info[0]\t0x0000000000000000', 'VM_EXIT_INTR_INFO 0000000000000000'],
  ['vmcs_exit_qualification[0]\t0x0000000000000000', 'EXIT_QUALIFICATION 0000000000000000'],
  ['x2apic_state[0]\t1', '| x2apic_state=1'],
  ['eptp[0]\t\t0x000000011f31201e', 'EPT_POINTER 000000011f31201e'],
  ['exception_bitmap[0]\t0x40000', 'EXCEPTION_BITMAP 40000'],
  ['tsc_offset[0]\t0xfffffc3d6fd21a3f', 'TSC_OFFSET fffffc3d6fd21a3f'],
  ['vpid[0]\t\t0x0001', 'VIRTUAL_PROCESSOR_ID 0001'],
  ['guest_sysenter_cs[0]\t0', 'GUEST_SYSENTER_CS 0'], // %#lx prints 0 without 0x
  ['exit_reason[0]\t0x1e', 'VM_EXIT_REASON 1e'],
  ['Capability "hlt_exit" is set on vcpu 0', 'skip'],
  ['active cpus:\t 0', 'skip'],
  ['rip[1]\t\t0xffffffff80a7f4a6', 'GUEST_RIP ffffffff80a7f4a6 | bhyvectl='], // vCPU 1: a new dump, vendor unknown
];

test('bhyvectl --get-all (Intel): every line', () => {
  const dumps = checkTable(BHYVE, 'bhyve');
  assert.equal(dumps.length, 2);
  assert.equal(dumps[0].format, 'bhyve');
  assert.deepEqual(dumps[0].notes.map((n) => n.label), ['cr2', 'rax', 'x2apic_state']);
  assert.deepEqual(dumps[1].fields.map((f) => f.name), ['GUEST_RIP']);
  assert.match(dumps[1].notes[0].what, /Intel/);
});

test('bhyvectl, FreeBSD 10 names (vmcs_exit_reason, apic_access_addr, ple_gap) and stats lines', () => {
  const rows = [
    ['rip[0]\t\t0x0000000000001000', 'GUEST_RIP 0000000000001000'],
    ['vcpu0', 'skip'],
    ['number of times hlt was intercepted      \t12', 'skip'],
    ['pinbased_ctls[0]\t0x0000003f', 'PIN_BASED_VM_EXEC_CONTROL 0000003f'],
    ['apic_access_addr[0]\t0x00000000fffff000', 'APIC_ACCESS_ADDR 00000000fffff000'],
    ['ple_gap[0]\t\t0x00000080', 'PLE_GAP 00000080'],
    ['vmcs_exit_reason[0]\t0x0000000000000030', 'VM_EXIT_REASON 0000000000000030'],
    ['MSR_EFER            [0]\t\tRW', 'skip'],
  ];
  const dumps = checkTable(rows, 'bhyve');
  assert.equal(dumps.length, 1);
});

test('bhyvectl on an AMD host: the shared names are VMCB values, kept as notes', () => {
  const rows = [
    ['rip[0]\t\t0xffffffff80a7f4a6', '| rip=0xffffffff80a7f4a6'],
    ['cr_intercept[0]\t0x00000113', '| cr_intercept=0x00000113'],
    ['exit_reason[0]\t0x400', '| exit_reason=0x400'],
  ];
  const dumps = checkTable(rows, 'bhyve');
  assert.equal(dumps.length, 1);
  assert.equal(dumps[0].fields.length, 0);
  assert.match(dumps[0].notes[0].what, /VMCB/);
});

// A real `bhyvectl --cpu=1 --get-all` (illumos bhyve) pasted in oxidecomputer/propolis#300,
// test/fixtures/samples/15-… (see SOURCES.md there): the memory map, then the registers of
// vCPU 1. efer = 0x1800 has SVME (bit 12), which bhyve's SVM code keeps set for the guest and
// which a VM entry on Intel refuses: the host is AMD, so the shared names are VMCB values.
const BHYVE_SAMPLE = readFileSync(new URL('./fixtures/samples/15-bhyvectl-get-all-amd-illumos-propolis-excerpt.txt', import.meta.url), 'utf8');
const VMCB = (name, value) => `| ${name}=${value}`;

test('bhyvectl --get-all, real output of an AMD host (propolis#300): EFER.SVME makes every shared name a VMCB note', () => {
  const src = BHYVE_SAMPLE.replace(/\n$/, '').split('\n');
  const expected = [
    '-', '-', '-', '-', '-', '-', '-', // the command and the memory map: not ours
    VMCB('efer', '0x0000000000001800'),
    VMCB('cr0', '0x0000000000010033'),
    VMCB('cr2', '0x0000000000000000'),
    VMCB('cr3', '0x000000003fc01000'),
    VMCB('cr4', '0x0000000000000640'),
    VMCB('dr0', '0x0000000000000000'),
    VMCB('dr1', '0x0000000000000000'),
    VMCB('dr2', '0x0000000000000000'),
    VMCB('dr3', '0x0000000000000000'),
    VMCB('dr6', '0x00000000ffff0ff0'),
    VMCB('dr7', '0x0000000000000400'),
    VMCB('rsp', '0x000000003fb6df5e'),
    VMCB('rip', '0x000000000000e01a'),
    VMCB('rax', '0x0000000000002186'),
    VMCB('rbx', '0x0000000000000000'),
    VMCB('rcx', '0x0000000000000000'),
    VMCB('rdx', '0x000000000000fffe'),
    VMCB('rsi', '0x000000003fb6e01a'),
    VMCB('rdi', '0x000000003f4a56e8'),
    VMCB('rbp', '0x000000003f4a4004'),
    VMCB('r8', '0x0000000000000010'),
    VMCB('r9', '0x000000003fb6df80'),
    VMCB('r10', '0x0000000000000000'),
    VMCB('r11', '0x0000000000000000'),
    VMCB('r12', '0x0000000000000000'),
    VMCB('r13', '0x0000000000000001'),
    VMCB('r14', '0x0000000000000001'),
    VMCB('r15', '0x000000003ffc4f78'),
    VMCB('rflags', '0x0000000000000092'),
    '| ds desc=0x0000000000000000; ds desc=0xffffffff; ds desc=0x0000c093',
    '| es desc=0x0000000000000000; es desc=0x00000000; es desc=0x00010000',
    '| fs desc=0x0000000000000000; fs desc=0xffffffff; fs desc=0x0000c093',
  ];
  const dumps = checkTable(src.map((l, i) => [l, expected[i]]), 'bhyve');
  assert.equal(src.length, expected.length);
  assert.equal(dumps.length, 1);
  assert.equal(dumps[0].format, 'bhyve');
  assert.deepEqual(dumps[0].fields, []);
  const byLabel = Object.fromEntries(dumps[0].notes.map((n) => [n.label, n.what]));
  for (const l of ['efer', 'cr0', 'cr3', 'cr4', 'dr7', 'rsp', 'rip', 'rflags', 'ds desc']) assert.match(byLabel[l], /VMCB on an AMD host/, l);
  assert.match(byLabel.rip, /GUEST_RIP/);
  assert.match(byLabel.cr2, /software/);
  assert.match(byLabel.rax, /software/);
});

test('bhyvectl --get-all: an efer without SVME leaves the vendor open (the values are taken as VMCS fields)', () => {
  const dumps = checkTable([
    ['efer[1]\t\t0x0000000000000d01', 'GUEST_IA32_EFER 0000000000000d01 | bhyvectl='], // the note: Intel assumed
    ['rip[1]\t\t0x000000000000e01a', 'GUEST_RIP 000000000000e01a'],
  ], 'bhyve');
  assert.equal(dumps.length, 1);
});

// ---------------------------------------------------------------------------------------
// kvm_exit (arch/x86/kvm/trace.h): every line is a dump.

const KVM_EXIT = [
  [
    '  CPU 0/KVM-4567  [003] ....  1234.567890: kvm_exit: vcpu 0 reason EPT_VIOLATION rip 0xffffffff81234567 info1 0x0000000000000181 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000',
    'VM_EXIT_REASON 30; GUEST_RIP ffffffff81234567; EXIT_QUALIFICATION 0000000000000181; IDT_VECTORING_INFO_FIELD 0000000000000000; VM_EXIT_INTR_INFO 00000000 | error_code=00000000; vcpu=0',
  ],
  [
    // trace-cmd report: its kvm plugin prints `info info1 info2` for every kernel, and info2 is the
    // VM-exit interruption information up to 5.9, the IDT-vectoring information from 5.10
    ' qemu-system-x86-2733  [001]  6157.234412: kvm_exit:             reason EPT_VIOLATION rip 0xffffffff81234567 info 181 0',
    'VM_EXIT_REASON 30; GUEST_RIP ffffffff81234567; EXIT_QUALIFICATION 181 | info=0',
  ],
  // the value tells where the line does not: valid for an EPT violation, or not valid for an exception, is 5.10's info2
  [' qemu-system-x86-2733  [001]  6157.234413: kvm_exit:             reason EPT_VIOLATION rip 0xffffffff81234567 info 181 80000b0e', 'VM_EXIT_REASON 30; GUEST_RIP ffffffff81234567; EXIT_QUALIFICATION 181; IDT_VECTORING_INFO_FIELD 80000b0e | info=80000b0e'],
  [' qemu-system-x86-2733  [001]  6157.234414: kvm_exit:             reason EXCEPTION_NMI rip 0xffffffff81234567 info 0 0', 'VM_EXIT_REASON 0; GUEST_RIP ffffffff81234567; EXIT_QUALIFICATION 0; IDT_VECTORING_INFO_FIELD 0 | info=0'],
  // an exception exit with a valid value: either field, not read
  [' qemu-system-x86-2733  [001]  6157.234415: kvm_exit:             reason EXCEPTION_NMI rip 0xffffffff81234567 info 0 80000b0e', 'VM_EXIT_REASON 0; GUEST_RIP ffffffff81234567; EXIT_QUALIFICATION 0 | info=80000b0e'],
  // the kernel's own format (ftrace's latency-flags column, or `vcpu N`): Linux 5.9 and older, info2 the interruption information
  ['  CPU 0/KVM-4567  [003] d..1.  1234.567891: kvm_exit: reason EPT_VIOLATION rip 0xffffffff81234567 info 181 80000b0e', 'VM_EXIT_REASON 30; GUEST_RIP ffffffff81234567; EXIT_QUALIFICATION 181; VM_EXIT_INTR_INFO 80000b0e'],
  ['kvm_exit: vcpu 2 reason EPT_VIOLATION rip 0xffffffff81234567 info 181 0', 'VM_EXIT_REASON 30; GUEST_RIP ffffffff81234567; EXIT_QUALIFICATION 181; VM_EXIT_INTR_INFO 0 | vcpu=2'],
  ['', '-'],
  [
    'kvm_exit: vcpu 1 reason EXCEPTION_NMI rip 0x7f0012345678 info1 0x0000000000001000 info2 0x0000000000000000 intr_info 0x80000b0e error_code 0x00000004',
    'VM_EXIT_REASON 0; GUEST_RIP 7f0012345678; EXIT_QUALIFICATION 0000000000001000; IDT_VECTORING_INFO_FIELD 0000000000000000; VM_EXIT_INTR_INFO 80000b0e; VM_EXIT_INTR_ERROR_CODE 00000004 | vcpu=1',
  ],
  [
    'kvm_exit: vcpu 0 reason INVALID_STATE FAILED_VMENTRY rip 0xfff0 info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000',
    'VM_EXIT_REASON 80000021; GUEST_RIP fff0; EXIT_QUALIFICATION 0000000000000000 | info2=0000000000000000; intr_info=00000000; error_code=00000000; vcpu=0',
  ],
  ['kvm_exit: vcpu 0 reason 0x80000021 rip 0xfff0 info 0 0', 'VM_EXIT_REASON 80000021; GUEST_RIP fff0; EXIT_QUALIFICATION 0; VM_EXIT_INTR_INFO 0 | vcpu=0'],
  [
    'CPU 0/KVM  4567 [003]  1234.567890: kvm:kvm_exit: vcpu 0 reason HLT rip 0xffffffff81a0b2fe info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000 requests 0x0000000000000000',
    'VM_EXIT_REASON c; GUEST_RIP ffffffff81a0b2fe; EXIT_QUALIFICATION 0000000000000000; IDT_VECTORING_INFO_FIELD 0000000000000000; VM_EXIT_INTR_INFO 00000000 | error_code=00000000; vcpu=0; requests=0000000000000000',
  ],
  ['kvm_exit: vcpu 0 reason npf rip 0xffffffff81000000 info1 0x0000000000000004 info2 0x00000000fee00300 intr_info 0x00000000 error_code 0x00000000', 'skip'], // AMD
  ['kvm_exit: vcpu 0 reason PENDING_INTERRUPT rip 0x1000 info 0 0', 'VM_EXIT_REASON 7; GUEST_RIP 1000; EXIT_QUALIFICATION 0; VM_EXIT_INTR_INFO 0 | vcpu=0'],
  ['kvm_entry: vcpu 0', '-'],
  ['kvm_exit: reason EXTERNAL_INTERRUPT rip 0xffffffff8100a3f2', 'VM_EXIT_REASON 1; GUEST_RIP ffffffff8100a3f2'], // 2.6.3x
  ['kvm_exit: vcpu 0 reason SGX_CONFLICT rip 0x1000 info 0 0', 'GUEST_RIP 1000; EXIT_QUALIFICATION 0; VM_EXIT_INTR_INFO 0 | reason=SGX_CONFLICT; vcpu=0'],
];

test('kvm_exit: every line, every kernel generation', () => {
  const dumps = checkTable(KVM_EXIT, 'kvm-exit');
  assert.equal(dumps.length, 14); // one per claimed line that gave something
  assert.ok(dumps.every((d) => d.format === 'kvm-exit'));
  assert.ok(dumps.every((d) => d.fields.every((f) => f.line === d.fields[0].line)));
});

test('kvm_exit: a stream of many lines gives one dump per line and a correct summary', () => {
  const names = ['EPT_VIOLATION', 'EXTERNAL_INTERRUPT', 'EPT_VIOLATION', 'HLT', 'EPT_VIOLATION', 'EXTERNAL_INTERRUPT'];
  const lines = [];
  for (let i = 0; i < 1200; i++) {
    lines.push(`  CPU 0/KVM-4567  [003] ....  ${1000 + i}.000000: kvm_exit: vcpu ${i % 4} reason ${names[i % 6]} rip 0xffffffff8100${(i % 4096).toString(16).padStart(4, '0')} info1 0x0000000000000181 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000`);
    if (i % 100 === 0) lines.push(`  CPU 0/KVM-4567  [003] ....  ${1000 + i}.000001: kvm_entry: vcpu ${i % 4}`, '');
  }
  lines.push('kvm_exit: vcpu 0 reason INVALID_STATE FAILED_VMENTRY rip 0xfff0 info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000');
  const { dumps } = drive(lines);
  assert.equal(dumps.length, 1201);
  const asAnnotated = dumps.map((d) => ({ fields: d.fields.map((f) => ({ encoding: f.encoding, value: BigInt('0x' + f.digits) })) }));
  assert.deepEqual(summarizeExits(asAnnotated), [
    { reason: 48, name: 'EPT violation', count: 600 },
    { reason: 1, name: 'External interrupt', count: 400 },
    { reason: 12, name: 'HLT', count: 200 },
    { reason: 33, name: 'VM-entry failure due to invalid guest state', count: 1 },
  ]);
});

test('summarizeExits: ties by reason number, unknown reasons named as such, dumps without a reason ignored', () => {
  const dump = (v) => ({ fields: [{ encoding: 0x6400, value: 0n }, { encoding: 0x4402, value: v }] });
  assert.deepEqual(summarizeExits([dump(99n), dump(10n), { fields: [] }, dump(0x8000000an), dump(99n), dump(10n)]), [
    { reason: 10, name: 'CPUID', count: 3 },
    { reason: 99, name: 'exit reason 99 (unknown to this table)', count: 2 },
  ]);
  assert.deepEqual(summarizeExits([]), []);
});

// ---------------------------------------------------------------------------------------
// VirtualBox VBox.log: the info-hm block of sample 14 (no VMCS field in it) and HMR3CheckError.

const VBOX = [
  ...VBOX_SAMPLE.replace(/\n$/, '')
    .split('\n')
    .map((line, i) => [
      line,
      [
        'skip',
        '| HM error=0x23a',
        '| rcLastExitToR3=VERR_VMX_INVALID_GUEST_STATE',
        '| VMCS=Guest',
        '| Real-on-v86 active=true',
        '| EFlags=0x7',
        '| Attr CS=0x9b',
        '| Attr SS=0xc093',
        '| Attr DS=0xc093',
        '| Attr ES=0xc093',
        '| Attr FS=0xc0f3',
        '| Attr GS=0xc0f3',
      ][i],
    ]),
  ["00:00:05.485420 Changing the VM state from 'RUNNING' to 'GURU_MEDITATION'", '-'],
  ['00:00:05.500000 HM: VERR_VMX_UNABLE_TO_START_VM:', '| status=VERR_VMX_UNABLE_TO_START_VM'],
  ['00:00:05.500001 HM: CPU[0] Guest VMCS active', '| VMCS=Guest'],
  ['00:00:05.500002 HM: CPU[0] Instruction error    0x7', 'VM_INSTRUCTION_ERROR 7'],
  ['00:00:05.500003 HM: CPU[0] Exit reason          0x80000021', 'VM_EXIT_REASON 80000021'],
  ['00:00:05.500004 HM: CPU[0] PinCtls              0x3f', 'PIN_BASED_VM_EXEC_CONTROL 3f'],
  ['00:00:05.500005 HM:   VMX_PIN_CTLS_EXT_INT_EXIT', 'skip'],
  ['00:00:05.500006 HM: CPU[0] HCPhysMsrBitmap      0x0000000123456000', 'MSR_BITMAP 0000000123456000'],
  ['00:00:05.500007 HM: CPU[0] cEntryMsrLoad        12', 'VM_ENTRY_MSR_LOAD_COUNT c'], // %u
  ['00:00:05.500008 HM: CPU[0] Current VMCS version 0x4', '| Current VMCS version=0x4'],
  ['', '-'],
  ['00:00:05.500009 HM: VERR_VMX_INVALID_GUEST_STATE:', '| status=VERR_VMX_INVALID_GUEST_STATE'],
  ['00:00:05.500010 HM: CPU[1] HM error = 0x23a (570)', '| HM error=0x23a (570)'],
  ['00:00:05.500011 HM: CPU[1] Guest-intr. state = 0x8', 'GUEST_INTERRUPTIBILITY_INFO 8'],
  ['HM: CPU[1] Exit reason          0x21', 'VM_EXIT_REASON 21'], // timestamp lost
  ['00:00:05.500012 HM: VERR_VMX_UNABLE_TO_START_VM: VM-entry allowed-1  0xffffffff', '| VERR_VMX_UNABLE_TO_START_VM: VM-entry allowed-1=0xffffffff'],
];

test('VirtualBox: the VT-x info block (sample 14) and the HMR3CheckError block', () => {
  const dumps = checkTable(VBOX, 'vbox');
  assert.deepEqual(dumps.map(shape), [
    'vbox: ',
    'vbox: VM_INSTRUCTION_ERROR VM_EXIT_REASON PIN_BASED_VM_EXEC_CONTROL MSR_BITMAP VM_ENTRY_MSR_LOAD_COUNT',
    'vbox: GUEST_INTERRUPTIBILITY_INFO VM_EXIT_REASON',
  ]);
  assert.equal(dumps[0].notes.length, 11);
  assert.match(dumps[0].notes.find((n) => n.label === 'HM error').what, /VMX_IGS/);
});

// ---------------------------------------------------------------------------------------
// Each dialect claims only its own lines.

test('each parser claims only lines of its own format', () => {
  const tables = { haxm: HAXM, hvext: HVEXT, bhyve: BHYVE, 'kvm-exit': KVM_EXIT, vbox: VBOX };
  for (const [format, rows] of Object.entries(tables)) {
    for (const [line] of rows) {
      for (const p of createOtherParsers()) {
        if (p.format === format) continue;
        assert.equal(p.parse(line, 1, fakeSink()), false, `${p.format} claims a ${format} line: ${JSON.stringify(line)}`);
      }
    }
  }
  // Lines of the kernel and pairs dialects are nobody's here.
  for (const line of [
    '[ 2311.499073] kvm_intel: *** Guest State ***',
    'kvm_intel: CR0: actual=0x0000000080050033, shadow=0x0000000060000010, gh_mask=fffffffffffffff7',
    '(XEN) RIP = 0x0000000000100000 (0x0000000000100000)',
    'GUEST_CR0: 80050033',
    'VMCS[0x6800] = 0x80050033',
    '[    4.120342] myvmm: 0x00004002 = 0xb5986dfa',
  ]) {
    const { claimedBy } = drive([line]);
    assert.deepEqual(claimedBy, [null], line);
  }
  // QEMU's register dump is the qemu dialect's (issue 10), and nobody else's
  assert.deepEqual(drive(['EAX=00000000 EBX=00000000 ECX=00000000 EDX=00000663']).claimedBy, ['qemu']);
});

// ---------------------------------------------------------------------------------------
// Robustness

const FRAGMENTS = [
  'haxm_warning: ', '4402 ', 'VM_EXIT_INFO_REASON', ': ', '80000021', '0x', '0000000080050033 ', 'Guest CR0',
  '***** FAILED ***** ', 'rip[0]\t\t', 'cs desc[0]\t', '/', '0xffffffff', 'kvm_exit: ', 'vcpu 0 ', 'reason ',
  'EPT_VIOLATION ', 'FAILED_VMENTRY ', 'rip 0xfff0 ', 'info1 0x181 ', 'info ', 'intr_info 0x80000b0e ',
  'error_code 0x4 ', 'requests 0x0', '00:00:05.485406 ', 'HM: ', 'CPU[0] ', 'VERR_VMX_UNABLE_TO_START_VM:',
  'Exit reason ', 'CPU[0]: VT-x info:', '  EFlags  = ', 'Attr CS = ', '!dump_vmcs', '0: kd> ', ' ', '\t', '[', ']',
  '99999999999999999999999', 'ffffffffffffffffffff', '\u00a0', 'é',
];

test('random strings and jumbles of the formats never throw, and every field is well formed', () => {
  const line = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 14 }).map((a) => a.join('')));
  fc.assert(
    fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
      drive(lines); // the fake sink asserts the shape of every field and note
    }),
    { numRuns: 400 },
  );
});

test('names of Object.prototype are not labels', () => {
  const { claimedBy, dumps } = drive(['constructor[0]\t0x1', 'toString[0]\t\t0x2', '__proto__[0]\t0x3', 'hasOwnProperty[0]\t0x0']);
  assert.deepEqual(claimedBy, [null, null, null, null]);
  assert.equal(dumps.length, 0);
});
