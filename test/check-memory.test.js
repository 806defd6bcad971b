// Memory the VMCS points at, given beside the dump (`check --memory`, CheckOptions.memory):
// the rules that read it are evaluated with it and "not evaluated" without it. Table-style:
// [rule, what, field changes, memory (address -> quadword), status].
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFields, parseMemory } from '../dist/index.js';
import { state, caps9750h } from './check-helpers.js';

const REV = caps9750h().msrs.get(0x480) & 0x7fffffffn;
const LINK = 0x12345000n;
const VAPIC = 0x10a3b6000n; // VIRTUAL_APIC_PAGE_ADDR of the good state
const AREA = 0x10a3b7000n;
const NOT_IA32E = 0xd3ffn & ~(1n << 9n);
// a 32-bit PAE guest without EPT (PT-02): CR3 0x10b5e8000 names the PDPT at bits 31:5
const PAE = { VM_ENTRY_CONTROLS: NOT_IA32E, GUEST_CR4: 0x3526a0, SECONDARY_VM_EXEC_CONTROL: 0x001010a8 };
const PDPT = 0x0b5e8000n;
const pdptes = (a, b = 0n, c = 0n, d = 0n) => [[PDPT, a], [PDPT + 8n, b], [PDPT + 16n, c], [PDPT + 24n, d]];
const entries = (...list) => list.flatMap(([lo, v], i) => [[AREA + 16n * BigInt(i), lo], [AREA + 16n * BigInt(i) + 8n, v]]);
const LOAD = (n) => ({ VM_ENTRY_MSR_LOAD_COUNT: n, VM_ENTRY_MSR_LOAD_ADDR: AREA });
const PAT = [0x277n, 0x0007040600070406n];

const CASES = [
  ['E-10', 'VTPR 0x50, threshold 5', { TPR_THRESHOLD: 5 }, [[VAPIC + 0x80n, 0x50n]], 'pass'],
  ['E-10', 'VTPR 0x40, threshold 5', { TPR_THRESHOLD: 5 }, [[VAPIC + 0x80n, 0x40n]], 'fail'],
  ['E-10', 'VTPR byte is byte 0 of the quadword at 80H', { TPR_THRESHOLD: 5 }, [[VAPIC + 0x80n, 0xff00n]], 'fail'],
  ['E-10', 'the quadword at 80H not given', { TPR_THRESHOLD: 5 }, [[VAPIC + 0x88n, 0xf0n]], 'not-evaluated'],
  ['L-03', 'the revision identifier', { VMCS_LINK_POINTER: LINK }, [[LINK, REV]], 'pass'],
  ['L-03', 'another revision identifier', { VMCS_LINK_POINTER: LINK }, [[LINK, REV + 1n]], 'fail'],
  ['L-03', 'the shadow bit is not part of the identifier', { VMCS_LINK_POINTER: LINK }, [[LINK, REV | 0x80000000n]], 'pass'],
  ['L-03', 'bytes 7:4 are not read', { VMCS_LINK_POINTER: LINK }, [[LINK, REV | 0xdead00000000n]], 'pass'],
  ['L-04', 'ordinary VMCS without VMCS shadowing', { VMCS_LINK_POINTER: LINK }, [[LINK, REV]], 'pass'],
  ['L-04', 'shadow VMCS without VMCS shadowing', { VMCS_LINK_POINTER: LINK }, [[LINK, REV | 0x80000000n]], 'fail'],
  ['L-04', 'shadow VMCS with VMCS shadowing', { VMCS_LINK_POINTER: LINK, SECONDARY_VM_EXEC_CONTROL: 0x001010aa | (1 << 14) }, [[LINK, REV | 0x80000000n]], 'pass'],
  ['L-04', 'ordinary VMCS with VMCS shadowing', { VMCS_LINK_POINTER: LINK, SECONDARY_VM_EXEC_CONTROL: 0x001010aa | (1 << 14) }, [[LINK, REV]], 'fail'],
  ['PT-02', 'present PDPTEs without reserved bits', PAE, pdptes(0x3001n, 0x4001n, 0x5001n, 0x6001n), 'pass'],
  ['PT-02', 'a present PDPTE with bit 1', PAE, pdptes(0x3003n), 'fail'],
  ['PT-02', 'a present PDPTE with bit 8', PAE, pdptes(0x3001n, 0x4101n), 'fail'],
  ['PT-02', 'a present PDPTE beyond PAW 39', PAE, pdptes(0x8000000001n), 'fail'],
  ['PT-02', 'reserved bits in a PDPTE not present', PAE, pdptes(0x1e6n), 'pass'],
  ['PT-02', 'three of the four PDPTEs given', PAE, pdptes(0x3001n).slice(0, 3), 'not-evaluated'],
  ['M-01', 'IA32_PAT', LOAD(1), entries(PAT), 'pass'],
  ['M-01', 'bits 63:32 set in the second entry', LOAD(2), entries(PAT, [0x100000277n, 0n]), 'fail'],
  ['M-01', 'the second entry not given', LOAD(2), entries(PAT), 'not-evaluated'],
  ['M-01', 'the first entry breaks it, the second not given', LOAD(2), entries([0x100000277n, 0n]), 'fail'],
  ['M-02', 'the first entry not given, the second breaks it', LOAD(2), entries(PAT, [0xc0000100n, 0n]).slice(2), 'not-evaluated'],
  ['M-02', 'a count of 2^32-1 with one entry given, IA32_GS_BASE', LOAD(0xffffffff), entries([0xc0000101n, 0n]), 'fail'],
  ['M-02', 'IA32_FS_BASE', LOAD(1), entries([0xc0000100n, 0n]), 'fail'],
  ['M-02', 'IA32_GS_BASE', LOAD(1), entries([0xc0000101n, 0n]), 'fail'],
  ['M-02', 'IA32_KERNEL_GS_BASE', LOAD(1), entries([0xc0000102n, 0n]), 'pass'],
  ['M-03', 'x2APIC TPR 808H, outside x2APIC mode too', LOAD(1), entries([0x808n, 0n]), 'fail'],
  ['M-03', '8FFH', LOAD(1), entries([0x8ffn, 0n]), 'fail'],
  ['M-03', '900H', LOAD(1), entries([0x900n, 0n]), 'pass'],
  ['M-04', 'IA32_SMM_MONITOR_CTL outside SMM', LOAD(1), entries([0x9bn, 0n]), 'fail', { smm: false }],
  ['M-04', 'IA32_SMM_MONITOR_CTL in SMM', LOAD(1), entries([0x9bn, 0n]), 'pass', { smm: true }],
  ['M-04', 'IA32_SMM_MONITOR_CTL, SMM unknown', LOAD(1), entries([0x9bn, 0n]), 'not-evaluated'],
  ['M-05', 'which MSRs the processor refuses is its own', LOAD(1), entries(PAT), 'not-evaluated'],
  ['M-06', 'whether WRMSR faults is the processor\'s', LOAD(1), entries(PAT), 'not-evaluated'],
  ['M-06', 'no entries', LOAD(0), [], 'pass'],
];

