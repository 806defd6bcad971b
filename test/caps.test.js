// Capability MSRs: the parsers (MSR lists, QEMU vmxcap, VirtualBox logs), the decoder (golden
// values of bit-catalog §5), the comparison of two CPUs, the built-in profiles and the renderers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  parseCaps,
  loadProfile,
  msrIndexByName,
  decodeCaps,
  diffCaps,
  jsonCaps,
  jsonCapsDiff,
  profiles,
  MSR,
  CAPS_CLASS,
} from '../dist/index.js';
import { renderCaps, renderCapsDiff, formatCapsDiagnostic } from '../dist/render/caps.js';
import { plain } from '../dist/render/style.js';

const fixture = (name) => readFileSync(new URL(`./fixtures/caps/${name}`, import.meta.url), 'utf8');
const M64 = (1n << 64n) - 1n;

function parsed(text, source = 'test') {
  const r = parseCaps(text, source);
  assert.equal(r.error, undefined, r.error);
  return r;
}
const control = (report, id) => report.controls.find((c) => c.id === id);
const bitClass = (report, id, n) => control(report, id).bits.find((b) => b.bit === n)?.class;

// --- golden decodes (bit-catalog §5) ---------------------------------------------------------

test('IA32_VMX_BASIC 0x00DA040000000004: rev 4, size 1024, WB, dual-monitor, INS/OUTS info, TRUE ctls', () => {
  const { basic } = decodeCaps(parsed('0x480 0x00DA040000000004').caps);
  assert.deepEqual(
    { ...basic, value: undefined, known: undefined },
    {
      value: undefined,
      known: undefined,
      revisionId: 4,
      vmcsSize: 1024,
      physAddr32: false,
      dualMonitor: true,
      memoryType: 6,
      memoryTypeName: 'WB',
      insOutsInfo: true,
      trueControls: true,
      noErrorCodeCheck: false,
      nestedException: false,
    },
  );
});

test('IA32_VMX_MISC 0x7004C1E7: timer rate 7, LMA store, HLT/shutdown/SIPI, PT, SMBASE, 4 CR3 targets, 512 MSRs, bits 28-30', () => {
  const { misc } = decodeCaps(parsed('0x485 0x7004C1E7').caps);
  assert.deepEqual(
    { ...misc, value: undefined, known: undefined },
    {
      value: undefined,
      known: undefined,
      preemptionTimerRate: 7,
      storeLma: true,
      activityHlt: true,
      activityShutdown: true,
      activityWaitForSipi: true,
      ptInVmx: true,
      smbaseRead: true,
      cr3Targets: 4,
      maxMsrListEntries: 512,
      smmMonitorCtlBit2: true,
      vmwriteAnyField: true,
      zeroLengthInjection: true,
      msegRevision: 0,
    },
  );
});

// [MSR lines, control, mustBe1, classes of some bits]
const CONTROL_GOLDEN = [
  ['0x482 0xFFF9FFFE0401E172', 'proc', 0x0401e172n, { 15: CAPS_CLASS.forced, 16: CAPS_CLASS.forced, 17: CAPS_CLASS.no, 31: CAPS_CLASS.can, 0: CAPS_CLASS.no }],
  [
    '0x480 0x00DA040000000004\n0x482 0xFFF9FFFE0401E172\n0x48e 0xFFF9FFFE04006172',
    'proc',
    0x04006172n,
    { 15: CAPS_CLASS.default1, 16: CAPS_CLASS.default1, 1: CAPS_CLASS.forced, 2: CAPS_CLASS.can },
  ],
  ['0x480 0x00DA040000000004\n0x483 0x01FFFFFF00036DFF\n0x48f 0x01FFFFFF00036DFB', 'exit', 0x00036dfbn, { 2: CAPS_CLASS.default1, 0: CAPS_CLASS.forced, 25: CAPS_CLASS.no }],
  // BASIC[55] = 0: the TRUE MSR is ignored
  ['0x480 0x005A040000000004\n0x483 0x01FFFFFF00036DFF\n0x48f 0x01FFFFFF00036DFB', 'exit', 0x00036dffn, { 2: CAPS_CLASS.forced }],
  ['0x491 0x1', 'vmfunc', 0n, { 0: CAPS_CLASS.can }],
  ['0x492 0x10', 'proc3', 0n, { 4: CAPS_CLASS.can, 0: CAPS_CLASS.no }],
];

