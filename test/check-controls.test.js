// `vmcs check`: the VM-execution (E-nn), VM-exit (X-nn) and VM-entry (N-nn) control rules
// (SDM Vol. 3C 27.2.1.1-27.2.1.3), each run alone over the known-good 64-bit state
// (test/fixtures/check/good-64bit.txt) with a few fields changed.
//
// Good state: PIN 0x3f, PROC 0x952061f2 (TPR shadow, unconditional I/O exiting, MSR bitmaps,
// secondary controls), PROC2 0x1010aa (EPT, RDTSCP, VPID, unrestricted guest, INVPCID, XSAVES),
// EXIT 0x3feffb, ENTRY 0xd3ff, EPTP 0x11f2a501e; caps: the i7-9750H profile (MAXPHYADDR 39,
// EPT_VPID_CAP 0xf0106734141: UC, WB, 4-level, A/D; MISC 0x7004c1e7: 4 CR3 targets, bit 30).
// Expected outcomes were worked out from the SDM text of each rule, not from the program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MSR, parseCaps, rules } from '../dist/index.js';
import { caps9750h, run, runAll } from './check-helpers.js';

/** The i7-9750H caps with some MSRs replaced (or added). */
function capsWith(msrs) {
  const c = caps9750h();
  for (const [index, value] of Object.entries(msrs)) c.msrs.set(Number(index), value);
  return c;
}
/** The i7-9750H caps without some MSRs. */
function capsWithout(...indexes) {
  const c = caps9750h();
  for (const index of indexes) c.msrs.delete(index);
  return c;
}
const NO_CAPS = { caps: false };
const BASIC = 0x00da040000000004n;
/** The i7-9750H caps as QEMU's vmxcap shows them: the named controls only (default-1 bits not shown), with some MSRs replaced. */
function vmxcapWith(msrs = {}) {
  const c = parseCaps(readFileSync(new URL('./fixtures/caps/i7-9750h.vmxcap.txt', import.meta.url), 'utf8'), 'i7-9750h.vmxcap.txt').caps;
  for (const [index, value] of Object.entries(msrs)) c.msrs.set(Number(index), value);
  return c;
}
const VMXCAP = { caps: vmxcapWith() };
const VMXCAP_LEGACY = { caps: vmxcapWith({ [MSR.BASIC]: BASIC & ~(1n << 55n) }) }; // the legacy MSRs govern
const EPT_CAP = 0x00000f0106734141n;

// Controls that switch a feature on over the good state
const PROC_TERT = 0x952261f2; // + activate tertiary controls (bit 17)
const PROC_NO_TPR = 0x950061f2; // - use TPR shadow (bit 21)
const PROC2_NO_EPT = 0x28; // RDTSCP, VPID; no EPT, no unrestricted guest
const PIN_PI = 0xbf; // + process posted interrupts (bit 7)
const HLAT = { CPU_BASED_VM_EXEC_CONTROL: PROC_TERT, TERTIARY_VM_EXEC_CONTROL: 0x2, HLAT_POINTER: 0x10a3be018, HLAT_PREFIX_SIZE: 0 };
const FRED_CR4 = 0x1003726a0n; // good guest CR4 + bit 32 (FRED)

