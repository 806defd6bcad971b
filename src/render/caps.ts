/**
 * Capability reports as text (like QEMU's vmxcap, with every bit named and classified, the
 * TRUE MSRs applied, the CR fixed bits and the MISC fields decoded) and as plain JSON.
 */
import { widest } from './widest.js';
import { safeText } from './messages.js';
import { CLASS, CR_CLASS, type BitDiff, type CapsDiff, type CapsProblem, type CapsReport, type ControlReport, type CrFixedReport, type MsrEntry, type Scalar, type ValueDiff } from '../caps/decode.js';
import type { CapsDiagnostic } from '../caps/parse.js';
import { MSR, msrName } from '../caps/types.js';
import type { Style } from './style.js';
import type { Profile } from '../caps/profiles.js';

// --- small helpers ---------------------------------------------------------------------------

function hex(v: bigint | number): string {
  return '0x' + v.toString(16);
}

function hex64(v: bigint): string {
  return '0x' + v.toString(16).padStart(16, '0');
}

function msrHex(index: number): string {
  return '0x' + index.toString(16);
}

function yesNo(v: boolean | null): string {
  return v === null ? 'unknown' : v ? 'yes' : 'no';
}

function num(v: number | null, fmt: (n: number) => string = String): string {
  return v === null ? 'unknown' : fmt(v);
}