for (const [text, id, mustBe1, classes] of CONTROL_GOLDEN) {
  test(`control classes: ${text.split('\n').pop()} -> ${id} must-be-1 ${mustBe1.toString(16)}`, () => {
    const r = decodeCaps(parsed(text).caps);
    assert.equal(control(r, id).mustBe1, mustBe1);
    for (const [bit, cls] of Object.entries(classes)) assert.equal(bitClass(r, id, Number(bit)), cls, `bit ${bit}`);
  });
}

test('CR fixed bits: FIXED0 set -> must be 1, FIXED1 clear -> must be 0, names from the cr0/cr4 layouts', () => {
  const r = decodeCaps(parsed('0x486 0x80000021\n0x487 0xffffffff\n0x488 0x2000\n0x489 0x3727ff').caps);
  const cr0 = Object.fromEntries(r.cr0.bits.map((b) => [b.bit, b]));
  assert.equal(cr0[0].class, 'must be 1');
  assert.equal(cr0[0].name, 'PE (Protection Enable)');
  assert.equal(cr0[0].relaxedByUnrestrictedGuest, true);
  assert.equal(cr0[5].class, 'must be 1');
  assert.equal(cr0[16].class, 'may be 0 or 1');
  const cr4 = Object.fromEntries(r.cr4.bits.map((b) => [b.bit, b]));
  assert.equal(cr4[13].class, 'must be 1');
  assert.equal(cr4[13].id, 'VMXE');
  assert.equal(cr4[22].class, 'must be 0'); // PKE not in 0x3727FF
  assert.equal(cr4[20].class, 'may be 0 or 1'); // SMEP
  assert.equal(r.cr4.mustBe0 & (1n << 40n), 1n << 40n);
});

test('VMCS_ENUM 0x2E -> highest index 23; EPT/VPID 0x00000F0106734141 by bit-catalog §5 names', () => {
  const r = decodeCaps(parsed('0x48a 0x2e\n0x48c 0x00000F0106734141').caps);
  assert.equal(r.vmcsEnum.highestIndex, 23);
  const ept = Object.fromEntries(r.eptVpid.bits.map((b) => [b.bit, b.supported]));
  assert.deepEqual(ept, { 0: true, 6: true, 7: false, 8: true, 14: true, 16: true, 17: true, 20: true, 21: true, 22: true, 23: false, 25: true, 26: true, 32: true, 40: true, 41: true, 42: true, 43: true });
  assert.equal(r.eptVpid.hlatPrefixSize, 0);
});

test('missing MSRs are absent, not invented; "not implemented" when their enabling bit is 0', () => {
  const r = decodeCaps(parsed('0x482 0xfff9fffe0401e172').caps);
  const by = Object.fromEntries(r.msrs.map((e) => [e.name, e]));
  assert.equal(by.IA32_VMX_BASIC.status, 'absent');
  assert.equal(by.IA32_VMX_BASIC.absent.reason, 'not-in-source');
  assert.equal(by.IA32_VMX_PROCBASED_CTLS3.absent.reason, 'not-implemented'); // PROCBASED bit 49 = 0
  assert.deepEqual(by.IA32_VMX_PROCBASED_CTLS3.absent.dependsOn, { msr: MSR.PROCBASED_CTLS, bits: [49] });
  assert.equal(by.IA32_VMX_PROCBASED_CTLS2.absent.reason, 'not-in-source'); // bit 63 = 1: it exists
  assert.equal(r.basic, null);
  assert.equal(r.misc, null);
  assert.equal(control(r, 'pin').value, null);
  assert.ok(control(r, 'pin').bits.every((b) => b.class === CAPS_CLASS.unknown));
  assert.ok(control(r, 'proc3').bits.every((b) => b.class === CAPS_CLASS.no));
});

