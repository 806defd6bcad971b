// VM-entry checks on the guest segment registers (SDM 27.3.1.2, S-01…S-40): one row per case,
// over the known-good 64-bit state (test/fixtures/check/good-64bit.txt) with some fields changed.
// Besides that protected/IA-32e state, the rows use three other guest modes, each a table of
// changes to the good state that passes every rule of the group:
//   V86    virtual-8086 (RFLAGS.VM 1, IA-32e mode guest off, CR0.PE 1, base = selector × 16,
//          limit FFFFH, access rights F3H)
//   REAL   real mode under unrestricted guest (CR0.PE 0, CR0.PG 0, IA-32e off, EFER 0)
//   NO_UG  the good IA-32e state with "unrestricted guest" off (the RPL rules apply)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, runAll } from './check-helpers.js';

const IDS = Array.from({ length: 40 }, (_, i) => `S-${String(i + 1).padStart(2, '0')}`);

/** "unrestricted guest" (secondary bit 7) off; EPT, RDTSCP, VPID, INVPCID, XSAVES stay on. */
const NO_UG = { SECONDARY_VM_EXEC_CONTROL: 0x0010102a };

const V86 = {
  GUEST_RFLAGS: 0x20202, // VM, IF, bit 1
  VM_ENTRY_CONTROLS: 0xd1ff, // IA-32e mode guest (bit 9) off
  GUEST_CR0: 0x80050033, // PE and PG on
  GUEST_CR4: 0x26a0, // PAE, no PCIDE/FSGSBASE
  GUEST_IA32_EFER: 0,
  GUEST_RIP: 0x100,
  GUEST_RSP: 0xfffe,
  GUEST_CS_SELECTOR: 0x1000, GUEST_CS_BASE: 0x10000, GUEST_CS_LIMIT: 0xffff, GUEST_CS_AR_BYTES: 0xf3,
  GUEST_SS_SELECTOR: 0x2000, GUEST_SS_BASE: 0x20000, GUEST_SS_LIMIT: 0xffff, GUEST_SS_AR_BYTES: 0xf3,
  GUEST_DS_SELECTOR: 0x3000, GUEST_DS_BASE: 0x30000, GUEST_DS_LIMIT: 0xffff, GUEST_DS_AR_BYTES: 0xf3,
  GUEST_ES_SELECTOR: 0x4000, GUEST_ES_BASE: 0x40000, GUEST_ES_LIMIT: 0xffff, GUEST_ES_AR_BYTES: 0xf3,
  GUEST_FS_SELECTOR: 0x0000, GUEST_FS_BASE: 0x00000, GUEST_FS_LIMIT: 0xffff, GUEST_FS_AR_BYTES: 0xf3,
  GUEST_GS_SELECTOR: 0x5000, GUEST_GS_BASE: 0x50000, GUEST_GS_LIMIT: 0xffff, GUEST_GS_AR_BYTES: 0xf3,
  GUEST_TR_BASE: 0x3000, // 32-bit TSS (AR 0x8b stays)
};

const REAL = {
  GUEST_CR0: 0x30, // ET, NE; PE and PG off
  GUEST_CR4: 0x2000, // VMXE only
  VM_ENTRY_CONTROLS: 0xd1ff, // IA-32e mode guest off
  GUEST_IA32_EFER: 0,
  GUEST_RFLAGS: 0x2,
  GUEST_RIP: 0xfff0,
  GUEST_RSP: 0,
  GUEST_CS_SELECTOR: 0xf000, GUEST_CS_BASE: 0xf0000, GUEST_CS_LIMIT: 0xffff, GUEST_CS_AR_BYTES: 0x9b,
  GUEST_SS_SELECTOR: 0, GUEST_SS_BASE: 0, GUEST_SS_LIMIT: 0xffff, GUEST_SS_AR_BYTES: 0x93,
  GUEST_DS_SELECTOR: 0, GUEST_DS_BASE: 0, GUEST_DS_LIMIT: 0xffff, GUEST_DS_AR_BYTES: 0x93,
  GUEST_ES_SELECTOR: 0, GUEST_ES_BASE: 0, GUEST_ES_LIMIT: 0xffff, GUEST_ES_AR_BYTES: 0x93,
  GUEST_FS_SELECTOR: 0, GUEST_FS_BASE: 0, GUEST_FS_LIMIT: 0xffff, GUEST_FS_AR_BYTES: 0x93,
  GUEST_GS_SELECTOR: 0, GUEST_GS_BASE: 0, GUEST_GS_LIMIT: 0xffff, GUEST_GS_AR_BYTES: 0x93,
  GUEST_TR_SELECTOR: 0, GUEST_TR_BASE: 0, GUEST_TR_LIMIT: 0xffff, GUEST_TR_AR_BYTES: 0x83, // 16-bit busy TSS
};