/** "3", "8-31", "1, 2, 4" */
function bitList(bits: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < bits.length; ) {
    let j = i;
    while (j + 1 < bits.length && bits[j + 1] === bits[j]! + 1) j++;
    parts.push(j === i ? String(bits[i]) : `${bits[i]}-${bits[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

function paint(c: Style, cls: string, text: string): string {
  switch (cls) {
    case CLASS.can:
    case CLASS.default1:
    case CR_CLASS.flexible:
    case 'yes':
      return c.name(text);
    case CLASS.forced:
    case CR_CLASS.must1:
      return c.value(text);
    case CLASS.no:
    case CR_CLASS.must0:
    case 'no':
      return c.note(text);
    default:
      return c.warning(text);
  }
}

interface Row {
  bits: string;
  name: string;
  cls: string;
  note?: string;
}

/** Rows of bits, merging runs of reserved bits that read the same. */
function rows(list: Array<{ bit: number; name: string; reserved: boolean; cls: string; note?: string }>): Row[] {
  const out: Row[] = [];
  let run: { first: number; last: number; name: string; cls: string } | null = null;
  const flush = (): void => {
    if (!run) return;
    out.push({ bits: run.first === run.last ? String(run.first) : `${run.first}-${run.last}`, name: run.name, cls: run.cls });
    run = null;
  };
  for (const b of list) {
    if (b.reserved && b.note === undefined && run && run.last === b.bit - 1 && run.name === b.name && run.cls === b.cls) {
      run.last = b.bit;
      continue;
    }
    flush();
    if (b.reserved && b.note === undefined) run = { first: b.bit, last: b.bit, name: b.name, cls: b.cls };
    else {
      const r: Row = { bits: String(b.bit), name: b.name, cls: b.cls };
      if (b.note !== undefined) r.note = b.note;
      out.push(r);
    }
  }
  flush();
  return out;
}

function renderRows(c: Style, list: Row[]): string {
  const bw = widest(2, list, (r) => r.bits.length);
  const nw = widest(4, list, (r) => r.name.length);
  return list
    .map((r) => {
      const name = r.name.startsWith('Reserved') ? c.note(r.name.padEnd(nw)) : r.name.padEnd(nw);
      const note = r.note ? '  ' + c.note(r.note) : '';
      return `  ${c.encoding(r.bits.padStart(bw))}  ${name}  ${paint(c, r.cls, r.cls)}${note}\n`;
    })
    .join('');
}

function kv(c: Style, pairs: Array<[string, string]>): string {
  const w = widest(0, pairs, ([k]) => k.length);
  return pairs.map(([k, v]) => `  ${k.padEnd(w)}  ${v}\n`).join('');
}

function absentText(e: { absent?: MsrEntry['absent'] }): string {
  const a = e.absent;
  if (!a) return 'absent';
  if (a.reason === 'not-in-source') return 'not in the source';
  const dep = a.dependsOn;
  if (!dep) return 'not implemented';
  const many = dep.bits.length > 1;
  const bits = dep.bits.map(String).join(' and ');
  const ctl = dep.msr === MSR.BASIC ? '' : `: control bit${many ? 's' : ''} ${dep.bits.map((b) => String(b - 32)).join(' and ')} may not be 1`;
  return `not implemented (${msrName(dep.msr)} bit${many ? 's' : ''} ${bits} ${many ? 'are' : 'is'} 0${ctl})`;
}

// --- one CPU -----------------------------------------------------------------------------------

const FACT_LABEL: Record<string, (v: unknown) => string> = {
  paw: (v) => `MAXPHYADDR ${v}`,
  linearWidth: (v) => `linear-address width ${v}`,
  rtm: (v) => `RTM ${v ? 'yes' : 'no'}`,
  sgx: (v) => `SGX ${v ? 'yes' : 'no'}`,
  lam: (v) => `LAM ${v ? 'yes' : 'no'}`,
  gpCounters: (v) => `${v} general-purpose counters`,
  fixedCounters: (v) => `${v} fixed counters`,
  lma: (v) => `VMM in IA-32e mode ${v ? 'yes' : 'no'}`,
  smm: (v) => `in SMM ${v ? 'yes' : 'no'}`,
  x2apic: (v) => `x2APIC mode ${v ? 'yes' : 'no'}`,
};

function factsText(f: CapsReport['facts']): string {
  const parts = Object.entries(f)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => (FACT_LABEL[k] ? FACT_LABEL[k]!(v) : `${k} ${String(v)}`));
  return parts.length ? parts.join(' · ') : 'none given';
}

function controlSection(c: Style, w: ControlReport): string {
  const which = w.usesTrue && w.trueMsr !== undefined ? `${msrName(w.trueMsr)} ${hex64(w.trueValue!)}` : `${w.msrName} ${w.value !== null ? hex64(w.value) : ''}`.trim();
  let out = c.group(w.title) + c.note(`  ${which}`) + '\n';
  if (w.value === null) return out + `  ${c.note(absentText(w))}\n`;
  if (w.usesTrue) out += `  ${c.note(`(${w.msrName} ${hex64(w.value)} gives the default settings)`)}\n`;
  if (w.status === 'partial') out += `  ${c.note('(rebuilt from the bits the source lists; the others are unknown)')}\n`;
  out += renderRows(
    c,
    rows(
      w.bits.map((b) => {
        const r: { bit: number; name: string; reserved: boolean; cls: string; note?: string } = { bit: b.bit, name: b.name, reserved: b.reserved, cls: b.class };
        if (b.inconsistent) r.note = 'the MSR also says it must be 0: no setting is valid';
        return r;
      }),
    ),
  );
  if (w.kind === 'allowed1') {
    const listed = new Set(w.bits.map((b) => b.bit));
    let rest = 0n;
    for (let n = 0; n < 64; n++) if (!listed.has(n)) rest |= 1n << BigInt(n);
    const unknownRest = rest & w.unknown;
    out += `  ${c.note(`other bits: ${unknownRest === rest ? 'unknown' : unknownRest ? 'must be 0, or unknown' : 'must be 0 (not supported)'}`)}\n`;
  }
  return out;
}

function crSection(c: Style, r: CrFixedReport): string {
  const [n0, n1] = r.register === 'CR0' ? ['IA32_VMX_CR0_FIXED0', 'IA32_VMX_CR0_FIXED1'] : ['IA32_VMX_CR4_FIXED0', 'IA32_VMX_CR4_FIXED1'];
  const vals = [r.fixed0 !== null ? `${n0} ${hex(r.fixed0)}` : `${n0} not given`, r.fixed1 !== null ? `${n1} ${hex(r.fixed1)}` : `${n1} not given`];
  let out = c.group(`${r.register} in VMX operation`) + c.note(`  ${vals.join(' · ')}`) + '\n';
  if (r.fixed0 === null && r.fixed1 === null) return out + `  ${c.note('not in the source')}\n`;
  out += renderRows(
    c,
    rows(
      r.bits.filter((b) => !(b.reserved && b.class === CR_CLASS.flexible)).map((b) => {
        const x: { bit: number; name: string; reserved: boolean; cls: string; note?: string } = { bit: b.bit, name: b.name, reserved: b.reserved, cls: b.class };
        if (b.relaxedByUnrestrictedGuest && b.class === CR_CLASS.must1) x.note = 'a guest with "unrestricted guest" may clear it';
        return x;
      }),
    ),
  );
  const listed = new Set(r.bits.map((b) => b.bit));
  const other: number[] = [];
  for (let n = 0; n < 64; n++) if (!listed.has(n) && (r.mustBe0 >> BigInt(n)) & 1n) other.push(n);
  if (other.length) out += `  ${c.note(`reserved bits ${bitList(other)}: must be 0`)}\n`;
  const free = r.bits.filter((b) => b.reserved && b.class === CR_CLASS.flexible).map((b) => b.bit);
  if (free.length) out += `  ${c.note(`reserved bits ${bitList(free)}: not fixed by ${n1} (${r.register} itself reserves them)`)}\n`;
  return out;
}

function problemText(p: CapsProblem): string {
  const m = msrName(p.msr);
  const bits = p.bits ? bitList(p.bits) : '';
  // a control word's problems name control bits; the others, bits of the MSR
  const what = `${p.word ? 'control ' : ''}bit${p.bits && p.bits.length > 1 ? 's' : ''}`;
  switch (p.code) {
    case 'reserved-bits-set':
      return `${m}: reserved ${what} ${bits} set`;
    case 'unnamed-bits-set':
      return `${m}: ${what} ${bits} set, which this table does not name`;
    case 'inconsistent-bits':
      return `${m}: ${what} ${bits} both must be 1 (allowed 0-settings) and must be 0 (allowed 1-settings)`;
    case 'true-msr-missing':
      return `IA32_VMX_BASIC bit 55 says ${m} exists, but the source does not give it: the default-1 controls are taken as forced`;
    case 'true-msr-ignored':
      return `${m} is given, but IA32_VMX_BASIC bit 55 is 0: it is ignored`;
    case 'true-msr-mismatch':
      return `${m} differs from ${msrName(p.msr - 0xc)} in ${what} ${bits}, beyond the default-1 controls the SDM lets it relax (a data-entry or capture error?)`;
    case 'default1-not-forced':
      return `${m}: default-1 ${what} ${bits} not reported as must-be-1`;
    case 'bad-vmcs-size':
      return `${m}: VMCS region size ${p.value} is outside 1-4096`;
    case 'bad-memory-type':
      return `${m}: VMCS memory type ${p.value} is neither UC (0) nor WB (6)`;
  }
}

export function renderCaps(c: Style, r: CapsReport): string {
  let out = c.heading(`VMX capabilities · ${safeText(r.source)}`) + '\n';
  const head: Array<[string, string]> = [];
  if (r.cpu) head.push(['CPU', r.cpu]);
  if (r.format && r.format !== 'profile') head.push(['Read as', { 'msr-list': 'MSR values', vmxcap: 'QEMU vmxcap output', 'vbox-log': 'VirtualBox log', cpuinfo: '/proc/cpuinfo (vmx flags: some allowed-1 bits only)' }[r.format]]);
  if (r.citation) head.push(['Published', r.citation]);
  if (r.assumed) head.push(['Assumed', r.assumed]);
  head.push(['CPU facts', factsText(r.facts)]);
  out += kv(c, head) + '\n';

  // The MSRs
  out += c.group('Capability MSRs') + '\n';
  const nw = widest(0, r.msrs, (e) => e.name.length);
  for (const e of r.msrs) {
    const v = e.value === null ? c.note(absentText(e)) : c.value(hex64(e.value)) + (e.status === 'partial' ? c.note(`  partly known (mask ${hex64(e.known!)})`) : '');
    out += `  ${c.encoding(msrHex(e.index))}  ${e.name.padEnd(nw)}  ${v}\n`;
  }
  out += '\n';

  // BASIC
  const b = r.basic;
  out += c.group('Basic VMX information') + c.note(b ? `  IA32_VMX_BASIC ${hex64(b.value)}` : '') + '\n';
  if (!b) out += `  ${c.note('IA32_VMX_BASIC not in the source')}\n`;
  else
    out += kv(c, [
      ['VMCS revision id', num(b.revisionId, (n) => `${hex(n)} (${n})`)],
      ['VMCS region size', num(b.vmcsSize, (n) => `${n} bytes`)],
      ['Physical addresses limited to 32 bits', yesNo(b.physAddr32)],
      ['Dual-monitor treatment of SMIs and SMM', yesNo(b.dualMonitor)],
      ['VMCS memory type', num(b.memoryType, (n) => `${n} (${b.memoryTypeName ?? 'reserved'})`)],
      ['INS/OUTS instruction information on exits', yesNo(b.insOutsInfo)],
      ['TRUE control MSRs (48DH-490H)', yesNo(b.trueControls)],
      ['Exceptions injectable with or without error code', yesNo(b.noErrorCodeCheck)],
      ['Nested-exception support (FRED)', yesNo(b.nestedException)],
    ]);
  out += '\n';

  for (const w of r.controls) out += controlSection(c, w) + '\n';

  // MISC
  const m = r.misc;
  out += c.group('Miscellaneous data') + c.note(m ? `  IA32_VMX_MISC ${hex64(m.value)}` : '') + '\n';
  if (!m) out += `  ${c.note('IA32_VMX_MISC not in the source')}\n`;
  else {
    const states =
      m.activityHlt === null || m.activityShutdown === null || m.activityWaitForSipi === null
        ? 'unknown'
        : ['HLT', 'shutdown', 'wait-for-SIPI'].filter((_, i) => [m.activityHlt, m.activityShutdown, m.activityWaitForSipi][i]).join(', ') || 'none beyond active';
    out += kv(c, [
      ['VMX-preemption timer rate', num(m.preemptionTimerRate, (n) => `${n} (counts down by 1 each time TSC bit ${n} changes)`)],
      ['VM exits store EFER.LMA in "IA-32e mode guest"', yesNo(m.storeLma)],
      ['Activity states', states],
      ['Intel PT in VMX operation', yesNo(m.ptInVmx)],
      ['RDMSR of IA32_SMBASE in SMM', yesNo(m.smbaseRead)],
      ['CR3-target values', num(m.cr3Targets)],
      ['MSR-list entries, recommended maximum', num(m.maxMsrListEntries)],
      ['IA32_SMM_MONITOR_CTL bit 2 may be set', yesNo(m.smmMonitorCtlBit2)],
      ['VMWRITE to any field (exit information too)', yesNo(m.vmwriteAnyField)],
      ['Injection with instruction length 0', yesNo(m.zeroLengthInjection)],
      ['MSEG revision id', num(m.msegRevision, (n) => hex(n))],
    ]);
  }
  out += '\n';

  out += crSection(c, r.cr0) + '\n';
  out += crSection(c, r.cr4) + '\n';

  out += c.group('VMCS enumeration') + c.note(r.vmcsEnum ? `  IA32_VMX_VMCS_ENUM ${hex(r.vmcsEnum.value)}` : '') + '\n';
  out += r.vmcsEnum ? kv(c, [['Highest field index', num(r.vmcsEnum.highestIndex, (n) => `${n} (${hex(n)})`)]]) : `  ${c.note(absentText(r.msrs.find((e) => e.name === 'IA32_VMX_VMCS_ENUM')!))}\n`;
  out += '\n';

  const ept = r.eptVpid;
  out += c.group('EPT and VPID capabilities') + c.note(ept ? `  IA32_VMX_EPT_VPID_CAP ${hex64(ept.value)}` : '') + '\n';
  if (!ept) out += `  ${c.note(absentText(r.msrs.find((e) => e.name === 'IA32_VMX_EPT_VPID_CAP')!))}\n`;
  else {
    const bw = 5;
    const w = widest('Maximum HLAT prefix size'.length, ept.bits, (x) => x.name.length);
    for (const x of ept.bits) {
      const v = x.supported === null ? 'unknown' : x.supported ? 'yes' : 'no';
      out += `  ${c.encoding(String(x.bit).padStart(bw))}  ${x.name.padEnd(w)}  ${paint(c, v, v)}\n`;
    }
    out += `  ${c.encoding('48-53'.padStart(bw))}  ${'Maximum HLAT prefix size'.padEnd(w)}  ${num(ept.hlatPrefixSize)}\n`;
  }
  out += '\n';

  if (r.problems.length) {
    out += c.group('Notes') + '\n';
    for (const p of r.problems) out += `  ${c.warning('!')} ${problemText(p)}\n`;
    out += '\n';
  }
  return out;
}

// --- the brief view -----------------------------------------------------------------------------

/** vmxcap's words for a control bit: may be 0 or 1, must be 0, default 1 (may be 0), must be 1. */
const BRIEF_WORD: Record<string, string> = { [CLASS.can]: 'yes', [CLASS.no]: 'no', [CLASS.default1]: 'default', [CLASS.forced]: 'forced', [CLASS.unknown]: 'unknown' };

/** The first clause of a long citation, for a one-line provenance. */
function firstClause(s: string, max = 70): string {
  const cut = s.search(/[;(]/);
  const head = (cut > 0 ? s.slice(0, cut) : s).trim();
  return head.length <= max ? head : head.slice(0, max - 1).trimEnd() + '…';
}

/**
 * `vmcs caps --brief`: in the style of QEMU's scripts/vmxcap, which people grep and paste:
 * named bits only, each `yes` (may be 0 or 1), `no` (must be 0), `default` (1 by default, may
 * be 0 with the TRUE MSRs) or `forced` (must be 1); no reserved rows; where the values come
 * from on one line.
 */
export function renderCapsBrief(c: Style, r: CapsReport): string {
  const from = [r.source, r.cpu ? firstClause(r.cpu, 40) : undefined, r.format && r.format !== 'profile' ? { 'msr-list': 'MSR values', vmxcap: 'QEMU vmxcap output', 'vbox-log': 'VirtualBox log', cpuinfo: '/proc/cpuinfo (vmx flags)' }[r.format] : undefined, r.citation ? firstClause(r.citation) : undefined].filter(Boolean);
  let out = c.heading('VMX capabilities') + c.note(` · ${from.join(' · ')}`) + '\n';
  const W = 41;
  const paintWord = (w: string): string => (w === 'yes' || w === 'default' ? c.name(w) : w === 'forced' ? c.value(w) : w === 'no' ? c.note(w) : w === 'unknown' ? c.warning(w) : w);
  const row = (name: string, word: string): string => `  ${name.padEnd(W - 1)} ${paintWord(word)}\n`;
  const b = r.basic;
  if (b) {
    out += c.group('Basic VMX Information') + '\n';
    const yn = (v: boolean | null): string => (v === null ? 'unknown' : v ? 'yes' : 'no');
    out += row('Revision', num(b.revisionId));
    out += row('VMCS size', num(b.vmcsSize));
    out += row('VMCS restricted to 32 bit addresses', yn(b.physAddr32));
    out += row('Dual-monitor support', yn(b.dualMonitor));
    out += row('VMCS memory type', num(b.memoryType));
    out += row('INS/OUTS instruction information', yn(b.insOutsInfo));
    out += row('IA32_VMX_TRUE_*_CTLS support', yn(b.trueControls));
  }
  for (const w of r.controls) {
    if (w.value === null) continue;
    out += c.group(w.title) + '\n';
    for (const x of w.bits) if (!x.reserved && !/^(Reserved|Unknown)/.test(x.name)) out += row(x.name, BRIEF_WORD[x.class] ?? x.class);
  }
  const m = r.misc;
  if (m) {
    const yn = (v: boolean | null): string => (v === null ? 'unknown' : v ? 'yes' : 'no');
    out += c.group('Miscellaneous data') + '\n';
    out += row('VMX-preemption timer scale (log2)', num(m.preemptionTimerRate));
    out += row('Store EFER.LMA into IA-32e mode guest control', yn(m.storeLma));
    out += row('HLT activity state', yn(m.activityHlt));
    out += row('Shutdown activity state', yn(m.activityShutdown));
    out += row('Wait-for-SIPI activity state', yn(m.activityWaitForSipi));
    out += row('PT in VMX operation', yn(m.ptInVmx));
    out += row('IA32_SMBASE support', yn(m.smbaseRead));
    out += row('Number of CR3-target values', num(m.cr3Targets));
    out += row('MSR-load/store count recommendation', num(m.maxMsrListEntries));
    out += row('IA32_SMM_MONITOR_CTL[2] may be set to 1', yn(m.smmMonitorCtlBit2));
    out += row('VMWRITE to VM-exit information fields', yn(m.vmwriteAnyField));
    out += row('Inject event with insn length=0', yn(m.zeroLengthInjection));
    out += row('MSEG revision identifier', num(m.msegRevision));
  }
  if (r.eptVpid) {
    out += c.group('VPID and EPT capabilities') + '\n';
    for (const x of r.eptVpid.bits) out += row(x.name, x.supported === null ? 'unknown' : x.supported ? 'yes' : 'no');
  }
  return out;
}

// --- two CPUs ----------------------------------------------------------------------------------

const KIND_TEXT: Record<string, string> = {
  'a-only-1': 'only A allows 1',
  'b-only-1': 'only B allows 1',
  'a-only-0': 'only A allows 0 (B forces 1)',
  'b-only-0': 'only B allows 0 (A forces 1)',
  unknown: 'known on one side only',
};

const FIELD_LABEL: Record<string, string> = {
  revisionId: 'VMCS revision id',
  vmcsSize: 'VMCS region size',
  physAddr32: 'Physical addresses limited to 32 bits',
  dualMonitor: 'Dual-monitor treatment',
  memoryType: 'VMCS memory type',
  insOutsInfo: 'INS/OUTS instruction information',
  trueControls: 'TRUE control MSRs',
  noErrorCodeCheck: 'Exceptions injectable with or without error code',
  nestedException: 'Nested-exception support',
  preemptionTimerRate: 'VMX-preemption timer rate',
  storeLma: 'Exits store EFER.LMA',
  activityHlt: 'HLT activity state',
  activityShutdown: 'Shutdown activity state',
  activityWaitForSipi: 'Wait-for-SIPI activity state',
  ptInVmx: 'Intel PT in VMX operation',
  smbaseRead: 'RDMSR of IA32_SMBASE in SMM',
  cr3Targets: 'CR3-target values',
  maxMsrListEntries: 'MSR-list entries, recommended maximum',
  smmMonitorCtlBit2: 'IA32_SMM_MONITOR_CTL bit 2 may be set',
  vmwriteAnyField: 'VMWRITE to any field',
  zeroLengthInjection: 'Injection with instruction length 0',
  msegRevision: 'MSEG revision id',
  highestIndex: 'Highest VMCS field index',
  hlatPrefixSize: 'Maximum HLAT prefix size',
  paw: 'MAXPHYADDR',
  linearWidth: 'Linear-address width',
  rtm: 'RTM',
  sgx: 'SGX',
  lam: 'LAM',
  gpCounters: 'General-purpose counters',
  fixedCounters: 'Fixed counters',
  lma: 'VMM in IA-32e mode',
  smm: 'In SMM',
  x2apic: 'x2APIC mode',
};

function scalar(v: Scalar): string {
  if (v === null || v === undefined) return 'unknown';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'bigint') return hex(v);
  return String(v);
}

function diffBitsRows(c: Style, bits: BitDiff[]): string {
  const bw = widest(2, bits, (b) => String(b.bit).length);
  const nw = widest(4, bits, (b) => b.name.length);
  const aw = widest(0, bits, (b) => b.a.length);
  const bw2 = widest(0, bits, (b) => b.b.length);
  return bits
    .map(
      (b) =>
        `  ${c.encoding(String(b.bit).padStart(bw))}  ${b.name.padEnd(nw)}  A ${paint(c, b.a, b.a.padEnd(aw))}  B ${paint(c, b.b, b.b.padEnd(bw2))}  ${c.warning(b.kinds.map((k) => KIND_TEXT[k]).join(', '))}\n`,
    )
    .join('');
}

function valueRows(c: Style, diffs: ValueDiff[]): string {
  const w = widest(0, diffs, (d) => (FIELD_LABEL[d.field] ?? d.field).length);
  return diffs.map((d) => `  ${(FIELD_LABEL[d.field] ?? d.field).padEnd(w)}  A ${c.value(scalar(d.a))}  B ${c.value(scalar(d.b))}\n`).join('');
}

export function renderCapsDiff(c: Style, d: CapsDiff): string {
  let out = c.heading('VMX capability differences') + '\n';
  out += kv(c, [
    ['A', `${safeText(d.a.source)}${d.a.cpu ? ` · ${d.a.cpu}` : ''}`],
    ['B', `${safeText(d.b.source)}${d.b.cpu ? ` · ${d.b.cpu}` : ''}`],
  ]);
  out += '\n';
  if (d.same) out += c.note('The two allow the same: no difference in controls, CR fixed bits, EPT/VPID, MISC, BASIC or CPU facts.') + '\n';
  const section = (title: string, body: string): void => {
    if (body) out += c.group(title) + '\n' + body + '\n';
  };
  section('Basic VMX information', d.basic.length ? valueRows(c, d.basic) : '');
  for (const w of d.controls) {
    let body = '';
    if (w.a !== w.b && (w.a === 'absent' || w.b === 'absent')) body += `  ${c.note(`MSR ${w.a === 'absent' ? 'absent in A' : 'absent in B'}`)}\n`;
    if (w.bits.length) body += diffBitsRows(c, w.bits);
    section(w.title, body);
  }
  section('CR0 in VMX operation', d.cr0.bits.length ? diffBitsRows(c, d.cr0.bits) : '');
  section('CR4 in VMX operation', d.cr4.bits.length ? diffBitsRows(c, d.cr4.bits) : '');
  section('Miscellaneous data', d.misc.length ? valueRows(c, d.misc) : '');
  section('EPT and VPID capabilities', (d.eptVpid.length ? diffBitsRows(c, d.eptVpid) : '') + (d.eptVpidValues.length ? valueRows(c, d.eptVpidValues) : ''));
  section('VMCS enumeration', d.vmcsEnum.length ? valueRows(c, d.vmcsEnum) : '');
  section('CPU facts', d.facts.length ? valueRows(c, d.facts) : '');
  if (d.msrs.length) {
    const nw = widest(0, d.msrs, (m) => m.name.length);
    section(
      'MSR values that differ',
      d.msrs.map((m) => `  ${c.encoding(msrHex(m.index))}  ${m.name.padEnd(nw)}  A ${m.a === null ? c.note('absent') : c.value(hex64(m.a))}  B ${m.b === null ? c.note('absent') : c.value(hex64(m.b))}\n`).join(''),
    );
  }
  return out;
}

// --- JSON ------------------------------------------------------------------------------------------

/** A plain JSON-ready copy: bigints as "0x..." strings, Maps as objects, undefined members dropped. */
function plainJson(v: unknown): unknown {
  if (typeof v === 'bigint') return hex(v);
  if (Array.isArray(v)) return v.map(plainJson);
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) o[typeof k === 'number' ? msrHex(k) : String(k)] = plainJson(x);
    return o;
  }
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = plainJson(x);
    return o;
  }
  return v;
}

/** A caps report as `vmcs caps --json` prints it (without its `schema` key): values as hex strings. */
export function jsonCaps(report: CapsReport): Record<string, unknown> {
  const o = plainJson(report) as Record<string, unknown>;
  (o as { problems: unknown[] }).problems = report.problems.map((p) => ({ ...(plainJson(p) as object), message: problemText(p) }));
  return o;
}

/** A caps diff as `vmcs caps --diff --json` prints it (without its `schema` key). */
export function jsonCapsDiff(diff: CapsDiff): Record<string, unknown> {
  return plainJson(diff) as Record<string, unknown>;
}

// --- diagnostics of the parsers ------------------------------------------------------------------

/** A capability-source diagnostic's message in English. */
export function formatCapsDiagnostic(d: Pick<CapsDiagnostic, 'code' | 'args'>): string {
  const a = d.args;
  switch (d.code) {
    case 'bad-line':
      return `cannot read '${a.text}': expected 'MSR VALUE' (0x480 0x00da040000000004, IA32_VMX_BASIC = 0x...) or a fact (maxphyaddr 39, la57 0)`;
    case 'bad-value':
      return `${a.key}: '${a.value}' is not ${a.expected}`;
    case 'value-too-wide':
      return `${a.msr}: '${a.value}' is wider than 64 bits`;
    case 'not-vmx-msr':
      return `MSR ${a.msr} is not a VMX capability MSR (0x480-0x493); ignored`;
    case 'conflicting-values':
      return `${a.key} given twice with different values (${a.first} and ${a.second}); the first is kept`;
    case 'vmxcap-unknown-section':
      return `vmxcap section '${a.title}' is unknown to this reader; its lines are skipped`;
    case 'vmxcap-unknown-bit':
      return `vmxcap '${a.section}': unknown bit '${a.name}'; skipped (its MSR bits stay unknown)`;
    case 'vmxcap-mismatch':
      return `vmxcap '${a.section}': ${a.name} is ${a.value}, which the Hex line ${a.hex} does not say; the Hex line is kept`;
    case 'vmxcap-not-implemented':
      return `${a.msr} is not implemented by this CPU (vmxcap prints zeros for it); left out`;
    case 'vbox-paw':
      return `MAXPHYADDR ${a.paw} taken from VirtualBox's "PGM: The CPU physical address width" line`;
    case 'vbox-not-printed':
      return `${a.msr} is not in the log (VirtualBox leaves out an MSR that reads 0); left absent`;
    case 'cpuinfo-unknown-flag':
      return `vmx flag '${a.name}' is unknown to this reader; skipped`;
    case 'cpuinfo-differing-cpus':
      return `this processor's vmx flags differ from the first processor's; the first one's are used`;
    case 'cpuinfo-partial':
      return `/proc/cpuinfo shows only some allowed-1 bits ("vmx flags"); every other bit is unknown, and the checks that need one are not evaluated`;
  }
}