// --- MSR list ---------------------------------------------------------------------------------

// [line, msr index, value]
const MSR_LINES = [
  ['0x480 0x00da040000000004', 0x480, 0x00da040000000004n],
  ['480: da040000000004', 0x480, 0xda040000000004n],
  ['480 da040000000004', 0x480, 0xda040000000004n],
  ['IA32_VMX_BASIC = 0xda040000000004', 0x480, 0xda040000000004n],
  ['MSR_IA32_VMX_BASIC 0xda040000000004', 0x480, 0xda040000000004n],
  ['msr_ia32_vmx_basic=da040000000004', 0x480, 0xda040000000004n],
  ['VMX_BASIC: 0x00DA0400_00000004', 0x480, 0xda040000000004n],
  ['0x0000048B 0x005fbcff00000000', 0x48b, 0x005fbcff00000000n],
  ['48Ch f0106734141h', 0x48c, 0xf0106734141n],
  ['IA32_VMX_TRUE_PROCBASED_CTLS 0xfff9fffe04006172', 0x48e, 0xfff9fffe04006172n],
  ['MSR_IA32_VMX_MISC_CTLS 0x7004c1e7', 0x485, 0x7004c1e7n],
  ['MSR_IA32_VMX_BASIC_INFO = 0x5a08000000000d', 0x480, 0x5a08000000000dn],
  ['IA32_VMX_EXIT_CTLS2 0x3  # FRED', 0x493, 0x3n],
  ['IA32_VMX_VMFUNC 0', 0x491, 0n],
];

for (const [line, index, value] of MSR_LINES) {
  test(`MSR line ${JSON.stringify(line)}`, () => {
    const r = parsed(line);
    assert.equal(r.format, 'msr-list');
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.caps.msrs.get(index), value);
    assert.equal(r.caps.msrs.size, 1);
  });
}

// [fact lines, facts]
const FACT_LINES = [
  ['maxphyaddr 39', { paw: 39 }],
  ['paw = 46', { paw: 46 }],
  ['la57 1', { linearWidth: 57 }],
  ['la57 0', { linearWidth: 48 }],
  ['linear_width 57', { linearWidth: 57 }],
  ['rtm yes\nsgx false\nlam 0', { rtm: true, sgx: false, lam: false }],
  ['lma 1\nsmm 0\nx2apic on\ngp_counters 8\nfixedCounters 3', { lma: true, smm: false, x2apic: true, gpCounters: 8, fixedCounters: 3 }],
];

for (const [lines, facts] of FACT_LINES) {
  test(`facts ${JSON.stringify(lines)}`, () => {
    const r = parsed('0x480 0xda040000000004\n' + lines);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.caps.facts, facts);
  });
}

test('MSR file fixture: every MSR of the i7-9750H, the facts and the CPU', () => {
  const r = parsed(fixture('i7-9750h.msr.txt'), 'i7-9750h.msr.txt');
  assert.equal(r.format, 'msr-list');
  assert.deepEqual(r.diagnostics, []);
  const profile = loadProfile('i7-9750h');
  assert.deepEqual([...r.caps.msrs].sort((a, b) => a[0] - b[0]), [...profile.msrs].sort((a, b) => a[0] - b[0]));
  assert.deepEqual(r.caps.facts, { paw: 39, linearWidth: 48, rtm: false, sgx: true });
  assert.equal(r.caps.cpu, 'Intel Core i7-9750H (Coffee Lake-H)');
  assert.equal(r.caps.known, undefined);
});