const FRED = { GUEST_CR4: 0x1003726a0 }; // CR4.FRED (bit 32)
const LDT = { GUEST_LDTR_SELECTOR: 0x50, GUEST_LDTR_BASE: 0xfffffe0000002000, GUEST_LDTR_LIMIT: 0xffff, GUEST_LDTR_AR_BYTES: 0x82 };
const NOCAPS = { caps: false };
const BAND = 0x0000800000000000n; // canonical with 57-bit linear addresses only

// [id, what, changes, status, options, needs.kind]
const CASES = [
  // --- selectors
  ['S-01', 'TR selector RPL 3, TI 0', { GUEST_TR_SELECTOR: 0x43 }, 'pass'],
  ['S-01', 'TR selector TI 1', { GUEST_TR_SELECTOR: 0x44 }, 'fail'],
  ['S-01', 'TR selector TI 1 in virtual-8086', { ...V86, GUEST_TR_SELECTOR: 0x44 }, 'fail'],
  ['S-01', 'TR selector missing', { GUEST_TR_SELECTOR: null }, 'not-evaluated', {}, 'field'],
  ['S-02', 'usable LDTR, TI 0', LDT, 'pass'],
  ['S-02', 'usable LDTR, TI 1', { ...LDT, GUEST_LDTR_SELECTOR: 0x54 }, 'fail'],
  ['S-02', 'unusable LDTR, TI 1', { GUEST_LDTR_SELECTOR: 0x54 }, 'pass'],
  ['S-02', 'usable LDTR TI 1 in real mode', { ...REAL, ...LDT, GUEST_LDTR_SELECTOR: 0x54 }, 'fail'],
  ['S-03', 'no UG: SS.RPL = CS.RPL', NO_UG, 'pass'],
  ['S-03', 'no UG: SS.RPL 3, CS.RPL 0', { ...NO_UG, GUEST_SS_SELECTOR: 0x1b }, 'fail'],
  ['S-03', 'no UG: unusable SS still needs its RPL', { ...NO_UG, GUEST_SS_SELECTOR: 0x3, GUEST_SS_AR_BYTES: 0x10000 }, 'fail'],
  ['S-03', 'UG: RPLs may differ', { GUEST_SS_SELECTOR: 0x1b }, 'pass'],
  ['S-03', 'no UG, virtual-8086: RPLs may differ', { ...V86, ...NO_UG, GUEST_SS_SELECTOR: 0x2001, GUEST_SS_BASE: 0x20010 }, 'pass'],
  ['S-03', 'no UG, CS selector missing', { ...NO_UG, GUEST_CS_SELECTOR: null }, 'not-evaluated', {}, 'field'],

  // --- bases
  ['S-04', 'virtual-8086 bases = selector × 16', V86, 'pass'],
  ['S-04', 'virtual-8086 DS base off by 16', { ...V86, GUEST_DS_BASE: 0x30010 }, 'fail'],
  ['S-04', 'virtual-8086 FS selector 0x10, base 0', { ...V86, GUEST_FS_SELECTOR: 0x10 }, 'fail'],
  ['S-04', 'virtual-8086 CS base above 4 GiB', { ...V86, GUEST_CS_BASE: 0x100010000n }, 'fail'],
  ['S-04', 'not virtual-8086: bases free (fields not read)', { GUEST_CS_BASE: null }, 'pass'],
  ['S-04', 'virtual-8086, SS base missing', { ...V86, GUEST_SS_BASE: null }, 'not-evaluated', {}, 'field'],
  ['S-05', 'canonical TR/FS/GS bases', {}, 'pass'],
  ['S-05', 'virtual-8086 bases', V86, 'pass'],
  ['S-05', 'TR base not canonical at any width', { GUEST_TR_BASE: 0x8000000000000000n }, 'fail', NOCAPS],
  ['S-05', 'GS base canonical only at 57 bits, i7-9750H (48)', { GUEST_GS_BASE: BAND }, 'fail'],
  ['S-05', 'FS base canonical only at 57 bits, LA57 CPU', { GUEST_FS_BASE: BAND }, 'pass', { facts: { linearWidth: 57 } }],
  ['S-05', 'FS base canonical only at 57 bits, width unknown', { GUEST_FS_BASE: BAND }, 'not-evaluated', NOCAPS, 'fact'],
  ['S-05', 'one base bad, one undecided: fails without the width', { GUEST_TR_BASE: 0x8000000000000000n, GUEST_FS_BASE: BAND }, 'fail', NOCAPS],
  ['S-05', 'unusable FS still needs a canonical base', { GUEST_FS_BASE: 0xfff0000000000000n }, 'fail'],
  ['S-06', 'usable LDTR, canonical base', LDT, 'pass'],
  ['S-06', 'usable LDTR, base not canonical', { ...LDT, GUEST_LDTR_BASE: 0x8000000000000000n }, 'fail'],
  ['S-06', 'unusable LDTR, base not canonical', { GUEST_LDTR_BASE: 0x8000000000000000n }, 'pass'],
  ['S-06', 'usable LDTR, base canonical only at 57 bits, width unknown', { ...LDT, GUEST_LDTR_BASE: BAND }, 'not-evaluated', NOCAPS, 'fact'],
  ['S-07', 'CS base 0xfffff000', { GUEST_CS_BASE: 0xfffff000 }, 'pass'],
  ['S-07', 'CS base 4 GiB', { GUEST_CS_BASE: 0x100000000n }, 'fail'],
  ['S-07', 'unusable CS base 4 GiB', { GUEST_CS_BASE: 0x100000000n, GUEST_CS_AR_BYTES: 0x1a09b }, 'fail'],
  ['S-08', 'usable SS base below 4 GiB', { GUEST_SS_BASE: 0x12345000 }, 'pass'],
  ['S-08', 'usable SS base 4 GiB', { GUEST_SS_BASE: 0x100000000n }, 'fail'],
  ['S-08', 'usable ES base with high bits', { GUEST_ES_AR_BYTES: 0xc093, GUEST_ES_BASE: 0xffffffff00000000n }, 'fail'],
  ['S-08', 'unusable DS base 4 GiB', { GUEST_DS_BASE: 0x100000000n }, 'pass'],
  ['S-08', 'real mode, usable DS base 4 GiB', { ...REAL, GUEST_DS_BASE: 0x100000000n }, 'fail'],

  // --- limits
  ['S-09', 'virtual-8086 limits 0xffff', V86, 'pass'],
  ['S-09', 'virtual-8086 SS limit 0xfffff', { ...V86, GUEST_SS_LIMIT: 0xfffff }, 'fail'],
  ['S-09', 'not virtual-8086: limits free', {}, 'pass'],
  ['S-09', 'RFLAGS missing', { GUEST_RFLAGS: null }, 'not-evaluated', {}, 'field'],

  // --- access rights, virtual-8086
  ['S-10', 'virtual-8086 access rights 0xf3', V86, 'pass'],
  ['S-10', 'virtual-8086 CS code segment 0xfb', { ...V86, GUEST_CS_AR_BYTES: 0xfb }, 'fail'],
  ['S-10', 'virtual-8086 GS unusable 0x100f3 (no escape)', { ...V86, GUEST_GS_AR_BYTES: 0x100f3 }, 'fail'],
  ['S-10', 'virtual-8086 ES unusable 0x10000', { ...V86, GUEST_ES_AR_BYTES: 0x10000 }, 'fail'],
  ['S-10', 'not virtual-8086: unusable data segments', {}, 'pass'],

  // --- access rights, not virtual-8086
  ['S-11', 'CS type 11', {}, 'pass'],
  ['S-11', 'CS type 9', { GUEST_CS_AR_BYTES: 0xa099 }, 'pass'],
  ['S-11', 'CS type 10 (not accessed)', { GUEST_CS_AR_BYTES: 0xa09a }, 'fail'],
  ['S-11', 'UG, real mode: CS type 3', { ...REAL, GUEST_CS_AR_BYTES: 0x93 }, 'pass'],
  ['S-11', 'no UG: CS type 3', { ...NO_UG, GUEST_CS_AR_BYTES: 0xc093 }, 'fail'],
  ['S-11', 'UG: CS type 7 (expand-down data)', { ...REAL, GUEST_CS_AR_BYTES: 0x97 }, 'fail'],
  ['S-11', 'no UG, virtual-8086: CS 0xf3', { ...V86, ...NO_UG }, 'pass'],
  ['S-12', 'SS type 3', {}, 'pass'],
  ['S-12', 'SS type 7', { GUEST_SS_AR_BYTES: 0xc097 }, 'pass'],
  ['S-12', 'SS type 1 (read-only)', { GUEST_SS_AR_BYTES: 0xc091 }, 'fail'],
  ['S-12', 'SS code segment', { GUEST_SS_AR_BYTES: 0xc09b }, 'fail'],
  ['S-12', 'unusable SS, type 0', { GUEST_SS_AR_BYTES: 0x10000 }, 'pass'],
  ['S-12', 'real mode SS type 2', { ...REAL, GUEST_SS_AR_BYTES: 0x92 }, 'fail'],
  ['S-13', 'usable DS, accessed', { GUEST_DS_AR_BYTES: 0xc093 }, 'pass'],
  ['S-13', 'usable DS, not accessed', { GUEST_DS_AR_BYTES: 0xc092 }, 'fail'],
  ['S-13', 'unusable DS, not accessed', { GUEST_DS_AR_BYTES: 0x10092 }, 'pass'],
  ['S-13', 'real mode GS not accessed', { ...REAL, GUEST_GS_AR_BYTES: 0x92 }, 'fail'],
  ['S-13', 'DS access rights missing', { GUEST_DS_AR_BYTES: null }, 'not-evaluated', {}, 'field'],
  ['S-14', 'usable ES, readable code', { GUEST_ES_AR_BYTES: 0xc09b }, 'pass'],
  ['S-14', 'usable ES, execute-only code', { GUEST_ES_AR_BYTES: 0xc099 }, 'fail'],
  ['S-14', 'unusable ES, execute-only code', { GUEST_ES_AR_BYTES: 0x10099 }, 'pass'],
  ['S-14', 'usable FS, data (no readable bit needed)', { GUEST_FS_AR_BYTES: 0xc091 }, 'pass'],
  ['S-15', 'CS and SS S = 1, usable FS S = 1', { GUEST_FS_AR_BYTES: 0xc093 }, 'pass'],
  ['S-15', 'CS S = 0', { GUEST_CS_AR_BYTES: 0xa08b }, 'fail'],
  ['S-15', 'unusable CS S = 0 (CS always checked)', { GUEST_CS_AR_BYTES: 0x1a08b }, 'fail'],
  ['S-15', 'usable FS S = 0', { GUEST_FS_AR_BYTES: 0xc083 }, 'fail'],
  ['S-15', 'unusable FS S = 0', { GUEST_FS_AR_BYTES: 0x10083 }, 'pass'],
  ['S-16', 'non-conforming CS DPL 0 = SS.DPL 0', {}, 'pass'],
  ['S-16', 'non-conforming CS DPL 3, SS.DPL 0', { GUEST_CS_AR_BYTES: 0xa0fb }, 'fail'],
  ['S-16', 'non-conforming CS DPL 3 = SS.DPL 3', { GUEST_CS_AR_BYTES: 0xa0fb, GUEST_SS_AR_BYTES: 0xc0f3 }, 'pass'],
  ['S-16', 'conforming CS DPL 0 below SS.DPL 3', { GUEST_CS_AR_BYTES: 0xa09f, GUEST_SS_AR_BYTES: 0xc0f3 }, 'pass'],
  ['S-16', 'conforming CS DPL 3 above SS.DPL 0', { GUEST_CS_AR_BYTES: 0xa0ff }, 'fail'],
  ['S-16', 'CS.RPL 3 is not compared (SDM, not KVM-emu)', { GUEST_CS_SELECTOR: 0x13 }, 'pass'],
  ['S-16', 'unusable SS with DPL 3 still counts', { GUEST_SS_AR_BYTES: 0x10060 }, 'fail'],
  ['S-16', 'real mode CS type 3 DPL 0', { ...REAL, GUEST_CS_AR_BYTES: 0x93 }, 'pass'],
  ['S-16', 'real mode CS type 3 DPL 3', { ...REAL, GUEST_CS_AR_BYTES: 0xf3 }, 'fail'],
  ['S-16', 'virtual-8086: CS 0xf3 with SS.DPL 3', V86, 'pass'],
  ['S-17', 'no UG: SS.DPL 0 = RPL 0', NO_UG, 'pass'],
  ['S-17', 'no UG: SS.DPL 0, RPL 3', { ...NO_UG, GUEST_SS_SELECTOR: 0x1b }, 'fail'],
  ['S-17', 'no UG: unusable SS DPL 0, RPL 3', { ...NO_UG, GUEST_SS_SELECTOR: 0x3, GUEST_SS_AR_BYTES: 0x10000 }, 'fail'],
  ['S-17', 'UG: SS.DPL 0, RPL 3', { GUEST_SS_SELECTOR: 0x1b }, 'pass'],
  ['S-17', 'no UG, virtual-8086: SS.DPL 3, RPL 0', { ...V86, ...NO_UG }, 'pass'],
  ['S-18', 'real mode SS.DPL 0', REAL, 'pass'],
  ['S-18', 'real mode SS.DPL 3', { ...REAL, GUEST_SS_AR_BYTES: 0xf3 }, 'fail'],
  ['S-18', 'real mode unusable SS with DPL 3', { ...REAL, GUEST_SS_AR_BYTES: 0x10060 }, 'fail'],
  ['S-18', 'protected, CS type 3, SS.DPL 3', { GUEST_CS_AR_BYTES: 0xc093, GUEST_SS_AR_BYTES: 0xc0f3 }, 'fail'],
  ['S-18', 'protected, CS type 11, SS.DPL 3', { GUEST_CS_AR_BYTES: 0xa0fb, GUEST_SS_AR_BYTES: 0xc0f3 }, 'pass'],
  ['S-18', 'virtual-8086 (PE 1): SS.DPL 3', V86, 'pass'],
  ['S-19', 'no UG: usable DS DPL 0, RPL 0', { ...NO_UG, GUEST_DS_AR_BYTES: 0xc093, GUEST_DS_SELECTOR: 0x18 }, 'pass'],
  ['S-19', 'no UG: usable DS DPL 0, RPL 3', { ...NO_UG, GUEST_DS_AR_BYTES: 0xc093, GUEST_DS_SELECTOR: 0x1b }, 'fail'],
  ['S-19', 'no UG: usable GS DPL 3, RPL 3', { ...NO_UG, GUEST_GS_AR_BYTES: 0xc0f3, GUEST_GS_SELECTOR: 0x2b }, 'pass'],
  ['S-19', 'no UG: DS type 11 (non-conforming code), DPL 0, RPL 3', { ...NO_UG, GUEST_DS_AR_BYTES: 0xc09b, GUEST_DS_SELECTOR: 0x1b }, 'fail'],
  ['S-19', 'no UG: DS type 15 (conforming code), DPL 0, RPL 3', { ...NO_UG, GUEST_DS_AR_BYTES: 0xc09f, GUEST_DS_SELECTOR: 0x1b }, 'pass'],
  ['S-19', 'no UG: unusable DS, RPL 3', { ...NO_UG, GUEST_DS_SELECTOR: 0x1b }, 'pass'],
  ['S-19', 'UG: usable DS DPL 0, RPL 3', { GUEST_DS_AR_BYTES: 0xc093, GUEST_DS_SELECTOR: 0x1b }, 'pass'],
  ['S-19', 'no UG, virtual-8086: selectors with RPL 3', { ...V86, ...NO_UG, GUEST_DS_SELECTOR: 0x3003, GUEST_DS_BASE: 0x30030 }, 'pass'],
  ['S-20', 'usable GS present', { GUEST_GS_AR_BYTES: 0xc093 }, 'pass'],
  ['S-20', 'CS not present', { GUEST_CS_AR_BYTES: 0xa01b }, 'fail'],
  ['S-20', 'usable GS not present', { GUEST_GS_AR_BYTES: 0xc013 }, 'fail'],
  ['S-20', 'unusable GS not present', { GUEST_GS_AR_BYTES: 0x10013 }, 'pass'],
  ['S-21', 'real mode, all usable, bits 11:8 clear', REAL, 'pass'],
  ['S-21', 'CS bit 8', { GUEST_CS_AR_BYTES: 0xa19b }, 'fail'],
  ['S-21', 'SS bit 11', { GUEST_SS_AR_BYTES: 0xc893 }, 'fail'],
  ['S-21', 'unusable DS bits 11:8', { GUEST_DS_AR_BYTES: 0x10f00 }, 'pass'],
  ['S-22', 'IA-32e, CS.L 1, D/B 0', {}, 'pass'],
  ['S-22', 'IA-32e, CS.L 1, D/B 1', { GUEST_CS_AR_BYTES: 0xe09b }, 'fail'],
  ['S-22', 'IA-32e, compatibility-mode CS (L 0, D/B 1)', { GUEST_CS_AR_BYTES: 0xc09b }, 'pass'],
  ['S-22', 'not IA-32e, CS L 1 and D/B 1', { ...REAL, GUEST_CS_AR_BYTES: 0x609b }, 'pass'],
  ['S-23', 'CS limit 0xffffffff, G 1', {}, 'pass'],
  ['S-23', 'CS limit 0xfffff, G 0', { GUEST_CS_LIMIT: 0xfffff, GUEST_CS_AR_BYTES: 0x209b }, 'pass'],
  ['S-23', 'CS limit 0xffffffff, G 0', { GUEST_CS_AR_BYTES: 0x209b }, 'fail'],
  ['S-23', 'usable SS limit 0xffff0000, G 1', { GUEST_SS_LIMIT: 0xffff0000 }, 'fail'],
  ['S-23', 'unusable DS limit 0, G 1', { GUEST_DS_AR_BYTES: 0x18000 }, 'pass'],
  ['S-23', 'real mode limits 0xffff, G 0', REAL, 'pass'],
  ['S-23', 'real mode FS limit 0x100000, G 0', { ...REAL, GUEST_FS_LIMIT: 0x100000 }, 'fail'],
  ['S-23', 'CS limit missing', { GUEST_CS_LIMIT: null }, 'not-evaluated', {}, 'field'],
  ['S-24', 'usable DS bits 31:17 clear', { GUEST_DS_AR_BYTES: 0xc093 }, 'pass'],
  ['S-24', 'CS bit 17', { GUEST_CS_AR_BYTES: 0x2a09b }, 'fail'],
  ['S-24', 'unusable CS (bit 16 is not checked)', { GUEST_CS_AR_BYTES: 0x1a09b }, 'pass'],
  ['S-24', 'usable DS bit 17', { GUEST_DS_AR_BYTES: 0x2c093 }, 'fail'],
  ['S-24', 'unusable DS bit 17', { GUEST_DS_AR_BYTES: 0x30000 }, 'pass'],

  // --- FRED
  ['S-25', 'FRED, SS.DPL 0', FRED, 'pass'],
  ['S-25', 'FRED, SS.DPL 3', { ...FRED, GUEST_CS_AR_BYTES: 0xa0fb, GUEST_SS_AR_BYTES: 0xc0f3 }, 'pass'],
  ['S-25', 'FRED, SS.DPL 1', { ...FRED, GUEST_SS_AR_BYTES: 0xc0b3 }, 'fail'],
  ['S-25', 'FRED, SS.DPL 2', { ...FRED, GUEST_SS_AR_BYTES: 0xc0d3 }, 'fail'],
  ['S-25', 'no FRED, SS.DPL 1', { GUEST_SS_AR_BYTES: 0xc0b3 }, 'pass'],
  ['S-25', 'CR4 missing', { GUEST_CR4: null }, 'not-evaluated', {}, 'field'],
  ['S-26', 'FRED, SS.DPL 0, 64-bit CS', FRED, 'pass'],
  ['S-26', 'FRED, SS.DPL 0, compatibility-mode CS', { ...FRED, GUEST_CS_AR_BYTES: 0xc09b }, 'fail'],
  ['S-26', 'FRED, SS.DPL 3, compatibility-mode CS', { ...FRED, GUEST_CS_AR_BYTES: 0xc0fb, GUEST_SS_AR_BYTES: 0xc0f3 }, 'pass'],
  ['S-26', 'no FRED, SS.DPL 0, compatibility-mode CS', { GUEST_CS_AR_BYTES: 0xc09b }, 'pass'],
  ['S-27', 'FRED, SS.DPL 3, IOPL 0', { ...FRED, GUEST_SS_AR_BYTES: 0xc0f3 }, 'pass'],
  ['S-27', 'FRED, SS.DPL 3, IOPL 3', { ...FRED, GUEST_SS_AR_BYTES: 0xc0f3, GUEST_RFLAGS: 0x3246 }, 'fail'],
  ['S-27', 'FRED, SS.DPL 3, IOPL 1', { ...FRED, GUEST_SS_AR_BYTES: 0xc0f3, GUEST_RFLAGS: 0x1246 }, 'fail'],
  ['S-27', 'FRED, SS.DPL 0, IOPL 3', { ...FRED, GUEST_RFLAGS: 0x3246 }, 'pass'],
  ['S-27', 'no FRED, SS.DPL 3, IOPL 3', { GUEST_SS_AR_BYTES: 0xc0f3, GUEST_RFLAGS: 0x3246 }, 'pass'],

  // --- TR
  ['S-28', 'IA-32e, TR type 11', {}, 'pass'],
  ['S-28', 'IA-32e, TR type 3', { GUEST_TR_AR_BYTES: 0x83 }, 'fail'],
  ['S-28', 'real mode, TR type 3', REAL, 'pass'],
  ['S-28', 'virtual-8086, TR type 11', V86, 'pass'],
  ['S-28', 'TR type 9 (available TSS)', { GUEST_TR_AR_BYTES: 0x89 }, 'fail'],
  ['S-28', 'virtual-8086, TR type 1 (available 16-bit TSS)', { ...V86, GUEST_TR_AR_BYTES: 0x81 }, 'fail'],
  ['S-28', 'TR type 3, entry controls missing', { GUEST_TR_AR_BYTES: 0x83, VM_ENTRY_CONTROLS: null }, 'not-evaluated', {}, 'field'],
  ['S-29', 'TR S 0', {}, 'pass'],
  ['S-29', 'TR S 1', { GUEST_TR_AR_BYTES: 0x9b }, 'fail'],
  ['S-29', 'real mode TR S 1', { ...REAL, GUEST_TR_AR_BYTES: 0x93 }, 'fail'],
  ['S-30', 'TR present', {}, 'pass'],
  ['S-30', 'TR not present', { GUEST_TR_AR_BYTES: 0x0b }, 'fail'],
  ['S-31', 'TR bits 11:8 clear', {}, 'pass'],
  ['S-31', 'TR bit 8', { GUEST_TR_AR_BYTES: 0x18b }, 'fail'],
  ['S-32', 'TR limit 0x4087, G 0', {}, 'pass'],
  ['S-32', 'TR limit 0xfffffff, G 1', { GUEST_TR_LIMIT: 0xfffffff, GUEST_TR_AR_BYTES: 0x808b }, 'pass'],
  ['S-32', 'TR limit 0x100000, G 0', { GUEST_TR_LIMIT: 0x100000 }, 'fail'],
  ['S-32', 'TR limit 0x4087, G 1', { GUEST_TR_AR_BYTES: 0x808b }, 'fail'],
  ['S-32', 'TR limit missing', { GUEST_TR_LIMIT: null }, 'not-evaluated', {}, 'field'],
  ['S-33', 'TR usable', {}, 'pass'],
  ['S-33', 'TR unusable', { GUEST_TR_AR_BYTES: 0x1008b }, 'fail'],
  ['S-33', 'virtual-8086 TR unusable', { ...V86, GUEST_TR_AR_BYTES: 0x1008b }, 'fail'],
  ['S-34', 'TR bits 31:17 clear', {}, 'pass'],
  ['S-34', 'TR bit 17', { GUEST_TR_AR_BYTES: 0x2008b }, 'fail'],

  // --- LDTR
  ['S-35', 'usable LDTR type 2', LDT, 'pass'],
  ['S-35', 'usable LDTR type 3', { ...LDT, GUEST_LDTR_AR_BYTES: 0x83 }, 'fail'],
  ['S-35', 'unusable LDTR type 0', { GUEST_LDTR_AR_BYTES: 0x10000 }, 'pass'],
  ['S-36', 'usable LDTR S 0', LDT, 'pass'],
  ['S-36', 'usable LDTR S 1', { ...LDT, GUEST_LDTR_AR_BYTES: 0x92 }, 'fail'],
  ['S-36', 'unusable LDTR S 1', { GUEST_LDTR_AR_BYTES: 0x10092 }, 'pass'],
  ['S-37', 'usable LDTR present', LDT, 'pass'],
  ['S-37', 'usable LDTR not present', { ...LDT, GUEST_LDTR_AR_BYTES: 0x02 }, 'fail'],
  ['S-37', 'unusable LDTR not present', { GUEST_LDTR_AR_BYTES: 0x10002 }, 'pass'],
  ['S-38', 'usable LDTR bits 11:8 clear', LDT, 'pass'],
  ['S-38', 'usable LDTR bit 8', { ...LDT, GUEST_LDTR_AR_BYTES: 0x182 }, 'fail'],
  ['S-38', 'unusable LDTR bit 8', { GUEST_LDTR_AR_BYTES: 0x10182 }, 'pass'],
  ['S-39', 'usable LDTR limit 0xffff, G 0', LDT, 'pass'],
  ['S-39', 'usable LDTR limit 0x100000, G 0', { ...LDT, GUEST_LDTR_LIMIT: 0x100000 }, 'fail'],
  ['S-39', 'unusable LDTR limit 0x100000, G 0', { GUEST_LDTR_LIMIT: 0x100000 }, 'pass'],
  ['S-39', 'usable LDTR, limit missing', { ...LDT, GUEST_LDTR_LIMIT: null }, 'not-evaluated', {}, 'field'],
  ['S-40', 'usable LDTR bits 31:17 clear', LDT, 'pass'],
  ['S-40', 'usable LDTR bit 18', { ...LDT, GUEST_LDTR_AR_BYTES: 0x40082 }, 'fail'],
  ['S-40', 'unusable LDTR bit 18', { GUEST_LDTR_AR_BYTES: 0x50082 }, 'pass'],
];

