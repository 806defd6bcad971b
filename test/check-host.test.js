// The host-state rules (H-01..H-30, SDM 27.2.2-27.2.4): one row per case over the
// known-good 64-bit state (test/fixtures/check/good-64bit.txt) with some fields changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caps9750h, run, runAll } from './check-helpers.js';
import { MSR, rules } from '../dist/index.js';

// Control words of the good state, and variants.
const EXIT = 0x3feffb; // host address-space size, save/load PAT, save/load EFER
const EXIT32 = EXIT & ~(1 << 9); // 32-bit host
const ENTRY32 = 0xd3ff & ~(1 << 9); // not an IA-32e mode guest
const EXIT_PERF = EXIT | (1 << 12); // load IA32_PERF_GLOBAL_CTRL
const EXIT_CET = EXIT | (1 << 28); // load CET state
const EXIT_PKRS = EXIT | (1 << 29); // load PKRS
const EXIT_2ND = (EXIT | 2 ** 31) >>> 0; // activate secondary exit controls
const FRED = { VM_EXIT_CONTROLS: EXIT_2ND, SECONDARY_VM_EXIT_CONTROLS: 2 }; // load FRED
const FRED_OK = {
  ...FRED,
  HOST_IA32_FRED_CONFIG: 0xffffffff81a00000n,
  HOST_IA32_FRED_RSP1: 0xfffffe0000011000n,
  HOST_IA32_FRED_RSP2: 0xfffffe0000012000n,
  HOST_IA32_FRED_RSP3: 0xfffffe0000013000n,
  HOST_IA32_FRED_SSP1: 0xfffffe0000021ff8n,
  HOST_IA32_FRED_SSP2: 0xfffffe0000022ff8n,
  HOST_IA32_FRED_SSP3: 0xfffffe0000023ff8n,
};
const CET_OK = { VM_EXIT_CONTROLS: EXIT_CET, HOST_S_CET: 0x1n, HOST_SSP: 0xffffc90000001ff8n, HOST_INTR_SSP_TABLE: 0xfffffe0000004000n };

const NONCANON = 0x0100000000000000n; // not canonical at 48 nor at 57 bits
const BAND = 0x0080000000000000n; // canonical at 57 bits, not at 48: depends on the linear-address width
const PMU = { facts: { gpCounters: 4, fixedCounters: 3 } };
const NOCAPS = { caps: false };
/** The i7-9750H caps without some MSRs. */
const capsWithout = (...indexes) => {
  const caps = caps9750h();
  for (const index of indexes) caps.msrs.delete(index);
  return { caps };
};

