/**
 * Reading VMX capabilities from what people have at hand, detected from the text itself:
 *
 *  - a file of MSR values, one `MSR VALUE` a line in any order, the MSR by index or name
 *    (`0x480 0x00da040000000004`, `480: da040000000004`, `IA32_VMX_BASIC = 0x...`,
 *    `MSR_IA32_VMX_BASIC 0x...`), values in hex as rdmsr prints them (0x optional), and CPU
 *    facts as `key value` lines (`maxphyaddr 39`, `la57 0`, `rtm 1`, `cpu NAME`);
 *  - the output of QEMU's scripts/kvm/vmxcap: the control MSRs are rebuilt from the per-bit
 *    words (yes / no / forced / default), the others from their `Hex:` lines (or, in old
 *    versions without them, from the fields); bits vmxcap does not list stay unknown, and
 *    caps.known says which bits are known;
 *  - a VirtualBox log (VBox.log), which prints every VMX MSR as `HM: MSR_IA32_VMX_... = 0x...`
 *    (older versions: `HWACCM:`, values without 0x), with or without timestamps.
 *
 * A line that cannot be read is reported with its number and the rest is still read.
 */
import { MSR, msrName, type Caps, type CpuFacts, type MsrKey } from './types.js';
import { setFact } from './facts.js';
import { findProfile, profileCaps } from './profiles.js';
import { msrImplemented } from './decode.js';
import { looksLikeCpuinfo, parseCpuinfo } from './cpuinfo.js';
import { layouts } from '../bits/layouts.js';

const M64 = (1n << 64n) - 1n;

/** The stable codes of `CapsDiagnostic`. */
export type CapsDiagnosticCode =
  /** a line of an MSR file that is neither an MSR, a fact, a comment nor blank: {text} */
  | 'bad-line'
  /** a value that cannot be read: {key, value, expected} */
  | 'bad-value'
  /** an MSR value wider than 64 bits: {msr, value} */
  | 'value-too-wide'
  /** an MSR that is not a VMX capability MSR (480H-493H): {msr}; ignored */
  | 'not-vmx-msr'
  /** the same MSR or fact twice with different values: {key, first, second}; the first is kept */
  | 'conflicting-values'
  /** vmxcap: a section title this reader does not know: {title}; its lines are skipped */
  | 'vmxcap-unknown-section'
  /** vmxcap: a bit name this reader does not know in a section: {section, name}; skipped */
  | 'vmxcap-unknown-bit'
  /** vmxcap: a field that does not agree with the section's Hex line: {section, name, value, hex} */
  | 'vmxcap-mismatch'
  /** vmxcap prints zeros for an MSR the CPU does not implement; it is left out: {msr} */
  | 'vmxcap-not-implemented'
  /** VirtualBox: MAXPHYADDR read from the "PGM: The CPU physical address width" line: {paw} */
  | 'vbox-paw'
  /** VirtualBox prints this MSR only when it is not 0, and the log does not have it: {msr} */
  | 'vbox-not-printed'
  /** /proc/cpuinfo: a vmx flags name this reader does not know: {name}; skipped */
  | 'cpuinfo-unknown-flag'
  /** /proc/cpuinfo: a processor whose vmx flags differ from the first one's: {} */
  | 'cpuinfo-differing-cpus'
  /** /proc/cpuinfo: says what such a source cannot give: {} */
  | 'cpuinfo-partial';

/** How serious a `CapsDiagnostic` is: `info` says what a source leaves out. */
export type CapsDiagnosticSeverity = 'error' | 'warning' | 'info';

/** A line of a capability source that could not be used, as data (`formatCapsDiagnostic` gives the English). */
export interface CapsDiagnostic {
  /** 1-based line of the input (0: about the input as a whole) */
  line: number;
  code: CapsDiagnosticCode;
  severity: CapsDiagnosticSeverity;
  args: Record<string, string | number>;
}

/** What `parseCaps()` recognised the text as. */
export type CapsFormatRead = 'msr-list' | 'vmxcap' | 'vbox-log' | 'cpuinfo';

