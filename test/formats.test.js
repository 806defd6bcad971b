// Every input format through annotate() and the CLI, as a user meets them: autodetected,
// one line per case. The parsers themselves are tested in binary.test.js, others.test.js
// and kernel.test.js; this file checks that annotate routes each input to them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { annotate } from '../dist/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'vmcs-formats-'));
const env = { ...process.env, NO_COLOR: '1' };
delete env.FORCE_COLOR;
const vmcs = (args, input) => spawnSync(process.execPath, [join(ROOT, 'bin', 'vmcs.js'), ...args], { env, input, encoding: 'utf8' });

/** A vmcs12 region with a few fields set (offsets of struct vmcs12: guest_cr0 424, guest_rip 544, vm_exit_reason 812). */
function vmcs12() {
  const b = Buffer.alloc(4096);
  b.writeUInt32LE(0x11e57ed0, 0);
  b.writeBigUInt64LE(0x80050033n, 424);
  b.writeBigUInt64LE(0xffffffff81000000n, 544);
  b.writeUInt32LE(0x80000021, 812);
  return b;
}

function xxd(bytes) {
  let out = '';
  for (let off = 0; off < bytes.length; off += 16) {
    const row = bytes.subarray(off, off + 16);
    const groups = [];
    for (let i = 0; i < row.length; i += 2) groups.push(row.subarray(i, i + 2).toString('hex'));
    const ascii = [...row].map((c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.')).join('');
    out += `${off.toString(16).padStart(8, '0')}: ${groups.join(' ')}  ${ascii}\n`;
  }
  return out;
}

const value = (d, name) => d.fields.find((f) => f.name === name)?.value;

const CASES = [
  // [what, input, format, field, value]
  ['raw vmcs12', vmcs12(), 'vmcs12', 'GUEST_RIP', 0xffffffff81000000n],
  ['vmcs12 as xxd text', xxd(vmcs12()), 'vmcs12', 'VM_EXIT_REASON', 0x80000021n],
  ['KVM dump (sample 02)', readFileSync(join(ROOT, 'test/fixtures/samples/02-kvm-5.x-dosemu2-core2duo-dmesg.txt')), 'kvm', 'VM_EXIT_REASON', 0x80000021n],
  ['Xen dump (sample 04)', readFileSync(join(ROOT, 'test/fixtures/samples/04-xen-4.11-debugkey-v-pvh.txt')), 'xen', 'VM_EXIT_REASON', 0xcn],
  ['HAXM', 'haxm_warning: 4402 VM_EXIT_INFO_REASON: 80000021\nhaxm_warning: 681e GUEST_RIP: fff0\n', 'haxm', 'VM_EXIT_REASON', 0x80000021n],
  ['kvm_exit trace line', ' qemu-1234 [001] 100.000001: kvm_exit: vcpu 0 reason EPT_VIOLATION rip 0xffffffff81000000 info1 0x0000000000000181 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000\n', 'kvm-exit', 'EXIT_QUALIFICATION', 0x181n],
  ['pairs', 'GUEST_RIP = 0x1234\n', 'pairs', 'GUEST_RIP', 0x1234n],
];

for (const [what, input, format, field, expected] of CASES) {
  test(`annotate detects ${what}: format ${format}, ${field} = 0x${expected.toString(16)}`, () => {
    const r = annotate(input, { bits: false });
    assert.equal(r.dumps.length, 1, JSON.stringify(r.diagnostics));
    assert.equal(r.dumps[0].format, format);
    assert.equal(value(r.dumps[0], field), expected);
  });
}

test('VirtualBox VT-x info (sample 14): a dump of notes, not of fields', () => {
  const r = annotate(readFileSync(join(ROOT, 'test/fixtures/samples/14-virtualbox-7.0-vboxlog-vtx-info-excerpt.txt')), { bits: false });
  assert.ok(r.dumps.length >= 1);
  assert.equal(r.dumps[0].format, 'vbox');
  assert.ok(r.dumps[0].notes.length > 0);
});

test('a region of an unknown revision: a clear message, no guessed fields; with a profile, its fields', () => {
  const page = Buffer.alloc(4096);
  page.writeUInt32LE(0x10, 0);
  page.writeBigUInt64LE(0xffffffff81000000n, 0x100);
  const f = join(dir, 'page.bin');
  writeFileSync(f, page);
  const r = vmcs(['annotate', '--json', f]);
  assert.equal(r.status, 3); // no field read
  const out = JSON.parse(r.stdout);
  assert.equal(out.summary.fields, 0);
  assert.ok(out.dumps.flatMap((d) => d.diagnostics).some((d) => d.code === 'unknown-revision'));
  const profile = join(dir, 'profile.json');
  writeFileSync(profile, JSON.stringify({ revision: '0x10', fields: [{ field: 'GUEST_RIP', offset: 0x100, size: 8 }] }));
  const p = vmcs(['annotate', '--json', '--layout', profile, f]);
  assert.equal(p.status, 0, p.stderr);
  const d = JSON.parse(p.stdout).dumps[0];
  assert.equal(d.format, 'hardware');
  assert.deepEqual(d.fields.map((x) => [x.name, x.value, x.offset]), [['GUEST_RIP', '0xffffffff81000000', 0x100]]);
  const bad = vmcs(['annotate', '--layout', join(dir, 'missing.json'), f]);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
});

test('the example profile in examples/ is a valid profile', () => {
  const r = vmcs(['annotate', '--layout', join(ROOT, 'examples', 'profile-example.json'), join(dir, 'page.bin')]);
  assert.notEqual(r.status, 2, r.stderr);
});

test('annotate --summary counts kvm_exit events per exit reason, most frequent first', () => {
  const line = (reason, q) => ` qemu-1234 [001] 100.000001: kvm_exit: vcpu 0 reason ${reason} rip 0xffffffff81000000 info1 0x${q} info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000\n`;
  const input = line('EPT_VIOLATION', '181') + line('HLT', '0') + line('EPT_VIOLATION', '182') + line('EXTERNAL_INTERRUPT', '0') + line('EPT_VIOLATION', '0');
  const r = vmcs(['annotate', '--summary', '--json'], input);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).exits.map((e) => [e.reason, e.count]), [[48, 3], [1, 1], [12, 1]]);
  const h = vmcs(['annotate', '--summary'], input);
  assert.match(h.stdout, /^\s+3\s+48\s+EPT violation$/m);
});

test('raw region from stdin and from a file give the same dumps', () => {
  const f = join(dir, 'v12.bin');
  writeFileSync(f, vmcs12());
  const a = vmcs(['annotate', '--json', f]);
  const b = vmcs(['annotate', '--json', '-'], vmcs12());
  const strip = (s) => JSON.parse(s).dumps.map((d) => ({ ...d, source: undefined }));
  assert.equal(a.status, 0, a.stderr);
  assert.deepEqual(strip(a.stdout), strip(b.stdout));
});