const CASES = [
  // 27.2.2 control registers and MSRs
  ['H-01', 'good host CR0', {}, 'pass'],
  ['H-01', 'host CR0.PE 0', { HOST_CR0: 0x80050032 }, 'fail'],
  ['H-01', 'no caps', {}, 'not-evaluated', NOCAPS],
  ['H-01', 'host CR0.PE 0 fails by FIXED0 alone (caps without FIXED1)', { HOST_CR0: 0x80050032 }, 'fail', capsWithout(MSR.CR0_FIXED1)],
  ['H-01', 'good host CR0 needs FIXED1 too', {}, 'not-evaluated', capsWithout(MSR.CR0_FIXED1)],
  ['H-02', 'good host CR4', {}, 'pass'],
  ['H-02', 'host CR4.VMXE 0', { HOST_CR4: 0x3706a0 }, 'fail'],
  ['H-02', 'no caps', {}, 'not-evaluated', NOCAPS],
  ['H-02', 'host CR4.CET fails by FIXED1 alone (caps without FIXED0)', { HOST_CR4: 0xb726a0 }, 'fail', capsWithout(MSR.CR4_FIXED0)],
  ['H-02', 'good host CR4 needs FIXED0 too', {}, 'not-evaluated', capsWithout(MSR.CR4_FIXED0)],
  ['H-03', 'CR4.CET with CR0.WP', { HOST_CR4: 0xb726a0 }, 'pass'],
  ['H-03', 'CR4.CET without CR0.WP', { HOST_CR4: 0xb726a0, HOST_CR0: 0x80040033 }, 'fail'],
  ['H-03', 'no CR4.CET, CR0.WP 0', { HOST_CR0: 0x80040033 }, 'pass'],
  ['H-04', 'good host CR3 (below 2^36)', {}, 'pass', NOCAPS],
  ['H-04', 'bit 38 within a 39-bit PAW', { HOST_CR3: 0x4012345000n }, 'pass'],
  ['H-04', 'bit 39 beyond a 39-bit PAW', { HOST_CR3: 0x8012345000n }, 'fail'],
  ['H-04', 'bit 39 without the PAW', { HOST_CR3: 0x8012345000n }, 'not-evaluated', NOCAPS],
  ['H-04', 'bit 52 without caps', { HOST_CR3: 0x1012c9fc000n | (1n << 52n) }, 'fail', NOCAPS],
  ['H-04', 'bit 63', { HOST_CR3: 0x12c9fc005n | (1n << 63n) }, 'fail'],
  ['H-04', 'LAM bit 61 without LAM', { HOST_CR3: 0x12c9fc005n | (1n << 61n) }, 'fail'],
  ['H-04', 'LAM bit 62 with LAM', { HOST_CR3: 0x12c9fc005n | (1n << 62n) }, 'pass', { facts: { lam: true } }],
  ['H-04', 'LAM bit 61, LAM unknown', { HOST_CR3: 0x12c9fc005n | (1n << 61n) }, 'not-evaluated', NOCAPS],
  ['H-05', 'canonical SYSENTER_ESP', {}, 'pass'],
  ['H-05', 'non-canonical SYSENTER_ESP', { HOST_IA32_SYSENTER_ESP: NONCANON }, 'fail', NOCAPS],
  ['H-05', '57-bit SYSENTER_ESP, width unknown', { HOST_IA32_SYSENTER_ESP: BAND }, 'not-evaluated', NOCAPS],
  ['H-05', '57-bit SYSENTER_ESP on a LA57 CPU', { HOST_IA32_SYSENTER_ESP: BAND }, 'pass', { facts: { linearWidth: 57 } }],
  ['H-06', 'canonical SYSENTER_EIP', {}, 'pass'],
  ['H-06', 'non-canonical SYSENTER_EIP', { HOST_IA32_SYSENTER_EIP: NONCANON }, 'fail'],
  ['H-06', '57-bit SYSENTER_EIP on a 48-bit CPU', { HOST_IA32_SYSENTER_EIP: BAND }, 'fail'],
  ['H-06', '57-bit SYSENTER_EIP, width unknown', { HOST_IA32_SYSENTER_EIP: BAND }, 'not-evaluated', NOCAPS],
  ['H-07', 'load PERF_GLOBAL_CTRL 0 (field absent)', { HOST_IA32_PERF_GLOBAL_CTRL: null }, 'pass'],
  ['H-07', 'value 0 needs no counts', { VM_EXIT_CONTROLS: EXIT_PERF, HOST_IA32_PERF_GLOBAL_CTRL: 0 }, 'pass'],
  ['H-07', 'implemented counters', { VM_EXIT_CONTROLS: EXIT_PERF, HOST_IA32_PERF_GLOBAL_CTRL: 0x70000000fn }, 'pass', PMU],
  ['H-07', 'GP counter 4 of 4', { VM_EXIT_CONTROLS: EXIT_PERF, HOST_IA32_PERF_GLOBAL_CTRL: 0x1fn }, 'fail', PMU],
  ['H-07', 'fixed counter 3 of 3', { VM_EXIT_CONTROLS: EXIT_PERF, HOST_IA32_PERF_GLOBAL_CTRL: 0xf00000000n }, 'fail', PMU],
  ['H-07', 'bit 50 (always reserved)', { VM_EXIT_CONTROLS: EXIT_PERF, HOST_IA32_PERF_GLOBAL_CTRL: 1n << 50n }, 'fail'],
  ['H-07', 'GP bits, counts unknown', { VM_EXIT_CONTROLS: EXIT_PERF, HOST_IA32_PERF_GLOBAL_CTRL: 0x3n }, 'not-evaluated'],
  ['H-07', 'field absent', { VM_EXIT_CONTROLS: EXIT_PERF, HOST_IA32_PERF_GLOBAL_CTRL: null }, 'not-evaluated'],
  ['H-07', 'bit 48 (PERF_METRICS)', { VM_EXIT_CONTROLS: EXIT_PERF, HOST_IA32_PERF_GLOBAL_CTRL: 1n << 48n }, 'not-evaluated', PMU],
  ['H-08', 'good PAT', {}, 'pass'],
  ['H-08', 'PA0 type 2', { HOST_IA32_PAT: 0x0407050600070102n }, 'fail'],
  ['H-08', 'bad PAT not loaded', { VM_EXIT_CONTROLS: EXIT & ~(1 << 19), HOST_IA32_PAT: 0x0407050600070102n }, 'pass'],
  ['H-09', 'good EFER 0xd01', {}, 'pass'],
  ['H-09', 'EFER bit 12', { HOST_IA32_EFER: 0x1d01 }, 'fail'],
  ['H-09', 'bad EFER not loaded', { VM_EXIT_CONTROLS: EXIT & ~(1 << 21), HOST_IA32_EFER: 0x1d01 }, 'pass'],
  ['H-10', 'LMA and LME 1 with a 64-bit host', {}, 'pass'],
  ['H-10', 'LME 0 with a 64-bit host', { HOST_IA32_EFER: 0xc01 }, 'fail'],
  ['H-10', 'LMA 0 with a 64-bit host', { HOST_IA32_EFER: 0x901 }, 'fail'],
  ['H-10', 'LMA and LME 1 with a 32-bit host', { VM_EXIT_CONTROLS: EXIT32 }, 'fail'],
  ['H-10', 'LMA and LME 0 with a 32-bit host', { VM_EXIT_CONTROLS: EXIT32, HOST_IA32_EFER: 0x801 }, 'pass'],
  ['H-11', 'CET state not loaded', { HOST_S_CET: 0xc40 }, 'pass'],
  ['H-11', 'good S_CET', CET_OK, 'pass'],
  ['H-11', 'S_CET bit 6', { ...CET_OK, HOST_S_CET: 0x41 }, 'fail'],
  ['H-11', 'S_CET SUPPRESS and TRACKER', { ...CET_OK, HOST_S_CET: 0xc00 }, 'fail'],
  ['H-11', 'field absent', { VM_EXIT_CONTROLS: EXIT_CET, HOST_S_CET: null }, 'not-evaluated'],
  ['H-12', 'good S_CET and SSP', CET_OK, 'pass'],
  ['H-12', 'SSP bit 0', { ...CET_OK, HOST_SSP: 0xffffc90000001ff9n }, 'fail'],
  ['H-12', 'non-canonical SSP', { ...CET_OK, HOST_SSP: NONCANON }, 'fail'],
  ['H-12', '57-bit S_CET, width unknown', { ...CET_OK, HOST_S_CET: BAND }, 'not-evaluated', NOCAPS],
  ['H-12', '57-bit S_CET and misaligned SSP, width unknown', { ...CET_OK, HOST_S_CET: BAND, HOST_SSP: 0x2n }, 'fail', NOCAPS],
  ['H-12', '32-bit host, S_CET bit 32', { ...CET_OK, VM_EXIT_CONTROLS: EXIT_CET & ~(1 << 9), HOST_S_CET: 1n << 32n, HOST_SSP: 0x1ff8 }, 'fail'],
  ['H-12', '32-bit host, SSP below 4 GiB', { ...CET_OK, VM_EXIT_CONTROLS: EXIT_CET & ~(1 << 9), HOST_SSP: 0x1ff8 }, 'pass'],
  ['H-13', 'canonical SSP table', CET_OK, 'pass'],
  ['H-13', 'non-canonical SSP table', { ...CET_OK, HOST_INTR_SSP_TABLE: NONCANON }, 'fail'],
  ['H-13', '57-bit SSP table, width unknown', { ...CET_OK, HOST_INTR_SSP_TABLE: BAND }, 'not-evaluated', NOCAPS],
  ['H-13', 'CET state not loaded', { HOST_INTR_SSP_TABLE: NONCANON }, 'pass'],
  ['H-14', 'PKRS below bit 32', { VM_EXIT_CONTROLS: EXIT_PKRS, HOST_IA32_PKRS: 0x55555554 }, 'pass'],
  ['H-14', 'PKRS bit 32', { VM_EXIT_CONTROLS: EXIT_PKRS, HOST_IA32_PKRS: 1n << 32n }, 'fail'],
  ['H-14', 'PKRS not loaded', { HOST_IA32_PKRS: 1n << 32n }, 'pass'],
  ['H-15', 'good FRED_CONFIG', FRED_OK, 'pass'],
  ['H-15', 'FRED_CONFIG bit 2', { ...FRED_OK, HOST_IA32_FRED_CONFIG: 0xffffffff81a00004n }, 'fail'],
  ['H-15', 'non-canonical FRED_CONFIG', { ...FRED_OK, HOST_IA32_FRED_CONFIG: NONCANON }, 'fail'],
  ['H-15', '57-bit FRED_CONFIG, width unknown', { ...FRED_OK, HOST_IA32_FRED_CONFIG: BAND }, 'not-evaluated', NOCAPS],
  ['H-15', 'load FRED without secondary exit controls', { ...FRED_OK, VM_EXIT_CONTROLS: EXIT, HOST_IA32_FRED_CONFIG: 0x804 }, 'pass'],
  ['H-16', 'good FRED_RSP1-3', FRED_OK, 'pass'],
  ['H-16', 'FRED_RSP2 bit 3', { ...FRED_OK, HOST_IA32_FRED_RSP2: 0xfffffe0000012008n }, 'fail'],
  ['H-16', 'non-canonical FRED_RSP3', { ...FRED_OK, HOST_IA32_FRED_RSP3: NONCANON }, 'fail'],
  ['H-16', '57-bit FRED_RSP1, width unknown', { ...FRED_OK, HOST_IA32_FRED_RSP1: BAND }, 'not-evaluated', NOCAPS],
  ['H-16', 'FRED not loaded', { HOST_IA32_FRED_RSP1: 0x8 }, 'pass'],
  ['H-17', 'good FRED_SSP1-3', FRED_OK, 'pass'],
  ['H-17', 'FRED_SSP1 bit 2', { ...FRED_OK, HOST_IA32_FRED_SSP1: 0xfffffe0000021ffcn }, 'fail'],
  ['H-17', 'non-canonical FRED_SSP2', { ...FRED_OK, HOST_IA32_FRED_SSP2: NONCANON }, 'fail'],
  ['H-17', '57-bit FRED_SSP3, width unknown', { ...FRED_OK, HOST_IA32_FRED_SSP3: BAND }, 'not-evaluated', NOCAPS],
  ['H-17', 'FRED not loaded', { HOST_IA32_FRED_SSP1: 0x4 }, 'pass'],
  // 27.2.3 segment and descriptor-table registers
  ['H-18', 'good selectors', {}, 'pass'],
  ['H-18', 'DS RPL 3', { HOST_DS_SELECTOR: 0x3 }, 'fail'],
  ['H-18', 'TR TI 1', { HOST_TR_SELECTOR: 0x44 }, 'fail'],
  ['H-19', 'CS 0x10', {}, 'pass'],
  ['H-19', 'CS 0', { HOST_CS_SELECTOR: 0 }, 'fail'],
  ['H-20', 'TR 0x40', {}, 'pass'],
  ['H-20', 'TR 0', { HOST_TR_SELECTOR: 0 }, 'fail'],
  ['H-21', '64-bit host, SS 0', { HOST_SS_SELECTOR: 0 }, 'pass'],
  ['H-21', '32-bit host, SS 0x18', { VM_EXIT_CONTROLS: EXIT32 }, 'pass'],
  ['H-21', '32-bit host, SS 0', { VM_EXIT_CONTROLS: EXIT32, HOST_SS_SELECTOR: 0 }, 'fail'],
  ['H-22', 'canonical bases', {}, 'pass'],
  ['H-22', 'non-canonical GS base', { HOST_GS_BASE: NONCANON }, 'fail'],
  ['H-22', '57-bit GDTR base, width unknown', { HOST_GDTR_BASE: BAND }, 'not-evaluated', NOCAPS],
  ['H-22', '57-bit GDTR base and non-canonical TR base', { HOST_GDTR_BASE: BAND, HOST_TR_BASE: NONCANON }, 'fail', NOCAPS],
  ['H-22', '57-bit IDTR base on a LA57 CPU', { HOST_IDTR_BASE: BAND }, 'pass', { facts: { linearWidth: 57 } }],
  // 27.2.4 address-space size
  ['H-23', '32-bit guest and host need no context', { VM_EXIT_CONTROLS: EXIT32, VM_ENTRY_CONTROLS: ENTRY32 }, 'pass'],
  ['H-23', '64-bit VMM', {}, 'pass', { facts: { lma: true } }],
  ['H-23', '32-bit VMM, 64-bit host and guest', {}, 'fail', { facts: { lma: false } }],
  ['H-23', '32-bit VMM, IA-32e guest only', { VM_EXIT_CONTROLS: EXIT32 }, 'fail', { facts: { lma: false } }],
  ['H-23', 'VMM mode unknown', {}, 'not-evaluated'],
  ['H-24', '64-bit host needs no context', {}, 'pass'],
  ['H-24', '64-bit VMM, 32-bit host', { VM_EXIT_CONTROLS: EXIT32 }, 'fail', { facts: { lma: true } }],
  ['H-24', '32-bit VMM, 32-bit host', { VM_EXIT_CONTROLS: EXIT32 }, 'pass', { facts: { lma: false } }],
  ['H-24', '32-bit host, VMM mode unknown', { VM_EXIT_CONTROLS: EXIT32 }, 'not-evaluated'],
  ['H-25', '64-bit host, IA-32e guest', {}, 'pass'],
  ['H-25', '32-bit host, 32-bit guest', { VM_EXIT_CONTROLS: EXIT32, VM_ENTRY_CONTROLS: ENTRY32 }, 'pass'],
  ['H-25', '32-bit host, IA-32e guest', { VM_EXIT_CONTROLS: EXIT32 }, 'fail'],
  ['H-26', '64-bit host, CR4.PCIDE 1', {}, 'pass'],
  ['H-26', '32-bit host, CR4.PCIDE 0', { VM_EXIT_CONTROLS: EXIT32, HOST_CR4: 0x3526a0 }, 'pass'],
  ['H-26', '32-bit host, CR4.PCIDE 1', { VM_EXIT_CONTROLS: EXIT32 }, 'fail'],
  ['H-27', '32-bit host, RIP below 4 GiB', { VM_EXIT_CONTROLS: EXIT32, HOST_RIP: 0xc0a2b6c0 }, 'pass'],
  ['H-27', '32-bit host, 64-bit RIP', { VM_EXIT_CONTROLS: EXIT32 }, 'fail'],
  ['H-28', '32-bit host, CR4.FRED 0', { VM_EXIT_CONTROLS: EXIT32 }, 'pass'],
  ['H-28', '32-bit host, CR4.FRED 1', { VM_EXIT_CONTROLS: EXIT32, HOST_CR4: 0x1003526a0n }, 'fail'],
  ['H-28', '64-bit host, CR4.FRED 1', { HOST_CR4: 0x1003726a0n }, 'pass'],
  ['H-29', '64-bit host, CR4.PAE 1', {}, 'pass'],
  ['H-29', '64-bit host, CR4.PAE 0', { HOST_CR4: 0x372680 }, 'fail'],
  ['H-29', '32-bit host, CR4.PAE 0', { VM_EXIT_CONTROLS: EXIT32, HOST_CR4: 0x372680 }, 'pass'],
  ['H-30', 'canonical RIP', {}, 'pass', NOCAPS],
  ['H-30', 'non-canonical RIP', { HOST_RIP: NONCANON }, 'fail'],
  ['H-30', 'RIP canonical at 57 bits only, host CR4.LA57 0', { HOST_RIP: 0x0000800000000000n }, 'fail', NOCAPS],
  ['H-30', '57-bit RIP with host CR4.LA57 1', { HOST_RIP: BAND, HOST_CR4: 0x3736a0 }, 'pass', NOCAPS],
  ['H-30', '57-bit RIP with host CR4.LA57 0 on a LA57 CPU', { HOST_RIP: BAND }, 'fail', { facts: { linearWidth: 57 } }],
  ['H-30', '32-bit host, RIP not checked', { VM_EXIT_CONTROLS: EXIT32, HOST_RIP: NONCANON }, 'pass'],
];