test('a garbled line is reported by its number and the other lines are still read', () => {
  const text = ['# caps', '0x480 0x00da040000000004', 'this is not an msr', '0x485 0x7004c1e7', '0x482 0xZZZ', 'paw forty', '0x3a 0x5', '0x480 0x1', '0x48a 0x2e'].join('\n');
  const r = parsed(text);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.line, d.code, d.severity]),
    [
      [3, 'bad-line', 'error'],
      [5, 'bad-value', 'error'],
      [6, 'bad-value', 'error'],
      [7, 'not-vmx-msr', 'warning'],
      [8, 'conflicting-values', 'warning'],
    ],
  );
  assert.deepEqual([...r.caps.msrs.keys()].sort(), [0x480, 0x485, 0x48a]);
  assert.equal(r.caps.msrs.get(0x480), 0x00da040000000004n); // the first value is kept
  for (const d of r.diagnostics) assert.match(formatCapsDiagnostic(d), /\S/);
});

test('MSR names: index by name, and names that are not VMX capability MSRs', () => {
  assert.equal(msrIndexByName('IA32_VMX_CR4_FIXED1'), 0x489);
  assert.equal(msrIndexByName('MSR_A32_VMX_VMFUNC'), 0x491); // VirtualBox 5.x's spelling
  assert.equal(msrIndexByName('MSR_IA32_VMX_EPT_VPID_CAPS'), 0x48c); // VirtualBox 4.x
  assert.equal(msrIndexByName('MSR_IA32_FEATURE_CONTROL'), undefined);
  assert.equal(msrIndexByName('BASIC'), undefined);
});

// --- QEMU vmxcap ------------------------------------------------------------------------------------

test('vmxcap fixture: controls rebuilt from the words, the rest from the Hex lines, known masks', () => {
  const r = parsed(fixture('i7-9750h.vmxcap.txt'), 'vmxcap');
  assert.equal(r.format, 'vmxcap');
  const profile = loadProfile('i7-9750h');
  // Every rebuilt MSR agrees with the real one on its known bits.
  for (const [index, value] of r.caps.msrs) {
    const known = r.caps.known?.get(index) ?? M64;
    assert.equal(value & known, profile.msrs.get(index) & known, `MSR 0x${index.toString(16)}`);
  }
  // Hex lines: known in full.
  for (const index of [MSR.BASIC, MSR.MISC, MSR.EPT_VPID_CAP, MSR.VMFUNC]) {
    assert.equal(r.caps.msrs.get(index), profile.msrs.get(index));
    assert.equal(r.caps.known.has(index), false);
  }
  // Controls: the listed bits, in both halves; the TRUE MSRs alike (BASIC[55] = 1).
  const expected = {
    [MSR.PINBASED_CTLS]: 0x000000e9000000e9n, // 0, 3, 5, 6, 7
    [MSR.TRUE_PINBASED_CTLS]: 0x000000e9000000e9n,
    [MSR.PROCBASED_CTLS]: 0xfbfb9e8cfbfb9e8cn,
    [MSR.TRUE_PROCBASED_CTLS]: 0xfbfb9e8cfbfb9e8cn,
    [MSR.PROCBASED_CTLS2]: 0x17dfffff17dfffffn, // 0-20, 22-26, 28
    [MSR.EXIT_CTLS]: 0x03fc920403fc9204n,
    [MSR.ENTRY_CTLS]: 0x0007ee040007ee04n,
  };
  for (const [index, mask] of Object.entries(expected)) assert.equal(r.caps.known.get(Number(index)), mask, `known 0x${Number(index).toString(16)}`);
  // 'default' words: forced in the legacy MSR, free in the TRUE one.
  assert.equal((r.caps.msrs.get(MSR.PROCBASED_CTLS) >> 15n) & 1n, 1n);
  assert.equal((r.caps.msrs.get(MSR.TRUE_PROCBASED_CTLS) >> 15n) & 1n, 0n);
  // vmxcap prints zeros for the tertiary controls, which this CPU lacks: left out.
  assert.equal(r.caps.msrs.has(MSR.PROCBASED_CTLS3), false);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.args.msr]),
    [['vmxcap-not-implemented', 'IA32_VMX_PROCBASED_CTLS3']],
  );
  // Not printed by vmxcap at all.
  for (const index of [MSR.CR0_FIXED0, MSR.CR4_FIXED1, MSR.VMCS_ENUM, MSR.EXIT_CTLS2]) assert.equal(r.caps.msrs.has(index), false);
  // Decoded: listed bits classified, unlisted ones unknown.
  const rep = decodeCaps(r.caps);
  assert.equal(bitClass(rep, 'proc', 15), CAPS_CLASS.default1);
  assert.equal(bitClass(rep, 'pin', 7), CAPS_CLASS.no);
  assert.equal(bitClass(rep, 'pin', 1), CAPS_CLASS.unknown);
  assert.equal(bitClass(rep, 'exit', 2), CAPS_CLASS.default1);
  assert.deepEqual(rep.problems, []);
});

