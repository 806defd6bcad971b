// Guest-state rules other than the segment registers (SDM 27.3.1.1, 27.3.1.3-27.3.1.6):
// G-nn, D-nn, R-nn, A-nn, I-nn, PD-nn, L-nn, PT-nn. Each case changes the known-good 64-bit
// state (test/fixtures/check/good-64bit.txt) in the fields the rule reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, runAll, caps9750h } from './check-helpers.js';
import { rules } from '../dist/index.js';

// The good state: ENTRY 0xd3ff (load debug controls, IA-32e guest, load PAT, load EFER),
// CR0 0x80050033, CR4 0x3726a0, RFLAGS 0x246, PIN 0x3f (virtual NMIs), SS DPL 0, CS.L 1.
const ENTRY = 0xd3ff;
const E = (...bits) => bits.reduce((v, b) => v | (1 << b), ENTRY) >>> 0;
const NOT_IA32E = ENTRY & ~(1 << 9); // 0xd1ff
const NON_CANON = 0x0000800000000000n;
const BAND = 0x00ff000000000000n; // canonical at 57 bits, not at 48
const NON_CANON_57 = 0x8000000000000000n; // not canonical at any width
const FACTS = { gpCounters: 4, fixedCounters: 3 };
const NMI = 0x80000202; // valid, type 2, vector 2
const EXTINT = 0x80000030; // valid, type 0, vector 0x30
const CET = E(20);
const FRED = E(23);
const fredRsp = (r2) => ({ VM_ENTRY_CONTROLS: FRED, GUEST_IA32_FRED_RSP1: 0xffffb8c1c00c0000n, GUEST_IA32_FRED_RSP2: r2, GUEST_IA32_FRED_RSP3: 0xffffb8c1c00c1000n });
const fredSsp = (s2) => ({ VM_ENTRY_CONTROLS: FRED, GUEST_IA32_FRED_SSP1: 0xffffb8c1c00d0000n, GUEST_IA32_FRED_SSP2: s2, GUEST_IA32_FRED_SSP3: 0xffffb8c1c00d1000n });
const PAE = { VM_ENTRY_CONTROLS: NOT_IA32E, GUEST_CR4: 0x3526a0 }; // 32-bit PAE guest, EPT on
const pdptrs = (p0) => ({ ...PAE, GUEST_PDPTR0: p0, GUEST_PDPTR1: 0, GUEST_PDPTR2: 0x10b5ea001n, GUEST_PDPTR3: 0 });
const LINK = 0x12345000;
const noCaps = { caps: false };

/** The i7-9750H caps with IA32_VMX_MISC bit 8 (wait-for-SIPI) cleared. */
function capsNoSipi() {
  const c = caps9750h();
  c.msrs.set(0x485, c.msrs.get(0x485) & ~(1n << 8n));
  return c;
}

/** IA32_VMX_MISC as rebuilt from a vmxcap without its Hex line that does not list wait-for-SIPI: bit 8 unknown (and 0). */
function capsSipiUnknown() {
  const c = capsNoSipi();
  c.known = new Map([[0x485, ((1n << 64n) - 1n) & ~(1n << 8n)]]);
  return c;
}