const CASES = [
  // --- 27.2.1.1 execution controls
  ['E-01', 'good pin-based controls', {}, 'pass'],
  ['E-01', 'only the default-1 bits', { PIN_BASED_VM_EXEC_CONTROL: 0x16 }, 'pass'],
  ['E-01', 'posted interrupts not allowed by the caps', { PIN_BASED_VM_EXEC_CONTROL: PIN_PI }, 'fail'],
  ['E-01', 'default-1 bit 1 cleared', { PIN_BASED_VM_EXEC_CONTROL: 0x3d }, 'fail'],
  ['E-01', 'no caps', {}, 'not-evaluated', NO_CAPS, 'msr'],
  ['E-01', 'vmxcap caps: default-1 bits set are always allowed', {}, 'pass', VMXCAP],
  ['E-01', 'vmxcap caps: default-1 bits 1, 2, 4 cleared, TRUE MSR bits not shown', { PIN_BASED_VM_EXEC_CONTROL: 0x29 }, 'not-evaluated', VMXCAP, 'msr'],
  ['E-01', 'vmxcap caps, IA32_VMX_BASIC[55] 0: default-1 bits 1, 2, 4 cleared', { PIN_BASED_VM_EXEC_CONTROL: 0x29 }, 'fail', VMXCAP_LEGACY],
  ['E-02', 'good primary controls', {}, 'pass'],
  ['E-02', 'default-1 bit 1 cleared', { CPU_BASED_VM_EXEC_CONTROL: 0x952061f0 }, 'fail'],
  ['E-02', 'tertiary controls not allowed by the caps', { CPU_BASED_VM_EXEC_CONTROL: PROC_TERT }, 'fail'],
  ['E-02', 'no caps', {}, 'not-evaluated', NO_CAPS, 'msr'],
  ['E-02', 'vmxcap caps: default-1 bits set are always allowed', {}, 'pass', VMXCAP],
  ['E-03', 'good secondary controls', {}, 'pass'],
  ['E-03', 'APIC-register virtualization not allowed by the caps', { SECONDARY_VM_EXEC_CONTROL: 0x1011aa }, 'fail'],
  ['E-03', 'secondary controls not activated: not checked', { CPU_BASED_VM_EXEC_CONTROL: 0x152061f2, SECONDARY_VM_EXEC_CONTROL: 0xffffffff }, 'pass'],
  ['E-03', 'no caps', {}, 'not-evaluated', NO_CAPS, 'msr'],
  ['E-03', 'caps without IA32_VMX_BASIC: not needed, there is no TRUE MSR to choose', {}, 'pass', { caps: capsWithout(MSR.BASIC) }],
  ['E-04', 'tertiary controls allowed', { CPU_BASED_VM_EXEC_CONTROL: PROC_TERT, TERTIARY_VM_EXEC_CONTROL: 0x2 }, 'pass', { caps: capsWith({ [MSR.PROCBASED_CTLS3]: 0x1fn }) }],
  ['E-04', 'tertiary bit 5 not allowed', { CPU_BASED_VM_EXEC_CONTROL: PROC_TERT, TERTIARY_VM_EXEC_CONTROL: 0x20 }, 'fail', { caps: capsWith({ [MSR.PROCBASED_CTLS3]: 0x1fn }) }],
  ['E-04', 'tertiary controls not activated', { TERTIARY_VM_EXEC_CONTROL: 0xff }, 'pass'],
  ['E-04', 'caps without IA32_VMX_PROCBASED_CTLS3', { CPU_BASED_VM_EXEC_CONTROL: PROC_TERT, TERTIARY_VM_EXEC_CONTROL: 0x2 }, 'not-evaluated', {}, 'msr'],
  ['E-05', 'count 0', {}, 'pass', NO_CAPS],
  ['E-05', 'count 4 = IA32_VMX_MISC[24:16]', { CR3_TARGET_COUNT: 4 }, 'pass'],
  ['E-05', 'count 5 > 4', { CR3_TARGET_COUNT: 5 }, 'fail'],
  ['E-05', 'count 3 > 2 a CPU reports', { CR3_TARGET_COUNT: 3 }, 'fail', { caps: capsWith({ [MSR.MISC]: 0x7002c1e7n }) }],
  ['E-05', 'count 3 without caps (decision: 1-4 pass)', { CR3_TARGET_COUNT: 3 }, 'pass', NO_CAPS],
  ['E-05', 'count 5 without caps', { CR3_TARGET_COUNT: 5 }, 'not-evaluated', NO_CAPS, 'msr'],
  ['E-06', 'aligned I/O bitmaps', { CPU_BASED_VM_EXEC_CONTROL: 0x972061f2, IO_BITMAP_A: 0x1000, IO_BITMAP_B: 0x2000 }, 'pass'],
  ['E-06', 'I/O bitmap A not aligned', { CPU_BASED_VM_EXEC_CONTROL: 0x972061f2, IO_BITMAP_A: 0x1001, IO_BITMAP_B: 0x2000 }, 'fail'],
  ['E-06', 'I/O bitmap B beyond MAXPHYADDR 39', { CPU_BASED_VM_EXEC_CONTROL: 0x972061f2, IO_BITMAP_A: 0x1000, IO_BITMAP_B: 0x10000000000 }, 'fail'],
  ['E-06', 'I/O bitmaps not used: not read', { IO_BITMAP_A: 0x1001 }, 'pass'],
  ['E-06', 'address in the band where MAXPHYADDR decides, no caps', { CPU_BASED_VM_EXEC_CONTROL: 0x972061f2, IO_BITMAP_A: 0x2000000000, IO_BITMAP_B: 0x2000 }, 'not-evaluated', NO_CAPS, 'fact'],
  ['E-06', 'I/O bitmap A missing from the dump', { CPU_BASED_VM_EXEC_CONTROL: 0x972061f2, IO_BITMAP_B: 0x2000 }, 'not-evaluated', {}, 'field'],
  ['E-06', 'A in the MAXPHYADDR band, B not aligned, no caps', { CPU_BASED_VM_EXEC_CONTROL: 0x972061f2, IO_BITMAP_A: 0x2000000000, IO_BITMAP_B: 0x1001 }, 'fail', NO_CAPS],
  ['E-06', 'A missing from the dump, B not aligned', { CPU_BASED_VM_EXEC_CONTROL: 0x972061f2, IO_BITMAP_B: 0x1001 }, 'fail'],
  ['E-07', 'good MSR bitmap', {}, 'pass'],
  ['E-07', 'MSR bitmap not aligned', { MSR_BITMAP: 0x10a3b5800 }, 'fail'],
  ['E-07', 'MSR bitmap beyond MAXPHYADDR', { MSR_BITMAP: 0x10000000000 }, 'fail'],
  ['E-07', 'MSR bitmaps not used', { CPU_BASED_VM_EXEC_CONTROL: 0x852061f2, MSR_BITMAP: 0x1 }, 'pass'],
  ['E-07', 'band address, no caps', { MSR_BITMAP: 0x2000000000 }, 'not-evaluated', NO_CAPS, 'fact'],
  ['E-08', 'good virtual-APIC page', {}, 'pass'],
  ['E-08', 'virtual-APIC address not aligned', { VIRTUAL_APIC_PAGE_ADDR: 0x10a3b6080 }, 'fail'],
  ['E-08', 'no TPR shadow: not read', { CPU_BASED_VM_EXEC_CONTROL: PROC_NO_TPR, VIRTUAL_APIC_PAGE_ADDR: 0x1 }, 'pass'],
  ['E-09', 'TPR threshold 0xf', { TPR_THRESHOLD: 0xf }, 'pass'],
  ['E-09', 'TPR threshold 0x10', { TPR_THRESHOLD: 0x10 }, 'fail'],
  ['E-09', 'virtual-interrupt delivery: not checked', { SECONDARY_VM_EXEC_CONTROL: 0x1012aa, TPR_THRESHOLD: 0x10 }, 'pass'],
  ['E-10', 'TPR threshold 0 never exceeds VTPR', {}, 'pass'],
  ['E-10', 'TPR threshold 5 needs the virtual-APIC page', { TPR_THRESHOLD: 5 }, 'not-evaluated', {}, 'memory'],
  ['E-10', 'virtualize APIC accesses: not checked', { SECONDARY_VM_EXEC_CONTROL: 0x1010ab, TPR_THRESHOLD: 5 }, 'pass'],
  ['E-11', 'NMI exiting and virtual NMIs', {}, 'pass'],
  ['E-11', 'virtual NMIs without NMI exiting', { PIN_BASED_VM_EXEC_CONTROL: 0x37 }, 'fail'],
  ['E-12', 'no virtual NMIs, no NMI-window exiting', { PIN_BASED_VM_EXEC_CONTROL: 0x1f }, 'pass'],
  ['E-12', 'NMI-window exiting with virtual NMIs', { CPU_BASED_VM_EXEC_CONTROL: 0x956061f2 }, 'pass'],
  ['E-12', 'NMI-window exiting without virtual NMIs', { PIN_BASED_VM_EXEC_CONTROL: 0x1f, CPU_BASED_VM_EXEC_CONTROL: 0x956061f2 }, 'fail'],
  ['E-13', 'aligned APIC-access page', { SECONDARY_VM_EXEC_CONTROL: 0x1010ab, APIC_ACCESS_ADDR: 0xfee00000 }, 'pass'],
  ['E-13', 'APIC-access address not aligned', { SECONDARY_VM_EXEC_CONTROL: 0x1010ab, APIC_ACCESS_ADDR: 0xfee00010 }, 'fail'],
  ['E-13', 'APIC-access address missing', { SECONDARY_VM_EXEC_CONTROL: 0x1010ab }, 'not-evaluated', {}, 'field'],
  ['E-14', 'no TPR shadow, no APIC virtualization', { CPU_BASED_VM_EXEC_CONTROL: PROC_NO_TPR }, 'pass'],
  ['E-14', 'x2APIC virtualization without TPR shadow', { CPU_BASED_VM_EXEC_CONTROL: PROC_NO_TPR, SECONDARY_VM_EXEC_CONTROL: 0x1010ba }, 'fail'],
  ['E-14', 'virtual-interrupt delivery without TPR shadow', { CPU_BASED_VM_EXEC_CONTROL: PROC_NO_TPR, SECONDARY_VM_EXEC_CONTROL: 0x1012aa }, 'fail'],
  ['E-14', 'secondary controls not activated', { CPU_BASED_VM_EXEC_CONTROL: 0x150061f2, SECONDARY_VM_EXEC_CONTROL: 0x310 }, 'pass'],
  ['E-14', 'IPI virtualization without TPR shadow', { CPU_BASED_VM_EXEC_CONTROL: 0x950261f2, TERTIARY_VM_EXEC_CONTROL: 0x10 }, 'fail'],
  ['E-14', 'tertiary controls on, IPI virtualization off, no TPR shadow', { CPU_BASED_VM_EXEC_CONTROL: 0x950261f2, TERTIARY_VM_EXEC_CONTROL: 0x2 }, 'pass'],
  ['E-14', 'IPI virtualization with TPR shadow', { CPU_BASED_VM_EXEC_CONTROL: PROC_TERT, TERTIARY_VM_EXEC_CONTROL: 0x10 }, 'pass'],
  ['E-14', 'tertiary controls missing from the dump', { CPU_BASED_VM_EXEC_CONTROL: 0x950261f2 }, 'not-evaluated', {}, 'field'],
  ['E-15', 'x2APIC virtualization alone', { SECONDARY_VM_EXEC_CONTROL: 0x1010ba }, 'pass'],
  ['E-15', 'x2APIC and APIC-access virtualization', { SECONDARY_VM_EXEC_CONTROL: 0x1010bb }, 'fail'],
  ['E-16', 'VID with external-interrupt exiting', { SECONDARY_VM_EXEC_CONTROL: 0x1012aa }, 'pass'],
  ['E-16', 'VID without external-interrupt exiting', { SECONDARY_VM_EXEC_CONTROL: 0x1012aa, PIN_BASED_VM_EXEC_CONTROL: 0x3e }, 'fail'],
  ['E-17', 'posted interrupts with VID', { PIN_BASED_VM_EXEC_CONTROL: PIN_PI, SECONDARY_VM_EXEC_CONTROL: 0x1012aa }, 'pass'],
  ['E-17', 'posted interrupts without VID', { PIN_BASED_VM_EXEC_CONTROL: PIN_PI }, 'fail'],
  ['E-17', 'posted interrupts, secondary controls off', { PIN_BASED_VM_EXEC_CONTROL: PIN_PI, CPU_BASED_VM_EXEC_CONTROL: 0x152061f2, SECONDARY_VM_EXEC_CONTROL: 0x200 }, 'fail'],
  ['E-18', 'posted interrupts with acknowledge on exit', { PIN_BASED_VM_EXEC_CONTROL: PIN_PI }, 'pass'],
  ['E-18', 'posted interrupts without acknowledge on exit', { PIN_BASED_VM_EXEC_CONTROL: PIN_PI, VM_EXIT_CONTROLS: 0x3f6ffb }, 'fail'],
  ['E-19', 'notification vector 0xf2', { PIN_BASED_VM_EXEC_CONTROL: PIN_PI, POSTED_INTR_NV: 0xf2 }, 'pass'],
  ['E-19', 'notification vector 0x1f2', { PIN_BASED_VM_EXEC_CONTROL: PIN_PI, POSTED_INTR_NV: 0x1f2 }, 'fail'],
  ['E-19', 'notification vector missing', { PIN_BASED_VM_EXEC_CONTROL: PIN_PI }, 'not-evaluated', {}, 'field'],
  ['E-20', '64-byte aligned descriptor', { PIN_BASED_VM_EXEC_CONTROL: PIN_PI, POSTED_INTR_DESC_ADDR: 0x10a3b7040 }, 'pass'],
  ['E-20', 'descriptor not 64-byte aligned', { PIN_BASED_VM_EXEC_CONTROL: PIN_PI, POSTED_INTR_DESC_ADDR: 0x10a3b7020 }, 'fail'],
  ['E-20', 'descriptor beyond MAXPHYADDR', { PIN_BASED_VM_EXEC_CONTROL: PIN_PI, POSTED_INTR_DESC_ADDR: 0x8000000040 }, 'fail'],
  ['E-21', 'VPID 1', {}, 'pass'],
  ['E-21', 'VPID 0', { VIRTUAL_PROCESSOR_ID: 0 }, 'fail'],
  ['E-21', 'VPID 0 without "enable VPID"', { SECONDARY_VM_EXEC_CONTROL: 0x10108a, VIRTUAL_PROCESSOR_ID: 0 }, 'pass'],
  ['E-22', 'WB', {}, 'pass'],
  ['E-22', 'UC', { EPT_POINTER: 0x11f2a5018 }, 'pass'],
  ['E-22', 'memory type 3', { EPT_POINTER: 0x11f2a501b }, 'fail'],
  ['E-22', 'memory type 3 fails without caps', { EPT_POINTER: 0x11f2a501b }, 'fail', NO_CAPS],
  ['E-22', 'WB not reported', {}, 'fail', { caps: capsWith({ [MSR.EPT_VPID_CAP]: EPT_CAP & ~(1n << 14n) }) }],
  ['E-22', 'WB, no caps', {}, 'not-evaluated', NO_CAPS, 'msr'],
  ['E-22', 'EPT off: not read', { SECONDARY_VM_EXEC_CONTROL: PROC2_NO_EPT, EPT_POINTER: 0x3 }, 'pass'],
  ['E-23', '4-level walk', {}, 'pass'],
  ['E-23', '5-level walk not supported', { EPT_POINTER: 0x11f2a5026 }, 'fail'],
  ['E-23', '5-level walk supported', { EPT_POINTER: 0x11f2a5026 }, 'pass', { caps: capsWith({ [MSR.EPT_VPID_CAP]: EPT_CAP | 0x80n }) }],
  ['E-23', '3-level walk', { EPT_POINTER: 0x11f2a5016 }, 'fail'],
  ['E-23', '4-level walk, no caps', {}, 'not-evaluated', NO_CAPS, 'msr'],
  ['E-24', 'A/D flags supported', { EPT_POINTER: 0x11f2a505e }, 'pass'],
  ['E-24', 'A/D flags not supported', { EPT_POINTER: 0x11f2a505e }, 'fail', { caps: capsWith({ [MSR.EPT_VPID_CAP]: EPT_CAP & ~(1n << 21n) }) }],
  ['E-24', 'A/D flags, no caps', { EPT_POINTER: 0x11f2a505e }, 'not-evaluated', NO_CAPS, 'msr'],
  ['E-24', 'A/D off needs no caps', {}, 'pass', NO_CAPS],
  ['E-25', 'supervisor shadow-stack control supported', { EPT_POINTER: 0x11f2a509e }, 'pass', { caps: capsWith({ [MSR.EPT_VPID_CAP]: EPT_CAP | (1n << 23n) }) }],
  ['E-25', 'supervisor shadow-stack control not supported', { EPT_POINTER: 0x11f2a509e }, 'fail'],
  ['E-25', 'bit 7, no caps', { EPT_POINTER: 0x11f2a509e }, 'not-evaluated', NO_CAPS, 'msr'],
  ['E-25', 'bit 7 clear', {}, 'pass', NO_CAPS],
  ['E-26', 'good EPTP', {}, 'pass'],
  ['E-26', 'reserved bit 8', { EPT_POINTER: 0x11f2a511e }, 'fail'],
  ['E-26', 'beyond MAXPHYADDR 39', { EPT_POINTER: 0x1000000001en }, 'fail'],
  ['E-26', 'band address, no caps', { EPT_POINTER: 0x200000001en }, 'not-evaluated', NO_CAPS, 'fact'],
  ['E-27', 'PML with EPT', { SECONDARY_VM_EXEC_CONTROL: 0x1210aa, PML_ADDRESS: 0x10a3b8000 }, 'pass'],
  ['E-27', 'PML without EPT', { SECONDARY_VM_EXEC_CONTROL: 0x20028 }, 'fail'],
  ['E-28', 'aligned PML address', { SECONDARY_VM_EXEC_CONTROL: 0x1210aa, PML_ADDRESS: 0x10a3b8000 }, 'pass'],
  ['E-28', 'PML address not aligned', { SECONDARY_VM_EXEC_CONTROL: 0x1210aa, PML_ADDRESS: 0x10a3b8008 }, 'fail'],
  ['E-29', 'unrestricted guest with EPT', {}, 'pass'],
  ['E-29', 'unrestricted guest without EPT', { SECONDARY_VM_EXEC_CONTROL: 0x1010a8 }, 'fail'],
  ['E-30', 'mode-based execute control with EPT', { SECONDARY_VM_EXEC_CONTROL: 0x4010aa }, 'pass'],
  ['E-30', 'mode-based execute control without EPT', { SECONDARY_VM_EXEC_CONTROL: 0x400028 }, 'fail'],
  ['E-31', 'sub-page permissions with EPT', { SECONDARY_VM_EXEC_CONTROL: 0x8010aa }, 'pass'],
  ['E-31', 'sub-page permissions without EPT', { SECONDARY_VM_EXEC_CONTROL: 0x800028 }, 'fail'],
  ['E-32', 'aligned SPP-table pointer', { SECONDARY_VM_EXEC_CONTROL: 0x8010aa, SPPT_POINTER: 0x10a3b9000 }, 'pass'],
  ['E-32', 'SPP-table pointer not aligned', { SECONDARY_VM_EXEC_CONTROL: 0x8010aa, SPPT_POINTER: 0x10a3b9001 }, 'fail'],
  ['E-33', 'PT with guest-physical addresses, all three set', { SECONDARY_VM_EXEC_CONTROL: 0x11010aa, VM_ENTRY_CONTROLS: 0x4d3ff, VM_EXIT_CONTROLS: 0x23feffb }, 'pass'],
  ['E-33', 'without load/clear IA32_RTIT_CTL', { SECONDARY_VM_EXEC_CONTROL: 0x11010aa }, 'fail'],
  ['E-33', 'without EPT', { SECONDARY_VM_EXEC_CONTROL: 0x1000028, VM_ENTRY_CONTROLS: 0x4d3ff, VM_EXIT_CONTROLS: 0x23feffb }, 'fail'],
  ['E-34', 'EPTP switching allowed', { SECONDARY_VM_EXEC_CONTROL: 0x1030aa, VM_FUNCTION_CONTROL: 1 }, 'pass'],
  ['E-34', 'VM function 1 not allowed', { SECONDARY_VM_EXEC_CONTROL: 0x1030aa, VM_FUNCTION_CONTROL: 2 }, 'fail'],
  ['E-34', 'VM functions off: not read', { VM_FUNCTION_CONTROL: 0xff }, 'pass'],
  ['E-34', 'no caps', { SECONDARY_VM_EXEC_CONTROL: 0x1030aa, VM_FUNCTION_CONTROL: 1 }, 'not-evaluated', NO_CAPS, 'msr'],
  ['E-35', 'EPTP switching with EPT', { SECONDARY_VM_EXEC_CONTROL: 0x1030aa, VM_FUNCTION_CONTROL: 1 }, 'pass'],
  ['E-35', 'EPTP switching without EPT', { SECONDARY_VM_EXEC_CONTROL: 0x2028, VM_FUNCTION_CONTROL: 1 }, 'fail'],
  ['E-36', 'aligned EPTP list', { SECONDARY_VM_EXEC_CONTROL: 0x1030aa, VM_FUNCTION_CONTROL: 1, EPTP_LIST_ADDRESS: 0x10a3ba000 }, 'pass'],
  ['E-36', 'EPTP list not aligned', { SECONDARY_VM_EXEC_CONTROL: 0x1030aa, VM_FUNCTION_CONTROL: 1, EPTP_LIST_ADDRESS: 0x10a3ba800 }, 'fail'],
  ['E-36', 'no EPTP switching: not read', { SECONDARY_VM_EXEC_CONTROL: 0x1030aa, VM_FUNCTION_CONTROL: 0, EPTP_LIST_ADDRESS: 0x1 }, 'pass'],
  ['E-37', 'aligned VMREAD/VMWRITE bitmaps', { SECONDARY_VM_EXEC_CONTROL: 0x1050aa, VMREAD_BITMAP: 0x10a3bb000, VMWRITE_BITMAP: 0x10a3bc000 }, 'pass'],
  ['E-37', 'VMWRITE bitmap not aligned', { SECONDARY_VM_EXEC_CONTROL: 0x1050aa, VMREAD_BITMAP: 0x10a3bb000, VMWRITE_BITMAP: 0x10a3bc004 }, 'fail'],
  ['E-37', 'VMREAD bitmap in the MAXPHYADDR band, VMWRITE bitmap not aligned, no caps', { SECONDARY_VM_EXEC_CONTROL: 0x1050aa, VMREAD_BITMAP: 0x2000000000, VMWRITE_BITMAP: 0x10a3bc004 }, 'fail', NO_CAPS],
  ['E-38', 'aligned #VE information', { SECONDARY_VM_EXEC_CONTROL: 0x1410aa, VE_INFORMATION_ADDRESS: 0x10a3bd000 }, 'pass'],
  ['E-38', '#VE information not aligned', { SECONDARY_VM_EXEC_CONTROL: 0x1410aa, VE_INFORMATION_ADDRESS: 0x10a3bd100 }, 'fail'],
  ['E-39', 'HLAT with EPT', HLAT, 'pass'],
  ['E-39', 'HLAT without EPT', { ...HLAT, SECONDARY_VM_EXEC_CONTROL: PROC2_NO_EPT }, 'fail'],
  ['E-39', 'HLAT with secondary controls off', { ...HLAT, CPU_BASED_VM_EXEC_CONTROL: 0x152261f2 }, 'fail'],
  ['E-40', 'HLATP with PWT/PCD, prefix size 0', HLAT, 'pass', NO_CAPS],
  ['E-40', 'HLATP reserved bit 0', { ...HLAT, HLAT_POINTER: 0x10a3be001 }, 'fail'],
  ['E-40', 'HLATP beyond MAXPHYADDR', { ...HLAT, HLAT_POINTER: 0x10000000000 }, 'fail'],
  ['E-40', 'prefix size 1 above the maximum 0', { ...HLAT, HLAT_PREFIX_SIZE: 1 }, 'fail'],
  ['E-40', 'prefix size 1 within the maximum 1', { ...HLAT, HLAT_PREFIX_SIZE: 1 }, 'pass', { caps: capsWith({ [MSR.EPT_VPID_CAP]: EPT_CAP | (1n << 48n) }) }],
  ['E-40', 'prefix size 1, no caps', { ...HLAT, HLAT_PREFIX_SIZE: 1 }, 'not-evaluated', NO_CAPS, 'msr'],
  ['E-40', 'HLATP reserved bit 0 fails whatever the prefix size, no caps', { ...HLAT, HLAT_POINTER: 0x10a3be001, HLAT_PREFIX_SIZE: 1 }, 'fail', NO_CAPS],
  ['E-40', 'HLATP reserved bit 0, prefix size missing from the dump', { ...HLAT, HLAT_POINTER: 0x10a3be001, HLAT_PREFIX_SIZE: null }, 'fail'],
  ['E-41', 'guest-paging verification with EPT', { CPU_BASED_VM_EXEC_CONTROL: PROC_TERT, TERTIARY_VM_EXEC_CONTROL: 0x8 }, 'pass'],
  ['E-41', 'EPT paging-write control without EPT', { CPU_BASED_VM_EXEC_CONTROL: PROC_TERT, TERTIARY_VM_EXEC_CONTROL: 0x4, SECONDARY_VM_EXEC_CONTROL: PROC2_NO_EPT }, 'fail'],
  ['E-42', '8-byte aligned PID-pointer table', { CPU_BASED_VM_EXEC_CONTROL: PROC_TERT, TERTIARY_VM_EXEC_CONTROL: 0x10, PID_POINTER_TABLE: 0x10a3bf008 }, 'pass'],
  ['E-42', 'PID-pointer table not 8-byte aligned', { CPU_BASED_VM_EXEC_CONTROL: PROC_TERT, TERTIARY_VM_EXEC_CONTROL: 0x10, PID_POINTER_TABLE: 0x10a3bf004 }, 'fail'],
  ['E-42', 'band address, no caps', { CPU_BASED_VM_EXEC_CONTROL: PROC_TERT, TERTIARY_VM_EXEC_CONTROL: 0x10, PID_POINTER_TABLE: 0x2000000000 }, 'not-evaluated', NO_CAPS, 'fact'],

  // --- 27.2.1.2 exit controls
  ['X-01', 'good exit controls', {}, 'pass'],
  ['X-01', 'default-1 bit 0 cleared', { VM_EXIT_CONTROLS: 0x3feffa }, 'fail'],
  ['X-01', 'bit 25 not allowed by the caps', { VM_EXIT_CONTROLS: 0x23feffb }, 'fail'],
  ['X-01', 'no caps', {}, 'not-evaluated', NO_CAPS, 'msr'],
  ['X-02', 'allowed secondary exit control', { VM_EXIT_CONTROLS: 0x803feffb, SECONDARY_VM_EXIT_CONTROLS: 0x1 }, 'pass', { caps: capsWith({ [MSR.EXIT_CTLS2]: 0x3n }) }],
  ['X-02', 'secondary exit bit 2 not allowed', { VM_EXIT_CONTROLS: 0x803feffb, SECONDARY_VM_EXIT_CONTROLS: 0x4 }, 'fail', { caps: capsWith({ [MSR.EXIT_CTLS2]: 0x3n }) }],
  ['X-02', 'not activated: not read', { SECONDARY_VM_EXIT_CONTROLS: 0xff }, 'pass'],
  ['X-02', 'caps without IA32_VMX_EXIT_CTLS2', { VM_EXIT_CONTROLS: 0x803feffb, SECONDARY_VM_EXIT_CONTROLS: 0x1 }, 'not-evaluated', {}, 'msr'],
  ['X-03', 'timer off, not saved', {}, 'pass'],
  ['X-03', 'save timer with the timer active', { PIN_BASED_VM_EXEC_CONTROL: 0x7f, VM_EXIT_CONTROLS: 0x7feffb }, 'pass'],
  ['X-03', 'save timer without the timer', { VM_EXIT_CONTROLS: 0x7feffb }, 'fail'],
  ['X-04', 'aligned MSR-store area', { VM_EXIT_MSR_STORE_COUNT: 2, VM_EXIT_MSR_STORE_ADDR: 0x10a3c0010 }, 'pass'],
  ['X-04', 'MSR-store address not 16-byte aligned', { VM_EXIT_MSR_STORE_COUNT: 2, VM_EXIT_MSR_STORE_ADDR: 0x10a3c0008 }, 'fail'],
  ['X-04', 'count 0: address not checked', { VM_EXIT_MSR_STORE_ADDR: 0x8 }, 'pass'],
  ['X-04', 'band address, no caps', { VM_EXIT_MSR_STORE_COUNT: 1, VM_EXIT_MSR_STORE_ADDR: 0x2000000000 }, 'not-evaluated', NO_CAPS, 'fact'],
  ['X-05', 'last byte at 2^39 - 1', { VM_EXIT_MSR_STORE_COUNT: 1, VM_EXIT_MSR_STORE_ADDR: 0x7ffffffff0 }, 'pass'],
  ['X-05', 'last byte at 2^39 + 15', { VM_EXIT_MSR_STORE_COUNT: 2, VM_EXIT_MSR_STORE_ADDR: 0x7ffffffff0 }, 'fail'],
  ['X-05', 'band end, no caps', { VM_EXIT_MSR_STORE_COUNT: 1, VM_EXIT_MSR_STORE_ADDR: 0x7ffffffff0 }, 'not-evaluated', NO_CAPS, 'fact'],
  ['X-06', 'aligned MSR-load area', { VM_EXIT_MSR_LOAD_COUNT: 2, VM_EXIT_MSR_LOAD_ADDR: 0x10a3c1000 }, 'pass'],
  ['X-06', 'MSR-load address not 16-byte aligned', { VM_EXIT_MSR_LOAD_COUNT: 2, VM_EXIT_MSR_LOAD_ADDR: 0x10a3c1004 }, 'fail'],
  ['X-07', 'last byte at 2^39 - 1', { VM_EXIT_MSR_LOAD_COUNT: 1, VM_EXIT_MSR_LOAD_ADDR: 0x7ffffffff0 }, 'pass'],
  ['X-07', 'last byte beyond 2^39', { VM_EXIT_MSR_LOAD_COUNT: 0x100, VM_EXIT_MSR_LOAD_ADDR: 0x7ffffff010 }, 'fail'],

  // --- 27.2.1.3 entry controls
  ['N-01', 'good entry controls', {}, 'pass'],
  ['N-01', 'default-1 bit 0 cleared', { VM_ENTRY_CONTROLS: 0xd3fe }, 'fail'],
  ['N-01', 'load CET state not allowed by the caps', { VM_ENTRY_CONTROLS: 0x10d3ff }, 'fail'],
  ['N-01', 'no caps', {}, 'not-evaluated', NO_CAPS, 'msr'],
  ['N-02', 'no injection', {}, 'pass', NO_CAPS],
  ['N-02', 'hardware exception needs no caps', { VM_ENTRY_INTR_INFO_FIELD: 0x80000b0e }, 'pass', NO_CAPS],
  ['N-02', 'type 1 (reserved)', { VM_ENTRY_INTR_INFO_FIELD: 0x80000100 }, 'fail'],
  ['N-02', 'type 7 with monitor trap flag supported', { VM_ENTRY_INTR_INFO_FIELD: 0x80000700 }, 'pass'],
  ['N-02', 'type 7 without monitor trap flag', { VM_ENTRY_INTR_INFO_FIELD: 0x80000700 }, 'fail', { caps: capsWith({ [MSR.PROCBASED_CTLS]: 0xf7f9fffe0401e172n, [MSR.TRUE_PROCBASED_CTLS]: 0xf7f9fffe04006172n }) }],
  ['N-02', 'type 7, no caps', { VM_ENTRY_INTR_INFO_FIELD: 0x80000700 }, 'not-evaluated', NO_CAPS, 'msr'],
  ['N-03', 'NMI vector 2', { VM_ENTRY_INTR_INFO_FIELD: 0x80000202 }, 'pass'],
  ['N-03', 'NMI vector 3', { VM_ENTRY_INTR_INFO_FIELD: 0x80000203 }, 'fail'],
  ['N-03', 'hardware exception vector 32', { VM_ENTRY_INTR_INFO_FIELD: 0x80000320 }, 'fail'],
  ['N-03', 'external interrupt vector 0x20', { VM_ENTRY_INTR_INFO_FIELD: 0x80000020 }, 'pass'],
  ['N-03', 'other event vector 0 (MTF)', { VM_ENTRY_INTR_INFO_FIELD: 0x80000700 }, 'pass'],
  ['N-03', 'other event vector 3', { VM_ENTRY_INTR_INFO_FIELD: 0x80000703 }, 'fail'],
  ['N-03', 'other event vector 1 without FRED', { VM_ENTRY_INTR_INFO_FIELD: 0x80000701 }, 'fail'],
  ['N-03', 'other event vector 1 (FRED SYSCALL)', { VM_ENTRY_INTR_INFO_FIELD: 0x80000701, GUEST_CR4: FRED_CR4 }, 'pass'],
  ['N-04', '#PF with an error code', { VM_ENTRY_INTR_INFO_FIELD: 0x80000b0e }, 'pass', NO_CAPS],
  ['N-04', '#PF without an error code', { VM_ENTRY_INTR_INFO_FIELD: 0x8000030e }, 'fail'],
  ['N-04', '#UD with an error code', { VM_ENTRY_INTR_INFO_FIELD: 0x80000b06 }, 'fail'],
  ['N-04', '#UD with an error code, IA32_VMX_BASIC[56]', { VM_ENTRY_INTR_INFO_FIELD: 0x80000b06 }, 'pass', { caps: capsWith({ [MSR.BASIC]: BASIC | (1n << 56n) }) }],
  ['N-04', '#PF without an error code, no caps', { VM_ENTRY_INTR_INFO_FIELD: 0x8000030e }, 'not-evaluated', NO_CAPS, 'msr'],
  ['N-04', 'NMI with an error code', { VM_ENTRY_INTR_INFO_FIELD: 0x80000a02 }, 'fail', NO_CAPS],
  ['N-04', '#GP with an error code in real mode', { VM_ENTRY_INTR_INFO_FIELD: 0x80000b0d, GUEST_CR0: 0x30 }, 'fail', NO_CAPS],
  ['N-04', '#GP without an error code in real mode', { VM_ENTRY_INTR_INFO_FIELD: 0x8000030d, GUEST_CR0: 0x30 }, 'pass', NO_CAPS],
  ['N-05', 'no reserved bits', { VM_ENTRY_INTR_INFO_FIELD: 0x80000b0e }, 'pass', NO_CAPS],
  ['N-05', 'reserved bit 12', { VM_ENTRY_INTR_INFO_FIELD: 0x80001b0e }, 'fail', NO_CAPS],
  ['N-05', 'bit 13 without FRED support', { VM_ENTRY_INTR_INFO_FIELD: 0x80002b0e }, 'fail'],
  ['N-05', 'bit 13 with IA32_VMX_BASIC[58]', { VM_ENTRY_INTR_INFO_FIELD: 0x80002b0e }, 'pass', { caps: capsWith({ [MSR.BASIC]: BASIC | (1n << 58n) }) }],
  ['N-05', 'bit 13, no caps', { VM_ENTRY_INTR_INFO_FIELD: 0x80002b0e }, 'not-evaluated', NO_CAPS, 'msr'],
  ['N-06', 'error code 0xffff', { VM_ENTRY_INTR_INFO_FIELD: 0x80000b0d, VM_ENTRY_EXCEPTION_ERROR_CODE: 0xffff }, 'pass'],
  ['N-06', 'error code 0x10000', { VM_ENTRY_INTR_INFO_FIELD: 0x80000b0d, VM_ENTRY_EXCEPTION_ERROR_CODE: 0x10000 }, 'fail'],
  ['N-06', 'no error code delivered: not read', { VM_ENTRY_INTR_INFO_FIELD: 0x8000030d, VM_ENTRY_EXCEPTION_ERROR_CODE: 0x10000 }, 'pass'],
  ['N-07', 'INT n, length 2', { VM_ENTRY_INTR_INFO_FIELD: 0x80000480, VM_ENTRY_INSTRUCTION_LEN: 2 }, 'pass', NO_CAPS],
  ['N-07', 'INT3, length 16', { VM_ENTRY_INTR_INFO_FIELD: 0x80000603, VM_ENTRY_INSTRUCTION_LEN: 16 }, 'fail', NO_CAPS],
  ['N-07', 'length 0 with IA32_VMX_MISC[30]', { VM_ENTRY_INTR_INFO_FIELD: 0x80000480, VM_ENTRY_INSTRUCTION_LEN: 0 }, 'pass'],
  ['N-07', 'length 0 without IA32_VMX_MISC[30]', { VM_ENTRY_INTR_INFO_FIELD: 0x80000480, VM_ENTRY_INSTRUCTION_LEN: 0 }, 'fail', { caps: capsWith({ [MSR.MISC]: 0x3004c1e7n }) }],
  ['N-07', 'length 0, no caps', { VM_ENTRY_INTR_INFO_FIELD: 0x80000480, VM_ENTRY_INSTRUCTION_LEN: 0 }, 'not-evaluated', NO_CAPS, 'msr'],
  ['N-07', 'FRED SYSCALL, length 16', { VM_ENTRY_INTR_INFO_FIELD: 0x80000701, VM_ENTRY_INSTRUCTION_LEN: 16, GUEST_CR4: FRED_CR4 }, 'fail'],
  ['N-07', 'FRED SYSCALL, length 2', { VM_ENTRY_INTR_INFO_FIELD: 0x80000701, VM_ENTRY_INSTRUCTION_LEN: 2, GUEST_CR4: FRED_CR4 }, 'pass'],
  ['N-07', 'hardware exception: length not read', { VM_ENTRY_INTR_INFO_FIELD: 0x80000b0e, VM_ENTRY_INSTRUCTION_LEN: 99 }, 'pass'],
  ['N-08', 'aligned MSR-load area', { VM_ENTRY_MSR_LOAD_COUNT: 3, VM_ENTRY_MSR_LOAD_ADDR: 0x10a3c2000 }, 'pass'],
  ['N-08', 'MSR-load address not 16-byte aligned', { VM_ENTRY_MSR_LOAD_COUNT: 3, VM_ENTRY_MSR_LOAD_ADDR: 0x10a3c2001 }, 'fail'],
  ['N-08', 'band address, no caps', { VM_ENTRY_MSR_LOAD_COUNT: 1, VM_ENTRY_MSR_LOAD_ADDR: 0x2000000000 }, 'not-evaluated', NO_CAPS, 'fact'],
  ['N-09', 'last byte within 39 bits', { VM_ENTRY_MSR_LOAD_COUNT: 3, VM_ENTRY_MSR_LOAD_ADDR: 0x10a3c2000 }, 'pass'],
  ['N-09', 'last byte beyond 2^39', { VM_ENTRY_MSR_LOAD_COUNT: 2, VM_ENTRY_MSR_LOAD_ADDR: 0x7ffffffff0 }, 'fail'],
  ['N-09', 'last byte beyond 2^52 needs no caps', { VM_ENTRY_MSR_LOAD_COUNT: 2, VM_ENTRY_MSR_LOAD_ADDR: 0xffffffffffff0n }, 'fail', NO_CAPS],
  ['N-10', 'SMM controls clear: no context needed', {}, 'pass', NO_CAPS],
  ['N-10', 'entry to SMM outside SMM', { VM_ENTRY_CONTROLS: 0xd7ff }, 'fail', { facts: { smm: false } }],
  ['N-10', 'entry to SMM in SMM', { VM_ENTRY_CONTROLS: 0xd7ff }, 'pass', { facts: { smm: true } }],
  ['N-10', 'deactivate dual-monitor treatment, SMM unknown', { VM_ENTRY_CONTROLS: 0xdbff }, 'not-evaluated', {}, 'fact'],
  ['N-11', 'entry to SMM alone', { VM_ENTRY_CONTROLS: 0xd7ff }, 'pass'],
  ['N-11', 'both SMM controls', { VM_ENTRY_CONTROLS: 0xdfff }, 'fail'],
];