test('vmxcap of QEMU 1.x: no Hex lines, no Basic section, old names; fields rebuild MISC and EPT', () => {
  const text = [
    'pin-based controls',
    '  External interrupt exiting               yes',
    '  NMI exiting                              yes',
    '  Virtual NMIs                             yes',
    '  Activate VMX-preemption timer            no',
    'primary processor-based controls',
    '  CR3-load exiting                         default',
    '  Activate secondary control               yes',
    'VM-Entry controls',
    '  IA-64 mode guest                         yes',
    'Miscellaneous data',
    '  VMX-preemption timer scale (log2)        5',
    '  HLT activity state                       yes',
    '  Number of CR3-target values              4',
    '  MSR-load/store count recommenation       0',
    '  MSEG revision identifier                 0',
    'VPID and EPT capabilities',
    '  Execute-only EPT translations            yes',
    '  INVVPID supported                        yes',
  ].join('\n');
  const r = parsed(text, 'old-vmxcap');
  assert.equal(r.format, 'vmxcap');
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.caps.msrs.get(MSR.MISC), 0x00040045n);
  assert.equal(r.caps.known.get(MSR.MISC), 0x7fffffff0fff005fn);
  assert.equal(r.caps.msrs.get(MSR.EPT_VPID_CAP), (1n << 32n) | 1n);
  assert.equal(r.caps.known.get(MSR.EPT_VPID_CAP), (1n << 32n) | 1n);
  assert.equal(r.caps.msrs.get(MSR.ENTRY_CTLS), 1n << 41n);
  // a 'default' word says the TRUE MSRs exist
  assert.equal((r.caps.msrs.get(MSR.TRUE_PROCBASED_CTLS) >> 15n) & 1n, 0n);
  const rep = decodeCaps(r.caps);
  assert.equal(rep.misc.preemptionTimerRate, 5);
  assert.equal(rep.misc.cr3Targets, 4);
  assert.equal(rep.misc.activityShutdown, null); // not listed: unknown
  assert.equal(rep.basic, null);
});

test('vmxcap of QEMU 9.x+: secondary VM-exit section, FRED bits, BASIC bit 58, the command line before it', () => {
  const text = [
    '$ sudo ./scripts/kvm/vmxcap',
    'Basic VMX Information',
    '  Hex: 0x4da040000000004',
    '  VMX nested exception support             yes',
    'VM-Exit controls',
    '  Save debug controls                      default',
    '  Activate secondary VM-exit controls      yes',
    'secondary VM-Exit controls',
    '  Save IA32 FRED MSRs                      yes',
    '  Load IA32 FRED MSRs                      no',
    'VM-Entry controls',
    '  Load IA32 FRED MSRs                      yes',
  ].join('\n');
  const r = parsed(text);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.caps.msrs.get(MSR.EXIT_CTLS2), 1n);
  assert.equal(r.caps.known.get(MSR.EXIT_CTLS2), 3n);
  assert.equal(r.caps.msrs.get(MSR.ENTRY_CTLS), 1n << 55n);
  const rep = decodeCaps(r.caps);
  assert.equal(rep.basic.nestedException, true);
  assert.equal(bitClass(rep, 'exit2', 0), CAPS_CLASS.can);
  assert.equal(bitClass(rep, 'exit2', 1), CAPS_CLASS.no);
  assert.equal(bitClass(rep, 'exit2', 2), CAPS_CLASS.unknown);
  assert.equal(bitClass(rep, 'exit', 2), CAPS_CLASS.default1);
});

