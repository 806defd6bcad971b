// `vmcs check` and `vmcs caps` as users run them: files and stdin, --json shapes, exit codes
// (0 no failure, 1 at least one failure, 2 usage or unreadable input), no stack traces.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GOOD = 'test/fixtures/check/good-64bit.txt';
const SAMPLE = (n) => `test/fixtures/samples/${n}`;
const tmp = mkdtempSync(join(tmpdir(), 'vmcs-check-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function vmcs(args, { input = '' } = {}) {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const p = spawnSync(process.execPath, ['bin/vmcs.js', ...args], { cwd: ROOT, input, encoding: 'utf8', env, timeout: 20000 });
  assert.equal(p.error, undefined, String(p.error));
  assert.equal(p.stderr.includes('    at '), false, `stack trace:\n${p.stderr}`);
  return { code: p.status, stdout: p.stdout, stderr: p.stderr };
}

const goodText = readFileSync(join(ROOT, GOOD), 'utf8');
const broken = join(tmp, 'broken.txt');
// the good state with SS.DPL 3 under a non-conforming CS of DPL 0: S-16 fails (invalid guest state)
writeFileSync(broken, goodText.replace('GUEST_SS_AR_BYTES: 0x0000c093', 'GUEST_SS_AR_BYTES: 0x0000c0f3'));
// TPR threshold 5 with "use TPR shadow": E-10 compares it with the VTPR byte in memory (--memory)
const tpr = join(tmp, 'tpr.txt');
writeFileSync(tpr, goodText.replace('TPR_THRESHOLD: 0x00000000', 'TPR_THRESHOLD: 0x00000005'));
const vtpr = (v) => {
  const p = join(tmp, `vtpr-${v}.txt`);
  writeFileSync(p, `# the virtual-APIC page's VTPR byte\n0x10a3b6080 ${v}\n`);
  return p;
};
const badMemory = join(tmp, 'bad-memory.txt');
writeFileSync(badMemory, '0x10a3b6084 0x40\n');
const empty = join(tmp, 'nothing.txt');
writeFileSync(empty, 'no dump here\njust words\n');

// [args, stdin, exit code, stdout pattern]
const CASES = [
  [['check', '--caps', 'i7-9750h', GOOD], '', 0, /No rule fails\./],
  [['check', GOOD], '', 0, /no capabilities given \(--caps\)/],
  [['check', '--caps', 'i7-9750h', broken], '', 1, /FAIL S-16/],
  [['check', '--caps', 'i7-9750h'], goodText, 0, /No rule fails/],
  [['check', '--caps', 'i7-9750h', '-'], goodText.replace('GUEST_RFLAGS: 0x0000000000000246', 'GUEST_RFLAGS: 0x0000000000000244'), 1, /FAIL R-03/],
  [['check', SAMPLE('01-kvm-5.15-proxmox-syslog.txt')], '', 1, /Explained: I-03 gives exactly the failure the dump records/],
  [['check', SAMPLE('07-kvm-6.9-kvm_intel-prefix-indented-ve.txt')], '', 0, /No rule fails/],
  [['check', 'does-not-exist.txt'], '', 2, /^$/],
  [['check', empty], '', 3, /^$/],
  [['check', SAMPLE('14-virtualbox-7.0-vboxlog-vtx-info-excerpt.txt')], '', 3, /^$/],
  [['check', '--caps', 'no-such-cpu', GOOD], '', 2, /^$/],
  [['check', '--cpu', 'paw=99', GOOD], '', 2, /^$/],
  [['check', '--cpu', 'colour=blue', GOOD], '', 2, /^$/],
  [['check', '--no-such-option', GOOD], '', 2, /^$/],
  [['check', '--list'], '', 0, /^E-01 /m],
  [['check', '--caps', '-'], goodText, 2, /^$/],
  [['check', '--caps', '-', GOOD], 'IA32_VMX_BASIC 0x00da040000000004\n', 0, /No rule fails/],
  [['check', '--verbose', '--caps', 'i7-9750h', GOOD], '', 0, /Passed/],
  [['check', '--verbose', '--caps', 'i7-9750h', tpr], '', 0, /E-10 .*\n.*needs memory a dump does not hold: byte 80H \(VTPR\)/],
  [['check', '--caps', 'i7-9750h', '--memory', vtpr('0x40'), tpr], '', 1, /FAIL E-10/],
  [['check', '--caps', 'i7-9750h', '--memory', vtpr('0x50'), tpr], '', 0, /No rule fails/],
  [['check', '--memory', badMemory, GOOD], '', 2, /^$/],
  [['check', '--memory', 'does-not-exist.txt', GOOD], '', 2, /^$/],
];

/** One test per row: [args, stdin, exit code, stdout pattern]; a usage error is one line on stderr. */
function table(rows) {
  for (const [args, input, code, out] of rows) {
    test(`vmcs ${args.join(' ')}${input ? ' < stdin' : ''} -> exit ${code}`, () => {
      const r = vmcs(args, { input });
      assert.equal(r.code, code, r.stderr);
      assert.match(r.stdout, out);
      if (code === 2 || code === 3) assert.equal(r.stderr.trim().split('\n').length, 1, `one line on stderr: ${r.stderr}`);
    });
  }
}

table(CASES);

test('check --json: the README shape', () => {
  const r = vmcs(['check', '--json', '--caps', 'i7-9750h', broken]);
  assert.equal(r.code, 1);
  const j = JSON.parse(r.stdout);
  assert.equal(j.dumps.length, 1);
  const [d] = j.dumps;
  assert.equal(d.predicted, 'exit-33');
  const fail = d.results.find((x) => x.id === 'S-16');
  assert.equal(fail.status, 'fail');
  assert.equal(fail.section, '28.3.1.2');
  assert.equal(fail.failure, 'exit-33');
  assert.equal(typeof fail.message, 'string');
  assert.ok(fail.fields.some((f) => f.name === 'GUEST_SS_AR_BYTES' && f.value === '0xc0f3'));
  for (const x of d.results) assert.ok(['pass', 'fail', 'not-evaluated'].includes(x.status));
  const ne = d.results.find((x) => x.status === 'not-evaluated');
  assert.ok(ne && ne.needs && typeof ne.needs.kind === 'string');
  assert.equal(j.caps.source, 'profile i7-9750h');
  assert.equal(j.summary.dumps, 1);
});

test('check --json over a sample that records its failure: the explanation', () => {
  const j = JSON.parse(vmcs(['check', '--json', SAMPLE('01-kvm-5.15-proxmox-syslog.txt')]).stdout);
  assert.deepEqual(j.dumps[0].explanation.recorded, { kind: 'exit-33', exitReason: '0x80000021', qualification: '0x0' });
  assert.equal(j.dumps[0].explanation.status, 'explained');
  assert.ok(j.dumps[0].explanation.by.includes('I-03'));
});

test('sample 46 (Xen, DR7 bit 62, no VM-entry controls): G-10 is a conditional verdict, not a plain failure', () => {
  const f = SAMPLE('46-xen-elided-indented-vmentry-failure-dr7.txt');
  const h = vmcs(['check', f]);
  assert.equal(h.code, 0); // conditional: the rule stays not evaluated
  assert.match(h.stdout, /FAIL IF G-10 .*\n\s+if VM_ENTRY_CONTROLS bit 2 \(Load debug controls\) = 1, which the dump does not hold: GUEST_DR7 0x4000000000000001: bits 63:32 must be 0/);
  assert.match(h.stdout, /No rule fails for certain, but 1 would under a setting of a control the dump does not hold/);
  assert.doesNotMatch(h.stdout, /No rule fails\./);
  assert.doesNotMatch(h.stdout, /^\s+FAIL (?!IF)/m);
  const j = JSON.parse(vmcs(['check', '--json', f]).stdout).dumps[0];
  const g10 = j.results.find((r) => r.id === 'G-10');
  assert.equal(g10.status, 'not-evaluated');
  assert.deepEqual(g10.failsIf.map((c) => c.when), [[{ field: 'VM_ENTRY_CONTROLS', bit: 2, name: 'Load debug controls', value: 1 }]]);
  assert.deepEqual(j.counts, { pass: 5, fail: 0, notEvaluated: 195 });
  assert.deepEqual(j.explanation.byIf, ['G-10']);
});

test('check --list --json: every rule once, with its SDM section', () => {
  const rules = JSON.parse(vmcs(['check', '--list', '--json']).stdout);
  const ids = rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(ids.length >= 200, `${ids.length} rules`);
  for (const r of rules) assert.match(r.section, /^28\.[234]/);
});

const MSRS = '0x480 0x00da040000000004\n0x481 0x0000007f00000016\n0x48d 0x0000007f00000016\n';
// [args, stdin, exit code, stdout pattern]
const CAPS = [
  [['caps', 'i7-9750h'], '', 0, /Process posted interrupts\s+must be 0 \(not supported\)/],
  [['caps', 'haswell'], '', 0, /Core i5-4600U/],
  [['caps', '--list'], '', 0, /^  i7-9750h  /m],
  [['caps', '--diff', 'i7-9750h', 'i9-9980xe'], '', 0, /Process posted interrupts.*only B allows 1/],
  [['caps'], MSRS, 0, /VMCS revision id\s+0x4/],
  [['caps', '-'], MSRS, 0, /External-interrupt exiting\s+can be 0 or 1/],
  [['caps', 'test/fixtures/caps/i7-9750h.vmxcap.txt'], '', 0, /IA32_VMX_BASIC/],
  [['caps', 'test/fixtures/caps/i7-9750h.vbox.log'], '', 0, /IA32_VMX_BASIC/],
  [['caps', 'no-such-cpu'], '', 2, /^$/],
  [['caps', '--diff', 'i7-9750h'], '', 2, /^$/],
  [['caps', GOOD], '', 2, /^$/],
  [['check', '--caps', 'test/fixtures/caps/i7-9750h.vbox.log', GOOD], '', 0, /No rule fails/],
  [['check', '--caps', 'test/fixtures/caps/i7-9750h.msr.txt', broken], '', 1, /FAIL S-16/],
];

table(CAPS);

test('caps --json and caps --diff --json are plain JSON with hex strings', () => {
  const one = JSON.parse(vmcs(['caps', '--json', 'i7-9750h']).stdout);
  assert.ok(JSON.stringify(one).includes('"0x00da040000000004"') || JSON.stringify(one).includes('"0xda040000000004"'));
  const diff = JSON.parse(vmcs(['caps', '--diff', '--json', 'i7-9750h', 'i9-9980xe']).stdout);
  assert.equal(typeof diff, 'object');
  assert.ok(JSON.stringify(diff).includes('b-only-1'));
});

// The README shows real output of `vmcs check`: every such example is run and compared.
test('README: the vmcs check examples print what the README shows', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```console\n([\s\S]*?)```/g)].map((m) => m[1]);
  let n = 0;
  for (const block of blocks) {
    const parts = block.split(/^\$ /m).slice(1);
    for (const part of parts) {
      const [cmd, ...out] = part.split('\n');
      if (!/^vmcs check [^|>]*$/.test(cmd) || out.some((l) => l.trim() === '...')) continue;
      const r = vmcs(cmd.split(/\s+/).slice(1));
      assert.equal(r.stdout, out.join('\n').replace(/\n*$/, '\n') + (r.stdout.endsWith('\n\n') ? '\n' : ''), cmd);
      n++;
    }
  }
  assert.ok(n >= 2, `${n} examples`);
});

