// Every exit status of every command, as the README's tables list them: one row per status,
// the real bin/vmcs.js over files and standard input.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'vmcs-exit-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const f = (name, text) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};
const SAMPLE = (n) => `test/fixtures/samples/${n}`;
const empty = f('empty.txt', '');
const prose = f('prose.txt', 'nothing to see here\n');
const bad = f('bad.txt', 'GUEST_RIP = 0xffffffff81000000\nGUEST_CRX = 0x1\nGUEST_CR0 = 0xZZ\nVIRTUAL_PROCESSOR_ID = 0x12345\n');
const noRule = f('no-rule.txt', 'VIRTUAL_PROCESSOR_ID = 0x1\nGUEST_ES_SELECTOR = 0x10\n');
// an input error outside the dump (an unknown name there is only counted: the unknown-token policy, src/dialects/common.ts)
const badGood = f('bad-good.txt', 'GUEST_RIP = zzz\n\n' + 'GUEST_CR0 = 0x80050033\n');
const q3 = f('q3.txt', 'VM_EXIT_REASON = 0x80000021\nEXIT_QUALIFICATION = 0x3\n');
const kvmCheckLine = f('kvm-check.txt', ' qemu-system-x86-2345  [001] ....  1234.000003: kvm_nested_vmenter_failed: !kvm_pat_valid(vmcs12->guest_ia32_pat)\n');
const capsJunk = f('caps-junk.txt', '0x480 0x00da040000000004\nthis line is junk\n');
const NO_JSON = { json: false };

const rows = [
  // [args, stdin, status, { json: false } when --json is not an option of the command]
  // every command: no command or an unknown one is a usage error; --help and --version exit 0
  [[], '', 2, NO_JSON],
  [['bogus'], '', 2, NO_JSON],
  [['--help'], '', 0, NO_JSON],
  [['--version'], '', 0, NO_JSON],
  [['check', '--help'], '', 0, NO_JSON],
  [['encode', 'GUEST_RIP'], '', 0],
  [['encode', 'GUEST_RIPP'], '', 1],
  [['encode', '--bogus'], '', 2],
  [['decode', '0x6800'], '', 0],
  [['decode', '0xzz'], '', 1],
  [['decode', '--bogus'], '', 2],
  [['list', 'CR0'], '', 0],
  [['list', 'NO_SUCH_FIELD_AT_ALL'], '', 1],
  [['list', '--type', 'bogus'], '', 2],
  [['list', '--width', '7'], '', 2],
  [['explain', 'EXIT_REASON', '0x80000021'], '', 0],
  [['explain', 'GUEST_CRX', '0x1'], '', 1],
  [['explain', 'GUEST_RIP', '0x1'], '', 1], // a field with no layout
  [['explain', 'EXIT_QUALIFICATION', '0x1'], '', 1], // a qualification without its exit reason
  [['explain', 'EXIT_QUALIFICATION', '0x1', '--vector', '999'], '', 2],
  [['annotate', 'examples/pairs.log'], '', 0],
  [['annotate', bad], '', 1],
  [['annotate', 'examples/pairs.log', empty], '', 1],
  [['annotate', 'no-such-file'], '', 2],
  [['annotate', empty], '', 3],
  [['annotate', prose], '', 3],
  [['annotate'], 'nothing\n', 3],
  [['check', SAMPLE('07-kvm-6.9-kvm_intel-prefix-indented-ve.txt')], '', 0],
  [['check', SAMPLE('01-kvm-5.15-proxmox-syslog.txt')], '', 1],
  [['check', bad], '', 1],
  [['check', badGood], '', 1],
  [['check', q3], '', 1],
  [['check', 'no-such-file'], '', 2],
  [['check', '--caps', 'no-such-cpu', 'examples/pairs.log'], '', 2],
  [['check', '--layout', 'no-such-layout.json', 'examples/pairs.log'], '', 2],
  // a rule that fails only if a control the dump lacks is set (FAIL IF) is not evaluated: no failure
  [['check', SAMPLE('46-xen-elided-indented-vmentry-failure-dr7.txt')], '', 0],
  // the dump records that KVM's check of G-13 failed: the rule fails by the record
  [['check', kvmCheckLine], '', 1],
  [['check', empty], '', 3],
  [['check', prose], '', 3],
  [['check', noRule], '', 3],
  [['caps', 'i7-9750h'], '', 0],
  [['caps', '--diff', 'i7-9750h'], '', 2],
  [['caps', prose], '', 2],
  [['caps', capsJunk], '', 0], // an unreadable line is reported, the rest used
  [['caps', '-q', '--diff', 'i7-9750h', 'i7-9750h'], '', 0],
  [['caps', '-q', '--diff', 'i7-9750h', 'qemu:Conroe'], '', 1], // as git diff --quiet
  [['caps', '--diff', '-', '-'], '', 2],
  [['generate', 'c', '--only', 'exit-reasons'], '', 0, NO_JSON],
  [['generate', 'bogus'], '', 2, NO_JSON],
  [['generate', 'c', '-o', '/nonexistent-dir/vmcs.h'], '', 2, NO_JSON],
  [['check', '--apply-fixes', SAMPLE('09-kvm-5.x-bare-no-prefix-custom-vmm.txt'), '--cpu', 'la57=0'], '', 0],
  [['check', '--apply-fixes', q3], '', 1],
  [['check', '--apply-fixes', 'no-such-file'], '', 2],
  [['diff', 'examples/pairs.log', 'examples/pairs.log'], '', 0],
  [['diff', SAMPLE('07-kvm-6.9-kvm_intel-prefix-indented-ve.txt'), SAMPLE('08-kvm-6.x-kvm_intel-prefix-pr_cont-split.txt')], '', 1],
  [['diff', 'examples/pairs.log', 'no-such-file'], '', 2],
  [['diff', 'examples/pairs.log', prose], '', 2],
  [['template', '--caps', 'i7-9750h', '--mode', 'long'], '', 0],
  [['template', '--caps', 'i7-9750h', '--from', SAMPLE('17-xen-4.13-quoted-hardwrapped-date-prefix.txt')], '', 0],
  [['template', '--caps', 'qemu:Conroe', '--mode', 'long', '--ept'], '', 1],
  [['template', '--caps', 'i7-9750h', '--mode', 'long', '--set', 'GUEST_RFLAGS=0x0'], '', 1],
  [['template', '--caps', 'i7-9750h'], '', 2],
  [['template', '--caps', 'i7-9750h', '--from', prose], '', 2],
];

