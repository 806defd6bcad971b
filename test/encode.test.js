// encode(): names, aliases and SDM titles to encodings; unknown names with suggestions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { encode, lookupName, suggestNames } from '../dist/index.js';

// [input, expected encoding, expected canonical name]
const KNOWN = [
  // canonical names, any case and punctuation
  ['GUEST_CR0', '0x00006800', 'GUEST_CR0'],
  ['guest cr0', '0x00006800', 'GUEST_CR0'],
  ['Guest-CR0', '0x00006800', 'GUEST_CR0'],
  ['guest_cr0', '0x00006800', 'GUEST_CR0'],
  ['  GUEST_CR0  ', '0x00006800', 'GUEST_CR0'],
  ['GuestCr0', '0x00006800', 'GUEST_CR0'],
  ['HOST_RIP', '0x00006c16', 'HOST_RIP'],
  ['VM_EXIT_REASON', '0x00004402', 'VM_EXIT_REASON'],
  ['VMCS_LINK_POINTER', '0x00002800', 'VMCS_LINK_POINTER'],
  // SDM titles (current), with and without the parenthetical
  ['Guest CR0', '0x00006800', 'GUEST_CR0'],
  ['Virtual-processor identifier (VPID)', '0x00000000', 'VIRTUAL_PROCESSOR_ID'],
  ['virtual processor identifier vpid', '0x00000000', 'VIRTUAL_PROCESSOR_ID'],
  ['EPT pointer (EPTP)', '0x0000201a', 'EPT_POINTER'],
  ['EPT pointer', '0x0000201a', 'EPT_POINTER'],
  ['EPTP', '0x0000201a', 'EPT_POINTER'],
  ['Exit reason', '0x00004402', 'VM_EXIT_REASON'],
  ['Injected-event identification', '0x00004016', 'VM_ENTRY_INTR_INFO_FIELD'],
  ['Instruction-timeout control', '0x00004024', 'NOTIFY_WINDOW'],
  ['PLE_Gap', '0x00004020', 'PLE_GAP'],
  // former SDM titles
  ['VM-exit interruption information', '0x00004404', 'VM_EXIT_INTR_INFO'],
  ['VM-entry interruption-information field', '0x00004016', 'VM_ENTRY_INTR_INFO_FIELD'],
  ['IDT-vectoring information field', '0x00004408', 'IDT_VECTORING_INFO_FIELD'],
  ['VM-exit controls', '0x0000400c', 'VM_EXIT_CONTROLS'],
  ['Processor-based VM-execution controls', '0x00004002', 'CPU_BASED_VM_EXEC_CONTROL'],
  // high halves: NAME_HIGH, NAME_HI, "Title (high)", aliases
  ['EPT_POINTER_HIGH', '0x0000201b', 'EPT_POINTER_HIGH'],
  ['EPT_POINTER_HI', '0x0000201b', 'EPT_POINTER_HIGH'],
  ['EPT pointer (EPTP; high)', '0x0000201b', 'EPT_POINTER_HIGH'],
  ['EPTP_HI', '0x0000201b', 'EPT_POINTER_HIGH'],
  ['Address of I/O bitmap A (high)', '0x00002001', 'IO_BITMAP_A_HIGH'],
  ['IO_BITMAP_A_HIGH', '0x00002001', 'IO_BITMAP_A_HIGH'],
  ['VMCS_64BIT_CONTROL_IO_BITMAP_A_HI', '0x00002001', 'IO_BITMAP_A_HIGH'],
  ['VMCS_LINK_POINTER_HIGH', '0x00002801', 'VMCS_LINK_POINTER_HIGH'],
  ['VMX_VMCS64_GUEST_VMCS_LINK_PTR_HIGH', '0x00002801', 'VMCS_LINK_POINTER_HIGH'],
  ['guest::LINK_PTR_HIGH', '0x00002801', 'VMCS_LINK_POINTER_HIGH'],
  ['VMCS link pointer (high)', '0x00002801', 'VMCS_LINK_POINTER_HIGH'],
  ['GUEST_PDPTR0_HI', '0x0000280b', 'GUEST_PDPTR0_HIGH'],
  // _FULL selects the full half of a 64-bit field
  ['IO_BITMAP_A_FULL', '0x00002000', 'IO_BITMAP_A'],
  ['EPT_POINTER_FULL', '0x0000201a', 'EPT_POINTER'],
  ['VMCS_LINK_POINTER_FULL', '0x00002800', 'VMCS_LINK_POINTER'],
  ['Address of I/O bitmap A', '0x00002000', 'IO_BITMAP_A'],
  // rust-x86
  ['guest::CR0', '0x00006800', 'GUEST_CR0'],
  ['host::RIP', '0x00006c16', 'HOST_RIP'],
  ['ro::EXIT_REASON', '0x00004402', 'VM_EXIT_REASON'],
  ['control::EPTP_FULL', '0x0000201a', 'EPT_POINTER'],
  ['control::EPTP_HIGH', '0x0000201b', 'EPT_POINTER_HIGH'],
  ['control::VPID', '0x00000000', 'VIRTUAL_PROCESSOR_ID'],
  // Bochs
  ['VMCS_GUEST_CR0', '0x00006800', 'GUEST_CR0'],
  ['VMCS_16BIT_CONTROL_VPID', '0x00000000', 'VIRTUAL_PROCESSOR_ID'],
  ['VMCS_64BIT_CONTROL_EPTPTR', '0x0000201a', 'EPT_POINTER'],
  ['VMCS_64BIT_GUEST_LINK_POINTER', '0x00002800', 'VMCS_LINK_POINTER'],
  ['VMCS_64BIT_GUEST_LINK_POINTER_HI', '0x00002801', 'VMCS_LINK_POINTER_HIGH'],
  ['VMCS_32BIT_VMEXIT_REASON', '0x00004402', 'VM_EXIT_REASON'],
  ['VMCS_32BIT_CONTROL_INSTRUCTION_TIMEOUT_CTRL', '0x00004024', 'NOTIFY_WINDOW'],
  // Xen
  ['PI_DESC_ADDR', '0x00002016', 'POSTED_INTR_DESC_ADDR'],
  ['GUEST_PREEMPTION_TIMER', '0x0000482e', 'VMX_PREEMPTION_TIMER_VALUE'],
  ['EOI_EXIT_BITMAP(1)', '0x0000201e', 'EOI_EXIT_BITMAP1'],
  ['GUEST_PDPTE(3)', '0x00002810', 'GUEST_PDPTR3'],
  ['VM_ENTRY_INTR_INFO', '0x00004016', 'VM_ENTRY_INTR_INFO_FIELD'],
  // VirtualBox
  ['VMX_VMCS_GUEST_CR0', '0x00006800', 'GUEST_CR0'],
  ['VMX_VMCS16_VPID', '0x00000000', 'VIRTUAL_PROCESSOR_ID'],
  ['VMX_VMCS64_CTRL_EPTP_FULL', '0x0000201a', 'EPT_POINTER'],
  ['VMX_VMCS64_CTRL_EPTP_HIGH', '0x0000201b', 'EPT_POINTER_HIGH'],
  ['VMX_VMCS32_RO_EXIT_REASON', '0x00004402', 'VM_EXIT_REASON'],
  ['VMX_VMCS32_CTRL_INSTR_TIMEOUT', '0x00004024', 'NOTIFY_WINDOW'],
  // ia32-doc
  ['VMCS_CTRL_VIRTUAL_PROCESSOR_IDENTIFIER', '0x00000000', 'VIRTUAL_PROCESSOR_ID'],
  ['VMCS_CTRL_EPT_POINTER', '0x0000201a', 'EPT_POINTER'],
  ['VMCS_GUEST_VMCS_LINK_POINTER', '0x00002800', 'VMCS_LINK_POINTER'],
  ['VMCS_EXIT_REASON', '0x00004402', 'VM_EXIT_REASON'],
  // others: tdx-module, ACRN, HAXM, hvpp, kvm-unit-tests, FreeBSD
  ['VMX_GUEST_CR0_ENCODE', '0x00006800', 'GUEST_CR0'],
  ['VMX_NOTIFY_WINDOW_ENCODE', '0x00004024', 'NOTIFY_WINDOW'],
  ['VMX_NO_COMMIT_THRESHOLD_ENCODE', '0x00004024', 'NOTIFY_WINDOW'],
  ['VMX_VMS_LINK_PTR_FULL', '0x00002800', 'VMCS_LINK_POINTER'],
  ['VM_EXIT_INFO_REASON', '0x00004402', 'VM_EXIT_REASON'],
  ['ctrl_ept_pointer', '0x0000201a', 'EPT_POINTER'],
  ['EXI_REASON', '0x00004402', 'VM_EXIT_REASON'],
  ['VMCS_LINK_PTR_HI', '0x00002801', 'VMCS_LINK_POINTER_HIGH'],
  ['VMCS_PIR_DESC', '0x00002016', 'POSTED_INTR_DESC_ADDR'],
  // Linux patch names of the newer fields
  ['GUEST_APIC_TIMER_VECTOR', '0x0000000a', 'VIRTUAL_TIMER_VECTOR'],
  ['GUEST_DEADLINE_VIR', '0x0000204e', 'GUEST_DEADLINE_SHADOW'],
  ['GUEST_DEADLINE_PHY', '0x00002830', 'GUEST_DEADLINE'],
  // the removed field is still known
  ['ENCLV_EXITING_BITMAP', '0x00002036', 'ENCLV_EXITING_BITMAP'],
  ['ENCLV-exiting bitmap (high)', '0x00002037', 'ENCLV_EXITING_BITMAP_HIGH'],
];

