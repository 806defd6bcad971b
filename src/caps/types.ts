/**
 * VMX capability MSRs (Intel SDM Vol. 3D, Appendix A) and the CPU facts beside them that
 * the VM-entry checks need (physical- and linear-address widths, a few CPUID features).
 */

/** The VMX capability MSRs, IA32_VMX_BASIC (0x480) to IA32_VMX_EXIT_CTLS2 (0x493). */
export const MSR = {
  BASIC: 0x480,
  PINBASED_CTLS: 0x481,
  PROCBASED_CTLS: 0x482,
  EXIT_CTLS: 0x483,
  ENTRY_CTLS: 0x484,
  MISC: 0x485,
  CR0_FIXED0: 0x486,
  CR0_FIXED1: 0x487,
  CR4_FIXED0: 0x488,
  CR4_FIXED1: 0x489,
  VMCS_ENUM: 0x48a,
  PROCBASED_CTLS2: 0x48b,
  EPT_VPID_CAP: 0x48c,
  TRUE_PINBASED_CTLS: 0x48d,
  TRUE_PROCBASED_CTLS: 0x48e,
  TRUE_EXIT_CTLS: 0x48f,
  TRUE_ENTRY_CTLS: 0x490,
  VMFUNC: 0x491,
  PROCBASED_CTLS3: 0x492,
  EXIT_CTLS2: 0x493,
} as const;

export type MsrKey = keyof typeof MSR;

/** IA32_VMX_* name of an MSR index (0x480 -> "IA32_VMX_BASIC"). */
export function msrName(index: number): string {
  return MSR_NAMES.get(index) ?? `MSR 0x${index.toString(16)}`;
}
/** Made once: check names the MSRs each rule read, some thousands of times per dump log. */
const MSR_NAMES = new Map<number, string>(Object.entries(MSR).map(([k, v]) => [v, `IA32_VMX_${k}`]));

/**
 * CPU facts that are not VMX capability MSRs but decide some VM-entry checks (SDM 27.2-27.3):
 * CPUID-derived widths and features, and the state of the processor at VM entry.
 */
export interface CpuFacts {
  /** MAXPHYADDR, CPUID.80000008H:EAX[7:0] */
  paw?: number;
  /** Linear-address width: 48, or 57 with LA57 (CPUID.(EAX=7,ECX=0):ECX[16]) */
  linearWidth?: 48 | 57;
  /** RTM, CPUID.(EAX=7,ECX=0):EBX[11] */
  rtm?: boolean;
  /** SGX, CPUID.(EAX=7,ECX=0):EBX[2] */
  sgx?: boolean;
  /** Linear-address masking (CR3 bits 62:61 legal) */
  lam?: boolean;
  /** General-purpose and fixed performance counters (CPUID.0AH) */
  gpCounters?: number;
  fixedCounters?: number;
  /** The VMM runs in IA-32e mode (its IA32_EFER.LMA) */
  lma?: boolean;
  /** The logical processor is in SMM (dual-monitor treatment) */
  smm?: boolean;
  /** The local APIC is in x2APIC mode */
  x2apic?: boolean;
}

export const FACT_KEYS = ['paw', 'linearWidth', 'rtm', 'sgx', 'lam', 'gpCounters', 'fixedCounters', 'lma', 'smm', 'x2apic'] as const satisfies readonly (keyof CpuFacts)[];

/** One CPU's capabilities, from a file of MSR values, vmxcap or VirtualBox output, or a built-in profile. */
export interface Caps {
  /** Where they came from: a file name, or "profile i7-9750h" */
  source: string;
  /** The CPU, when the source names it */
  cpu?: string;
  /** MSR index -> value */
  msrs: Map<number, bigint>;
  /**
   * For MSRs rebuilt from a report that shows only some bits (QEMU's vmxcap): the bits whose
   * value is known. An MSR absent here is known in full.
   */
  known?: Map<number, bigint>;
  facts: CpuFacts;
  /** Where the values of a built-in profile were published */
  citation?: string;
  /** What a built-in profile assumes rather than reads from its source (MAXPHYADDR, LA57 ...) */
  assumed?: string;
  /** The kind of source: a file of MSR values, QEMU vmxcap output, a VirtualBox log, a built-in profile */
  format?: CapsFormat;
}

/** Where a `Caps` came from: an MSR list, vmxcap output, a VirtualBox log, /proc/cpuinfo or a built-in profile. */
export type CapsFormat = 'msr-list' | 'vmxcap' | 'vbox-log' | 'cpuinfo' | 'profile';
