// The real dumps of test/fixtures/samples/ through `vmcs check`: each sample that records a
// failed VM entry is diagnosed with the rule worked out by hand from the SDM (the reasoning
// is next to each case); the samples taken at ordinary VM exits produce no failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { annotate, checkDump, checkFields, findProfile, profileCaps } from '../dist/index.js';
import { state } from './check-helpers.js';

const sample = (name) => readFileSync(new URL(`./fixtures/samples/${name}`, import.meta.url), 'utf8');
const dumpOf = (name) => {
  // QEMU's register dump after sample 01's KVM dump is QEMU's view of the vCPU, not this VMCS
  const dumps = annotate(sample(name), { bits: false }).dumps.filter((d) => d.fields.length > 0 && d.format !== 'qemu');
  assert.equal(dumps.length, 1, `${name}: one dump`);
  return dumps[0];
};
const caps = (name) => profileCaps(findProfile(name));
const failing = (report) => report.results.filter((r) => r.status === 'fail').map((r) => r.id);

// [sample, caps profile name or check options or null, recorded kind, explanation status, rules that must explain it, rules that must be among couldBe]
const FAILED_ENTRIES = [
  // Windows guest entering SMM under KVM 5.15 (Proxmox): RFLAGS 0x2 (IF = 0) with interruptibility
  // 0x9 (blocking by STI + by NMI). SDM 27.3.1.5: blocking by STI requires RFLAGS.IF = 1 -> I-03.
  ['01-kvm-5.15-proxmox-syslog.txt', null, 'exit-33', 'explained', ['I-03'], []],
  // dosemu2 on a Core 2 Duo (no unrestricted guest), protected mode: DS and ES are usable with
  // access rights 0xc0f2, type 2 (data read/write, not accessed). SDM 27.3.1.2: a usable DS, ES,
  // FS or GS must have its accessed bit (type bit 0) set -> S-13.
  ['02-kvm-5.x-dosemu2-core2duo-dmesg.txt', null, 'exit-33', 'explained', ['S-13'], []],
  // Custom VMM (UT Austin): a valid external interrupt (0x80000044) is injected with RFLAGS.IF = 0
  // (R-05); TR is unusable (S-33) with type 1 (S-28), not present (S-30) and a limit above 1 MB
  // with G = 0 (S-32). The GDTR base 0x001f000000000200 is not canonical with 48-bit linear
  // addresses (D-01), but is with 57: D-01 fails once the width is known (--cpu la57=0).
  ['09-kvm-5.x-bare-no-prefix-custom-vmm.txt', null, 'exit-33', 'explained', ['R-05', 'S-28', 'S-30', 'S-32', 'S-33'], ['D-01']],
  ['09-kvm-5.x-bare-no-prefix-custom-vmm.txt', { facts: { linearWidth: 48 } }, 'exit-33', 'explained', ['D-01', 'R-05', 'S-28', 'S-30', 'S-32', 'S-33'], []],
  // Xen 4.12 VMLAUNCH error 7 (invalid control fields): the VM-entry interruption information
  // 0x8000030d injects a hardware exception #GP (type 3, vector 13) in protected mode (guest
  // CR0.PE = 1) without "deliver error code". SDM 27.2.1.3: #GP delivers an error code -> N-04,
  // unless IA32_VMX_BASIC[56] (a 2020s addition) lifts the vector part: so it needs the caps.
  ['03-xen-4.12-nested-vmlaunch-error.txt', null, 'vmfail-7', 'not-explained', [], ['N-04']],
  ['03-xen-4.12-nested-vmlaunch-error.txt', 'i7-9750h', 'vmfail-7', 'explained', ['N-04'], []],
  // syzkaller under nested KVM on GCE: the only irregular value is guest CR4 0x6154 with SMXE
  // (bit 14) set; on a CPU without SMX IA32_VMX_CR4_FIXED1 has bit 14 clear -> G-03. Without the
  // capability MSRs the checks cannot tell, and say so.
  ['12-kvm-4.13-next-syzbot-gce-nested.txt', null, 'exit-33', 'not-explained', [], ['G-03']],
  ['12-kvm-4.13-next-syzbot-gce-nested.txt', 'i7-9750h', 'exit-33', 'explained', ['G-03'], []],
];