// check reads what annotate reads: a KVM vmcs12 region, raw or as xxd-style hex text.
test('check over a vmcs12 region built from the good state, raw and as hex text', async () => {
  const { VMCS12_PRE_CET, VMCS12_REVISION } = await import('../dist/regions/vmcs12.js');
  const { GOOD: good } = await import('./check-helpers.js');
  const { lookupName } = await import('../dist/table/table.js');
  const region = (changes) => {
    const bytes = new Uint8Array(4096);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, VMCS12_REVISION, true);
    view.setUint32(8, 1, true); // launch state: launched
    for (const slot of VMCS12_PRE_CET.fields) {
      const enc = lookupName(slot.field).encoding;
      const v = changes[slot.field] ?? good.get(enc) ?? 0n;
      if (slot.size === 8) view.setBigUint64(slot.offset, v, true);
      else if (slot.size === 4) view.setUint32(slot.offset, Number(v), true);
      else view.setUint16(slot.offset, Number(v), true);
    }
    return bytes;
  };
  const ok = join(tmp, 'vmcs12.bin');
  const bad = join(tmp, 'vmcs12-bad.bin');
  writeFileSync(ok, region({}));
  writeFileSync(bad, region({ GUEST_RFLAGS: 0x244n }));
  const r1 = vmcs(['check', '--caps', 'i7-9750h', ok]);
  assert.equal(r1.code, 0, r1.stdout + r1.stderr);
  assert.match(r1.stdout, /vmcs12\)\n  No rule fails\./);
  const r2 = vmcs(['check', '--json', '--caps', 'i7-9750h', bad]);
  assert.equal(r2.code, 1);
  const d = JSON.parse(r2.stdout).dumps[0];
  assert.equal(d.format, 'vmcs12');
  assert.deepEqual(d.results.filter((x) => x.status === 'fail').map((x) => x.id), ['R-03']);
  const hex = [...region({ GUEST_RFLAGS: 0x244n })].map((b) => b.toString(16).padStart(2, '0')).join('').replace(/(.{32})/g, '$1\n');
  const r3 = vmcs(['check', '--caps', 'i7-9750h'], { input: hex });
  assert.equal(r3.code, 1, r3.stderr);
  assert.match(r3.stdout, /FAIL R-03/);
});

