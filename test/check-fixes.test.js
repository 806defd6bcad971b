// Suggested fixes, rule by rule: a state that passes (vmcs template), one field broken, the
// rule fails with a fix, and the fix makes the whole state pass again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTemplate, templateValues } from '../dist/template/template.js';
import { findProfile, profileCaps } from '../dist/caps/profiles.js';
import { checkFields } from '../dist/check/check.js';
import { repairState } from '../dist/check/repair.js';
import { lookupName } from '../dist/table/table.js';
import { rules } from '../dist/check/rules/index.js';
import { run as runRule, state } from './check-helpers.js';

const CAPS = profileCaps(findProfile('i7-9750h'));
const facts = { lma: true };
const base = (mode) => templateValues(buildTemplate({ caps: CAPS, mode, ept: true, vpid: true }));
const enc = (name) => lookupName(name).encoding;

// [rule, mode, field, broken value (or function of the good one)]
const CASES = [
  ['E-01', 'long', 'PIN_BASED_VM_EXEC_CONTROL', 0n],
  ['E-02', 'long', 'CPU_BASED_VM_EXEC_CONTROL', (v) => v | (1n << 17n)],
  ['E-03', 'long', 'SECONDARY_VM_EXEC_CONTROL', (v) => v | (1n << 30n)],
  ['X-01', 'long', 'VM_EXIT_CONTROLS', (v) => v & ~0xffn],
  ['N-01', 'long', 'VM_ENTRY_CONTROLS', (v) => v & ~0xffn],
  ['E-21', 'long', 'VIRTUAL_PROCESSOR_ID', 0n],
  ['H-01', 'long', 'HOST_CR0', (v) => v & ~(1n << 5n)],
  ['H-02', 'long', 'HOST_CR4', (v) => v & ~(1n << 13n)],
  ['H-05', 'long', 'HOST_IA32_SYSENTER_ESP', 0x0000800000001000n],
  ['H-06', 'long', 'HOST_IA32_SYSENTER_EIP', 0x1234800000000000n],
  ['H-18', 'long', 'HOST_SS_SELECTOR', 0x1bn],
  ['H-22', 'long', 'HOST_GS_BASE', 0x00ff888000000000n],
  ['H-29', 'long', 'HOST_CR4', (v) => v & ~(1n << 5n)],
  ['G-01', 'long', 'GUEST_CR0', (v) => v & ~(1n << 5n)],
  ['G-02', 'unrestricted-real', 'GUEST_CR0', (v) => v | (1n << 31n)],
  ['G-03', 'long', 'GUEST_CR4', (v) => v | (1n << 30n)],
  ['G-06', 'long', 'GUEST_CR4', (v) => v & ~(1n << 5n)],
  ['G-07', 'protected', 'GUEST_CR4', (v) => v | (1n << 17n)],
  ['G-11', 'long', 'GUEST_SYSENTER_EIP', 0x0000900000000000n],
  ['D-01', 'long', 'GUEST_IDTR_BASE', 0x0001000000001800n],
  ['D-02', 'long', 'GUEST_GDTR_LIMIT', 0x1001fn],
  ['R-01', 'protected', 'GUEST_RIP', 0x100100000n],
  ['R-03', 'long', 'GUEST_RFLAGS', 0x8000n],
  ['I-01', 'long', 'GUEST_INTERRUPTIBILITY_INFO', 0x20n],
  ['I-02', 'long', 'GUEST_INTERRUPTIBILITY_INFO', 3n],
  ['I-03', 'long', 'GUEST_INTERRUPTIBILITY_INFO', 1n],
  ['L-01', 'long', 'VMCS_LINK_POINTER', 0x1234n],
  ['N-04', 'long', 'VM_ENTRY_INTR_INFO_FIELD', 0x80000b06n],
  ['S-01', 'long', 'GUEST_TR_SELECTOR', 0x1cn],
  ['S-05', 'long', 'GUEST_FS_BASE', 0x0000800000000000n],
  ['S-07', 'protected', 'GUEST_CS_BASE', 0x100000000n],
  ['S-09', 'v86', 'GUEST_DS_LIMIT', 0xfffffn],
  ['S-10', 'v86', 'GUEST_ES_AR_BYTES', 0xf1n],
  ['S-11', 'long', 'GUEST_CS_AR_BYTES', (v) => v & ~1n],
  ['S-13', 'long', 'GUEST_DS_AR_BYTES', 0xc092n],
  ['S-20', 'long', 'GUEST_SS_AR_BYTES', 0xc013n],
  ['S-21', 'long', 'GUEST_CS_AR_BYTES', 0xa19bn],
  ['S-23', 'protected', 'GUEST_DS_LIMIT', 0xfffff000n],
  ['S-24', 'long', 'GUEST_GS_AR_BYTES', 0x2c093n],
  ['S-28', 'long', 'GUEST_TR_AR_BYTES', 0x89n],
  ['S-29', 'long', 'GUEST_TR_AR_BYTES', 0x9bn],
  ['S-30', 'long', 'GUEST_TR_AR_BYTES', 0x0bn],
  ['S-31', 'long', 'GUEST_TR_AR_BYTES', 0x18bn],
  ['S-32', 'long', 'GUEST_TR_LIMIT', 0x200000n],
  ['S-33', 'long', 'GUEST_TR_AR_BYTES', 0x1008bn],
  ['S-34', 'long', 'GUEST_TR_AR_BYTES', 0x4008bn],
  ['G-10', 'long', 'GUEST_DR7', 0x100000400n, { VM_ENTRY_CONTROLS: (v) => v | 4n }],
  ['E-24', 'long', 'EPT_POINTER', (v) => v | (1n << 6n), {}, 'qemu:Westmere'],
  ['G-09', 'long', 'GUEST_CR3', (v) => v | (1n << 63n)],
  ['PD-02', 'long', 'GUEST_RFLAGS', (v) => v | (1n << 8n), { GUEST_INTERRUPTIBILITY_INFO: () => 2n }],
  // I-08 fails only by a recorded failure (exit reason 0x80000021, qualification 3, which only it gives)
  ['I-08', 'long', 'GUEST_INTERRUPTIBILITY_INFO', 1n, { GUEST_RFLAGS: () => 0x202n, VM_ENTRY_INTR_INFO_FIELD: () => 0x80000202n, VM_EXIT_REASON: () => 0x80000021n, EXIT_QUALIFICATION: () => 3n }],
  ['PD-03', 'long', 'GUEST_PENDING_DBG_EXCEPTIONS', 1n << 14n, { GUEST_INTERRUPTIBILITY_INFO: () => 2n }],
  // the long template has "unrestricted guest" 0: SS's RPL 3 under CS's 0 fails S-03 (and S-17); SS takes CS's RPL
  ['S-03', 'long', 'GUEST_SS_SELECTOR', (v) => v | 3n],
  // a CPL-3 CS (selector RPL 3, non-conforming code DPL 3) with a ring-0 SS: S-03 and S-16 fail, SS follows CS
  ['S-03', 'long', 'GUEST_CS_SELECTOR', (v) => v | 3n, { GUEST_CS_AR_BYTES: (v) => v | 0x60n }],
  ['S-16', 'long', 'GUEST_CS_AR_BYTES', (v) => v | 0x60n, { GUEST_CS_SELECTOR: (v) => v | 3n }],
  // SS.DPL 3 under a ring-0 non-conforming CS: S-16 (and S-17) fail; SS takes CS's DPL
  ['S-16', 'long', 'GUEST_SS_AR_BYTES', (v) => v | 0x60n],
  // conforming CS (type 15) of DPL 3 run from ring 3 (CS.RPL 3), SS of ring 0: SS takes CS.RPL
  ['S-16', 'long', 'GUEST_CS_AR_BYTES', (v) => (v & ~0xfn) | 0x6fn, { GUEST_CS_SELECTOR: (v) => v | 3n }],
  // real mode under unrestricted guest, CS of type 3 with DPL 3: CS's DPL is cleared (no SS side)
  ['S-16', 'unrestricted-real', 'GUEST_CS_AR_BYTES', 0xf3n],
];