export function capsDiagnosticLine(c: Style, d: CapsDiagnostic, source?: string): string {
  const where = source !== undefined ? (d.line ? `${safeText(source)}:${d.line}: ` : `${safeText(source)}: `) : d.line ? `line ${d.line}: ` : '';
  const sev = d.severity === 'error' ? c.error('error') : d.severity === 'warning' ? c.warning('warning') : c.note('note');
  return `vmcs: ${where}${sev}: ${safeText(formatCapsDiagnostic(d))}`;
}

/** `vmcs caps --list`: the built-in profiles with where their values come from. */
export function renderProfileList(c: Style, profiles: readonly Profile[]): string {
  let out = c.group('Real CPUs (published capability MSRs)') + '\n';
  const real = profiles.filter((p) => p.kind !== 'qemu');
  const qemu = profiles.filter((p) => p.kind === 'qemu');
  const w = Math.max(...profiles.map((p) => p.name.length));
  for (const p of real) {
    out += `  ${c.name(p.name.padEnd(w))}  ${p.cpu}${p.aliases.length ? c.note(` (also: ${p.aliases.join(', ')})`) : ''}\n`;
    out += `  ${' '.repeat(w)}  ${c.note('source: ' + p.citation)}\n`;
    if (p.assumed) out += `  ${' '.repeat(w)}  ${c.note('assumed: ' + p.assumed)}\n`;
  }
  if (qemu.length) {
    out += '\n' + c.group('QEMU CPU models: what a nested guest of the model sees, not real silicon') + '\n';
    out += `  ${c.note(qemu[0]!.citation)}\n  ${c.note(qemu[0]!.assumed ?? '')}\n`;
    for (const p of qemu) {
      const id = /\("(.*)"\)/.exec(p.cpu)?.[1] ?? p.cpu;
      const ver = /(versions? [\d, ]+)/.exec(p.cpu)?.[1] ?? '';
      out += `  ${c.name(p.name.padEnd(w))}  ${ver.padEnd(16)}  ${id}${p.aliases.length ? c.note(` (also: ${p.aliases.join(', ')})`) : ''}\n`;
    }
  }
  return out;
}