for (const [id, what, changes, status, opts, kind] of CASES) {
  test(`${id} ${what}`, () => {
    const r = run(id, changes, opts);
    assert.equal(r.status, status, r.message ?? JSON.stringify(r.needs));
    if (status === 'fail') assert.ok(r.message && r.message.length > 10);
    if (kind) assert.equal(r.needs?.kind, kind);
  });
}

const IDS = [
  ...Array.from({ length: 42 }, (_, i) => `E-${String(i + 1).padStart(2, '0')}`),
  ...Array.from({ length: 7 }, (_, i) => `X-0${i + 1}`),
  ...Array.from({ length: 11 }, (_, i) => `N-${String(i + 1).padStart(2, '0')}`),
];
const GROUPS = { E: ['execution-controls', '28.2.1.1'], X: ['exit-controls', '28.2.1.2'], N: ['entry-controls', '28.2.1.3'] };

test('every control rule of the catalog exists, with its group, section and failure', () => {
  assert.equal(IDS.length, 60);
  for (const id of IDS) {
    const r = rules.find((x) => x.id === id);
    assert.ok(r, `missing rule ${id}`);
    const [group, section] = GROUPS[id[0]];
    assert.equal(r.group, group, id);
    assert.equal(r.section, section, id);
    assert.equal(r.failure, 'vmfail-7', id);
    assert.ok(r.title.length > 10, id);
  }
  const ours = rules.filter((r) => /^(E|X|N)-/.test(r.id)).map((r) => r.id);
  assert.deepEqual([...ours].sort(), [...IDS].sort());
});