for (const [id, mode, field, broken, also = {}, profile] of CASES) {
  test(`${id}: ${field} broken in a ${mode} template, the fix repairs it`, () => {
    const caps = profile ? profileCaps(findProfile(profile)) : CAPS;
    const values = profile ? templateValues(buildTemplate({ caps, mode, ept: true, vpid: true })) : base(mode);
    const good = values.get(enc(field));
    const bad = typeof broken === 'function' ? broken(good) : broken;
    values.set(enc(field), bad);
    for (const [f, change] of Object.entries(also)) values.set(enc(f), change(values.get(enc(f))));
    if (id === 'N-04') values.set(enc('VM_ENTRY_EXCEPTION_ERROR_CODE'), 0n);
    const before = checkFields(values, { caps, facts });
    const r = before.results.find((x) => x.id === id);
    assert.equal(r.status, 'fail', `${id} fails (${bad.toString(16)})`);
    assert.ok(r.fixes?.length, `${id} has a fix`);
    const after = repairState(values, { caps, facts });
    assert.equal(after.after.results.find((x) => x.id === id).status, 'pass', `${id} passes after the fix`);
    assert.deepEqual(after.remaining.map((x) => `${x.id}: ${x.message}`), []);
  });
}

test('every rule with a fix is covered by a case here or in check-samples', () => {
  const covered = new Set([...CASES.map((c) => c[0]), 'R-05']); // real samples in check-samples.test.js
  const withFix = rules.filter((r) => r.fix).map((r) => r.id);
  assert.deepEqual(withFix.filter((id) => !covered.has(id)), []);
  assert.ok(withFix.length >= 40, `${withFix.length} rules have a fix`);
});