/** The result of `parseCaps()`: the capabilities, the format read and the lines it could not use, or an error. */
export type ParseCapsResult = { caps: Caps; format: CapsFormatRead; diagnostics: CapsDiagnostic[] } | { error: string };

const SEVERITY: Record<CapsDiagnosticCode, CapsDiagnosticSeverity> = {
  'bad-line': 'error',
  'bad-value': 'error',
  'value-too-wide': 'error',
  'not-vmx-msr': 'warning',
  'conflicting-values': 'warning',
  'vmxcap-unknown-section': 'warning',
  'vmxcap-unknown-bit': 'warning',
  'vmxcap-mismatch': 'warning',
  'vmxcap-not-implemented': 'info',
  'vbox-paw': 'info',
  'vbox-not-printed': 'info',
  'cpuinfo-unknown-flag': 'warning',
  'cpuinfo-differing-cpus': 'warning',
  'cpuinfo-partial': 'info',
};

function diag(line: number, code: CapsDiagnosticCode, args: Record<string, string | number> = {}): CapsDiagnostic {
  return { line, code, severity: SEVERITY[code], args };
}

function hex(v: bigint): string {
  return '0x' + v.toString(16);
}

// --- names and numbers ---------------------------------------------------------------------

/** Other spellings of the MSR names, after the MSR_/IA32_/VMX_ prefixes are taken off. */
const NAME_ALIASES: Record<string, MsrKey> = {
  BASIC_INFO: 'BASIC', // VirtualBox 4.x-5.x
  MISC_CTLS: 'MISC', // QEMU's vmxcap constant
  EPT_VPID_CAPS: 'EPT_VPID_CAP', // VirtualBox 4.x
  EPT_CAPS: 'EPT_VPID_CAP',
  VMFUNC_CTLS: 'VMFUNC',
  PROCBASED_CTLS_2: 'PROCBASED_CTLS2',
  PROCBASED_CTLS_3: 'PROCBASED_CTLS3',
  EXIT_CTLS_2: 'EXIT_CTLS2',
  ENUM: 'VMCS_ENUM',
};

/**
 * The index of a VMX capability MSR by name: IA32_VMX_BASIC, MSR_IA32_VMX_BASIC, VMX_BASIC,
 * the VirtualBox spellings (MSR_IA32_VMX_BASIC_INFO, MSR_A32_VMX_VMFUNC, ..._EPT_VPID_CAPS).
 * The name must say VMX.
 */
export function msrIndexByName(name: string): number | undefined {
  const up = name.trim().toUpperCase().replace(/-/g, '_');
  if (!/(^|_)VMX_/.test(up)) return undefined;
  const key = up.replace(/^MSR_/, '').replace(/^I?A32_/, '').replace(/^VMX_/, '');
  if (Object.prototype.hasOwnProperty.call(MSR, key)) return MSR[key as MsrKey];
  const alias = Object.hasOwn(NAME_ALIASES, key) ? NAME_ALIASES[key] : undefined;
  return alias === undefined ? undefined : MSR[alias];
}

const VMX_MSRS = new Set<number>(Object.values(MSR));