test('every control rule has a passing and a failing case in the table (E-10 fails only with memory)', () => {
  for (const id of IDS) {
    const statuses = new Set(CASES.filter((c) => c[0] === id).map((c) => c[3]));
    assert.ok(statuses.has('pass'), `${id} pass`);
    if (id !== 'E-10') assert.ok(statuses.has('fail'), `${id} fail`);
  }
});

test('[verify] rules and rules where sources disagree say what was decided', () => {
  for (const id of ['E-05', 'E-14', 'E-39', 'E-40', 'E-41', 'E-42']) assert.ok(rules.find((r) => r.id === id).decision, id);
});

test('the good state has no failing control rule', () => {
  const report = runAll();
  const bad = report.results.filter((r) => ['execution-controls', 'exit-controls', 'entry-controls'].includes(r.group) && r.status === 'fail');
  assert.deepEqual(
    bad.map((r) => `${r.id}: ${r.message}`),
    [],
  );
});

test('failure wording names the field, its value and the bits', () => {
  const e12 = run('E-12', { PIN_BASED_VM_EXEC_CONTROL: 0x1f, CPU_BASED_VM_EXEC_CONTROL: 0x956061f2 });
  assert.match(e12.message, /CPU_BASED_VM_EXEC_CONTROL 0x956061f2: bit 22 \(NMI-window exiting\) is 1/);
  assert.match(e12.message, /PIN_BASED_VM_EXEC_CONTROL 0x1f: bit 5 \(Virtual NMIs\) is 0/);
  const e14 = run('E-14', { CPU_BASED_VM_EXEC_CONTROL: PROC_NO_TPR, SECONDARY_VM_EXEC_CONTROL: 0x1013ba });
  assert.match(e14.message, /bit 4 \(Virtualize x2APIC mode\), bit 8 \(APIC-register virtualization\), bit 9 \(Virtual-interrupt delivery\) are 1/);
  const e22 = run('E-22', { EPT_POINTER: 0x11f2a501b });
  assert.match(e22.message, /EPT_POINTER 0x11f2a501b/);
  // IA32_VMX_BASIC[58] enumerates VMX nested-exception support, not FRED itself.
  const n05 = run('N-05', { VM_ENTRY_INTR_INFO_FIELD: 0x80002b0e });
  assert.match(n05.message, /IA32_VMX_BASIC 0xda040000000004 bit 58 \(VMX nested-exception support\) is 0/);
});

test('a rule whose condition does not hold reads only its condition fields', () => {
  const r = run('E-06', { IO_BITMAP_A: 0x1001 });
  assert.deepEqual(
    r.fields.map((f) => f.name),
    ['CPU_BASED_VM_EXEC_CONTROL'],
  );
  assert.deepEqual(run('N-04', { VM_ENTRY_INTR_INFO_FIELD: 0x80000b0e }).msrs, []);
  assert.deepEqual(run('E-05', { CR3_TARGET_COUNT: 0 }).msrs, []);
});