const WIDTHS = ['16', '64', '32', 'natural'];
const TYPES = ['control', 'exit-info', 'guest', 'host'];

for (const [input, encoding, name] of KNOWN) {
  test(`encode ${JSON.stringify(input)} -> ${encoding} ${name}`, () => {
    const r = encode(input);
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.input, input);
    const n = parseInt(encoding, 16);
    assert.equal(r.encoding, n); // a number in the library; the hex string is the JSON's
    assert.equal(r.name, name);
    assert.equal(r.width, WIDTHS[(n >> 13) & 3]);
    assert.equal(r.type, TYPES[(n >> 10) & 3]);
    assert.equal(r.index, (n >> 1) & 0x1ff);
    assert.equal(r.access, n & 1 ? 'high' : 'full');
    assert.equal(typeof r.title, 'string');
  });
}

test('encode result shape: exactly input, ok, name, title, encoding, width, type, index, access', () => {
  const r = encode('guest cr0');
  assert.deepEqual(r, {
    input: 'guest cr0',
    ok: true,
    name: 'GUEST_CR0',
    title: 'Guest CR0',
    encoding: 0x6800,
    width: 'natural',
    type: 'guest',
    index: 0,
    access: 'full',
  });
  assert.deepEqual(encode('Address of I/O bitmap A (high)'), {
    input: 'Address of I/O bitmap A (high)',
    ok: true,
    name: 'IO_BITMAP_A_HIGH',
    title: 'Address of I/O bitmap A (high)',
    encoding: 0x2001,
    width: '64',
    type: 'control',
    index: 0,
    access: 'high',
  });
});