for (const [name, profile, kind, status, by, couldBe] of FAILED_ENTRIES) {
  const options = typeof profile === 'string' ? { caps: caps(profile) } : (profile ?? {});
  const label = typeof profile === 'string' ? ` with ${profile}` : profile ? ` with ${JSON.stringify(profile.facts)}` : '';
  test(`${name}${label}: ${status}${by.length ? ` by ${by.join(', ')}` : ''}`, () => {
    const report = checkDump(dumpOf(name), options);
    assert.ok(report.explanation, 'the dump records how its entry failed');
    assert.equal(report.explanation.recorded.kind, kind);
    assert.equal(report.explanation.status, status, `failing: ${failing(report).join(', ')}`);
    for (const id of by) assert.ok(report.explanation.by.includes(id), `${id} explains it (by: ${report.explanation.by.join(', ')})`);
    for (const id of couldBe) assert.ok(report.explanation.couldBe.includes(id), `${id} could (couldBe: ${report.explanation.couldBe.join(', ')})`);
    if (status === 'explained') assert.deepEqual(failing(report).filter((id) => !by.includes(id)), [], 'no other rule fails');
  });
}

// Dumps taken at ordinary VM exits: the CPU accepted these states.
for (const name of ['04-xen-4.11-debugkey-v-pvh.txt', '07-kvm-6.9-kvm_intel-prefix-indented-ve.txt', '08-kvm-6.x-kvm_intel-prefix-pr_cont-split.txt']) {
  test(`${name}: an accepted state, no rule fails`, () => {
    const report = checkDump(dumpOf(name));
    assert.deepEqual(failing(report), []);
    assert.equal(report.explanation, undefined);
    assert.equal(report.predicted, null);
  });
}

// QEMU's "KVM: entry failed, hardware error 0x..." after KVM's dump is how the entry failed;
// after a VMfail the VMCS's exit reason is the previous exit's, so QEMU's line wins.
const QEMU_CASES = [
  // [hardware error, recorded kind, error or exit reason]
  ['0x80000021', 'exit-33', { exitReason: 0x80000021 }],
  ['0x7', 'vmfail-7', { error: 7 }],
  ['0x8', 'vmfail-8', { error: 8 }],
  ['0x5', 'vmfail', { error: 5 }],
];
for (const [hw, kind, extra] of QEMU_CASES) {
  test(`sample 01 with QEMU's "hardware error ${hw}": recorded ${kind}`, () => {
    const text = sample('01-kvm-5.15-proxmox-syslog.txt').replace('hardware error 0x80000021', `hardware error ${hw}`);
    const [dump] = annotate(text, { bits: false }).dumps.filter((d) => d.fields.length > 0);
    assert.ok(dump.notes.some((n) => n.label === 'KVM: entry failed, hardware error' && n.value === hw));
    const { explanation } = checkDump(dump);
    assert.equal(explanation.recorded.kind, kind);
    for (const [k, v] of Object.entries(extra)) assert.equal(explanation.recorded[k], v);
    if (kind === 'vmfail') assert.deepEqual([explanation.by, explanation.couldBe], [[], []]);
  });
}