for (const [id, what, changes, status, opts, kind] of CASES) {
  test(`${id} ${what}`, () => {
    const r = run(id, changes, opts);
    assert.equal(r.status, status, r.message ?? JSON.stringify(r.needs));
    if (kind) assert.equal(r.needs.kind, kind);
  });
}

test('every S rule of the catalog exists, in group guest-segments, section 28.3.1.2, exit 33, qualification 0', () => {
  for (const id of IDS) {
    const r = run(id);
    assert.equal(r.group, 'guest-segments', id);
    assert.equal(r.section, '28.3.1.2', id);
    assert.equal(r.failure, 'exit-33', id);
    assert.equal(r.qualification, undefined, id);
  }
});

test('every rule has both a passing and a failing case', () => {
  for (const id of IDS) {
    const statuses = new Set(CASES.filter((c) => c[0] === id).map((c) => c[3]));
    assert.ok(statuses.has('pass') && statuses.has('fail'), id);
  }
});

for (const [mode, changes] of [
  ['the good 64-bit state', {}],
  ['the good state without unrestricted guest', NO_UG],
  ['virtual-8086', V86],
  ['virtual-8086 without unrestricted guest', { ...V86, ...NO_UG }],
  ['real mode under unrestricted guest', REAL],
  ['FRED, 64-bit, CPL 0', FRED],
]) {
  test(`no rule of guest-segments fails on ${mode}`, () => {
    const failing = runAll(changes).results.filter((r) => r.group === 'guest-segments' && r.status !== 'pass');
    assert.deepEqual(failing.map((r) => `${r.id}: ${r.message ?? JSON.stringify(r.needs)}`), []);
  });
}