// [input, suggestions that must come first (in this order), or null when none are expected]
const UNKNOWN = [
  ['guest_cr9', ['GUEST_CR0', 'GUEST_CR3', 'GUEST_CR4']],
  ['HOST_CR9', ['HOST_CR0', 'HOST_CR3', 'HOST_CR4']],
  ['EPT_PONTER', ['EPT_POINTER']],
  ['GUEST_RIPP', ['GUEST_RIP']],
  // CR0 is natural width: no _FULL/_HIGH halves
  ['GUEST_CR0_FULL', ['GUEST_CR0']],
  ['GUEST_CR0_HIGH', ['GUEST_CR0']],
  ['GUEST_CR0_HI', ['GUEST_CR0']],
  ['VM_EXIT_REASON_HIGH', ['VM_EXIT_REASON']],
  ['xyzzy_plugh', null],
  ['', null],
  ['   ', null],
  ['___', null],
  ['0x6800', null], // encode takes names, not encodings
];

for (const [input, first] of UNKNOWN) {
  test(`encode ${JSON.stringify(input)} -> unknown-name`, () => {
    const r = encode(input);
    assert.equal(r.ok, false);
    assert.equal(r.input, input);
    assert.equal(r.diagnostic.code, 'unknown-name');
    assert.equal(r.diagnostic.severity, 'error');
    assert.ok(Array.isArray(r.suggestions));
    assert.ok(r.suggestions.length <= 3, 'at most 3 suggestions');
    assert.deepEqual(r.diagnostic.args.suggestions, r.suggestions);
    if (first === null) {
      if (input.trim().replace(/_/g, '') === '') assert.deepEqual(r.suggestions, []);
    } else {
      assert.deepEqual(r.suggestions.slice(0, first.length), first);
    }
    for (const s of r.suggestions) assert.ok(lookupName(s), `suggestion ${s} is itself a known name`);
  });
}

