/**
 * /proc/cpuinfo as a partial capability source. Since Linux 5.8 (arch/x86/kernel/cpu/proc.c,
 * names from arch/x86/include/asm/vmxfeatures.h, bits read by feat_ctl.c
 * init_vmx_capabilities()) each processor block has a `vmx flags` line naming some of the VMX
 * controls and EPT/VPID capabilities the CPU allows. A flag that is shown says that an
 * allowed-1 bit is 1; nothing else is known: a flag not shown may be hidden by the kernel ("" in
 * vmxfeatures.h) or newer than the kernel, and the allowed-0 halves (which bits must be 1) are
 * never shown. So every other bit stays unknown, as with vmxcap input.
 *
 * The `flags` line gives CPU facts (la57, rtm, sgx) and `address sizes : N bits physical` the
 * MAXPHYADDR; those are known in full.
 */
import { MSR, type Caps, type CpuFacts, type MsrKey } from './types.js';

/** vmx flags name -> the allowed-1 bits it shows: [MSR, bit of the 64-bit MSR value]. */
const FLAGS: Record<string, Array<[MsrKey, number]>> = {
  // pin-based controls (allowed-1 is bits 63:32)
  vnmi: [['PINBASED_CTLS', 32 + 5]],
  preemption_timer: [['PINBASED_CTLS', 32 + 6]],
  posted_intr: [['PINBASED_CTLS', 32 + 7]],
  // EPT/VPID capabilities (IA32_VMX_EPT_VPID_CAP bits)
  invvpid: [['EPT_VPID_CAP', 32]],
  ept_x_only: [['EPT_VPID_CAP', 0]],
  ept_ad: [['EPT_VPID_CAP', 21]],
  ept_1gb: [['EPT_VPID_CAP', 17]],
  ept_5level: [['EPT_VPID_CAP', 7]],
  // aggregates: TPR shadow + virtualize APIC accesses; TPR shadow + APIC-register virtualization + virtual-interrupt delivery + posted interrupts
  flexpriority: [['PROCBASED_CTLS', 32 + 21], ['PROCBASED_CTLS2', 32 + 0]],
  apicv: [['PROCBASED_CTLS', 32 + 21], ['PROCBASED_CTLS2', 32 + 8], ['PROCBASED_CTLS2', 32 + 9], ['PINBASED_CTLS', 32 + 7]],
  // VM functions
  eptp_switching: [['VMFUNC', 0]],
  // primary processor-based controls
  tsc_offset: [['PROCBASED_CTLS', 32 + 3]],
  vtpr: [['PROCBASED_CTLS', 32 + 21]],
  mtf: [['PROCBASED_CTLS', 32 + 27]],
  // secondary processor-based controls
  vapic: [['PROCBASED_CTLS2', 32 + 0]],
  ept: [['PROCBASED_CTLS2', 32 + 1]],
  vpid: [['PROCBASED_CTLS2', 32 + 5]],
  unrestricted_guest: [['PROCBASED_CTLS2', 32 + 7]],
  vapic_reg: [['PROCBASED_CTLS2', 32 + 8]],
  vid: [['PROCBASED_CTLS2', 32 + 9]],
  ple: [['PROCBASED_CTLS2', 32 + 10]],
  shadow_vmcs: [['PROCBASED_CTLS2', 32 + 14]],
  pml: [['PROCBASED_CTLS2', 32 + 17]],
  ept_violation_ve: [['PROCBASED_CTLS2', 32 + 18]],
  ept_mode_based_exec: [['PROCBASED_CTLS2', 32 + 22]],
  tsc_scaling: [['PROCBASED_CTLS2', 32 + 25]],
  usr_wait_pause: [['PROCBASED_CTLS2', 32 + 26]],
  notify_vm_exiting: [['PROCBASED_CTLS2', 32 + 31]],
  // tertiary controls (IA32_VMX_PROCBASED_CTLS3 is allowed-1 only, all 64 bits)
  ipi_virt: [['PROCBASED_CTLS3', 4]],
};

/** The flags this reader knows, for tests and documentation. */
export const VMX_FLAG_NAMES: readonly string[] = Object.keys(FLAGS);

export function looksLikeCpuinfo(lines: readonly string[]): boolean {
  return lines.some((l) => /^vmx flags\s*:/.test(l));
}

export interface CpuinfoResult {
  caps: Caps;
  /** flags this reader does not know: [line, name] */
  unknown: Array<[number, string]>;
  /** processor blocks whose vmx flags differ from the first one's: their line numbers */
  differing: number[];
}

/** Reads the first processor block's vmx flags (the others are compared with it), flags and address sizes. */
export function parseCpuinfo(lines: readonly string[], source: string): CpuinfoResult {
  const msrs = new Map<number, bigint>();
  const known = new Map<number, bigint>();
  const facts: CpuFacts = {};
  const unknown: Array<[number, string]> = [];
  const differing: number[] = [];
  let first: string | undefined;
  let flagsSeen = false;
  let cpu: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const m = /^([a-z0-9 _]+?)\s*:\s*(.*)$/i.exec(l);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'model name' && cpu === undefined) cpu = value;
    else if (key === 'address sizes' && facts.paw === undefined) {
      const p = /(\d+) bits physical/.exec(value);
      if (p) facts.paw = Number(p[1]);
    } else if (key === 'flags' && !flagsSeen) {
      flagsSeen = true;
      const set = new Set(value.split(/\s+/));
      facts.linearWidth = set.has('la57') ? 57 : 48;
      facts.rtm = set.has('rtm');
      facts.sgx = set.has('sgx');
    } else if (key === 'vmx flags') {
      const norm = value.split(/\s+/).sort().join(' ');
      if (first !== undefined) {
        if (norm !== first) differing.push(i + 1);
        continue;
      }
      first = norm;
      for (const name of value.split(/\s+/).filter(Boolean)) {
        const bits = FLAGS[name];
        if (!bits) {
          unknown.push([i + 1, name]);
          continue;
        }
        for (const [k, b] of bits) {
          const idx = MSR[k];
          msrs.set(idx, (msrs.get(idx) ?? 0n) | (1n << BigInt(b)));
          known.set(idx, (known.get(idx) ?? 0n) | (1n << BigInt(b)));
        }
      }
    }
  }
  const caps: Caps = { source, msrs, known, facts, format: 'cpuinfo' };
  if (cpu !== undefined) caps.cpu = cpu;
  return { caps, unknown, differing };
}
