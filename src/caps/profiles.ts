/**
 * Built-in capability profiles of real CPUs: the raw VMX capability MSRs as published, and
 * the CPUID facts the checks need. Used by `vmcs check --caps NAME` and `vmcs caps NAME`.
 */
import { MSR, type Caps, type CpuFacts } from './types.js';

export interface Profile {
  name: string;
  aliases: string[];
  cpu: string;
  citation: string;
  msrs: Partial<Record<keyof typeof MSR, bigint>>;
  facts: CpuFacts;
  /** What is assumed rather than read from the source */
  assumed?: string;
}

export const profiles: Profile[] = [
  {
    name: 'i7-9750h',
    aliases: ['coffee-lake', '9750h', 'coffee-lake-9750h'],
    cpu: 'Intel Core i7-9750H (Coffee Lake-H, CPUID 1.EAX 000906EA), bare metal',
    citation:
      'VirtualBox 6.1.16 release log of an MSI GS65 Stealth 9SE (VirtualBox forum, "Vbox 6.1 Black Screen on Startup Ubuntu 20.04", 2021-01-14); the same values recur in the VBox logs of GitHub myspaghetti/macos-virtualbox issues #135, #224 and #357',
    msrs: {
      BASIC: 0x00da040000000004n,
      PINBASED_CTLS: 0x0000007f00000016n,
      TRUE_PINBASED_CTLS: 0x0000007f00000016n,
      PROCBASED_CTLS: 0xfff9fffe0401e172n,
      TRUE_PROCBASED_CTLS: 0xfff9fffe04006172n,
      EXIT_CTLS: 0x01ffffff00036dffn,
      TRUE_EXIT_CTLS: 0x01ffffff00036dfbn,
      ENTRY_CTLS: 0x0003ffff000011ffn,
      TRUE_ENTRY_CTLS: 0x0003ffff000011fbn,
      MISC: 0x000000007004c1e7n,
      CR0_FIXED0: 0x80000021n,
      CR0_FIXED1: 0xffffffffn,
      CR4_FIXED0: 0x00002000n,
      CR4_FIXED1: 0x003727ffn,
      VMCS_ENUM: 0x2en,
      PROCBASED_CTLS2: 0x005fbcff00000000n,
      EPT_VPID_CAP: 0x00000f0106734141n,
      VMFUNC: 0x1n,
    },
    facts: { paw: 39, linearWidth: 48, rtm: false, sgx: true, lam: false },
    assumed: 'MAXPHYADDR 39 (the usual value of this client part; the log does not print CPUID 80000008H), no LA57',
  },
];

export function findProfile(name: string): Profile | undefined {
  const key = name.trim().toLowerCase();
  return profiles.find((p) => p.name === key || p.aliases.includes(key));
}

export function profileCaps(p: Profile): Caps {
  const msrs = new Map<number, bigint>();
  for (const [k, v] of Object.entries(p.msrs)) msrs.set(MSR[k as keyof typeof MSR], v as bigint);
  return { source: `profile ${p.name}`, cpu: p.cpu, msrs, facts: { ...p.facts }, citation: p.citation };
}