test('suggestions are canonical names and never repeat', () => {
  for (const input of ['guest_cr9', 'cr0', 'ept', 'VMCS_GUEST_CRO', 'io bitmap', 'link pointer hi']) {
    const s = suggestNames(input);
    assert.equal(new Set(s).size, s.length, input);
    for (const name of s) assert.match(name, /^[A-Z][A-Z0-9_]*$/, name);
  }
});

test('a fragment of a name suggests the fields that contain it', () => {
  const s = encode('cr0').suggestions;
  assert.ok(s.includes('GUEST_CR0'), JSON.stringify(s));
  assert.ok(s.includes('HOST_CR0'), JSON.stringify(s));
});

test('lookupName is the same resolution that encode uses', () => {
  assert.equal(lookupName('guest cr0').encoding, 0x6800);
  assert.equal(lookupName('EPT_POINTER_HIGH').encoding, 0x201b);
  assert.equal(lookupName('GUEST_CR0_FULL'), undefined);
  assert.equal(lookupName(''), undefined);
  assert.equal(lookupName('!!!'), undefined);
});

test('resolution does not depend on what was looked up before (fresh processes, different orders)', () => {
  // The name indexes may be built lazily; the first lookups of a fresh process must already be right.
  const orders = [
    ['GUEST_CR0', 'VMX_VMCS_GUEST_CR0', 'EPTP_HI', 'GUEST_CR0_HI', 'EPT pointer', 'guest_cr9'],
    ['EPTP_HI', 'EPT pointer', 'GUEST_CR0_HI', 'VMX_VMCS_GUEST_CR0', 'GUEST_CR0', 'guest_cr9'],
    ['guest_cr9', 'GUEST_CR0_HI', 'EPT pointer', 'EPTP_HI', 'GUEST_CR0', 'VMX_VMCS_GUEST_CR0'],
    ['Guest CR0', 'IO_BITMAP_A_FULL', 'VMCS_LINK_POINTER_HI', 'VMCS_64BIT_GUEST_LINK_POINTER_HI'],
  ];
  const index = new URL('../dist/index.js', import.meta.url).href;
  for (const names of orders) {
    const script = `const { encode } = await import(${JSON.stringify(index)});
      process.stdout.write(JSON.stringify(${JSON.stringify(names)}.map((n) => { const r = encode(n); return r.ok ? r.encoding : r.diagnostic.code; })));`;
    const p = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(p.status, 0, p.stderr);
    const got = JSON.parse(p.stdout);
    const want = names.map((n) => {
      const r = encode(n);
      return r.ok ? r.encoding : r.diagnostic.code;
    });
    assert.deepEqual(got, want, names.join(', '));
  }
  assert.equal(encode('EPTP_HI').encoding, 0x201b);
  assert.equal(encode('GUEST_CR0_HI').ok, false);
  assert.equal(encode('EPT pointer').encoding, 0x201a);
  assert.equal(encode('VMCS_LINK_POINTER_HI').encoding, 0x2801);
});