for (const [id, what, changes, status, opts] of CASES) {
  test(`${id} ${what}`, () => assert.equal(run(id, changes, opts).status, status));
}

test('not-evaluated host rules say what they need', () => {
  assert.equal(run('H-01', {}, NOCAPS).needs.kind, 'msr');
  assert.deepEqual(run('H-04', { HOST_CR3: 0x8012345000n }, NOCAPS).needs.key, 'paw');
  assert.deepEqual(run('H-04', { HOST_CR3: 0x12c9fc005n | (1n << 61n) }, NOCAPS).needs.key, 'lam');
  assert.equal(run('H-05', { HOST_IA32_SYSENTER_ESP: BAND }, NOCAPS).needs.key, 'linearWidth');
  assert.equal(run('H-07', { VM_EXIT_CONTROLS: EXIT_PERF, HOST_IA32_PERF_GLOBAL_CTRL: 0x3n }).needs.key, 'gpCounters');
  assert.equal(run('H-07', { VM_EXIT_CONTROLS: EXIT_PERF, HOST_IA32_PERF_GLOBAL_CTRL: 0x100000000n }, { facts: { gpCounters: 4 } }).needs.key, 'fixedCounters');
  assert.equal(run('H-07', { VM_EXIT_CONTROLS: EXIT_PERF, HOST_IA32_PERF_GLOBAL_CTRL: 1n << 48n }, PMU).needs.kind, 'model');
  assert.equal(run('H-07', { VM_EXIT_CONTROLS: EXIT_PERF, HOST_IA32_PERF_GLOBAL_CTRL: null }).needs.kind, 'field');
  assert.equal(run('H-23').needs.key, 'lma');
  assert.equal(run('H-24', { VM_EXIT_CONTROLS: EXIT32 }).needs.key, 'lma');
});

test('host rules fail with VMfailValid 8 in SDM 27.2.2-27.2.4', () => {
  for (const r of rules.filter((x) => x.id.startsWith('H-'))) {
    assert.equal(r.failure, 'vmfail-8', r.id);
    assert.equal(r.group, 'host-state', r.id);
    const n = Number(r.id.slice(2));
    assert.equal(r.section, n <= 17 ? '28.2.2' : n <= 22 ? '28.2.3' : '28.2.4', r.id);
  }
});

test('no host rule fails on the good state', () => {
  const failing = runAll().results.filter((r) => r.group === 'host-state' && r.status === 'fail');
  assert.deepEqual(
    failing.map((r) => `${r.id}: ${r.message}`),
    [],
  );
});

test('every host rule of the catalog exists', () => {
  const ids = Array.from({ length: 30 }, (_, i) => `H-${String(i + 1).padStart(2, '0')}`);
  const have = new Set(rules.map((r) => r.id));
  assert.deepEqual(
    ids.filter((id) => !have.has(id)),
    [],
  );
  assert.deepEqual(
    rules.filter((r) => r.id.startsWith('H-')).map((r) => r.id),
    ids,
  );
});
