// Capability sources captured on real machines and published verbatim (provenance in
// fixtures/caps/SOURCES.md): QEMU vmxcap output and VirtualBox release logs, read by parseCaps and
// decoded by decodeCaps. Every expected value below was read by hand from the published text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCaps, decodeCaps, loadProfile, MSR, CAPS_CLASS } from '../dist/index.js';

const fixture = (name) => readFileSync(new URL(`./fixtures/caps/${name}`, import.meta.url), 'utf8');
const { can, forced, no, default1, unknown } = CAPS_CLASS;

// file, format, MSR values, MSRs that must be absent, known masks of rebuilt MSRs, CPU facts,
// diagnostics [line, code], BASIC fields, per-bit classes [control, bit, class], EPT/VPID bits
// [bit, supported], decodeCaps problems [code, msr, bits]
const CASES = [
  {
    file: 'real-core2-e8200.vbox.log', // VirtualBox 2.1.0, Core 2 Duo E8200: no TRUE MSRs, no EPT
    format: 'vbox-log',
    msrs: {
      [MSR.BASIC]: 0x5a08000000000dn,
      [MSR.PINBASED_CTLS]: 0x3f00000016n,
      [MSR.PROCBASED_CTLS]: 0xf7f9fffe0401e172n,
      [MSR.PROCBASED_CTLS2]: 0x4100000000n,
      [MSR.ENTRY_CTLS]: 0x3fff000011ffn,
      [MSR.EXIT_CTLS]: 0x3ffff00036dffn,
      [MSR.MISC]: 0x403c0n,
      [MSR.CR0_FIXED0]: 0x80000021n,
      [MSR.CR4_FIXED1]: 0x67ffn,
      [MSR.VMCS_ENUM]: 0x2cn,
    },
    count: 12,
    absent: [MSR.EPT_VPID_CAP, MSR.TRUE_PINBASED_CTLS, MSR.TRUE_PROCBASED_CTLS, MSR.VMFUNC],
    facts: {},
    diagnostics: [],
    basic: { revisionId: 13, vmcsSize: 2048, memoryTypeName: 'WB', trueControls: false },
    classes: [
      ['pin', 5, can], // virtual NMIs: allowed by 0x3f although VirtualBox 2.1 does not list it
      ['pin', 6, no], // no VMX-preemption timer
      ['proc', 15, forced], // CR3-load exiting: legacy MSR only
      ['proc', 27, no], // no monitor trap flag
      ['proc2', 0, can], // virtualize APIC accesses
      ['proc2', 1, no], // no EPT
      ['proc2', 6, can], // WBINVD exiting
    ],
    ept: null,
    // IA32_VMX_MISC = 0x403c0 sets bit 9, which the SDM reserves: a real CPU does this.
    problems: [['reserved-bits-set', MSR.MISC, [9]]],
  },
  {
    file: 'real-i5-2540m.vbox.log', // VirtualBox 4.1.4, Core i5-2540M: HWACCM lines, no 0x, no TRUE MSRs printed
    format: 'vbox-log',
    msrs: {
      [MSR.BASIC]: 0xda040000000010n,
      [MSR.PINBASED_CTLS]: 0x7f00000016n,
      [MSR.PROCBASED_CTLS]: 0xfff9fffe0401e172n,
      [MSR.PROCBASED_CTLS2]: 0xff00000000n,
      [MSR.ENTRY_CTLS]: 0xffff000011ffn,
      [MSR.EXIT_CTLS]: 0x7fffff00036dffn,
      [MSR.EPT_VPID_CAP]: 0xf0106114141n, // printed as MSR_IA32_VMX_EPT_VPID_CAPS
      [MSR.MISC]: 0x100401e5n,
      [MSR.CR4_FIXED1]: 0x667ffn,
      [MSR.VMCS_ENUM]: 0x2an,
    },
    count: 13,
    absent: [MSR.TRUE_PINBASED_CTLS, MSR.TRUE_PROCBASED_CTLS, MSR.TRUE_EXIT_CTLS, MSR.TRUE_ENTRY_CTLS, MSR.VMFUNC],
    facts: { paw: 36 },
    diagnostics: [[1, 'vbox-paw']],
    basic: { revisionId: 16, vmcsSize: 1024, memoryTypeName: 'WB', trueControls: true },
    classes: [
      ['pin', 6, can], // VMX-preemption timer
      ['proc', 15, forced], // the TRUE MSR is not in the log: the legacy one decides
      ['proc', 27, can],
      ['proc2', 7, can], // unrestricted guest
      ['proc2', 10, no], // no PAUSE-loop exiting
      ['entry', 15, can], // load IA32_EFER
    ],
    ept: [
      [0, true],
      [17, false], // no 1-GByte pages
      [21, false], // no accessed/dirty flags
    ],
    // BASIC[55] = 1 but VirtualBox 4.1 does not print the TRUE MSRs.
    problems: [
      ['true-msr-missing', MSR.TRUE_PINBASED_CTLS],
      ['true-msr-missing', MSR.TRUE_PROCBASED_CTLS],
      ['true-msr-missing', MSR.TRUE_EXIT_CTLS],
      ['true-msr-missing', MSR.TRUE_ENTRY_CTLS],
    ],
  },
  {
    file: 'real-gs65-i7-9750h.vbox.log', // VirtualBox 6.1.16, MSI GS65 Stealth 9SE (CPUID 000906EA)
    format: 'vbox-log',
    msrs: {
      [MSR.BASIC]: 0xda040000000004n,
      [MSR.EXIT_CTLS]: 0x1ffffff00036dffn,
      [MSR.PROCBASED_CTLS2]: 0x5fbcff00000000n,
      [MSR.EPT_VPID_CAP]: 0xf0106734141n,
      [MSR.TRUE_PROCBASED_CTLS]: 0xfff9fffe04006172n,
      [MSR.TRUE_EXIT_CTLS]: 0x1ffffff00036dfbn,
      [MSR.VMFUNC]: 0x1n,
      [MSR.CR4_FIXED1]: 0x3727ffn,
    },
    count: 18,
    absent: [MSR.PROCBASED_CTLS3],
    facts: { paw: 39 },
    diagnostics: [[1, 'vbox-paw']],
    basic: { revisionId: 4, vmcsSize: 1024, memoryTypeName: 'WB', trueControls: true },
    classes: [
      ['pin', 7, no], // POSTED_INT (must be cleared)
      ['proc', 15, default1], // CR3_LOAD_EXIT (must be set) in the legacy MSR, 0 allowed by the TRUE one
      ['proc2', 7, can],
      ['proc2', 14, no], // VMCS_SHADOWING (must be cleared)
      ['exit', 2, default1],
    ],
    ept: [
      [17, true],
      [21, true],
    ],
    problems: [],
    // The built-in profile was taken from this same log.
    profile: 'i7-9750h',
  },
  {
    file: 'real-nested-guest.vmxcap.txt', // vmxcap inside a VM (revision 1, 4 KiB VMCS): what its hypervisor exposes
    format: 'vmxcap',
    msrs: {
      [MSR.BASIC]: 0x98100000000001n, // Hex lines: known in full
      [MSR.MISC]: 0x40n,
      [MSR.EPT_VPID_CAP]: 0xf0106114040n,
      [MSR.PINBASED_CTLS]: 0x2900000000n, // 0, 3, 5 may be 1
      [MSR.PROCBASED_CTLS2]: 0x182e00000000n, // EPT, descriptor tables, RDTSCP, VPID, RDRAND, INVPCID
    },
    count: 12,
    absent: [MSR.VMFUNC, MSR.CR0_FIXED0, MSR.VMCS_ENUM],
    known: {
      [MSR.PINBASED_CTLS]: 0x000000e9000000e9n,
      [MSR.PROCBASED_CTLS2]: 0x17dfffff17dfffffn, // 0-20, 22-26, 28
    },
    facts: {},
    diagnostics: [[125, 'vmxcap-not-implemented']], // "VM Functions" while "Enable VM functions" is no
    basic: { revisionId: 1, vmcsSize: 4096, memoryTypeName: 'WB', insOutsInfo: false, trueControls: true },
    classes: [
      ['pin', 1, unknown], // vmxcap does not list the default1 pin bits
      ['proc', 7, forced], // HLT exiting forced
      ['proc', 10, forced], // MWAIT exiting forced
      ['proc', 29, forced], // MONITOR exiting forced
      ['proc', 27, no], // monitor trap flag no
      ['proc', 15, default1],
      ['proc2', 0, no],
      ['proc2', 1, can],
      ['proc2', 7, no], // no unrestricted guest
      ['exit', 9, forced], // host address-space size forced
      ['exit', 12, no],
    ],
    ept: [
      [0, false],
      [8, false],
      [16, true],
    ],
    problems: [],
  },
  {
    file: 'real-xeon-x3430.vmxcap.txt', // vmxcap.py of 2016 (no Hex lines) on a Xeon X3430, command on line 1
    format: 'vmxcap',
    msrs: {
      [MSR.BASIC]: 0x00da04000000000en, // rebuilt from the fields
      [MSR.MISC]: 0x401c5n,
      [MSR.PINBASED_CTLS]: 0x6900000000n,
      [MSR.PROCBASED_CTLS2]: 0x7f00000000n,
    },
    count: 12,
    absent: [MSR.VMFUNC, MSR.CR4_FIXED1],
    known: {
      [MSR.BASIC]: 0x00ff1fff7fffffffn, // 30:0, 44:32, 55:48
      [MSR.MISC]: 0x7fffffff3fff81ffn, // 8:0, 29:15, 62:32
      [MSR.EPT_VPID_CAP]: 0xf0106334141n,
    },
    facts: {},
    diagnostics: [[102, 'vmxcap-not-implemented']],
    basic: { revisionId: 14, vmcsSize: 1024, memoryTypeName: 'WB', dualMonitor: true, trueControls: true, noErrorCodeCheck: null },
    classes: [
      ['pin', 6, can],
      ['proc', 15, default1],
      ['proc', 27, can],
      ['proc2', 1, can],
      ['proc2', 5, can],
      ['proc2', 7, no], // Nehalem: no unrestricted guest
      ['entry', 2, default1],
    ],
    ept: [
      [0, true],
      [17, false],
      [21, false],
    ],
    problems: [],
  },
];