const CASES = [
  // --- G: control registers, debug registers, MSRs
  ['G-01', 'good CR0', {}, 'pass'],
  ['G-01', 'NE clear', { GUEST_CR0: 0x80050013 }, 'fail'],
  ['G-01', 'PE and PG clear under unrestricted guest', { GUEST_CR0: 0x00050032 }, 'pass'],
  ['G-01', 'no caps', {}, 'not-evaluated', noCaps],
  ['G-02', 'PG and PE', {}, 'pass'],
  ['G-02', 'PG without PE', { GUEST_CR0: 0x80050032 }, 'fail'],
  ['G-03', 'good CR4', {}, 'pass'],
  ['G-03', 'VMXE clear', { GUEST_CR4: 0x3706a0 }, 'fail'],
  ['G-03', 'unsupported bit (FRED) set', { GUEST_CR4: 0x1003726a0n }, 'fail'],
  ['G-03', 'no caps', {}, 'not-evaluated', noCaps],
  ['G-04', 'CET with WP', { GUEST_CR4: 0xb726a0 }, 'pass'],
  ['G-04', 'CET without WP', { GUEST_CR4: 0xb726a0, GUEST_CR0: 0x80040033 }, 'fail'],
  ['G-05', 'LBR and BTF', { GUEST_IA32_DEBUGCTL: 0x3 }, 'pass'],
  ['G-05', 'all defined bits', { GUEST_IA32_DEBUGCTL: 0xffc7 }, 'pass'],
  ['G-05', 'bit 16 reserved', { GUEST_IA32_DEBUGCTL: 0x10000 }, 'fail'],
  ['G-05', 'bit 3 reserved', { GUEST_IA32_DEBUGCTL: 0x8 }, 'fail'],
  ['G-05', 'reserved bit, load debug controls 0', { VM_ENTRY_CONTROLS: ENTRY & ~4, GUEST_IA32_DEBUGCTL: 0x10000 }, 'pass'],
  ['G-06', 'IA-32e with PG and PAE', {}, 'pass'],
  ['G-06', 'IA-32e without PAE', { GUEST_CR4: 0x372680 }, 'fail'],
  ['G-06', 'IA-32e without PG', { GUEST_CR0: 0x00050033 }, 'fail'],
  ['G-07', '32-bit guest without PCIDE', { VM_ENTRY_CONTROLS: NOT_IA32E, GUEST_CR4: 0x3506a0 }, 'pass'],
  ['G-07', '32-bit guest with PCIDE', { VM_ENTRY_CONTROLS: NOT_IA32E }, 'fail'],
  ['G-08', 'IA-32e guest with FRED', { GUEST_CR4: 0x1003726a0n }, 'pass'],
  ['G-08', '32-bit guest with FRED', { VM_ENTRY_CONTROLS: NOT_IA32E, GUEST_CR4: 0x1003506a0n }, 'fail'],
  ['G-09', 'CR3 above 4 GiB within PAW', {}, 'pass'],
  ['G-09', 'bit 63', { GUEST_CR3: 0x800000010b5e8000n }, 'fail'],
  ['G-09', 'beyond PAW 39', { GUEST_CR3: 0x800b5e8000n }, 'fail'],
  ['G-09', 'beyond 36 bits, PAW unknown', { GUEST_CR3: 0x100b5e8000n }, 'not-evaluated', noCaps],
  ['G-09', 'LAM bit without LAM', { GUEST_CR3: 0x200000010b5e8000n }, 'fail'],
  ['G-09', 'LAM bit with LAM', { GUEST_CR3: 0x200000010b5e8000n }, 'pass', { facts: { lam: true } }],
  ['G-09', 'LAM bit, LAM unknown', { GUEST_CR3: 0x200000010b5e8000n }, 'not-evaluated', noCaps],
  ['G-10', 'DR7 upper half 0', {}, 'pass'],
  ['G-10', 'DR7 bit 32', { GUEST_DR7: 0x100000400n }, 'fail'],
  ['G-10', 'DR7 bit 32, load debug controls 0', { VM_ENTRY_CONTROLS: ENTRY & ~4, GUEST_DR7: 0x100000400n }, 'pass'],
  ['G-11', 'canonical', {}, 'pass'],
  ['G-11', 'ESP not canonical', { GUEST_SYSENTER_ESP: NON_CANON }, 'fail'],
  ['G-11', 'EIP canonical only at 57 bits, 48-bit CPU', { GUEST_SYSENTER_EIP: BAND }, 'fail'],
  ['G-11', 'EIP canonical only at 57 bits, width unknown', { GUEST_SYSENTER_EIP: BAND }, 'not-evaluated', noCaps],
  ['G-11', 'EIP canonical only at 57 bits, LA57 CPU', { GUEST_SYSENTER_EIP: BAND }, 'pass', { facts: { linearWidth: 57 } }],
  ['G-11', 'ESP in the band, EIP not canonical at any width: fails without the width', { GUEST_SYSENTER_ESP: BAND, GUEST_SYSENTER_EIP: NON_CANON_57 }, 'fail', noCaps],
  ['G-12', '0 needs no facts', { VM_ENTRY_CONTROLS: E(13), GUEST_IA32_PERF_GLOBAL_CTRL: 0 }, 'pass', noCaps],
  ['G-12', 'implemented counters', { VM_ENTRY_CONTROLS: E(13), GUEST_IA32_PERF_GLOBAL_CTRL: 0x70000000fn }, 'pass', { facts: FACTS }],
  ['G-12', 'GP counter 4 of 4', { VM_ENTRY_CONTROLS: E(13), GUEST_IA32_PERF_GLOBAL_CTRL: 0x10 }, 'fail', { facts: FACTS }],
  ['G-12', 'fixed counter 3 of 3', { VM_ENTRY_CONTROLS: E(13), GUEST_IA32_PERF_GLOBAL_CTRL: 0x800000000n }, 'fail', { facts: FACTS }],
  ['G-12', 'bit 50 always reserved', { VM_ENTRY_CONTROLS: E(13), GUEST_IA32_PERF_GLOBAL_CTRL: 1n << 50n }, 'fail', noCaps],
  ['G-12', 'GP counters unknown', { VM_ENTRY_CONTROLS: E(13), GUEST_IA32_PERF_GLOBAL_CTRL: 0xf }, 'not-evaluated'],
  ['G-12', 'perf metrics bit', { VM_ENTRY_CONTROLS: E(13), GUEST_IA32_PERF_GLOBAL_CTRL: 1n << 48n }, 'not-evaluated', { facts: FACTS }],
  ['G-13', 'good PAT', {}, 'pass'],
  ['G-13', 'PA0 is 2', { GUEST_IA32_PAT: 0x0407050600070102n }, 'fail'],
  ['G-13', 'bad PAT, load PAT 0', { VM_ENTRY_CONTROLS: ENTRY & ~(1 << 14), GUEST_IA32_PAT: 0x0407050600070102n }, 'pass'],
  ['G-14', 'SCE LME LMA NXE', {}, 'pass'],
  ['G-14', 'bit 12 (SVME on AMD)', { GUEST_IA32_EFER: 0x1d01 }, 'fail'],
  ['G-15', 'LMA 1 with IA-32e', {}, 'pass'],
  ['G-15', 'LMA 0 with IA-32e', { GUEST_IA32_EFER: 0x901 }, 'fail'],
  ['G-15', 'LMA 0 without IA-32e', { VM_ENTRY_CONTROLS: NOT_IA32E, GUEST_IA32_EFER: 0x801 }, 'pass'],
  ['G-15', 'LMA 1 without IA-32e', { VM_ENTRY_CONTROLS: NOT_IA32E }, 'fail'],
  ['G-16', 'LME 1 with IA-32e', {}, 'pass'],
  ['G-16', 'LME 0 with IA-32e and PG', { GUEST_IA32_EFER: 0xc01 }, 'fail'],
  ['G-16', 'LME 0 with PG 0', { GUEST_IA32_EFER: 0xc01, GUEST_CR0: 0x00050033 }, 'pass'],
  ['G-17', 'base and EN', { VM_ENTRY_CONTROLS: E(16), GUEST_BNDCFGS: 0xffffffff81003003n }, 'pass'],
  ['G-17', 'bit 2', { VM_ENTRY_CONTROLS: E(16), GUEST_BNDCFGS: 0x12345004 }, 'fail'],
  ['G-17', 'base not canonical', { VM_ENTRY_CONTROLS: E(16), GUEST_BNDCFGS: NON_CANON | 1n }, 'fail'],
  ['G-18', '0', { VM_ENTRY_CONTROLS: E(18), GUEST_IA32_RTIT_CTL: 0 }, 'pass'],
  ['G-18', 'bit 18 reserved', { VM_ENTRY_CONTROLS: E(18), GUEST_IA32_RTIT_CTL: 1 << 18 }, 'fail'],
  ['G-18', 'TraceEn, ToPA, OS', { VM_ENTRY_CONTROLS: E(18), GUEST_IA32_RTIT_CTL: 0x105 }, 'not-evaluated'],
  ['G-19', 'SH_STK_EN and ENDBR_EN', { VM_ENTRY_CONTROLS: CET, GUEST_S_CET: 0x5 }, 'pass'],
  ['G-19', 'bit 6 reserved', { VM_ENTRY_CONTROLS: CET, GUEST_S_CET: 0x40 }, 'fail'],
  ['G-19', 'SUPPRESS and TRACKER', { VM_ENTRY_CONTROLS: CET, GUEST_S_CET: 0xc00 }, 'fail'],
  ['G-19', 'not canonical', { VM_ENTRY_CONTROLS: CET, GUEST_S_CET: NON_CANON }, 'fail'],
  ['G-19', 'load CET state 0, field absent', { GUEST_S_CET: null }, 'pass'],
  ['G-20', 'canonical', { VM_ENTRY_CONTROLS: CET, GUEST_INTR_SSP_TABLE: 0xffffffff81000000n }, 'pass'],
  ['G-20', 'not canonical', { VM_ENTRY_CONTROLS: CET, GUEST_INTR_SSP_TABLE: NON_CANON }, 'fail'],
  ['G-20', 'absent', { VM_ENTRY_CONTROLS: CET, GUEST_INTR_SSP_TABLE: null }, 'not-evaluated'],
  ['G-21', 'LBREn', { VM_ENTRY_CONTROLS: E(21), GUEST_IA32_LBR_CTL: 1 }, 'pass'],
  ['G-21', 'bit 4 reserved', { VM_ENTRY_CONTROLS: E(21), GUEST_IA32_LBR_CTL: 0x10 }, 'fail'],
  ['G-21', 'OS and USR need CPUID 1CH', { VM_ENTRY_CONTROLS: E(21), GUEST_IA32_LBR_CTL: 0x7 }, 'not-evaluated'],
  ['G-22', 'low half', { VM_ENTRY_CONTROLS: E(22), GUEST_IA32_PKRS: 0x55555554 }, 'pass'],
  ['G-22', 'bit 32', { VM_ENTRY_CONTROLS: E(22), GUEST_IA32_PKRS: 0x100000000n }, 'fail'],
  ['G-23', 'vector 0xec', { VM_ENTRY_CONTROLS: E(19), GUEST_UINV: 0xec }, 'pass'],
  ['G-23', 'bit 8', { VM_ENTRY_CONTROLS: E(19), GUEST_UINV: 0x1ec }, 'fail'],
  ['G-24', 'good config', { VM_ENTRY_CONTROLS: FRED, GUEST_IA32_FRED_CONFIG: 0xffffffff81001001n }, 'pass'],
  ['G-24', 'bit 2', { VM_ENTRY_CONTROLS: FRED, GUEST_IA32_FRED_CONFIG: 0xffffffff81001004n }, 'fail'],
  ['G-24', 'not canonical', { VM_ENTRY_CONTROLS: FRED, GUEST_IA32_FRED_CONFIG: NON_CANON }, 'fail'],
  ['G-25', 'aligned, canonical', fredRsp(0xffffb8c1c00c0040n), 'pass'],
  ['G-25', 'RSP2 not 64-byte aligned', fredRsp(0xffffb8c1c00c0008n), 'fail'],
  ['G-25', 'RSP2 not canonical', fredRsp(NON_CANON), 'fail'],
  ['G-25', 'RSP2 in the 48/57 band, width unknown', fredRsp(BAND), 'not-evaluated', noCaps],
  ['G-25', 'RSP1 in the band, RSP2 not 64-byte aligned: fails without the width', { ...fredRsp(0xffffb8c1c00c0008n), GUEST_IA32_FRED_RSP1: BAND }, 'fail', noCaps],
  ['G-26', 'aligned, canonical', fredSsp(0xffffb8c1c00d0008n), 'pass'],
  ['G-26', 'SSP2 not 8-byte aligned', fredSsp(0xffffb8c1c00d0004n), 'fail'],
  ['G-26', 'SSP2 not canonical', fredSsp(NON_CANON), 'fail'],
  ['G-26', 'SSP1 in the band, width unknown', { ...fredSsp(0xffffb8c1c00d0008n), GUEST_IA32_FRED_SSP1: BAND }, 'not-evaluated', noCaps],
  ['G-26', 'SSP1 in the band, SSP2 not canonical at any width: fails without the width', { ...fredSsp(NON_CANON_57), GUEST_IA32_FRED_SSP1: BAND }, 'fail', noCaps],

  // --- D: descriptor-table registers
  ['D-01', 'canonical', {}, 'pass'],
  ['D-01', 'GDTR base not canonical', { GUEST_GDTR_BASE: NON_CANON }, 'fail'],
  ['D-01', 'IDTR base in the band, width unknown', { GUEST_IDTR_BASE: BAND }, 'not-evaluated', noCaps],
  ['D-01', 'GDTR base in the band, IDTR base not canonical at any width: fails without the width', { GUEST_GDTR_BASE: BAND, GUEST_IDTR_BASE: NON_CANON_57 }, 'fail', noCaps],
  ['D-02', '16-bit limits', { GUEST_IDTR_LIMIT: 0xffff }, 'pass'],
  ['D-02', 'IDTR limit 0x10000', { GUEST_IDTR_LIMIT: 0x10000 }, 'fail'],

  // --- R: RIP, RFLAGS, SSP
  ['R-01', '32-bit guest, 32-bit RIP', { VM_ENTRY_CONTROLS: NOT_IA32E, GUEST_RIP: 0x1000 }, 'pass'],
  ['R-01', '32-bit guest, RIP bit 32', { VM_ENTRY_CONTROLS: NOT_IA32E, GUEST_RIP: 0x100000000n }, 'fail'],
  ['R-01', 'compatibility mode, 64-bit RIP', { GUEST_CS_AR_BYTES: 0xc09b }, 'fail'],
  ['R-02', '64-bit RIP', {}, 'pass'],
  ['R-02', 'bit 47 set alone: 63:48 identical', { GUEST_RIP: NON_CANON }, 'pass', noCaps],
  ['R-02', 'bit 48 set, 48-bit CPU', { GUEST_RIP: 0x0001000000000000n }, 'fail'],
  ['R-02', 'bit 48 set, LA57 CPU', { GUEST_RIP: 0x0001000000000000n }, 'pass', { facts: { linearWidth: 57 } }],
  ['R-02', 'bit 48 set, width unknown', { GUEST_RIP: 0x0001000000000000n }, 'not-evaluated', noCaps],
  ['R-02', 'bit 63 alone, any width', { GUEST_RIP: 0x8000000000000000n }, 'fail', noCaps],
  ['R-03', 'good RFLAGS', {}, 'pass'],
  ['R-03', 'bit 1 clear', { GUEST_RFLAGS: 0x244 }, 'fail'],
  ['R-03', 'bit 15 set', { GUEST_RFLAGS: 0x8246 }, 'fail'],
  ['R-03', 'bit 22 set', { GUEST_RFLAGS: 0x400246 }, 'fail'],
  ['R-04', 'VM in a 32-bit protected-mode guest', { VM_ENTRY_CONTROLS: NOT_IA32E, GUEST_RFLAGS: 0x20246 }, 'pass'],
  ['R-04', 'VM in an IA-32e guest', { GUEST_RFLAGS: 0x20246 }, 'fail'],
  ['R-04', 'VM with PE 0', { VM_ENTRY_CONTROLS: NOT_IA32E, GUEST_RFLAGS: 0x20246, GUEST_CR0: 0x00050032 }, 'fail'],
  ['R-05', 'external interrupt with IF', { VM_ENTRY_INTR_INFO_FIELD: EXTINT }, 'pass'],
  ['R-05', 'external interrupt without IF', { VM_ENTRY_INTR_INFO_FIELD: EXTINT, GUEST_RFLAGS: 0x46 }, 'fail'],
  ['R-05', 'NMI without IF', { VM_ENTRY_INTR_INFO_FIELD: NMI, GUEST_RFLAGS: 0x46 }, 'pass'],
  ['R-06', '64-bit SSP', { VM_ENTRY_CONTROLS: CET, GUEST_SSP: 0xffffb8c1c00bf000n }, 'pass'],
  ['R-06', 'bits 1:0', { VM_ENTRY_CONTROLS: CET, GUEST_SSP: 0xffffb8c1c00bf001n }, 'fail'],
  ['R-06', '32-bit guest, bit 32', { VM_ENTRY_CONTROLS: CET & ~(1 << 9), GUEST_SSP: 0x100000000n }, 'fail'],
  ['R-06', '32-bit guest, 32-bit SSP', { VM_ENTRY_CONTROLS: CET & ~(1 << 9), GUEST_SSP: 0x1000 }, 'pass'],
  ['R-06', 'bit 47 alone: 63:48 identical', { VM_ENTRY_CONTROLS: CET, GUEST_SSP: NON_CANON }, 'pass'],
  ['R-06', 'bit 48, width unknown', { VM_ENTRY_CONTROLS: CET, GUEST_SSP: 0x0001000000000000n }, 'not-evaluated', noCaps],

  // --- A: activity state
  ['A-01', 'HLT supported', { GUEST_ACTIVITY_STATE: 1 }, 'pass'],
  ['A-01', 'wait-for-SIPI supported', { GUEST_ACTIVITY_STATE: 3 }, 'pass'],
  ['A-01', 'wait-for-SIPI not supported', { GUEST_ACTIVITY_STATE: 3 }, 'fail', { caps: capsNoSipi() }],
  ['A-01', 'state 4, no caps needed', { GUEST_ACTIVITY_STATE: 4 }, 'fail', noCaps],
  ['A-01', 'HLT, no caps', { GUEST_ACTIVITY_STATE: 1 }, 'not-evaluated', noCaps],
  ['A-01', 'active, no caps needed', {}, 'pass', noCaps],
  ['A-01', 'wait-for-SIPI, MISC bit 8 not shown by the source of the caps', { GUEST_ACTIVITY_STATE: 3 }, 'not-evaluated', { caps: capsSipiUnknown() }],
  ['A-01', 'HLT, MISC bit 6 shown, bit 8 not', { GUEST_ACTIVITY_STATE: 1 }, 'pass', { caps: capsSipiUnknown() }],
  ['A-02', 'HLT at DPL 0', { GUEST_ACTIVITY_STATE: 1 }, 'pass'],
  ['A-02', 'HLT at DPL 3', { GUEST_ACTIVITY_STATE: 1, GUEST_SS_AR_BYTES: 0xc0f3 }, 'fail'],
  ['A-03', 'STI blocking, active', { GUEST_INTERRUPTIBILITY_INFO: 1 }, 'pass'],
  ['A-03', 'STI blocking, HLT', { GUEST_INTERRUPTIBILITY_INFO: 1, GUEST_ACTIVITY_STATE: 1 }, 'fail'],
  ['A-03', 'MOV SS blocking, wait-for-SIPI', { GUEST_INTERRUPTIBILITY_INFO: 2, GUEST_ACTIVITY_STATE: 3 }, 'fail'],
  ['A-04', 'HLT, NMI', { GUEST_ACTIVITY_STATE: 1, VM_ENTRY_INTR_INFO_FIELD: NMI }, 'pass'],
  ['A-04', 'HLT, #DB', { GUEST_ACTIVITY_STATE: 1, VM_ENTRY_INTR_INFO_FIELD: 0x80000301 }, 'pass'],
  ['A-04', 'HLT, MTF', { GUEST_ACTIVITY_STATE: 1, VM_ENTRY_INTR_INFO_FIELD: 0x80000700 }, 'pass'],
  ['A-04', 'HLT, #PF', { GUEST_ACTIVITY_STATE: 1, VM_ENTRY_INTR_INFO_FIELD: 0x80000b0e }, 'fail'],
  ['A-04', 'shutdown, #MC', { GUEST_ACTIVITY_STATE: 2, VM_ENTRY_INTR_INFO_FIELD: 0x80000312 }, 'pass'],
  ['A-04', 'shutdown, external interrupt', { GUEST_ACTIVITY_STATE: 2, VM_ENTRY_INTR_INFO_FIELD: EXTINT }, 'fail'],
  ['A-04', 'wait-for-SIPI, NMI', { GUEST_ACTIVITY_STATE: 3, VM_ENTRY_INTR_INFO_FIELD: NMI }, 'fail'],
  ['A-04', 'active, anything', { VM_ENTRY_INTR_INFO_FIELD: 0x80000b0e }, 'pass'],
  ['A-05', 'entry to SMM, HLT', { VM_ENTRY_CONTROLS: E(10), GUEST_ACTIVITY_STATE: 1 }, 'pass'],
  ['A-05', 'entry to SMM, wait-for-SIPI', { VM_ENTRY_CONTROLS: E(10), GUEST_ACTIVITY_STATE: 3 }, 'fail'],

  // --- I: interruptibility state
  ['I-01', 'enclave interruption bit allowed', { GUEST_INTERRUPTIBILITY_INFO: 0x10 }, 'pass'],
  ['I-01', 'bit 5', { GUEST_INTERRUPTIBILITY_INFO: 0x20 }, 'fail'],
  ['I-02', 'STI only', { GUEST_INTERRUPTIBILITY_INFO: 1 }, 'pass'],
  ['I-02', 'STI and MOV SS', { GUEST_INTERRUPTIBILITY_INFO: 3 }, 'fail'],
  ['I-03', 'STI with IF', { GUEST_INTERRUPTIBILITY_INFO: 1 }, 'pass'],
  ['I-03', 'STI without IF', { GUEST_INTERRUPTIBILITY_INFO: 1, GUEST_RFLAGS: 0x46 }, 'fail'],
  ['I-04', 'external interrupt, NMI blocking only', { VM_ENTRY_INTR_INFO_FIELD: EXTINT, GUEST_INTERRUPTIBILITY_INFO: 8 }, 'pass'],
  ['I-04', 'external interrupt, STI blocking', { VM_ENTRY_INTR_INFO_FIELD: EXTINT, GUEST_INTERRUPTIBILITY_INFO: 1 }, 'fail'],
  ['I-04', 'external interrupt, MOV SS blocking', { VM_ENTRY_INTR_INFO_FIELD: EXTINT, GUEST_INTERRUPTIBILITY_INFO: 2 }, 'fail'],
  ['I-05', 'NMI, STI blocking', { VM_ENTRY_INTR_INFO_FIELD: NMI, GUEST_INTERRUPTIBILITY_INFO: 1 }, 'pass'],
  ['I-05', 'NMI, MOV SS blocking', { VM_ENTRY_INTR_INFO_FIELD: NMI, GUEST_INTERRUPTIBILITY_INFO: 2 }, 'fail'],
  ['I-06', 'SMI blocking in SMM', { GUEST_INTERRUPTIBILITY_INFO: 4 }, 'pass', { facts: { smm: true } }],
  ['I-06', 'SMI blocking outside SMM', { GUEST_INTERRUPTIBILITY_INFO: 4 }, 'fail', { facts: { smm: false } }],
  ['I-06', 'SMI blocking, SMM unknown', { GUEST_INTERRUPTIBILITY_INFO: 4 }, 'not-evaluated'],
  ['I-06', 'no SMI blocking, SMM unknown', {}, 'pass'],
  ['I-07', 'entry to SMM with SMI blocking', { VM_ENTRY_CONTROLS: E(10), GUEST_INTERRUPTIBILITY_INFO: 4 }, 'pass'],
  ['I-07', 'entry to SMM without SMI blocking', { VM_ENTRY_CONTROLS: E(10) }, 'fail'],
  ['I-08', 'NMI without STI blocking', { VM_ENTRY_INTR_INFO_FIELD: NMI, GUEST_INTERRUPTIBILITY_INFO: 8 }, 'pass'],
  ['I-08', 'NMI under STI blocking', { VM_ENTRY_INTR_INFO_FIELD: NMI, GUEST_INTERRUPTIBILITY_INFO: 1 }, 'not-evaluated'],
  ['I-09', 'virtual NMIs, NMI, no NMI blocking', { VM_ENTRY_INTR_INFO_FIELD: NMI }, 'pass'],
  ['I-09', 'virtual NMIs, NMI, NMI blocking', { VM_ENTRY_INTR_INFO_FIELD: NMI, GUEST_INTERRUPTIBILITY_INFO: 8 }, 'fail'],
  ['I-09', 'no virtual NMIs, NMI, NMI blocking', { PIN_BASED_VM_EXEC_CONTROL: 0x1f, VM_ENTRY_INTR_INFO_FIELD: NMI, GUEST_INTERRUPTIBILITY_INFO: 8 }, 'pass'],
  ['I-10', 'enclave interruption on an SGX CPU', { GUEST_INTERRUPTIBILITY_INFO: 0x10 }, 'pass'],
  ['I-10', 'enclave interruption with MOV SS blocking', { GUEST_INTERRUPTIBILITY_INFO: 0x12 }, 'fail', noCaps],
  ['I-10', 'enclave interruption without SGX', { GUEST_INTERRUPTIBILITY_INFO: 0x10 }, 'fail', { facts: { sgx: false } }],
  ['I-10', 'enclave interruption, SGX unknown', { GUEST_INTERRUPTIBILITY_INFO: 0x10 }, 'not-evaluated', noCaps],
  ['I-11', 'FRED at CPL 0 with STI blocking', { GUEST_CR4: 0x1003726a0n, GUEST_INTERRUPTIBILITY_INFO: 1 }, 'pass'],
  ['I-11', 'FRED at CPL 3 without STI blocking', { GUEST_CR4: 0x1003726a0n, GUEST_SS_AR_BYTES: 0xc0f3 }, 'pass'],
  ['I-11', 'FRED at CPL 3 with STI blocking', { GUEST_CR4: 0x1003726a0n, GUEST_SS_AR_BYTES: 0xc0f3, GUEST_INTERRUPTIBILITY_INFO: 1 }, 'fail'],

  // --- PD: pending debug exceptions
  ['PD-01', 'B0-B3, enabled breakpoint, BS, RTM', { GUEST_PENDING_DBG_EXCEPTIONS: 0x1500f }, 'pass'],
  ['PD-01', 'bit 4', { GUEST_PENDING_DBG_EXCEPTIONS: 0x10 }, 'fail'],
  ['PD-01', 'bit 17', { GUEST_PENDING_DBG_EXCEPTIONS: 0x20000 }, 'fail'],
  ['PD-01', 'bit 11 (BLD) is model-specific', { GUEST_PENDING_DBG_EXCEPTIONS: 0x800 }, 'not-evaluated'],
  ['PD-02', 'STI blocking, TF, BS', { GUEST_INTERRUPTIBILITY_INFO: 1, GUEST_RFLAGS: 0x346, GUEST_PENDING_DBG_EXCEPTIONS: 0x4000 }, 'pass'],
  ['PD-02', 'STI blocking, TF, no BS', { GUEST_INTERRUPTIBILITY_INFO: 1, GUEST_RFLAGS: 0x346 }, 'fail'],
  ['PD-02', 'HLT, TF, no BS', { GUEST_ACTIVITY_STATE: 1, GUEST_RFLAGS: 0x346 }, 'fail'],
  ['PD-02', 'STI blocking, TF with BTF, no BS', { GUEST_INTERRUPTIBILITY_INFO: 1, GUEST_RFLAGS: 0x346, GUEST_IA32_DEBUGCTL: 2 }, 'pass'],
  ['PD-02', 'active, no blocking, TF, no BS', { GUEST_RFLAGS: 0x346 }, 'pass'],
  ['PD-03', 'HLT, TF, BS', { GUEST_ACTIVITY_STATE: 1, GUEST_RFLAGS: 0x346, GUEST_PENDING_DBG_EXCEPTIONS: 0x4000 }, 'pass'],
  ['PD-03', 'STI blocking, no TF, BS', { GUEST_INTERRUPTIBILITY_INFO: 1, GUEST_PENDING_DBG_EXCEPTIONS: 0x4000 }, 'fail'],
  ['PD-03', 'STI blocking, TF and BTF, BS', { GUEST_INTERRUPTIBILITY_INFO: 1, GUEST_RFLAGS: 0x346, GUEST_IA32_DEBUGCTL: 2, GUEST_PENDING_DBG_EXCEPTIONS: 0x4000 }, 'fail'],
  ['PD-04', 'RTM with enabled breakpoint', { GUEST_PENDING_DBG_EXCEPTIONS: 0x11000 }, 'pass'],
  ['PD-04', 'RTM without enabled breakpoint', { GUEST_PENDING_DBG_EXCEPTIONS: 0x10000 }, 'fail'],
  ['PD-04', 'RTM with B0', { GUEST_PENDING_DBG_EXCEPTIONS: 0x11001 }, 'fail'],
  ['PD-05', 'RTM on an RTM CPU', { GUEST_PENDING_DBG_EXCEPTIONS: 0x11000 }, 'pass', { facts: { rtm: true } }],
  ['PD-05', 'RTM on a CPU without RTM', { GUEST_PENDING_DBG_EXCEPTIONS: 0x11000 }, 'fail'],
  ['PD-05', 'RTM, RTM unknown', { GUEST_PENDING_DBG_EXCEPTIONS: 0x11000 }, 'not-evaluated', noCaps],
  ['PD-05', 'no RTM bit, RTM unknown', {}, 'pass', noCaps],
  ['PD-06', 'RTM with STI blocking', { GUEST_PENDING_DBG_EXCEPTIONS: 0x11000, GUEST_INTERRUPTIBILITY_INFO: 1 }, 'pass'],
  ['PD-06', 'RTM with MOV SS blocking', { GUEST_PENDING_DBG_EXCEPTIONS: 0x11000, GUEST_INTERRUPTIBILITY_INFO: 2 }, 'fail'],

  // --- L: VMCS link pointer
  ['L-01', 'aligned', { VMCS_LINK_POINTER: LINK }, 'pass'],
  ['L-01', 'not aligned', { VMCS_LINK_POINTER: LINK + 8 }, 'fail'],
  ['L-01', '~0 is not checked', {}, 'pass'],
  ['L-02', 'within PAW', { VMCS_LINK_POINTER: LINK }, 'pass'],
  ['L-02', 'beyond PAW 39', { VMCS_LINK_POINTER: 0x8000000000n }, 'fail'],
  ['L-02', 'beyond 36 bits, PAW unknown', { VMCS_LINK_POINTER: 0x8000000000n }, 'not-evaluated', noCaps],
  ['L-02', 'beyond 52 bits, PAW not needed', { VMCS_LINK_POINTER: 1n << 52n }, 'fail', noCaps],
  ['L-03', '~0 is not checked', {}, 'pass'],
  ['L-03', 'the referenced VMCS is in memory', { VMCS_LINK_POINTER: LINK }, 'not-evaluated'],
  ['L-04', '~0 is not checked', {}, 'pass'],
  ['L-04', 'the referenced VMCS is in memory', { VMCS_LINK_POINTER: LINK }, 'not-evaluated'],
  ['L-05', '~0 is not checked', {}, 'pass'],
  ['L-05', 'in SMM without entry to SMM: does not apply', { VMCS_LINK_POINTER: LINK }, 'pass', { facts: { smm: true } }],
  ['L-05', 'outside SMM: needs the current-VMCS pointer', { VMCS_LINK_POINTER: LINK }, 'not-evaluated', { facts: { smm: false } }],
  ['L-05', 'SMM unknown', { VMCS_LINK_POINTER: LINK }, 'not-evaluated'],
  ['L-06', '~0 is not checked', {}, 'pass'],
  ['L-06', 'outside SMM: does not apply', { VMCS_LINK_POINTER: LINK }, 'pass', { facts: { smm: false } }],
  ['L-06', 'entry to SMM: does not apply, SMM not asked', { VMCS_LINK_POINTER: LINK, VM_ENTRY_CONTROLS: E(10) }, 'pass'],
  ['L-06', 'in SMM: needs the executive-VMCS pointer', { VMCS_LINK_POINTER: LINK }, 'not-evaluated', { facts: { smm: true } }],

  // --- PT: PDPTEs
  ['PT-01', 'IA-32e guest: not PAE paging', { GUEST_PDPTR0: 0x7 }, 'pass'],
  ['PT-01', 'PAE guest, good PDPTEs', pdptrs(0x10b5e9001n), 'pass'],
  ['PT-01', 'PAE guest, not-present PDPTE with reserved bits', pdptrs(0x1e6), 'pass'],
  ['PT-01', 'PAE guest, bits 2:1 in a present PDPTE', pdptrs(0x10b5e9007n), 'fail'],
  ['PT-01', 'PAE guest, PDPTE beyond PAW 39', pdptrs(0x8000000001n), 'fail'],
  ['PT-01', 'PAE guest, PDPTE beyond 36 bits, PAW unknown', pdptrs(0x1000000001n), 'not-evaluated', noCaps],
  ['PT-01', 'PAE guest, PDPTE0 beyond 36 bits, PDPTE1 with bits 2:1: fails without the PAW', { ...pdptrs(0x1000000001n), GUEST_PDPTR1: 0x10b5e9007n }, 'fail', noCaps],
  ['PT-01', 'PAE guest, present PDPTE at bit 52: fails without the PAW', pdptrs(0x0010000000000001n), 'fail', noCaps],
  ['PT-01', 'PAE guest without EPT: PT-02 instead', { ...pdptrs(0x10b5e9007n), SECONDARY_VM_EXEC_CONTROL: 0x001010a8 }, 'pass'],
  ['PT-02', 'IA-32e guest without EPT', { SECONDARY_VM_EXEC_CONTROL: 0x001010a8 }, 'pass'],
  ['PT-02', 'PAE guest with EPT: PT-01 instead', PAE, 'pass'],
  ['PT-02', 'PAE guest without EPT: PDPTEs in memory', { ...PAE, SECONDARY_VM_EXEC_CONTROL: 0x001010a8 }, 'not-evaluated'],
];