test('vmxcap: an unknown bit name and the "?" word are reported', () => {
  const text = ['pin-based controls', '  External interrupt exiting               yes', '  Frobnicate the widget                    yes', '  NMI exiting                              ?'].join('\n');
  const r = parsed(text);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.line, d.code]),
    [[3, 'vmxcap-unknown-bit']],
  );
  const rep = decodeCaps(r.caps);
  const nmi = control(rep, 'pin').bits.find((b) => b.bit === 3);
  assert.equal(nmi.inconsistent, true);
  assert.ok(rep.problems.some((p) => p.code === 'inconsistent-bits' && p.bits.includes(3)));
});

// --- VirtualBox logs ------------------------------------------------------------------------------------

test('VirtualBox 6.1 log fixture: every VMX MSR value, MAXPHYADDR from the PGM line', () => {
  const r = parsed(fixture('i7-9750h.vbox.log'), 'VBox.log');
  assert.equal(r.format, 'vbox-log');
  const profile = loadProfile('i7-9750h');
  assert.deepEqual([...r.caps.msrs].sort((a, b) => a[0] - b[0]), [...profile.msrs].sort((a, b) => a[0] - b[0]));
  assert.equal(r.caps.facts.paw, 39);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.line, d.code]),
    [[1, 'vbox-paw']],
  );
});

test('VirtualBox 4.x log: HWACCM prefix, values without 0x, old MSR names', () => {
  const text = [
    '00:00:03.172 HWACCM: Host CR4=000406F8',
    '00:00:03.172 HWACCM: MSR_IA32_FEATURE_CONTROL      = 5',
    '00:00:03.172 HWACCM: MSR_IA32_VMX_BASIC_INFO       = da040000000010',
    '00:00:03.172 HWACCM: VMCS id                       = 10',
    '00:00:03.172 HWACCM: MSR_IA32_VMX_PINBASED_CTLS    = 7f00000016',
    '00:00:03.172 HWACCM:    VMX_VMCS_CTRL_PIN_EXEC_CONTROLS_EXT_INT_EXIT',
    '00:00:03.172 HWACCM: MSR_IA32_VMX_EPT_VPID_CAPS    = f0106114141',
    '00:00:03.172 HWACCM: MSR_IA32_VMX_MISC             = 100401e5',
    '00:00:03.172 HWACCM:    MSR_IA32_VMX_MISC_PREEMPT_TSC_BIT 5',
    ' 00:00:01.183356 HM: MSR_A32_VMX_VMFUNC              = 0x1',
    '00:00:01.183356 HM:   MSR_IA32_VMX_VMCS_ENUM_HIGHEST_INDEX   = 0x15',
  ].join('\n');
  const r = parsed(text, 'old.log');
  assert.equal(r.format, 'vbox-log');
  assert.deepEqual(
    [...r.caps.msrs].sort((a, b) => a[0] - b[0]),
    [
      [MSR.BASIC, 0xda040000000010n],
      [MSR.PINBASED_CTLS, 0x7f00000016n],
      [MSR.MISC, 0x100401e5n],
      [MSR.EPT_VPID_CAP, 0xf0106114141n],
      [MSR.VMFUNC, 1n],
    ],
  );
});

test('VirtualBox leaves out EPT_VPID_CAP and VMFUNC when 0: noted, not invented', () => {
  const text = ['00:00:01.000000 HM: MSR_IA32_VMX_PROCBASED_CTLS       = 0xfff9fffe0401e172', '00:00:01.000001 HM: MSR_IA32_VMX_PROCBASED_CTLS2      = 0x2a00000000'].join('\n');
  const r = parsed(text);
  assert.equal(r.caps.msrs.has(MSR.EPT_VPID_CAP), false);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.args.msr]),
    [['vbox-not-printed', 'IA32_VMX_EPT_VPID_CAP']],
  );
});

// --- what is not a capability source -------------------------------------------------------------