test('rules over several registers name every offending one', () => {
  const s13 = run('S-13', { GUEST_DS_AR_BYTES: 0xc092, GUEST_GS_AR_BYTES: 0xc092 });
  assert.equal(s13.status, 'fail');
  assert.match(s13.message, /GUEST_DS_AR_BYTES 0xc092: type 2 is not accessed \(bit 0\)/);
  assert.match(s13.message, /GUEST_GS_AR_BYTES 0xc092/);
  const s04 = run('S-04', { ...V86, GUEST_DS_BASE: 0x30010, GUEST_GS_BASE: 0 });
  assert.match(s04.message, /GUEST_DS_BASE 0x30010/);
  assert.match(s04.message, /GUEST_GS_BASE 0x0/);
  assert.doesNotMatch(s04.message, /GUEST_CS_BASE/);
  const s10 = run('S-10', { ...V86, GUEST_CS_AR_BYTES: 0xfb, GUEST_SS_AR_BYTES: 0x100f3 });
  assert.match(s10.message, /GUEST_CS_AR_BYTES 0xfb/);
  assert.match(s10.message, /GUEST_SS_AR_BYTES 0x100f3/);
  const s05 = run('S-05', { GUEST_TR_BASE: 0x8000000000000000n, GUEST_FS_BASE: BAND }, NOCAPS);
  assert.match(s05.message, /GUEST_TR_BASE/);
  assert.match(s05.message, /GUEST_FS_BASE 0x800000000000 is canonical only with 57-bit/);
});

test('a rule whose condition does not hold reads only the condition fields', () => {
  assert.deepEqual(run('S-04').fields.map((f) => f.name), ['GUEST_RFLAGS']);
  assert.deepEqual(run('S-02').fields.map((f) => f.name), ['GUEST_LDTR_AR_BYTES']);
  assert.deepEqual(run('S-25').fields.map((f) => f.name), ['GUEST_CR4']);
});

test('the rules where sources disagree say what was decided', () => {
  for (const id of ['S-05', 'S-12', 'S-16', 'S-18', 'S-19', 'S-24', 'S-25', 'S-28']) assert.ok(run(id).decision, id);
});