for (const [id, what, changes, status, opts] of CASES) {
  test(`${id} ${what}`, () => {
    const r = run(id, changes, opts);
    assert.equal(r.status, status, r.message ?? JSON.stringify(r.needs));
  });
}

// What the not-evaluated rules ask for.
const NEEDS = [
  ['G-01', {}, noCaps, 'msr'],
  ['G-09', { GUEST_CR3: 0x200000010b5e8000n }, noCaps, 'fact'],
  ['G-11', { GUEST_SYSENTER_EIP: BAND }, noCaps, 'fact'],
  ['G-12', { VM_ENTRY_CONTROLS: E(13), GUEST_IA32_PERF_GLOBAL_CTRL: 0xf }, undefined, 'fact'],
  ['G-12', { VM_ENTRY_CONTROLS: E(13), GUEST_IA32_PERF_GLOBAL_CTRL: 1n << 48n }, { facts: FACTS }, 'model'],
  ['G-18', { VM_ENTRY_CONTROLS: E(18), GUEST_IA32_RTIT_CTL: 0x105 }, undefined, 'model'],
  ['G-20', { VM_ENTRY_CONTROLS: CET, GUEST_INTR_SSP_TABLE: null }, undefined, 'field'],
  ['G-21', { VM_ENTRY_CONTROLS: E(21), GUEST_IA32_LBR_CTL: 0x7 }, undefined, 'model'],
  ['R-02', { GUEST_RIP: 0x0001000000000000n }, noCaps, 'fact'],
  ['A-01', { GUEST_ACTIVITY_STATE: 1 }, noCaps, 'msr'],
  ['A-01', { GUEST_ACTIVITY_STATE: 3 }, { caps: capsSipiUnknown() }, 'msr'],
  ['I-06', { GUEST_INTERRUPTIBILITY_INFO: 4 }, undefined, 'fact'],
  ['I-08', { VM_ENTRY_INTR_INFO_FIELD: NMI, GUEST_INTERRUPTIBILITY_INFO: 1 }, undefined, 'model'],
  ['I-10', { GUEST_INTERRUPTIBILITY_INFO: 0x10 }, noCaps, 'fact'],
  ['PD-01', { GUEST_PENDING_DBG_EXCEPTIONS: 0x800 }, undefined, 'model'],
  ['PD-05', { GUEST_PENDING_DBG_EXCEPTIONS: 0x11000 }, noCaps, 'fact'],
  ['L-02', { VMCS_LINK_POINTER: 0x8000000000n }, noCaps, 'fact'],
  ['L-03', { VMCS_LINK_POINTER: LINK }, undefined, 'memory'],
  ['L-04', { VMCS_LINK_POINTER: LINK }, undefined, 'memory'],
  ['L-05', { VMCS_LINK_POINTER: LINK }, undefined, 'fact'],
  ['L-05', { VMCS_LINK_POINTER: LINK }, { facts: { smm: false } }, 'memory'],
  ['L-06', { VMCS_LINK_POINTER: LINK }, undefined, 'fact'],
  ['L-06', { VMCS_LINK_POINTER: LINK }, { facts: { smm: true } }, 'memory'],
  ['PT-01', pdptrs(0x1000000001n), noCaps, 'fact'],
  ['PT-02', { ...PAE, SECONDARY_VM_EXEC_CONTROL: 0x001010a8 }, undefined, 'memory'],
];