// [text, error pattern]
const ERRORS = [
  ['hello world\nnothing here', /not a capability source/],
  ['', /not a capability source/],
  [readFileSync(new URL('./fixtures/samples/14-virtualbox-7.0-vboxlog-vtx-info-excerpt.txt', import.meta.url), 'utf8'), /VirtualBox log without the VMX MSR lines/],
  ['0x480\u0000\u0001', /binary/],
  ['paw 39\nla57 0', /not a capability source/],
];

for (const [text, pattern] of ERRORS) {
  test(`not a capability source: ${JSON.stringify(text.slice(0, 30))}`, () => {
    const r = parseCaps(text, 'in');
    assert.equal(r.caps, undefined);
    assert.match(r.error, pattern);
    assert.doesNotMatch(r.error, /\n/);
  });
}

// --- comparing two CPUs ---------------------------------------------------------------------------

test('diff i7-9750H vs i9-9980XE: posted interrupts, APICv and TSC scaling only on B; PML and ENCLS exiting only on A', () => {
  const d = diffCaps(loadProfile('i7-9750h'), loadProfile('i9-9980xe'));
  const kinds = (id) => Object.fromEntries(d.controls.find((c) => c.id === id).bits.map((b) => [b.bit, b.kinds]));
  assert.deepEqual(kinds('pin'), { 7: ['b-only-1'] });
  assert.deepEqual(kinds('proc2'), { 8: ['b-only-1'], 9: ['b-only-1'], 15: ['a-only-1'], 17: ['a-only-1'], 25: ['b-only-1'] });
  for (const id of ['proc', 'exit', 'entry', 'proc3', 'exit2']) assert.deepEqual(kinds(id), {}, id);
  assert.deepEqual(kinds('vmfunc'), { 0: ['unknown'] }); // VMFUNC not in the Skylake-X excerpt
  assert.deepEqual(d.basic, []);
  assert.deepEqual(d.misc, []);
  assert.deepEqual(d.cr0.bits, []);
  assert.deepEqual(d.cr4.bits, []);
  assert.deepEqual(d.eptVpid, []);
  assert.deepEqual(d.facts.find((f) => f.field === 'paw'), { field: 'paw', a: 39, b: 46 });
  assert.equal(d.same, false);
  const text = renderCapsDiff(plain, d);
  assert.match(text, /7 +Process posted interrupts +A must be 0 \(not supported\) +B can be 0 or 1 +only B allows 1/);
  assert.doesNotMatch(text, /undefined|NaN/);
  JSON.stringify(jsonCapsDiff(d));
});

test('diff: B forcing a control A leaves free is a-only-0; BASIC and CR4 differences', () => {
  const a = loadProfile('i7-9750h');
  const b = loadProfile('haswell');
  b.msrs.set(MSR.TRUE_PROCBASED_CTLS, 0xfff9fffe0401e172n); // CR3-load/store exiting forced
  const d = diffCaps(a, b);
  const proc = Object.fromEntries(d.controls.find((c) => c.id === 'proc').bits.map((x) => [x.bit, x.kinds]));
  assert.deepEqual(proc, { 15: ['a-only-0'], 16: ['a-only-0'] });
  assert.deepEqual(d.basic, [{ field: 'revisionId', a: 4, b: 0x12 }]);
  const cr4 = Object.fromEntries(d.cr4.bits.map((x) => [x.bit, x.kinds]));
  assert.deepEqual(cr4, { 14: ['b-only-1'], 21: ['a-only-1'] }); // SMXE, SMAP
});

test('diff of a CPU with itself: the same', () => {
  const d = diffCaps(loadProfile('i9-9980xe'), loadProfile('skylake-x'));
  assert.equal(d.same, true);
  assert.deepEqual(d.msrs, []);
});

// --- profiles ---------------------------------------------------------------------------------------------