/** A hex number as rdmsr and the logs print it: 0x optional, an h suffix or ' and _ separators allowed. */
function parseHex(s: string): bigint | undefined {
  const t = s.replace(/[_'`]/g, '');
  const m = /^(?:0x)?([0-9a-f]+)h?$/i.exec(t);
  if (!m) return undefined;
  return BigInt('0x' + m[1]);
}

// --- detection -------------------------------------------------------------------------------

const VBOX_MSR = /^\s*(?:\d{1,3}:\d{2}:\d{2}\.\d+\s+)?(?:HM|HWACCM): (MSR_[A-Z0-9_]+)\s*=\s*(\S+)\s*$/;
const VBOX_TIMESTAMP = /^\s*\d{1,3}:\d{2}:\d{2}\.\d{3,6}\s/;
const VBOX_PAW = /PGM: The CPU physical address width is (\d+) bits/;

function norm(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}
function alnum(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Capability MSRs from text: `MSR VALUE` lines (rdmsr), QEMU's vmxcap output, a VirtualBox log or /proc/cpuinfo; `source` names it in the diagnostics. `{ caps, format, diagnostics }`, or `{ error }` when nothing is recognised. */
export function parseCaps(text: string, source: string): ParseCapsResult {
  if (text.includes('\u0000')) return { error: `${source}: binary data; expected text (MSR values, QEMU vmxcap output or a VirtualBox log)` };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let titles = 0;
  let words = 0;
  let vbox = 0;
  let stamps = 0;
  for (const l of lines) {
    if (VMXCAP_BY_TITLE.has(norm(l)) && !/^\s/.test(l)) titles++;
    else if (/^\s+\S.*\s(yes|no|forced|default|\?)\s*$/.test(l) || /^\s+Hex: 0x[0-9a-f]+\s*$/i.test(l)) words++;
    if (VBOX_MSR.test(l)) vbox++;
    if (VBOX_TIMESTAMP.test(l)) stamps++;
  }
  if (titles >= 1 && words >= 2) return parseVmxcap(lines, source);
  if (looksLikeCpuinfo(lines)) {
    const r = parseCpuinfo(lines, source);
    const diagnostics: CapsDiagnostic[] = [diag(0, 'cpuinfo-partial')];
    for (const [line, name] of r.unknown) diagnostics.push(diag(line, 'cpuinfo-unknown-flag', { name }));
    if (r.differing.length) diagnostics.push(diag(r.differing[0]!, 'cpuinfo-differing-cpus'));
    return { caps: r.caps, format: 'cpuinfo', diagnostics };
  }
  if (vbox >= 1) return parseVbox(lines, source);
  const r = parseMsrList(lines, source);
  if (r) return r;
  if (stamps > 0)
    return {
      error: `${source}: a VirtualBox log without the VMX MSR lines ("HM: MSR_IA32_VMX_BASIC = ..."); VirtualBox prints them in VBox.log when the VM starts, give the log from its beginning`,
    };
  return {
    error: `${source}: not a capability source; expected MSR values ("0x480 0x00da040000000004", "IA32_VMX_BASIC = 0x..."), QEMU vmxcap output or a VirtualBox log with "HM: MSR_IA32_VMX_..." lines`,
  };
}

/** A built-in profile (i7-9750h, i9-9980xe, i5-4600u or an alias) as Caps. */
export function loadProfile(name: string): Caps | undefined {
  const p = findProfile(name);
  return p ? profileCaps(p) : undefined;
}

// --- MSR list ------------------------------------------------------------------------------------

function parseMsrList(lines: string[], source: string): ParseCapsResult | undefined {
  const msrs = new Map<number, bigint>();
  const facts: CpuFacts = {};
  const factLine = new Map<string, string>();
  const diagnostics: CapsDiagnostic[] = [];
  let cpu: string | undefined;
  let msrLines = 0;
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const hash = lines[i]!.indexOf('#');
    const line = (hash >= 0 ? lines[i]!.slice(0, hash) : lines[i]!).trim();
    if (line === '' || /^```/.test(line)) continue;
    const cpuM = /^cpu\s*[:=]?\s+(.+)$|^cpu\s*[:=]\s*(.+)$/i.exec(line);
    if (cpuM) {
      cpu = (cpuM[1] ?? cpuM[2])!.trim();
      continue;
    }
    const m = /^([^\s:=]+)\s*(?:[:=]\s*|\s+)(\S+)$/.exec(line);
    if (!m) {
      diagnostics.push(diag(n, 'bad-line', { text: line }));
      continue;
    }
    const key = m[1]!;
    const value = m[2]!;
    // An MSR by index (hex, as rdmsr takes it) or by name.
    let index: number | undefined;
    const idx = /^(?:0x)?([0-9a-f]{1,8})h?$/i.exec(key);
    if (idx) index = parseInt(idx[1]!, 16);
    else index = msrIndexByName(key);
    if (index !== undefined) {
      if (!VMX_MSRS.has(index)) {
        diagnostics.push(diag(n, 'not-vmx-msr', { msr: '0x' + index.toString(16) }));
        continue;
      }
      const v = parseHex(value);
      if (v === undefined) {
        diagnostics.push(diag(n, 'bad-value', { key: msrName(index), value, expected: 'a hexadecimal number' }));
        continue;
      }
      if (v > M64) {
        diagnostics.push(diag(n, 'value-too-wide', { msr: msrName(index), value }));
        continue;
      }
      msrLines++;
      const first = msrs.get(index);
      if (first !== undefined && first !== v) diagnostics.push(diag(n, 'conflicting-values', { key: msrName(index), first: hex(first), second: hex(v) }));
      else msrs.set(index, v);
      continue;
    }
    const one: CpuFacts = {};
    const set = setFact(one, key, value);
    if (set) {
      if ('expected' in set) {
        diagnostics.push(diag(n, 'bad-value', { key, value, expected: set.expected }));
        continue;
      }
      // a fact given twice (paw and maxphyaddr, la57 and linear_width are one fact each) must be given alike
      const before = factLine.get(set.fact);
      if (before !== undefined && before !== value.toLowerCase()) {
        diagnostics.push(diag(n, 'conflicting-values', { key, first: before, second: value }));
        continue;
      }
      Object.assign(facts, one);
      factLine.set(set.fact, value.toLowerCase());
      continue;
    }
    diagnostics.push(diag(n, 'bad-line', { text: line }));
  }
  if (msrLines === 0) return undefined;
  const caps: Caps = { source, msrs, facts, format: 'msr-list' };
  if (cpu !== undefined) caps.cpu = cpu;
  return { caps, format: 'msr-list', diagnostics };
}

// --- QEMU vmxcap -----------------------------------------------------------------------------------

type Range = readonly [number, number];

interface VmxcapSection {
  title: string;
  kind: 'misc' | 'control' | 'allowed1';
  msr: number;
  trueMsr?: number;
  /** vmxcap's name of each bit or range, lower case (all the names its versions used) */
  names: Record<string, number | Range>;
  /** control sections: the layout in fields.json, to match names vmxcap may add later */
  layout?: string;
}

/** The sections vmxcap prints and the names it gives their bits (QEMU 1.x to 10.x). */
const VMXCAP: readonly VmxcapSection[] = [
  {
    title: 'Basic VMX Information',
    kind: 'misc',
    msr: MSR.BASIC,
    names: {
      revision: [0, 30],
      'vmcs size': [32, 44],
      'vmcs restricted to 32 bit addresses': 48,
      'dual-monitor support': 49,
      'vmcs memory type': [50, 53],
      'ins/outs instruction information': 54,
      'ia32_vmx_true_*_ctls support': 55,
      'skip checks on event error code': 56,
      'vmx nested exception support': 58,
    },
  },
  {
    title: 'pin-based controls',
    kind: 'control',
    msr: MSR.PINBASED_CTLS,
    trueMsr: MSR.TRUE_PINBASED_CTLS,
    layout: 'pin-based',
    names: { 'external interrupt exiting': 0, 'nmi exiting': 3, 'virtual nmis': 5, 'activate vmx-preemption timer': 6, 'process posted interrupts': 7 },
  },
  {
    title: 'primary processor-based controls',
    kind: 'control',
    msr: MSR.PROCBASED_CTLS,
    trueMsr: MSR.TRUE_PROCBASED_CTLS,
    layout: 'proc-based-primary',
    names: {
      'interrupt window exiting': 2,
      'use tsc offsetting': 3,
      'hlt exiting': 7,
      'invlpg exiting': 9,
      'mwait exiting': 10,
      'rdpmc exiting': 11,
      'rdtsc exiting': 12,
      'cr3-load exiting': 15,
      'cr3-store exiting': 16,
      'activate tertiary controls': 17,
      'cr8-load exiting': 19,
      'cr8-store exiting': 20,
      'use tpr shadow': 21,
      'nmi-window exiting': 22,
      'mov-dr exiting': 23,
      'unconditional i/o exiting': 24,
      'use i/o bitmaps': 25,
      'monitor trap flag': 27,
      'use msr bitmaps': 28,
      'monitor exiting': 29,
      'pause exiting': 30,
      'activate secondary control': 31,
    },
  },
  {
    title: 'secondary processor-based controls',
    kind: 'control',
    msr: MSR.PROCBASED_CTLS2,
    layout: 'proc-based-secondary',
    names: {
      'virtualize apic accesses': 0,
      'enable ept': 1,
      'descriptor-table exiting': 2,
      'enable rdtscp': 3,
      'virtualize x2apic mode': 4,
      'enable vpid': 5,
      'wbinvd exiting': 6,
      'unrestricted guest': 7,
      'apic register emulation': 8,
      'virtual interrupt delivery': 9,
      'pause-loop exiting': 10,
      'rdrand exiting': 11,
      'enable invpcid': 12,
      'enable vm functions': 13,
      'vmcs shadowing': 14,
      'enable encls exiting': 15,
      'rdseed exiting': 16,
      'enable pml': 17,
      'ept-violation #ve': 18,
      'conceal non-root operation from pt': 19,
      'enable xsaves/xrstors': 20,
      'mode-based execute control (xs/xu)': 22,
      'sub-page write permissions': 23,
      'gpa translation for pt': 24,
      'tsc scaling': 25,
      'user wait and pause': 26,
      'enclv exiting': 28,
    },
  },
  {
    title: 'tertiary processor-based controls',
    kind: 'allowed1',
    msr: MSR.PROCBASED_CTLS3,
    layout: 'proc-based-tertiary',
    names: { 'enable ipi virtualization': 4 },
  },
  {
    title: 'VM-Exit controls',
    kind: 'control',
    msr: MSR.EXIT_CTLS,
    trueMsr: MSR.TRUE_EXIT_CTLS,
    layout: 'vm-exit-controls',
    names: {
      'save debug controls': 2,
      'host address-space size': 9,
      'load ia32_perf_global_ctrl': 12,
      'acknowledge interrupt on exit': 15,
      'save ia32_pat': 18,
      'load ia32_pat': 19,
      'save ia32_efer': 20,
      'load ia32_efer': 21,
      'save vmx-preemption timer value': 22,
      'clear ia32_bndcfgs': 23,
      'conceal vm exits from pt': 24,
      'clear ia32_rtit_ctl': 25,
      'activate secondary vm-exit controls': 31,
    },
  },
  {
    title: 'secondary VM-Exit controls',
    kind: 'allowed1',
    msr: MSR.EXIT_CTLS2,
    layout: 'vm-exit-controls-secondary',
    names: { 'save ia32 fred msrs': 0, 'load ia32 fred msrs': 1 },
  },
  {
    title: 'VM-Entry controls',
    kind: 'control',
    msr: MSR.ENTRY_CTLS,
    trueMsr: MSR.TRUE_ENTRY_CTLS,
    layout: 'vm-entry-controls',
    names: {
      'load debug controls': 2,
      'ia-32e mode guest': 9,
      'ia-64 mode guest': 9, // QEMU 1.x
      'entry to smm': 10,
      'deactivate dual-monitor treatment': 11,
      'load ia32_perf_global_ctrl': 13,
      'load ia32_pat': 14,
      'load ia32_efer': 15,
      'load ia32_bndcfgs': 16,
      'conceal vm entries from pt': 17,
      'load ia32_rtit_ctl': 18,
      'load ia32 fred msrs': 23,
    },
  },
  {
    title: 'Miscellaneous data',
    kind: 'misc',
    msr: MSR.MISC,
    names: {
      'vmx-preemption timer scale (log2)': [0, 4],
      'store efer.lma into ia-32e mode guest control': 5,
      'hlt activity state': 6,
      'shutdown activity state': 7,
      'wait-for-sipi activity state': 8,
      'pt in vmx operation': 14,
      'ia32_smbase support': 15,
      'number of cr3-target values': [16, 24],
      'msr-load/store count recommendation': [25, 27],
      'msr-load/store count recommenation': [25, 27], // QEMU 1.x spelling
      'ia32_smm_monitor_ctl[2] can be set to 1': 28,
      'vmwrite to vm-exit information fields': 29,
      'inject event with insn length=0': 30,
      // printed as bits 32-62 by QEMU 1.x and 32-63 since: only 32-62 are taken as known
      // when there is no Hex line
      'mseg revision identifier': [32, 62],
    },
  },
  {
    title: 'VPID and EPT capabilities',
    kind: 'misc',
    msr: MSR.EPT_VPID_CAP,
    names: {
      'execute-only ept translations': 0,
      'page-walk length 4': 6,
      'page-walk length 5': 7,
      'paging-structure memory type uc': 8,
      'paging-structure memory type wb': 14,
      '2mb ept pages': 16,
      '1gb ept pages': 17,
      'invept supported': 20,
      'ept accessed and dirty flags': 21,
      'advanced vm-exit information for ept violations': 22,
      'single-context invept': 25,
      'all-context invept': 26,
      'invvpid supported': 32,
      'individual-address invvpid': 40,
      'single-context invvpid': 41,
      'all-context invvpid': 42,
      'single-context-retaining-globals invvpid': 43,
    },
  },
  { title: 'VM Functions', kind: 'misc', msr: MSR.VMFUNC, names: { 'eptp switching': 0 } },
];

const VMXCAP_BY_TITLE = new Map(VMXCAP.map((s) => [norm(s.title), s]));

interface SectionState {
  spec: VmxcapSection;
  line: number;
  hex?: bigint;
  hexLine?: number;
  /** misc: value and known bits from the fields; control: allowed 0/1 (lo/hi) of the legacy and TRUE MSRs */
  value: bigint;
  known: bigint;
  tvalue: bigint;
  sawDefault: boolean;
  fields: Array<{ line: number; name: string; range: Range; value: bigint }>;
}

/** The bit of a control section that vmxcap names `name`: its table first, then the layouts' names. */
function vmxcapBit(spec: VmxcapSection, name: string): number | Range | undefined {
  const n = norm(name);
  // own keys only: a bit named `constructor` or `__proto__` is unknown, not Object.prototype's
  const hit = Object.hasOwn(spec.names, n) ? spec.names[n] : undefined;
  if (hit !== undefined) return hit;
  if (!spec.layout) return undefined;
  const a = alnum(name);
  for (const b of layouts[spec.layout]?.bits ?? []) {
    if (b.reserved || b.bits.includes(':')) continue;
    if (alnum(b.name) === a) return Number(b.bits);
  }
  return undefined;
}

function parseVmxcap(lines: string[], source: string): ParseCapsResult {
  const diagnostics: CapsDiagnostic[] = [];
  const states = new Map<number, SectionState>();
  let cur: SectionState | null = null;
  let skipping = false;
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const raw = lines[i]!.replace(/\s+$/, '');
    if (raw.trim() === '' || /^```/.test(raw.trim())) continue;
    if (!/^\s/.test(raw)) {
      let spec = VMXCAP_BY_TITLE.get(norm(raw));
      // The command line that ran it; pasted from a terminal, it may carry the first title
      // after it ("sudo ./vmxcap.py    Basic VMX Information").
      const command = !spec && /^\$|vmxcap/.test(raw);
      if (command) spec = [...VMXCAP_BY_TITLE].find(([t]) => norm(raw).endsWith(' ' + t))?.[1];
      if (spec) {
        cur = { spec, line: n, value: 0n, known: 0n, tvalue: 0n, sawDefault: false, fields: [] };
        states.set(spec.msr, cur);
        skipping = false;
      } else if (command) {
        cur = null;
      } else {
        diagnostics.push(diag(n, 'vmxcap-unknown-section', { title: raw.trim() }));
        cur = null;
        skipping = true;
      }
      continue;
    }
    if (!cur) {
      if (!skipping) diagnostics.push(diag(n, 'bad-line', { text: raw.trim() }));
      continue;
    }
    const t = raw.trim();
    const hexM = /^Hex:\s*(\S+)$/i.exec(t);
    if (hexM) {
      const v = parseHex(hexM[1]!);
      if (v === undefined || v > M64) diagnostics.push(diag(n, 'bad-value', { key: `${cur.spec.title} Hex`, value: hexM[1]!, expected: 'a 64-bit hexadecimal number' }));
      else {
        cur.hex = v;
        cur.hexLine = n;
      }
      continue;
    }
    const m = /^(.*\S)\s+(\S+)$/.exec(t);
    if (!m) {
      diagnostics.push(diag(n, 'bad-line', { text: t }));
      continue;
    }
    const name = m[1]!;
    const word = m[2]!.toLowerCase();
    const where = vmxcapBit(cur.spec, name);
    if (where === undefined) {
      diagnostics.push(diag(n, 'vmxcap-unknown-bit', { section: cur.spec.title, name }));
      continue;
    }
    const [lo, hi]: Range = typeof where === 'number' ? [where, where] : where;
    const bit = 1n << BigInt(lo);
    if (cur.spec.kind === 'misc') {
      let v: bigint | undefined;
      if (lo === hi) v = word === 'yes' ? 1n : word === 'no' ? 0n : undefined;
      else if (/^\d+$/.test(word)) v = BigInt(word);
      else if (/^0x[0-9a-f]+$/.test(word)) v = BigInt(word);
      if (v === undefined || v >> BigInt(hi - lo + 1) !== 0n) {
        diagnostics.push(diag(n, 'bad-value', { key: name, value: m[2]!, expected: lo === hi ? 'yes or no' : 'a number' }));
        continue;
      }
      cur.fields.push({ line: n, name, range: [lo, hi], value: v });
      continue;
    }
    if (cur.spec.kind === 'allowed1') {
      if (word !== 'yes' && word !== 'no') {
        diagnostics.push(diag(n, 'bad-value', { key: name, value: m[2]!, expected: 'yes or no' }));
        continue;
      }
      if (word === 'yes') cur.value |= bit;
      cur.known |= bit;
      continue;
    }
    // A split control MSR: bits lo (allowed 0-settings) and lo+32 (allowed 1-settings).
    const hiBit = bit << 32n;
    let legacy: bigint;
    let tru: bigint;
    switch (word) {
      case 'yes':
        legacy = tru = hiBit;
        break;
      case 'no':
        legacy = tru = 0n;
        break;
      case 'forced':
        legacy = tru = bit | hiBit;
        break;
      case 'default':
        legacy = bit | hiBit;
        tru = hiBit;
        cur.sawDefault = true;
        break;
      case '?': // vmxcap's word when the MSR says "must be 1" and "must be 0" at once
        legacy = tru = bit;
        break;
      default:
        diagnostics.push(diag(n, 'bad-value', { key: name, value: m[2]!, expected: 'yes, no, forced or default' }));
        continue;
    }
    cur.value = (cur.value & ~(bit | hiBit)) | legacy;
    cur.tvalue = (cur.tvalue & ~(bit | hiBit)) | tru;
    cur.known |= bit | hiBit;
  }

  // Misc sections: the Hex line is the value; without it (QEMU before 2.x), the fields are.
  for (const st of states.values()) {
    if (st.spec.kind !== 'misc') continue;
    for (const f of st.fields) {
      const [lo, hi] = f.range;
      const mask = ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);
      if (st.hex !== undefined) {
        const got = (st.hex & mask) >> BigInt(lo);
        if (got !== f.value) diagnostics.push(diag(f.line, 'vmxcap-mismatch', { section: st.spec.title, name: f.name, value: f.value.toString(), hex: hex(st.hex) }));
      } else {
        st.value = (st.value & ~mask) | (f.value << BigInt(lo));
        st.known |= mask;
      }
    }
    if (st.hex !== undefined) {
      st.value = st.hex;
      st.known = M64;
    }
  }

  const msrs = new Map<number, bigint>();
  const known = new Map<number, bigint>();
  const put = (index: number, value: bigint, k: bigint): void => {
    msrs.set(index, value);
    if (k !== M64) known.set(index, k);
  };
  const basic = states.get(MSR.BASIC);
  const basic55 = basic && (basic.known >> 55n) & 1n ? ((basic.value >> 55n) & 1n) === 1n : null;
  const sawDefault = [...states.values()].some((s) => s.sawDefault);
  const trueExists = basic55 ?? sawDefault;
  for (const st of states.values()) {
    put(st.spec.msr, st.value, st.known);
    if (st.spec.trueMsr !== undefined && trueExists) put(st.spec.trueMsr, st.tvalue, st.known);
  }
  const caps: Caps = { source, msrs, facts: {}, format: 'vmxcap' };
  if (known.size) caps.known = known;

  // vmxcap reads an MSR the CPU lacks as 0 and prints it anyway: leave such MSRs out.
  for (const index of [MSR.PROCBASED_CTLS2, MSR.PROCBASED_CTLS3, MSR.EXIT_CTLS2, MSR.EPT_VPID_CAP, MSR.VMFUNC]) {
    if (msrs.has(index) && msrImplemented(caps, index) === false) {
      msrs.delete(index);
      known.delete(index);
      const st = [...states.values()].find((s) => s.spec.msr === index);
      diagnostics.push(diag(st?.line ?? 0, 'vmxcap-not-implemented', { msr: msrName(index) }));
    }
  }
  if (caps.known && known.size === 0) delete caps.known;
  return { caps, format: 'vmxcap', diagnostics };
}

// --- VirtualBox log -------------------------------------------------------------------------------

function parseVbox(lines: string[], source: string): ParseCapsResult {
  const diagnostics: CapsDiagnostic[] = [];
  const msrs = new Map<number, bigint>();
  const facts: CpuFacts = {};
  let lastMsrLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const l = lines[i]!;
    const m = VBOX_MSR.exec(l);
    if (m) {
      const index = msrIndexByName(m[1]!);
      if (index === undefined) continue; // MSR_IA32_FEATURE_CONTROL, MSR_IA32_SMM_MONITOR_CTL ...
      const v = parseHex(m[2]!);
      if (v === undefined || v > M64) {
        diagnostics.push(diag(n, 'bad-value', { key: m[1]!, value: m[2]!, expected: 'a 64-bit hexadecimal number' }));
        continue;
      }
      lastMsrLine = n;
      const first = msrs.get(index);
      if (first !== undefined && first !== v) diagnostics.push(diag(n, 'conflicting-values', { key: msrName(index), first: hex(first), second: hex(v) }));
      else msrs.set(index, v);
      continue;
    }
    const p = VBOX_PAW.exec(l);
    if (p && facts.paw === undefined) {
      facts.paw = Number(p[1]);
      diagnostics.push(diag(n, 'vbox-paw', { paw: facts.paw }));
    }
  }
  const caps: Caps = { source, msrs, facts, format: 'vbox-log' };
  // VirtualBox prints IA32_VMX_EPT_VPID_CAP and IA32_VMX_VMFUNC only when they are not 0.
  for (const index of [MSR.EPT_VPID_CAP, MSR.VMFUNC]) {
    if (!msrs.has(index) && msrs.has(MSR.PROCBASED_CTLS2) && msrImplemented(caps, index) === true)
      diagnostics.push(diag(lastMsrLine, 'vbox-not-printed', { msr: msrName(index) }));
  }
  return { caps, format: 'vbox-log', diagnostics };
}