for (const [id, changes, opts, kind] of NEEDS) {
  test(`${id} not evaluated: needs a ${kind}`, () => {
    const r = run(id, changes, opts);
    assert.equal(r.status, 'not-evaluated');
    assert.equal(r.needs.kind, kind);
  });
}

test('facts asked for are the right ones', () => {
  assert.equal(run('G-11', { GUEST_SYSENTER_EIP: BAND }, noCaps).needs.key, 'linearWidth');
  assert.equal(run('G-09', { GUEST_CR3: 0x200000010b5e8000n }, noCaps).needs.key, 'lam');
  assert.equal(run('I-06', { GUEST_INTERRUPTIBILITY_INFO: 4 }).needs.key, 'smm');
  assert.equal(run('I-10', { GUEST_INTERRUPTIBILITY_INFO: 0x10 }, noCaps).needs.key, 'sgx');
  assert.equal(run('PD-05', { GUEST_PENDING_DBG_EXCEPTIONS: 0x11000 }, noCaps).needs.key, 'rtm');
  assert.equal(run('G-12', { VM_ENTRY_CONTROLS: E(13), GUEST_IA32_PERF_GLOBAL_CTRL: 0xf }).needs.key, 'gpCounters');
  assert.equal(run('G-12', { VM_ENTRY_CONTROLS: E(13), GUEST_IA32_PERF_GLOBAL_CTRL: 0x100000000n }, { facts: { gpCounters: 4 } }).needs.key, 'fixedCounters');
  assert.equal(run('A-01', { GUEST_ACTIVITY_STATE: 1 }, noCaps).needs.index, 0x485);
});