// The real CPUs; the QEMU models (partly known by design) are tested in qemu-profiles.test.js.
for (const p of profiles.filter((x) => x.kind !== 'qemu')) {
  test(`profile ${p.name} decodes: no problem, every MSR present or absent for a reason, every bit named`, () => {
    const caps = loadProfile(p.name);
    for (const alias of p.aliases) assert.equal(loadProfile(alias).source, caps.source);
    assert.ok(caps.citation && caps.cpu && caps.assumed);
    const r = decodeCaps(caps);
    assert.deepEqual(r.problems, []);
    for (const e of r.msrs) {
      if (e.status === 'absent') assert.ok(['not-implemented', 'not-in-source'].includes(e.absent.reason), e.name);
      else assert.equal(e.status, 'present', e.name);
    }
    // Only VMFUNC may be missing from the source (not in the vmx.html excerpt)
    assert.deepEqual(
      r.msrs.filter((e) => e.absent?.reason === 'not-in-source').map((e) => e.name),
      p.name === 'i7-9750h' ? [] : ['IA32_VMX_VMFUNC'],
    );
    for (const c of r.controls) for (const b of c.bits) assert.ok(b.name && Object.values(CAPS_CLASS).includes(b.class), `${c.id} ${b.bit}`);
    assert.equal(r.basic.memoryTypeName, 'WB');
    const text = renderCaps(plain, r);
    assert.match(text, /default 1, may be 0 \(TRUE MSR\)/);
    assert.doesNotMatch(text, /undefined|NaN|null/);
    const json = JSON.parse(JSON.stringify(jsonCaps(r)));
    assert.equal(json.basic.value, '0x' + caps.msrs.get(MSR.BASIC).toString(16));
  });
}

test('profiles from vmentry-checks.md §2.3(b), abbreviations expanded', () => {
  const sk = loadProfile('i9-9980xe');
  assert.equal(sk.msrs.get(MSR.TRUE_PINBASED_CTLS), 0x000000ff00000016n); // "same"
  assert.equal(sk.msrs.get(MSR.TRUE_EXIT_CTLS), 0x01ffffff00036dfbn); // "…6DFB"
  assert.equal(sk.msrs.get(MSR.TRUE_PROCBASED_CTLS), 0xfff9fffe04006172n); // "same" as the Haswell column
  assert.equal(sk.facts.paw, 46);
  assert.match(sk.citation, /7b425c21/);
  assert.match(sk.citation, /hypervisor/);
  const hw = loadProfile('i5-4600u');
  assert.equal(hw.msrs.get(MSR.TRUE_ENTRY_CTLS), 0x0000ffff000011fbn); // "…11FB"
  assert.equal(hw.msrs.get(MSR.CR0_FIXED1), 0xffffffffn);
  assert.equal(hw.facts.paw, 39);
  assert.equal(decodeCaps(hw).basic.revisionId, 0x12);
});

test('a TRUE MSR that relaxes more than the default-1 controls is flagged (vmx.html 8109U column)', () => {
  const r = decodeCaps(parsed('0x480 0x00da040000000004\n0x481 0x7f00000016\n0x48d 0xff00000016').caps);
  assert.deepEqual(
    r.problems.map((p) => [p.code, p.bits]),
    [['true-msr-mismatch', [7]]], // control bit 7 (posted interrupts), MSR bit 39
  );
});

// Facts in an MSR file and --cpu are one table (src/caps/facts.ts): the same names and bounds.
test('facts: one fact under two names must agree; bounds as for --cpu', async () => {
  const { parseFacts } = await import('../dist/caps/facts.js');
  const r = parseCaps('0x480 0x00da040000000004\npaw 39\nmaxphyaddr 40\n', 'f');
  assert.equal(r.caps.facts.paw, 39);
  assert.deepEqual(r.diagnostics.map((d) => d.code), ['conflicting-values']);
  for (const [key, value] of [['paw', '31'], ['paw', '53'], ['gp_counters', '33'], ['la57', 'maybe']]) {
    const inFile = parseCaps(`0x480 0x00da040000000004\n${key} ${value}\n`, 'f');
    assert.deepEqual(inFile.diagnostics.map((d) => d.code), ['bad-value'], `${key} ${value} in a file`);
    assert.ok('error' in parseFacts(`${key}=${value}`), `--cpu ${key}=${value}`);
  }
});