for (const c of CASES) {
  test(`real source ${c.file}: ${c.format}, the MSR values, no errors`, () => {
    const r = parseCaps(fixture(c.file), c.file);
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.format, c.format);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.deepEqual(
      r.diagnostics.map((d) => [d.line, d.code]),
      c.diagnostics,
    );
    for (const [index, value] of Object.entries(c.msrs)) assert.equal(r.caps.msrs.get(Number(index)), value, `MSR 0x${Number(index).toString(16)}`);
    assert.equal(r.caps.msrs.size, c.count);
    for (const index of c.absent) assert.equal(r.caps.msrs.has(index), false, `MSR 0x${index.toString(16)} absent`);
    for (const [index, mask] of Object.entries(c.known ?? {})) assert.equal(r.caps.known?.get(Number(index)), mask, `known 0x${Number(index).toString(16)}`);
    if (c.format === 'vbox-log') assert.equal(r.caps.known, undefined);
    assert.deepEqual(r.caps.facts, c.facts);
    if (c.profile) {
      const p = loadProfile(c.profile);
      assert.deepEqual([...r.caps.msrs].sort((a, b) => a[0] - b[0]), [...p.msrs].sort((a, b) => a[0] - b[0]));
    }
  });

  test(`real source ${c.file}: decoded BASIC, per-bit classes, EPT/VPID bits, problems`, () => {
    const rep = decodeCaps(parseCaps(fixture(c.file), c.file).caps);
    for (const [k, v] of Object.entries(c.basic)) assert.equal(rep.basic[k], v, `basic.${k}`);
    for (const [id, bit, cls] of c.classes) {
      const b = rep.controls.find((x) => x.id === id).bits.find((x) => x.bit === bit);
      assert.equal(b?.class, cls, `${id} bit ${bit}`);
    }
    if (c.ept === null) assert.equal(rep.eptVpid, null);
    else for (const [bit, supported] of c.ept) assert.equal(rep.eptVpid.bits.find((b) => b.bit === bit).supported, supported, `EPT/VPID bit ${bit}`);
    assert.deepEqual(
      rep.problems.map((p) => (p.bits ? [p.code, p.msr, p.bits] : [p.code, p.msr])),
      c.problems,
    );
  });
}

test('vmxcap: a pasted command line that carries the first section title starts that section', () => {
  const text = [
    '$ sudo ./vmxcap    Basic VMX Information',
    '  Revision                                 4',
    '  VMCS size                                1024',
    'pin-based controls',
    '  External interrupt exiting               yes',
    '  NMI exiting                              yes',
  ].join('\n');
  const r = parseCaps(text, 'paste');
  assert.equal(r.format, 'vmxcap');
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.caps.msrs.get(MSR.BASIC), 0x0000040000000004n);
  assert.equal(r.caps.known.get(MSR.BASIC), 0x00001fff7fffffffn);
  // A command line without a title is still only skipped.
  const r2 = parseCaps(text.replace('    Basic VMX Information', '') + '\nBasic VMX Information\n  Revision                                 4', 'paste');
  assert.deepEqual(
    r2.diagnostics.map((d) => [d.line, d.code]),
    [
      [2, 'bad-line'],
      [3, 'bad-line'],
    ],
  );
});