// The explanation against the order of the checks (SDM 27.2-27.4): controls and host state
// in any order (7 and 8 do not contradict each other), then guest state (33), then MSR loading (34).
const ORDERING = [
  // [recorded error or exit reason, changes to the good state, status]
  [{ VM_INSTRUCTION_ERROR: 8 }, { HOST_TR_SELECTOR: 0, PIN_BASED_VM_EXEC_CONTROL: 0x36 }, 'explained'],
  [{ VM_INSTRUCTION_ERROR: 7 }, { HOST_TR_SELECTOR: 0, PIN_BASED_VM_EXEC_CONTROL: 0x36 }, 'explained'],
  [{ VM_INSTRUCTION_ERROR: 7 }, { HOST_TR_SELECTOR: 0 }, 'not-explained'],
  [{ VM_EXIT_REASON: 0x80000021 }, { HOST_TR_SELECTOR: 0, GUEST_RFLAGS: 0x244 }, 'contradicted'],
  [{ VM_EXIT_REASON: 0x80000021 }, { GUEST_RFLAGS: 0x244 }, 'explained'],
  [{ VM_EXIT_REASON: 0x80000022, EXIT_QUALIFICATION: 1 }, { GUEST_RFLAGS: 0x244 }, 'contradicted'],
  [{ VM_EXIT_REASON: 0x80000021, EXIT_QUALIFICATION: 4 }, { GUEST_RFLAGS: 0x244 }, 'not-explained'],
  [{ VM_EXIT_REASON: 0x80000021, EXIT_QUALIFICATION: 4 }, { VMCS_LINK_POINTER: 0x1001 }, 'explained'],
];
for (const [recorded, changes, status] of ORDERING) {
  test(`recorded ${JSON.stringify(recorded)} with ${JSON.stringify(changes)}: ${status}`, () => {
    const r = checkFields(state({ ...changes, ...recorded }));
    assert.equal(r.explanation.status, status, JSON.stringify(r.results.filter((x) => x.status === 'fail').map((x) => x.id)));
  });
}

// Suggested fixes: each failing real sample, repaired with the fixes check suggests, passes the
// rules it failed (and every other rule: the repaired state has no failure at all).
// 16-kvm-4.19 fails I-08 by its recorded failure alone: the dump (a tail) holds neither
// GUEST_INTERRUPTIBILITY_INFO nor VM_ENTRY_INTR_INFO_FIELD, so no fix can be computed.
// [sample, options, rules that carry a fix, a fix that must depend on intent]
const FIX_CASES = [
  ['01-kvm-5.15-proxmox-syslog.txt', {}, ['I-03'], 'I-03'],
  ['02-kvm-5.x-dosemu2-core2duo-dmesg.txt', {}, ['S-13'], null],
  ['09-kvm-5.x-bare-no-prefix-custom-vmm.txt', { facts: { linearWidth: 48 } }, ['D-01', 'R-05', 'S-28', 'S-30', 'S-32', 'S-33'], 'R-05'],
  ['03-xen-4.12-nested-vmlaunch-error.txt', { caps: 'i7-9750h' }, ['N-04'], null],
  ['12-kvm-4.13-next-syzbot-gce-nested.txt', { caps: 'i7-9750h' }, ['G-03'], 'G-03'],
  ['34-kvm-4.x-edk2-indented-quoted-fragments.txt', {}, ['R-05'], 'R-05'],
  ['17-xen-4.13-quoted-hardwrapped-date-prefix.txt', {}, ['PD-02'], 'PD-02'],
  ['25-kvm-6.x-kvm_intel-svsm-ci-dump-head-excerpt.txt', { caps: 'i7-9750h' }, ['G-03', 'G-09'], 'G-09'],
  ['28-xen-4.10-drakvuf-pdpte-dump-head-excerpt.txt', { caps: 'i7-9750h' }, ['G-09'], 'G-09'],
];
for (const [name, opts, ids, intentRule] of FIX_CASES) {
  test(`${name}: the suggested fixes make ${ids.join(', ')} pass`, async () => {
    const { repairState } = await import('../dist/check/repair.js');
    const options = { ...opts, ...(opts.caps ? { caps: caps(opts.caps) } : {}) };
    const dump = dumpOf(name);
    const report = checkDump(dump, options);
    for (const id of ids) {
      const r = report.results.find((x) => x.id === id);
      assert.equal(r.status, 'fail', id);
      assert.ok(r.fixes?.length, `${id} suggests a fix`);
      for (const f of r.fixes) assert.notEqual(f.from, f.to);
    }
    if (intentRule) assert.ok(report.results.find((x) => x.id === intentRule).fixes.some((f) => f.dependsOnIntent), `${intentRule} says it depends on intent`);
    const values = new Map(dump.fields.map((f) => [f.encoding, f.value]));
    const repaired = repairState(values, options);
    for (const id of ids) assert.equal(repaired.after.results.find((x) => x.id === id).status, 'pass', `${id} passes after the fix`);
    assert.deepEqual(repaired.remaining.map((r) => r.id), []);
  });
}

