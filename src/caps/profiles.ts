/**
 * Built-in capability profiles of real CPUs: the raw VMX capability MSRs as published, and
 * the CPUID facts the checks need. Used by `vmcs check --caps NAME` and `vmcs caps NAME`.
 */
import { MSR, type Caps, type CpuFacts } from './types.js';
import { qemuModels, QEMU_VERSION, QEMU_SOURCE } from './qemu-models.js';
import { editDistance } from '../table/distance.js';

/** A built-in CPU: its name and aliases, the CPU, where its values come from, its capability MSRs and facts. */
export interface Profile {
  name: string;
  aliases: string[];
  cpu: string;
  citation: string;
  msrs: Partial<Record<keyof typeof MSR, bigint>>;
  facts: CpuFacts;
  /** What is assumed rather than read from the source */
  assumed?: string;
  /** For MSRs only partly known (QEMU models: the bits QEMU takes from the host): the known bits */
  known?: Partial<Record<keyof typeof MSR, bigint>>;
  /** 'silicon': published MSRs of a real CPU; 'qemu': what a nested guest of a QEMU CPU model sees */
  kind?: 'silicon' | 'qemu';
}

/** The built-in CPU profiles: the capability MSRs of real CPUs (each with its citation) and of QEMU's CPU models. */
export const profiles: Profile[] = [
  {
    name: 'i7-9750h',
    aliases: ['coffee-lake', '9750h', 'coffee-lake-9750h'],
    cpu: 'Intel Core i7-9750H (Coffee Lake-H, CPUID 1.EAX 000906EA), bare metal',
    citation:
      'VirtualBox 6.1.16 release log of an MSI GS65 Stealth 9SE, CPUID 000906EA (Ubuntu Forums, "Vbox 6.1 Black Screen on Startup Ubuntu 20.04", linuxnoob1232, 2021-01-14); the same values recur in the VBox logs of GitHub myspaghetti/macos-virtualbox issues #135, #224 and #357',
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
  {
    name: 'i9-9980xe',
    aliases: ['skylake-x', '9980xe', 'skylake-x-9980xe', 'i7-9980xe'],
    cpu: 'Intel Core i9-9980XE (Skylake-X)',
    citation:
      'honorarybot/VmxCaps vmx.html @7b425c21 (Artem Shishkin, 2020-11), column 9980XE. ' +
      'Caveats: the column lacks PML (IA32_VMX_PROCBASED_CTLS2 bit 49, control bit 17), VMCS shadowing (control bit 14) and CR4.PKE in CR4_FIXED1, ' +
      'which Skylake-SP/X silicon is generally understood to have: consistent with a capture taken under a hypervisor (e.g. Windows VBS/Hyper-V), not verified. ' +
      'A capability set, not a silicon fact.',
    msrs: {
      BASIC: 0x00da040000000004n,
      PINBASED_CTLS: 0x000000ff00000016n,
      TRUE_PINBASED_CTLS: 0x000000ff00000016n,
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
      PROCBASED_CTLS2: 0x025d3fff00000000n,
      EPT_VPID_CAP: 0x00000f0106734141n,
    },
    facts: { paw: 46, linearWidth: 48 },
    assumed:
      'MAXPHYADDR 46 (Skylake-X; the table gives no CPUID), no LA57 (5-level paging came with Ice Lake); ' +
      'IA32_VMX_VMFUNC is not in the excerpt although the secondary controls allow VM functions, so it is absent; RTM and SGX not given',
  },
  {
    name: 'i5-4600u',
    aliases: ['haswell', '4600u', 'haswell-4600u'],
    cpu: 'Intel Core i5-4600U (Haswell-ULT)',
    citation:
      'honorarybot/VmxCaps vmx.html @7b425c21 (Artem Shishkin, 2020-11), column 4600U. ' +
      'Caveat (for the whole table): a capability set as captured, not a silicon fact; not verified against the hardware.',
    msrs: {
      BASIC: 0x00da040000000012n,
      PINBASED_CTLS: 0x0000007f00000016n,
      TRUE_PINBASED_CTLS: 0x0000007f00000016n,
      PROCBASED_CTLS: 0xfff9fffe0401e172n,
      TRUE_PROCBASED_CTLS: 0xfff9fffe04006172n,
      EXIT_CTLS: 0x007fffff00036dffn,
      TRUE_EXIT_CTLS: 0x007fffff00036dfbn,
      ENTRY_CTLS: 0x0000ffff000011ffn,
      TRUE_ENTRY_CTLS: 0x0000ffff000011fbn,
      MISC: 0x00000000300481e5n,
      CR0_FIXED0: 0x80000021n,
      CR0_FIXED1: 0xffffffffn,
      CR4_FIXED0: 0x00002000n,
      CR4_FIXED1: 0x001767ffn,
      VMCS_ENUM: 0x2an,
      PROCBASED_CTLS2: 0x00007cff00000000n,
      EPT_VPID_CAP: 0x00000f0106334141n,
    },
    facts: { paw: 39, linearWidth: 48 },
    assumed:
      'MAXPHYADDR 39 (the usual value of this client part; the table gives no CPUID), no LA57; ' +
      'IA32_VMX_VMFUNC is not in the excerpt although the secondary controls allow VM functions, so it is absent; RTM and SGX not given',
  },
];

const QEMU_ASSUMED =
  'what a nested guest of this QEMU CPU model sees (KVM, -cpu MODEL,+vmx, every feature of the model supported by the host), not real silicon. ' +
  'Unknown (QEMU takes them from the host): the VMCS revision, region size and memory type (IA32_VMX_BASIC 30:0, 44:32, 53:50), the preemption-timer rate and MSR-list size (IA32_VMX_MISC 4:0, 27:25), EPT memory type UC; ' +
  'assumed from KVM (arch/x86/kvm/vmx/nested.c): EPT memory type WB, CR0_FIXED1 0xffffffff, CR4_FIXED1 from the model\'s CPUID, the non-TRUE control MSRs; MAXPHYADDR not given (QEMU\'s phys-bits option)';

for (const m of qemuModels) {
  const versions = m.versions.length === 1 ? `version ${m.versions[0]}` : `versions ${m.versions.join(', ')}`;
  profiles.push({
    name: `qemu:${m.name}`,
    aliases: m.aliases.map((a) => `qemu:${a}`),
    cpu: `QEMU CPU model ${m.model} ${versions} ("${m.modelId}"): a nested guest of QEMU ${QEMU_VERSION}, not real silicon`,
    citation: `generated by scripts/qemu-profiles.mjs from ${QEMU_SOURCE}`,
    msrs: m.msrs as Profile['msrs'],
    known: m.known as Profile['known'],
    facts: { ...m.facts },
    assumed: QEMU_ASSUMED,
    kind: 'qemu',
  });
}

/** The built-in profile of this name or alias (case ignored), or undefined; `suggestProfiles` gives the near names. */
export function findProfile(name: string): Profile | undefined {
  const key = name.trim().toLowerCase();
  return profiles.find((p) => p.name.toLowerCase() === key || p.aliases.includes(key));
}

/** Up to `limit` profile names close to a misspelt one ("qemu:icelake-sever" -> qemu:Icelake-Server). */
export function suggestProfiles(name: string, limit = 3): string[] {
  const key = name.trim().toLowerCase();
  const bare = key.replace(/^qemu:/, '');
  const max = Math.max(2, Math.floor(key.length / 4));
  const scored: Array<[string, number]> = [];
  for (const p of profiles) {
    let best = Infinity;
    for (const k of [p.name.toLowerCase(), ...p.aliases]) {
      best = Math.min(best, editDistance(key, k), editDistance(bare, k.replace(/^qemu:/, '')) + (k.startsWith('qemu:') && !key.startsWith('qemu:') ? 1 : 0));
    }
    if (best <= max) scored.push([p.name, best]);
  }
  return scored.sort((a, b) => a[1] - b[1] || a[0].length - b[0].length).slice(0, limit).map(([n]) => n);
}

/** A profile's capability MSRs and CPU facts as `Caps`, for `checkDump`, `decodeCaps`, `buildTemplate`. */
export function profileCaps(p: Profile): Caps {
  const msrs = new Map<number, bigint>();
  for (const [k, v] of Object.entries(p.msrs)) msrs.set(MSR[k as keyof typeof MSR], v as bigint);
  const caps: Caps = { source: `profile ${p.name}`, cpu: p.cpu, msrs, facts: { ...p.facts }, citation: p.citation, format: 'profile' };
  if (p.known) {
    caps.known = new Map();
    for (const [k, v] of Object.entries(p.known)) caps.known.set(MSR[k as keyof typeof MSR], v as bigint);
  }
  if (p.assumed !== undefined) caps.assumed = p.assumed;
  return caps;
}