test('check --apply-fixes on a dump whose SS does not follow a ring-3 CS (no unrestricted guest): S-03 and S-16 fixed on the SS side, check passes the result', () => {
  // CS selector RPL 3 and non-conforming DPL 3 (the guest runs user code), SS still ring 0
  const text = goodText
    .replace('SECONDARY_VM_EXEC_CONTROL: 0x001010aa', 'SECONDARY_VM_EXEC_CONTROL: 0x0010102a')
    .replace('GUEST_CS_SELECTOR: 0x0010', 'GUEST_CS_SELECTOR: 0x0013')
    .replace('GUEST_CS_AR_BYTES: 0x0000a09b', 'GUEST_CS_AR_BYTES: 0x0000a0fb');
  const file = join(tmp, 'ring3-cs.txt');
  writeFileSync(file, text);
  const before = vmcs(['check', '--caps', 'i7-9750h', file]);
  assert.equal(before.code, 1, before.stdout);
  assert.match(before.stdout, /FAIL S-03/);
  assert.match(before.stdout, /FAIL S-16/);
  assert.match(before.stdout, /fix: GUEST_SS_SELECTOR 0x18 -> 0x1b \(set the RPL \(bits 1:0\) of SS to 3, the RPL of the CS selector: SS follows CS, which is what the guest code runs with\); depends on intent: /);
  const j = JSON.parse(vmcs(['check', '--apply-fixes', '--json', '--caps', 'i7-9750h', file]).stdout);
  assert.deepEqual(j.dumps[0].changed.map((c) => `${c.rule} ${c.field} ${c.from} ${c.to}`), ['S-03 GUEST_SS_SELECTOR 0x18 0x1b', 'S-16 GUEST_SS_AR_BYTES 0xc093 0xc0f3']);
  assert.deepEqual(j.dumps[0].remaining, []);
  const fixed = vmcs(['check', '--apply-fixes', '--caps', 'i7-9750h', file]);
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.match(fixed.stdout, /^GUEST_SS_SELECTOR\s+= 0x001b$/m);
  assert.match(fixed.stdout, /^GUEST_CS_SELECTOR\s+= 0x0013$/m);
  const out = join(tmp, 'ring3-cs-fixed.txt');
  writeFileSync(out, fixed.stdout);
  const after = vmcs(['check', '--caps', 'i7-9750h', out]);
  assert.equal(after.code, 0, after.stdout);
  assert.match(after.stdout, /No rule fails\./);
});