test('check --apply-fixes writes a dump that check then passes; human output has one fix line', async () => {
  const { spawnSync } = await import('node:child_process');
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const bin = new URL('../bin/vmcs.js', import.meta.url).pathname;
  const file = new URL('./fixtures/samples/09-kvm-5.x-bare-no-prefix-custom-vmm.txt', import.meta.url).pathname;
  const run = (args) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const before = run(['check', '--cpu', 'la57=0', file]);
  assert.equal(before.status, 1);
  assert.match(before.stdout, /^ {7}fix: GUEST_RFLAGS 0x2 -> 0x202 \(set RFLAGS\.IF \(bit 9\)\); depends on intent: /m);
  const json = JSON.parse(run(['check', '--json', '--cpu', 'la57=0', file]).stdout);
  assert.deepEqual(json.dumps[0].results.find((r) => r.id === 'S-30').fixes, [{ field: 'GUEST_TR_AR_BYTES', from: '0x10021', to: '0x100a1', why: 'set P (bit 7): TR must be present' }]);
  const fixed = run(['check', '--apply-fixes', '--cpu', 'la57=0', file]);
  assert.equal(fixed.status, 0, fixed.stderr);
  const out = join(mkdtempSync(join(tmpdir(), 'vmcs-fix-')), 'fixed.txt');
  writeFileSync(out, fixed.stdout);
  const after = run(['check', '--cpu', 'la57=0', out]);
  assert.equal(after.status, 0, after.stdout);
  assert.match(after.stdout, /No rule fails\./);
});

test('check --apply-fixes --json: the repaired state, what changed and which changes depend on intent; check reads it back and passes', async () => {
  const { spawnSync } = await import('node:child_process');
  const bin = new URL('../bin/vmcs.js', import.meta.url).pathname;
  const file = new URL('./fixtures/samples/09-kvm-5.x-bare-no-prefix-custom-vmm.txt', import.meta.url).pathname;
  const run = (args, input) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });
  const r = run(['check', '--apply-fixes', '--json', '--cpu', 'la57=0', file]);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.schema, 'vmcs/check-fixes/v1');
  const d = j.dumps[0];
  // S-28 made TR a busy TSS first (0x10021 -> 0x1002b), then S-30 made it present
  assert.deepEqual(d.changed.find((c) => c.rule === 'S-30'), { rule: 'S-30', field: 'GUEST_TR_AR_BYTES', from: '0x1002b', to: '0x100ab', why: 'set P (bit 7): TR must be present' });
  assert.equal(d.dependsOnIntent, true);
  assert.match(d.changed.find((c) => c.rule === 'R-05').dependsOnIntent, /./);
  assert.deepEqual(d.remaining, []);
  assert.equal(d.counts.fail, 0);
  assert.equal(d.fields.find((f) => f.name === 'GUEST_TR_AR_BYTES').value, d.changed.filter((c) => c.field === 'GUEST_TR_AR_BYTES').at(-1).to);
  // (and the unknown-token counts annotate gives for the same input)
  const tokens = JSON.parse(run(['annotate', '--json', file]).stdout).summary;
  assert.deepEqual(j.summary, { dumps: 1, changed: d.changed.length, dependOnIntent: d.changed.filter((c) => c.dependsOnIntent).length, remaining: 0, unknownReported: tokens.unknownReported, unknownSkipped: tokens.unknownSkipped });
  // the JSON is a dump check reads (annotate's JSON reader): it passes
  const again = run(['check', '--cpu', 'la57=0', '-'], r.stdout);
  assert.equal(again.status, 0, again.stdout);
  assert.match(again.stdout, /No rule fails\./);
  // a failure no fix covers: remaining, exit 1
  const tail = new URL('./fixtures/samples/16-kvm-4.19-next-syzbot-dump-tail-hung-task.txt', import.meta.url).pathname;
  const t = run(['check', '--apply-fixes', '--json', tail]);
  assert.equal(t.status, 1);
  assert.deepEqual(JSON.parse(t.stdout).dumps[0].remaining.map((x) => x.id), ['I-08']);
});