// S-03 and S-16, fix by fix: which side changes (SS follows CS, the code the guest runs), to what,
// and that another change (CS to SS's level) is left to the user's intent.
// [rule, what, changes to the good 64-bit state, expected fix as 'FIELD from->to' or null (no fix)]
const NO_UG = { SECONDARY_VM_EXEC_CONTROL: 0x0010102a };
const SS_CS_FIXES = [
  ['S-03', 'SS RPL 3, CS RPL 0', { ...NO_UG, GUEST_SS_SELECTOR: 0x1b }, 'GUEST_SS_SELECTOR 0x1b->0x18'],
  ['S-03', 'CS RPL 3, SS RPL 0', { ...NO_UG, GUEST_CS_SELECTOR: 0x13 }, 'GUEST_SS_SELECTOR 0x18->0x1b'],
  ['S-03', 'unusable SS keeps its other bits', { ...NO_UG, GUEST_CS_SELECTOR: 0x12, GUEST_SS_SELECTOR: 0x3, GUEST_SS_AR_BYTES: 0x10000 }, 'GUEST_SS_SELECTOR 0x3->0x2'],
  ['S-16', 'non-conforming CS DPL 3, SS DPL 0', { GUEST_CS_AR_BYTES: 0xa0fb }, 'GUEST_SS_AR_BYTES 0xc093->0xc0f3'],
  ['S-16', 'non-conforming CS DPL 0, SS DPL 3', { GUEST_SS_AR_BYTES: 0xc0f3 }, 'GUEST_SS_AR_BYTES 0xc0f3->0xc093'],
  ['S-16', 'non-conforming CS DPL 1, unusable SS DPL 3', { GUEST_CS_AR_BYTES: 0xa0bb, GUEST_SS_AR_BYTES: 0x10060 }, 'GUEST_SS_AR_BYTES 0x10060->0x10020'],
  ['S-16', 'conforming CS DPL 3 above SS DPL 0, CS.RPL 0 (UG)', { GUEST_CS_AR_BYTES: 0xa0ff }, 'GUEST_SS_AR_BYTES 0xc093->0xc0f3'],
  ['S-16', 'conforming CS DPL 1, CS.RPL 3, no UG: SS DPL to the CPL 3', { ...NO_UG, GUEST_CS_AR_BYTES: 0xa0bf, GUEST_CS_SELECTOR: 0x13 }, 'GUEST_SS_AR_BYTES 0xc093->0xc0f3'],
  ['S-16', 'conforming CS DPL 2, CS.RPL 0 below it, no UG: SS DPL to the DPL', { ...NO_UG, GUEST_CS_AR_BYTES: 0xa0df }, 'GUEST_SS_AR_BYTES 0xc093->0xc0d3'],
  ['S-16', 'CS type 3 (UG) with DPL 3: CS DPL cleared', { GUEST_CR0: 0x30, GUEST_CS_AR_BYTES: 0xf3 }, 'GUEST_CS_AR_BYTES 0xf3->0x93'],
];

for (const [id, what, changes, want] of SS_CS_FIXES) {
  test(`${id} fix: ${what}`, () => {
    const r = runRule(id, changes, { caps: false });
    assert.equal(r.status, 'fail', r.message);
    const got = (r.fixes ?? []).map((f) => `${f.field} 0x${f.from.toString(16)}->0x${f.to.toString(16)}`);
    assert.deepEqual(got, want === null ? [] : [want]);
    const fix = r.fixes[0];
    if (fix.field.startsWith('GUEST_SS_')) {
      assert.match(fix.why, /SS follows CS, which is what the guest code runs with/);
      assert.match(fix.dependsOnIntent, /change CS/);
    } else assert.equal(fix.dependsOnIntent, undefined);
    // the rule passes once its fix is applied
    const fixed = state(changes);
    fixed.set(enc(fix.field), fix.to);
    assert.equal(checkFields(fixed, { only: [id] }).results[0].status, 'pass');
  });
}

test('S-16 with a conforming CS whose selector RPL is below its DPL (no UG): SS gets the DPL, and S-17 is left failing (no SS fits S-03, S-16 and S-17)', () => {
  const changes = { ...NO_UG, GUEST_CS_AR_BYTES: 0xa0ff };
  const after = repairState(state(changes), {});
  assert.deepEqual(after.applied.map((a) => `${a.rule} ${a.fix.field} 0x${a.fix.to.toString(16)}`), ['S-16 GUEST_SS_AR_BYTES 0xc0f3']);
  assert.deepEqual(after.remaining.map((r) => r.id), ['S-17']);
});