test('a failure names the field and its value', () => {
  const r = run('G-05', { GUEST_IA32_DEBUGCTL: 0x10000 });
  assert.match(r.message, /GUEST_IA32_DEBUGCTL 0x10000/);
  assert.deepEqual(
    r.fields.map((f) => f.name),
    ['VM_ENTRY_CONTROLS', 'GUEST_IA32_DEBUGCTL'],
  );
});

test('exit qualifications: link pointer 4, PDPTEs 2, NMI under STI 3, others 0', () => {
  assert.equal(run('L-01', { VMCS_LINK_POINTER: LINK + 8 }).qualification, 4);
  assert.equal(run('L-02', { VMCS_LINK_POINTER: 1n << 52n }).qualification, 4);
  assert.equal(run('PT-01', pdptrs(0x10b5e9007n)).qualification, 2);
  assert.equal(run('PT-02', PAE).qualification, 2);
  assert.equal(run('I-08', {}).qualification, 3);
  assert.equal(run('G-03', {}).qualification, undefined);
  for (const r of rules.filter((x) => GROUPS.includes(x.group))) assert.equal(r.failure, 'exit-33', r.id);
});

const GROUPS = ['guest-registers', 'guest-descriptor-tables', 'guest-rip-rflags', 'guest-non-register', 'guest-pdptes'];