// An AMD host's QEMU report (src/dialects/qemu.ts): hardware error 0xffffffff with KVM's SVM
// dump_vmcb() in the same input is SVM's VMEXIT_INVALID, which no VMCS rule decides: the dump
// gets svm-host and check evaluates no rule (exit 3, nothing evaluated). 0xffffffff alone does
// not say AMD (all ones is also a read that failed): its rules are evaluated. Lines constructed
// from QEMU's kvm_arch_handle_exit() and x86_cpu_dump_state(), and KVM's svm.c dump_vmcb() (4.x
// `KVM: FAILED VMRUN WITH VMCB:`, 5.x+ `VMCB %p, last attempted VMRUN on CPU %d`); and sample 104.
// [what, input, svm-host diagnostics (line), check's exit status]
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const QEMU_REGS = 'EAX=00000000 EBX=00000000 ECX=00000000 EDX=000006d3\nEIP=0000fff0 EFL=00000002 [-------] CPL=0 II=0 A20=1 SMM=0 HLT=0\nCS =f000 ffff0000 0000ffff 00009b00\nCR0=60000010 CR2=00000000 CR3=00000000 CR4=00000000\n';
const AMD_CASES = [
  ['sample 104: QEMU first, then dump_vmcb (4.x header)', sample('104-qemu-entry-failed-0xffffffff-amd-elided-then-svm-vmcb-dump-lines.txt'), [3], 3],
  ['dump_vmcb before QEMU (the kernel prints first), 5.x header, kvm_amd prefix', 'kvm_amd: VMCB 00000000a1b2c3d4, last attempted VMRUN on CPU 3\nkvm_amd: VMCB Control Area:\nkvm_amd: cr_read:            0013\nkvm_amd: exit_code:          ffffffffffffffff\nKVM: entry failed, hardware error 0xffffffff\n' + QEMU_REGS, [5], 3],
  ['0xffffffff alone: not said to be AMD, rules evaluated', 'KVM: entry failed, hardware error 0xffffffff\n' + QEMU_REGS, [], 0],
  ['dump_vmcb with another hardware error: not this dump', 'VMCB Control Area:\ncr_read:            0013\n\nKVM: entry failed, hardware error 0x80000021\n' + QEMU_REGS, [], 0],
];
for (const [what, input, lines, status] of AMD_CASES) {
  test(`AMD host's QEMU report, table: ${what}`, (t) => {
    const r = annotate(input, { bits: false });
    const svm = r.dumps.flatMap((d) => d.diagnostics).filter((d) => d.code === 'svm-host');
    assert.deepEqual(svm.map((d) => d.line), lines);
    for (const d of r.dumps) {
      const report = checkDump(d);
      if (lines.length) assert.deepEqual([report.counts.pass, report.counts.fail, report.results.every((x) => x.needs?.kind === 'model')], [0, 0, true]);
      else assert.ok(report.counts.pass + report.counts.fail > 0);
    }
    const dir = mkdtempSync(join(tmpdir(), 'vmcs-amd-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'in.log');
    writeFileSync(file, input);
    const c = spawnSync(process.execPath, [join(ROOT, 'bin', 'vmcs.js'), 'check', '--json', file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(c.status, status, c.stderr);
    const codes = JSON.parse(c.stdout).dumps.flatMap((d) => (d.diagnostics ?? []).map((x) => x.code));
    assert.equal(codes.includes('svm-host'), lines.length > 0);
  });
}