for (const [args, input, code, opts] of rows) {
  test(`vmcs ${args.join(' ').replace(tmp, '$TMP')} -> ${code}`, () => {
    for (const json of opts?.json === false || args[0] === 'caps' || args[0] === 'list' || args.includes('--bogus') ? [false] : [false, true]) {
      const a = json ? [args[0], '--json', ...args.slice(1)] : args;
      const p = spawnSync(process.execPath, ['bin/vmcs.js', ...a], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      assert.equal(p.status, code, `${a.join(' ')}\n${p.stderr}`);
      assert.doesNotMatch(p.stderr, /^\s+at /m);
    }
  });
}

test('annotate and check agree on the status of the same unreadable or invalid input', () => {
  // (the last two: dumps of notes alone, no VMCS field: QEMU's internal-error line, a KVM trace line whose message is lost)
  const notesOnly = [f('internal.txt', 'KVM internal error. Suberror: 1\nemulation failure\n'), f('lost-message.txt', "  ' current_buffer: ' vmx_dirty_log_t-140127  [003] ....  kvm_nested_vmenter_failed: '\n")];
  for (const file of [empty, prose, bad, 'no-such-file', f('nul.bin', Buffer.alloc(64)), ...notesOnly]) {
    const a = spawnSync(process.execPath, ['bin/vmcs.js', 'annotate', file], { cwd: ROOT, encoding: 'utf8' }).status;
    const c = spawnSync(process.execPath, ['bin/vmcs.js', 'check', file], { cwd: ROOT, encoding: 'utf8' }).status;
    assert.equal(c, a, file);
  }
});

test('annotate 2: a file that cannot be read; the other files are still annotated', () => {
  const p = spawnSync(process.execPath, ['bin/vmcs.js', 'annotate', 'examples/pairs.log', 'no-such-file'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(p.status, 2);
  assert.match(p.stdout, /^dump 1 · pairs · examples\/pairs\.log/m);
  assert.equal(p.stderr, "vmcs annotate: error: cannot read 'no-such-file': no such file\n");
});

test('annotate and check agree on the status of more unreadable inputs, with and without --json', () => {
  const inputs = [
    f('unknown-key.json', '{"foo": 1}\n'), // an unknown field and no VMCS field: 3
    f('empty-array.json', '[]'),
    f('unknown-revision.bin', Buffer.concat([Buffer.from([0xef, 0xbe, 0xad, 0xde]), Buffer.alloc(4092)])),
    f('bad-hex.txt', '00000000: zzzz zzzz\n'),
    f('utf16ish.txt', Buffer.from([0xff, 0xfe, 0, 0x67, 0x61, 0x72])),
    f('nul-first.txt', Buffer.concat([Buffer.from([0, 0]), Buffer.from('GUEST_RIP = 0x10\n')])), // read as text: 1
    tmp, // a directory: 2
  ];
  const want = [3, 3, 3, 3, 3, 1, 2];
  inputs.forEach((file, i) => {
    for (const json of [[], ['--json']]) {
      const a = spawnSync(process.execPath, ['bin/vmcs.js', 'annotate', ...json, file], { cwd: ROOT, encoding: 'utf8' }).status;
      const c = spawnSync(process.execPath, ['bin/vmcs.js', 'check', ...json, file], { cwd: ROOT, encoding: 'utf8' }).status;
      assert.equal(a, want[i], `annotate ${json.join(' ')} ${file}`);
      assert.equal(c, a, `check ${json.join(' ')} ${file}`);
    }
  });
});