test('the good state has no failure in these groups', () => {
  const report = runAll();
  const mine = report.results.filter((r) => GROUPS.includes(r.group));
  assert.ok(mine.length >= 64);
  assert.deepEqual(
    mine.filter((r) => r.status === 'fail').map((r) => `${r.id}: ${r.message}`),
    [],
  );
});

const seq = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}`);
const IDS = [
  ...seq('G', 26).map((id) => [id, '28.3.1.1', 'guest-registers']),
  ...seq('D', 2).map((id) => [id, '28.3.1.3', 'guest-descriptor-tables']),
  ...seq('R', 6).map((id) => [id, '28.3.1.4', 'guest-rip-rflags']),
  ...[...seq('A', 5), ...seq('I', 11), ...seq('PD', 6), ...seq('L', 6)].map((id) => [id, '28.3.1.5', 'guest-non-register']),
  ...seq('PT', 2).map((id) => [id, '28.3.1.6', 'guest-pdptes']),
];

test('every catalog rule of the group exists, in its section and group', () => {
  assert.equal(IDS.length, 64);
  for (const [id, section, group] of IDS) {
    const r = rules.find((x) => x.id === id);
    assert.ok(r, `rule ${id} missing`);
    assert.equal(r.section, section, id);
    assert.equal(r.group, group, id);
  }
  const extra = rules.filter((r) => GROUPS.includes(r.group) && !IDS.some(([id]) => id === r.id)).map((r) => r.id);
  assert.deepEqual(extra, []);
});

test('every rule of the group has a passing and a failing or not-evaluated case', () => {
  for (const [id] of IDS) {
    const statuses = new Set(CASES.filter((c) => c[0] === id).map((c) => c[3]));
    assert.ok(statuses.has('pass'), `${id} has no pass case`);
    assert.ok(statuses.has('fail') || statuses.has('not-evaluated'), `${id} has no fail case`);
  }
});

// A guest CR bit that one fixed-bit MSR already rules out fails with only that MSR given;
// a pass needs both.
test('G-01 and G-03 with only one of the fixed-bit MSRs', () => {
  const only = (index, value) => ({ source: 'partial', msrs: new Map([[index, value]]), facts: {} });
  const noUg = { SECONDARY_VM_EXEC_CONTROL: 0x0010102a };
  assert.equal(run('G-01', { ...noUg, GUEST_CR0: 0x80050032 }, { caps: only(0x486, 0x80000021n) }).status, 'fail');
  assert.equal(run('G-01', noUg, { caps: only(0x486, 0x80000021n) }).status, 'not-evaluated');
  assert.equal(run('G-03', { GUEST_CR4: 0x3766a0 }, { caps: only(0x489, 0x3727ffn) }).status, 'fail');
  assert.equal(run('G-03', {}, { caps: only(0x489, 0x3727ffn) }).status, 'not-evaluated');
});

// A rule that lacks only a control the dump does not hold: FAIL IF the bits that turn it on are 1
// (a conditional verdict; the rule stays not evaluated). [id, changes, expected `when` or null]
const CONDITIONAL = [
  ['G-10', { VM_ENTRY_CONTROLS: null, GUEST_DR7: 0x4000000000000001n }, 'VM_ENTRY_CONTROLS:2=1'],
  ['G-10', { VM_ENTRY_CONTROLS: null, GUEST_DR7: 0x400n }, null], // passes whatever the control
  ['G-05', { VM_ENTRY_CONTROLS: null, GUEST_IA32_DEBUGCTL: 0x10000n }, 'VM_ENTRY_CONTROLS:2=1'],
  ['G-13', { VM_ENTRY_CONTROLS: null, GUEST_IA32_PAT: 0x0202020202020202n }, 'VM_ENTRY_CONTROLS:14=1'],
  ['G-10', { VM_ENTRY_CONTROLS: null, GUEST_DR7: null }, null], // still lacks DR7
  // a control that sets the guest's mode gives no conditional verdict (CR0.PG 0 fails "IA-32e mode guest" 1)
  ['G-06', { VM_ENTRY_CONTROLS: null, GUEST_CR0: 0x50033 }, null],
];

for (const [id, changes, when] of CONDITIONAL) {
  test(`${id} without its control, ${JSON.stringify(changes, (k, v) => (typeof v === 'bigint' ? '0x' + v.toString(16) : v))}: ${when ? 'fails if ' + when : 'no conditional verdict'}`, () => {
    const r = run(id, changes, noCaps);
    assert.equal(r.status, 'not-evaluated');
    const got = r.failsIf ? r.failsIf.map((c) => c.when.map((b) => `${b.field}:${b.bit}=${b.value}`).join(' ')).join('; ') : null;
    assert.equal(got, when);
    if (when) assert.match(r.failsIf[0].message, /^GUEST_/);
  });
}