for (const [id, what, changes, mem, status, facts] of CASES) {
  test(`${id} with memory: ${what} -> ${status}`, () => {
    const r = checkFields(state(changes), { caps: caps9750h(), facts, memory: new Map(mem), only: [id] }).results[0];
    assert.equal(r.status, status, r.message ?? JSON.stringify(r.needs));
    if (status === 'not-evaluated') assert.equal(r.needs.kind, ['M-05', 'M-06'].includes(id) ? 'model' : facts === undefined && /SMM/.test(what) ? 'fact' : 'memory');
  });
}

test('a failing MSR-load entry is named by its index and address', () => {
  const r = checkFields(state(LOAD(2)), { caps: caps9750h(), memory: new Map(entries(PAT, [0xc0000100n, 0n])), only: ['M-02'] }).results[0];
  assert.match(r.message, /^entry 2 at 0x10a3b7010: loads MSR 0xc0000100 \(IA32_FS_BASE\)/);
});

// [text, memory as [address, value] pairs | error pattern]
const PARSE = [
  ['0x1000 0x5\n', [[0x1000n, 5n]]],
  ['1000: 5 6 # two quadwords\n\n# a comment\n2000 = ffffffffffffffff\n', [[0x1000n, 5n], [0x1008n, 6n], [0x2000n, (1n << 64n) - 1n]]],
  ['0x1004 1\n', /line 1: address 0x1004 is not 8-byte aligned/],
  ['0x1000\n', /line 1: no value after address 0x1000/],
  ['\n0x1000 0xfffffffffffffffff\n', /line 2: '0xfffffffffffffffff' is not a hex quadword/],
  ['rip 0x1000\n', /line 1: 'rip' is not a hex address/],
];
for (const [text, want] of PARSE) {
  test(`parseMemory ${JSON.stringify(text)}`, () => {
    const r = parseMemory(text);
    if (want instanceof RegExp) assert.match(r.error, want);
    else assert.deepEqual([...r.memory], want);
  });
}
