// Hostile input and the promises of the README under pressure: the findings F1-F24 of the
// reliability report (docs/reliability.md in the research notes), one test each, run as
// users run the CLI (`node bin/vmcs.js`), plus the library where the finding lives there.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stalledRun } from '../bench/stalled-reader.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/vmcs.js');
const tmp = mkdtempSync(join(tmpdir(), 'vmcs-hostile-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const PAIRS = readFileSync(join(ROOT, 'examples/pairs.log'), 'utf8');
const SAMPLE01 = join(ROOT, 'test/fixtures/samples/01-kvm-5.15-proxmox-syslog.txt');

function file(name, content) {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

function vmcs(args, { input = '', env = {}, stdout } = {}) {
  const e = { ...process.env, NO_COLOR: '1' };
  delete e.FORCE_COLOR;
  Object.assign(e, env);
  const p = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', env: e, timeout: 60000, maxBuffer: 1 << 28, ...(stdout ? { stdio: ['pipe', stdout, 'pipe'] } : {}) });
  assert.equal(p.error, undefined, String(p.error));
  return { code: p.status, stdout: p.stdout ?? '', stderr: p.stderr };
}

/** No stack trace, no internal error, and stderr lines each one line. */
function clean(r) {
  assert.doesNotMatch(r.stderr, /^\s+at /m, `stack trace:\n${r.stderr.slice(0, 2000)}`);
  assert.doesNotMatch(r.stderr, /internal error/);
  assert.notEqual(r.code, 70);
  assert.ok(r.code !== null, 'killed');
}

test('F1: check --json and annotate into a stalled pipe keep memory flat (back-pressure)', async () => {
  const big = file('big.log', (PAIRS + '\n').repeat(600));
  // Before the fix: 259 MB (check --json, 600 dumps, 64 MB of output; 700 MB for 2,000);
  // after: about 120 MB, whatever the number of dumps.
  const r = await stalledRun(BIN, ['check', '--json', big], 2000);
  assert.equal(r.code, 1);
  assert.ok(r.bytes > 60e6, `all output arrived (${r.bytes})`);
  assert.ok(r.peakKb < 180 * 1024, `peak RSS ${r.peakKb} kB`);
});

test('--ndjson into a stalled pipe keeps memory flat too (check and annotate, back-pressure per line)', async () => {
  const big = file('big-nd.log', (PAIRS + '\n').repeat(600));
  // 600 dumps; check --ndjson writes ~64 MB, which a reader that does not read for 2 s holds back
  for (const [args, code, atLeast] of [[['check', '--ndjson', big], 1, 60e6], [['annotate', '--ndjson', big], 0, 5e6]]) {
    const r = await stalledRun(BIN, args, 2000);
    assert.equal(r.code, code, args.join(' '));
    assert.ok(r.bytes > atLeast, `${args.join(' ')}: all output arrived (${r.bytes})`);
    assert.ok(r.peakKb < 180 * 1024, `${args.join(' ')}: peak RSS ${r.peakKb} kB`);
  }
});

test('F3: a write error on standard output is one line and status 2, never a stack trace', () => {
  // every command (README: status 2 when standard output cannot be written)
  for (const args of [['annotate', 'examples/pairs.log'], ['encode', 'GUEST_RIP'], ['list'], ['--help'], ['check', '--json', 'examples/pairs.log'], ['caps', 'i7-9750h'],
    ['decode', '0x6800'], ['explain', 'EXIT_REASON', '0x80000021'], ['diff', 'examples/pairs.log', 'examples/pairs.log'], ['generate', 'c'], ['template', '--caps', 'i7-9750h', '--mode', 'long'],
    ['check', 'examples/pairs.log'], ['check', '--list'], ['--version'], ['scan', '--help'], ['annotate', '--ndjson', 'examples/pairs.log']]) {
    const p = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" ${args.join(' ')} > /dev/full`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(p.status, 2, `${args.join(' ')}: ${p.stderr}`);
    assert.equal(p.stderr, 'vmcs: error: cannot write standard output: no space left on device\n', args.join(' '));
  }
});

test('F2: no exit 70 on crafted input: deep JSON, a huge hex group, 150,000 encodings, prototype-named keys', () => {
  const deep = file('deep.json', `{"GUEST_RIP": ${'['.repeat(5000)}${']'.repeat(5000)}}`);
  const deepObj = file('deep-obj.json', '{"GUEST_RIP": ' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) + '}');
  const xxd = file('xxd-giant.txt', `00000000: 2020 2020 2020\n00000006: ${'ab'.repeat(150000)}  ${'.'.repeat(150000)}\n`);
  const capsCtor = file('caps-ctor.txt', '0x480 0x00da040000000004\nconstructor 1\n__proto__ 1\n');
  const vmxcap = file('vmxcap-proto.txt', 'primary processor-based controls\n  __proto__   yes\n  constructor  yes\n');
  const cases = [
    // [args, input, expected status, what stdout or stderr must show]
    [['annotate', deep], '', 3, /GUEST_RIP is neither a hex string.*\[\[\[\[/],
    [['annotate', deepObj], '', 3, /GUEST_RIP is neither .*\{"a":\{"a":/],
    [['check', '--json', deep], '', 3, null],
    [['annotate', xxd], '', 3, null],
    [['decode'], '0x6800\n'.repeat(150000), 0, null],
    [['check', '--cpu', 'constructor=1', 'examples/pairs.log'], '', 2, /--cpu unknown key 'constructor'/],
    [['check', '--cpu', '__proto__=1', 'examples/pairs.log'], '', 2, /--cpu unknown key '__proto__'/],
    // F20: a prototype name is no value
    [['check', '--cpu', 'rtm=constructor', 'examples/pairs.log'], '', 2, /rtm is 0 or 1/],
    [['check', '--cpu', 'la57=__proto__', 'examples/pairs.log'], '', 2, /la57 is 0 or 1/],
    [['caps', capsCtor], '', 0, /caps-ctor.txt:2: error: cannot read 'constructor 1'/],
    [['caps', '--json', capsCtor], '', 0, null],
    [['check', '--caps', capsCtor, 'examples/pairs.log'], '', 1, /caps-ctor.txt:3: error/],
    [['caps', vmxcap], '', 0, /unknown bit '__proto__'/],
  ];
  for (const [args, input, code, re] of cases) {
    const r = vmcs(args, { input });
    clean(r);
    assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr.slice(0, 500)}`);
    if (re) assert.match(r.stdout + r.stderr, re, args.join(' '));
    if (args.includes('--json')) JSON.parse(r.stdout);
  }
});

test('F2e, F10: standard input and option files are read as streams or within a bound', () => {
  // A 20 MB line to decode/encode: cut, reported as one unknown input, no giant string.
  const r = vmcs(['decode'], { input: 'a'.repeat(20e6) + '\n0x6800\n' });
  clean(r);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /GUEST_CR0/);
  assert.equal(r.stderr.split('\n').filter(Boolean).length, 1);
  const e = vmcs(['encode'], { input: 'GUEST_RIP\n' + 'x'.repeat(20e6) });
  clean(e);
  assert.equal(e.code, 1);
  assert.equal(e.stdout, '0x0000681e\n');
  // /dev/zero as a capability source or a layout profile: a bound, not all memory.
  for (const args of [['caps', '/dev/zero'], ['check', '--caps', '/dev/zero', 'examples/pairs.log'], ['annotate', '--layout', '/dev/zero', 'examples/pairs.log']]) {
    const z = vmcs(args);
    clean(z);
    assert.equal(z.code, 2, args.join(' '));
    assert.match(z.stderr, /larger than (16|64) MiB/, args.join(' '));
  }
});

test('F10: encode and decode answer standard input batch by batch, before it ends', async () => {
  const { spawn } = await import('node:child_process');
  for (const [cmd, line, want] of [['decode', '0x6800', /GUEST_CR0/], ['encode', 'GUEST_CR0', /0x00006800/], ['decode', '6800', /"vmcs\/decode\/v1"/]]) {
    const args = cmd === 'decode' && line === '6800' ? [BIN, cmd, '--json'] : [BIN, cmd];
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    // more than one batch of lines, and standard input left open: the first answers must come
    child.stdin.write((line + '\n').repeat(8192 * 2 + 10));
    const first = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(String(d))));
    assert.match(first, want, cmd);
    child.stdin.end('# the end\n');
    let rest = first;
    child.stdout.on('data', (d) => (rest += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0, cmd);
    if (args.includes('--json')) assert.equal(JSON.parse(rest).length, 8192 * 2 + 10);
    else assert.equal(rest.split('\n').filter(Boolean).length, 8192 * 2 + 10);
  }
});

test('F10: JSON Lines and documents one after another are read one document at a time', async () => {
  const { Annotator } = await import('../dist/index.js');
  // [input, dumps, invalid-json errors]
  for (const [input, dumps, errors] of [
    ['{"GUEST_RIP":"0x10"}\n{"GUEST_RIP":"0x20","GUEST_CR0":"0x31"}\n', [1, 2], 0],
    ['{"GUEST_RIP":"0x10"}{"GUEST_RIP":"0x20"}', [1, 1], 0],
    ['[{"GUEST_RIP":"0x10"},{"GUEST_CR0":"0x1"}]\n{"GUEST_RIP":"0x20"}\n', [1, 1, 1], 0],
    ['{"GUEST_RIP":"0x10"}\n{"GUEST_RIP":"0x20"\n', [1], 1],
    // braces inside a string do not cut a document
    ['{"GUEST_RIP":"0x10"}\n{"GUEST_CR0": "0x1", "GUEST_RIP_NOTE": "}{\\"{"}\n', [1, 1], 0],
  ]) {
    const a = new Annotator({ bits: false });
    const got = [...a.write(input), ...a.end()];
    assert.deepEqual(got.map((d) => d.fields.length), dumps, input);
    assert.equal(a.diagnostics.filter((d) => d.code === 'invalid-json').length, errors, input);
  }
  // annotate --ndjson output read back: its dump lines are dumps, its summary line none
  const nd = vmcs(['annotate', '--ndjson', 'examples/pairs.log']);
  const back = vmcs(['annotate', '--json', '--brief'], { input: nd.stdout });
  assert.equal(back.code, 0, back.stderr);
  assert.equal(JSON.parse(back.stdout).summary.fields, 31);
  // a document is read as soon as the next one begins: memory holds one document, not the input
  const a = new Annotator({ bits: false });
  assert.deepEqual(a.write('{"GUEST_RIP":"0x10"}\n'), []);
  assert.equal(a.write('{"GUEST_RIP":"0x20"}\n{').length, 2);
});

test('F17: read errors are a few words, never the raw Node message', () => {
  const dir = join(tmp, 'loop');
  spawnSync('ln', ['-s', dir, dir]);
  for (const args of [['annotate', dir], ['check', dir], ['caps', dir], ['annotate', '--layout', dir, 'examples/pairs.log']]) {
    const r = vmcs(args);
    clean(r);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /too many levels of symbolic links/, args.join(' '));
    assert.doesNotMatch(r.stderr, /ELOOP|open '/, args.join(' '));
  }
});

test('F6: check reports the input errors annotate reports, on stderr and in JSON, and never "No rule fails" on what it could not read', () => {
  const bad = file('chk-bad.txt', 'GUEST_RIP = 0xffffffff81000000\nGUEST_CRX = 0x1\nGUEST_CR0 = 0xZZ\nVIRTUAL_PROCESSOR_ID = 0x12345\nGUEST_RFLAGS = 0x2\n');
  const a = vmcs(['annotate', bad]);
  const c = vmcs(['check', bad]);
  clean(c);
  assert.equal(a.code, 1);
  assert.equal(c.code, 1);
  const annotateErrors = a.stderr.split('\n').filter((l) => / error: /.test(l));
  assert.equal(annotateErrors.length, 3);
  for (const l of annotateErrors) assert.ok(c.stderr.includes(l), `check lacks: ${l}\n${c.stderr}`);
  assert.doesNotMatch(c.stdout, /^ {2}No rule fails\.$/m);
  assert.match(c.stdout, /No rule fails among the \d+ evaluated, but 3 values of this dump could not be read/);
  const aj = JSON.parse(vmcs(['annotate', '--json', bad]).stdout);
  const cj = JSON.parse(vmcs(['check', '--json', bad]).stdout);
  assert.deepEqual(cj.dumps[0].diagnostics, aj.dumps[0].diagnostics);
  assert.deepEqual(cj.dumps[0].diagnostics.map((d) => [d.code, d.line]), [['unknown-field', 2], ['invalid-value', 3], ['value-too-wide', 4]]);
  // The KVM sample with a corrupted value: whatever the reader reports reaches check too.
  const kvm = file('kvm-bad.txt', readFileSync(SAMPLE01, 'utf8').replace('RIP = 0x', 'RIP = 0xg'));
  const ka = vmcs(['annotate', '--json', kvm]);
  const kc = vmcs(['check', '--json', kvm]);
  assert.deepEqual(JSON.parse(kc.stdout).dumps[0].diagnostics ?? [], JSON.parse(ka.stdout).dumps[0].diagnostics);
});

test('check: what it says at the end matches what it read, table (errors outside every dump; several trace lines that record a failed nested check)', () => {
  const NESTED = (n) => ` qemu-system-x86-2345  [001] ....  1234.00000${n}: kvm_nested_vmenter_failed: `;
  for (const [name, text, code, must, mustNot] of [
    // an unreadable line right before the dump's first field is the dump's line (as an unknown name's is): said on the dump
    ['before.txt', 'GUEST_RIP = zzz\nGUEST_CR0 = 0x80050033\n', 1, /No rule fails among the 1 evaluated, but 1 value/, /outside them/],
    // one a blank line parts from the dump opens none: the dump's "No rule fails" is not the last word
    ['between.txt', 'GUEST_RIP = zzz\n\nGUEST_CR0 = 0x80050033\n', 1, /No rule fails in the dumps, but 1 input error outside them/, null],
    // the error inside the dump is said on the dump's line; no closing line then
    ['inside.txt', 'GUEST_CR0 = 0x80050033\nGUEST_RIP = zzz\n', 1, /No rule fails among the 1 evaluated, but 1 value/, /outside them/],
    ['clean.txt', 'GUEST_CR0 = 0x80050033\n', 0, /^ {2}No rule fails\.$/m, /outside them|could not be read/],
    // three trace lines, each a dump checked as it completes: no "no VMCS field" after the failures
    ['nested3.txt', `${NESTED(1)}!kvm_pat_valid(vmcs12->guest_ia32_pat)\n${NESTED(2)}!nested_vmx_check_controls(vcpu, vmcs12)\n${NESTED(3)}CC(!kvm_vcpu_is_legal_cr3(vcpu, vmcs12->host_cr3))\n`, 1, /3 dumps: 2 failures,/, /hold no VMCS field|no VMCS dump/],
    ['nested1of2.txt', `${NESTED(1)}!kvm_pat_valid(vmcs12->guest_ia32_pat)\n${NESTED(2)}!nested_vmx_check_controls(vcpu, vmcs12)\n`, 1, /2 dumps: 1 failure,/, /1 failures|hold no VMCS field/],
  ]) {
    const r = vmcs(['check', file(name, text)]);
    clean(r);
    assert.equal(r.code, code, `${name}\n${r.stdout}${r.stderr}`);
    assert.match(r.stdout + r.stderr, must, name);
    if (mustNot) assert.doesNotMatch(r.stdout + r.stderr, mustNot, name);
    const j = vmcs(['check', '--json', file(name, text)]);
    assert.equal(j.code, code, `${name} --json`);
    assert.ok(!JSON.parse(j.stdout).diagnostics.some((d) => d.code === 'no-fields'), `${name} --json: no no-fields`);
  }
});

test('check: nothing evaluated is said, with status 3; a dump without fields likewise', () => {
  const noRule = file('no-rule.txt', 'VIRTUAL_PROCESSOR_ID = 0x1\n');
  const r = vmcs(['check', noRule]);
  assert.equal(r.code, 3);
  assert.match(r.stdout, /Nothing could be checked: no rule can be evaluated with the 1 field this dump holds/);
  assert.doesNotMatch(r.stdout, /No rule fails/);
  assert.match(r.stderr, /nothing could be checked/);
  const j = vmcs(['check', '--json', noRule]);
  assert.equal(j.code, 3);
  assert.deepEqual(JSON.parse(j.stdout).diagnostics.map((d) => d.code), ['nothing-evaluated']);
});

test('check: exit 33 with qualification 3 decides I-08 from the record alone; 2 and 4 are named (SDM 27.8)', () => {
  const cases = [
    // [qualification, status, what stdout says]
    ['0x3', 1, /FAIL I-08 .*\n.*the dump records exit reason 0x80000021 with exit qualification 3[\s\S]*the entry injected an NMI while the guest blocks events by STI[\s\S]*Explained: I-08 gives exactly the failure the dump records/],
    ['0x2', 3, /qualification 2: loading the PDPTEs failed[\s\S]*The cause may be among the rules not evaluated: PT-01, PT-02/],
    ['0x4', 3, /qualification 4: the VMCS link pointer failed a check[\s\S]*L-01, L-02/],
  ];
  for (const [q, code, re] of cases) {
    const f = file(`q${q}.txt`, `VM_EXIT_REASON = 0x80000021\nEXIT_QUALIFICATION = ${q}\n`);
    const r = vmcs(['check', f]);
    assert.equal(r.code, code, q);
    assert.match(r.stdout, re, q);
    const j = JSON.parse(vmcs(['check', '--json', f]).stdout).dumps[0];
    assert.equal(j.explanation.qualificationSays, { '0x2': 'pdptes', '0x3': 'nmi-under-sti', '0x4': 'link-pointer' }[q]);
    if (q === '0x3') assert.deepEqual(j.results.filter((x) => x.status === 'fail').map((x) => [x.id, x.recorded]), [['I-08', true]]);
  }
  // A prediction says "would"; the record says "records".
  const s = vmcs(['check', SAMPLE01]).stdout;
  assert.match(s, /the CPU would report: VM-entry failure/);
  assert.match(s, /the dump records exit reason 0x80000021/); // dump 2's "Not explained"
  assert.doesNotMatch(s, /The CPU reports/);
  // each fact once (issue 12): the failure on the rule's line, not again in a summary line or in "Explained"
  const dump1 = s.slice(0, s.indexOf('Dump 2'));
  assert.equal(dump1.split('\n').filter((l) => /exit reason 33|0x80000021/.test(l)).length, 1, dump1);
  assert.match(dump1, /^ {2}Explained: I-03 gives exactly the failure the dump records\.$/m);
  assert.doesNotMatch(dump1, /fields: GUEST_INTERRUPTIBILITY_INFO=0x9 GUEST_RFLAGS=0x2/, 'the message gives both values');
  // rules that give different failures: which one the CPU reports first is said once, below them
  const two = vmcs(['check', file('two-failures.txt', 'HOST_TR_SELECTOR = 0x0\nGUEST_INTERRUPTIBILITY_INFO = 0x9\nGUEST_RFLAGS = 0x2\n')]).stdout;
  assert.match(two, /^ {2}The CPU would report: VMfailValid, VM-instruction error 8/m, two);
});

test('F9: no raw control or bidi character from the input reaches the terminal', () => {
  const CTRL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
  const evil = file('evil\u001b]0;PWNED\u0007name.log', PAIRS);
  const caps = file('caps\u001b[2J.txt', '0x480 0x00da040000000004\nIA32_VMX_PINBASED_CTLS 0x\u001b]0;pwn\u0007\npaw \u001b[2J\nIA32_VMX_PROCBASED_CTLS \u009b31m\n');
  const vmxcap = file('vmxcap-esc.txt', 'pin-based controls\n  \u001b]0;pwn\u0007HLT exiting   yes\n');
  const kvm = file('kvm-esc.txt', '*** Guest State ***\nCR0: actual=0x0000000080000031, shadow=0x00000000e0000011, gh_mask=fffffffffffffff7\nFoo\u001b]0;pwn\u0007 = 0x1\nMSR host autoload: \u001b[2J\nRIP = 0x\u202e1\n');
  const lay = file('lay.json', '{"\u001b]0;pwn\u0007": 1');
  const cases = [
    ['annotate', evil],
    ['check', evil],
    ['annotate', kvm],
    ['caps', caps],
    ['caps', vmxcap],
    ['caps', '--diff', caps, 'i7-9750h'],
    ['check', '--caps', caps, kvm],
    ['annotate', '--layout', lay, kvm],
    ['annotate', '--\u001b[2J'],
    ['annotate', 'missing\u001b[2J\nsecond line'],
    ['check', '--cpu', 'a\u001b[2J=1', kvm],
  ];
  for (const args of cases) {
    const r = vmcs(args);
    clean(r);
    assert.doesNotMatch(r.stdout, CTRL, `stdout of ${JSON.stringify(args)}`);
    assert.doesNotMatch(r.stderr, CTRL, `stderr of ${JSON.stringify(args)}`);
  }
  // shown, made visible
  assert.match(vmcs(['annotate', kvm]).stderr, /unknown field 'Foo\\x1b\]0;pwn\\x07' in this KVM dump/);
  assert.match(vmcs(['annotate', 'missing\u001b[2J\nsecond line']).stderr, /^vmcs annotate: error: cannot read 'missing\\x1b\[2J\\x0asecond line': no such file\n$/);
});

test('F12: NUL bytes before a text log do not make it a binary region', () => {
  const text = readFileSync(SAMPLE01);
  const base = JSON.parse(vmcs(['annotate', '--json', '--brief', SAMPLE01]).stdout).summary.fields;
  for (const prefix of [Buffer.alloc(64), Buffer.from('x\0\n'), Buffer.alloc(3)]) {
    const f = file('nul.txt', Buffer.concat([prefix, text]));
    const r = vmcs(['annotate', '--json', '--brief', f]);
    clean(r);
    const out = JSON.parse(r.stdout);
    assert.equal(out.summary.fields, base, `prefix of ${prefix.length}`);
    assert.deepEqual(out.diagnostics.map((d) => d.code), ['binary-input']);
    assert.match(vmcs(['annotate', f]).stderr, /NUL bytes \(binary data\), read as text/);
  }
  // A NUL within the first 16 bytes of a pairs log
  const r = vmcs(['annotate', '--json', '--brief'], { input: 'GUEST_RIP = 0x1\0\nGUEST_CR0 = 0x80050033\n' });
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.dumps[0].fields.map((f) => f.name), ['GUEST_CR0']);
  // the value cut by the NUL is reported, not dropped
  assert.deepEqual([...j.diagnostics, ...(j.dumps[0].diagnostics ?? [])].filter((d) => d.line).map((d) => [d.code, d.line]), [['invalid-value', 1]]);
  // A real region stays a region; so does /dev/zero-like input.
  assert.equal(vmcs(['annotate', '--json'], { input: Buffer.alloc(4096) }).code, 3);
});

test('F15: a hex dump is told as such however the input is chunked (streaming Annotator)', async () => {
  const { Annotator, annotate } = await import('../dist/index.js');
  const inputs = ['000000000000000000000000000000000000000001', '00000000: d07e e511 0000 0000 0000 0000 0000 0000  .~..............\n'];
  for (const s of inputs) {
    const whole = annotate(s);
    for (let cut = 1; cut < s.length; cut++) {
      const a = new Annotator();
      const dumps = [...a.write(s.slice(0, cut)), ...a.write(s.slice(cut)), ...a.end()];
      assert.deepEqual(a.summary, whole.summary, `${s} cut at ${cut}`);
      assert.equal(dumps.length, whole.dumps.length);
    }
  }
});

test('F14: --json prints valid JSON on every error path, errors as {"schema": "vmcs/error/v1", "error": {code, message}}', () => {
  const notJson = file('not.json', 'nope');
  const cases = [
    // [args, status, error code or null when the normal shape carries the diagnostic]
    [['annotate', '--json', '--format', 'bogus', 'x'], 2, 'usage'],
    [['annotate', '--json', '--bogus'], 2, 'usage'],
    [['list', '--json', '--type', 'bogus'], 2, 'usage'],
    [['explain', '--json', 'EXIT_QUALIFICATION', '1', '--vector', '999'], 2, 'usage'],
    [['annotate', '--json', '--layout', 'missing.json', 'examples/pairs.log'], 2, 'unreadable'],
    [['annotate', '--json', '--layout', notJson, 'examples/pairs.log'], 2, 'usage'],
    [['check', '--json', '--caps', 'nonexist', 'examples/pairs.log'], 2, 'unreadable'],
    [['check', '--json', '--cpu', 'bogus=1', 'examples/pairs.log'], 2, 'usage'],
    [['check', '--json', '--caps', '-', '-'], 2, 'usage'],
    [['caps', '--json', 'nonexist'], 2, 'unreadable'],
    [['caps', '--json', '--diff', 'i7-9750h'], 2, 'usage'],
    [['caps', '--json', '-', '-'], 2, 'usage'],
    [['caps', '--json', notJson], 2, 'usage'],
    [['annotate', '--json', '-', '-'], 2, 'usage'],
    [['annotate', '--json', 'missing.log'], 2, null],
    [['check', '--json', 'missing.log'], 2, null],
  ];
  for (const [args, code, kind] of cases) {
    const r = vmcs(args);
    clean(r);
    assert.equal(r.code, code, args.join(' '));
    const out = JSON.parse(r.stdout);
    if (kind) {
      assert.deepEqual(Object.keys(out), ['schema', 'error'], args.join(' '));
      assert.equal(out.schema, 'vmcs/error/v1');
      assert.equal(out.error.code, kind, args.join(' '));
      assert.equal(typeof out.error.message, 'string');
      assert.ok(r.stderr.includes(out.error.message), `${args.join(' ')}: the same message on stderr`);
    } else assert.deepEqual(out.diagnostics.map((d) => d.code), ['unreadable']);
  }
});

test('F18: caps diagnostics are capped, and the error prefix is not doubled', () => {
  const junk = file('caps-junk.txt', '0x480 0x00da040000000004\n' + 'junk line\n'.repeat(5000));
  const r = vmcs(['caps', junk]);
  clean(r);
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1001);
  assert.match(lines[1000], /4000 more diagnostics not shown/);
  const host = file('hostname', 'myhost\n');
  const h = vmcs(['caps', host]);
  assert.equal(h.code, 2);
  assert.equal(h.stderr.split(host).length, 2, h.stderr);
});

test('F22, F23: "-" twice is a usage error; FORCE_COLOR that is no level turns colour off', () => {
  for (const cmd of ['annotate', 'check']) {
    const r = vmcs([cmd, '-', '-']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /standard input \("-"\) can be given only once/);
  }
  for (const v of ['no', 'abc', '-1', '0', 'false', 'off']) {
    const r = vmcs(['encode', 'GUEST_RIPX'], { env: { FORCE_COLOR: v, NO_COLOR: '' } });
    assert.doesNotMatch(r.stderr, /\u001b\[/, `FORCE_COLOR=${v}`);
  }
  const on = vmcs(['encode', 'GUEST_RIPX'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
  assert.match(on.stderr, /\u001b\[/);
});

test('F7: caches and diagnostics do not pin input chunks (heap after 600 crafted 64 KiB chunks)', () => {
  // Each chunk: one unique unknown name (memoised, reported) and a filler line with a
  // non-Latin-1 character (so the decoded chunk is a two-byte string of 128 KiB).
  const script = `
    const { Annotator } = await import(${JSON.stringify(join(ROOT, 'dist/index.js'))});
    const a = new Annotator();
    const enc = new TextEncoder();
    for (let i = 0; i < 600; i++) {
      const line = 'X_UNIQUE_TOKEN_' + String(i).padStart(8, '0') + ' = 0x1\\n';
      a.write(enc.encode(line + '\\u2192' + 'a'.repeat(65536 - line.length - 10) + '\\n'));
    }
    a.end();
    gc();
    console.log(process.memoryUsage().heapUsed);`;
  const p = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(p.status, 0, p.stderr);
  const heap = Number(p.stdout.trim());
  // Before the fix: about 85 MB (600 x 128 KiB pinned); after: a few MB.
  assert.ok(heap < 30e6, `heap ${heap}`);
});

test('F8: "did you mean" stays fast on 100,000 unknown names (text, JSON, encode)', () => {
  // lines of pairs dumps (an unknown name outside any dump is only counted: src/dialects/common.ts)
  const text = file('unk.txt', Array.from({ length: 100000 }, (_, i) => `${i % 999 === 0 ? '\nGUEST_CR0 = 0x1\n' : ''}GUEST_RIP${i} = 0x1`).join('\n') + '\n');
  const json = file('unk.json', JSON.stringify(Object.fromEntries(Array.from({ length: 100000 }, (_, i) => [`GUEST_RIP${i}`, '0x1']))));
  const names = Array.from({ length: 100000 }, (_, i) => `GUEST_RIPX${i}`).join('\n') + '\n';
  // Not a timing assertion: the run must finish within the spawn's timeout (60 s; it takes
  // about 3 s, and took 75 s to 2 hours before); the first names still get suggestions.
  for (const [args, input] of [[['annotate', '--brief', text], ''], [['annotate', '--brief', json], ''], [['encode'], names]]) {
    const r = vmcs(args, { input });
    clean(r);
    assert.equal(r.code, args[0] === 'encode' || args.includes(text) ? 1 : 3, args.join(' '));
    assert.match(r.stderr.split('\n')[0], /did you mean GUEST_RIP/, args.join(' '));
  }
});

/** A vmcs12 region (revision 0x11e57ed0) of fixed pseudo-random bytes, dumped as xxd and as hexdump -C lines. */
function vmcs12HexDumps() {
  const b = Buffer.alloc(4096);
  b.writeUInt32LE(0x11e57ed0, 0);
  let x = 0x12345678;
  for (let i = 8; i < b.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  const ascii = (row) => [...row].map((c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.')).join('');
  const xxd = [];
  const hd = [];
  for (let o = 0; o < b.length; o += 16) {
    const row = b.subarray(o, o + 16);
    const hex = [...row].map((c) => c.toString(16).padStart(2, '0'));
    xxd.push(`${o.toString(16).padStart(8, '0')}: ${Array.from({ length: 8 }, (_, i) => hex[2 * i] + hex[2 * i + 1]).join(' ')}  ${ascii(row)}`);
    hd.push(`${o.toString(16).padStart(8, '0')}  ${hex.slice(0, 8).join(' ')}  ${hex.slice(8).join(' ')}  |${ascii(row)}|`);
  }
  return { xxd, hd };
}

test('F11: one bad line of a hex dump loses that line\'s bytes, not the region, and is named', () => {
  const { xxd: xxdLines, hd: hdLines } = vmcs12HexDumps();
  const fields = (lines) => JSON.parse(vmcs(['annotate', '--json', '--brief', file('h.txt', lines.join('\n') + '\n')]).stdout);
  const whole = fields(xxdLines).dumps[0].fields;
  assert.equal(whole.length, 147);
  // Which line to spoil: the one holding GUEST_RIP's first byte.
  const rip = whole.find((f) => f.name === 'GUEST_RIP');
  const n = Math.floor(rip.offset / 16);
  for (const [lines, spoil] of [
    [xxdLines, (l) => l.replace(/^(\w+: \w{4}) /, '$1f ')],
    [hdLines, (l) => l.replace(/^(\w+ {2}\w\w) \w\w /, '$1 ')],
  ]) {
    const bad = lines.slice();
    bad[n] = spoil(bad[n]);
    const out = fields(bad);
    const d = out.dumps[0];
    assert.ok(d.fields.length >= 140 && d.fields.length < 147, `${d.fields.length} fields`);
    assert.equal(d.fields.some((f) => f.name === 'GUEST_RIP'), false, 'a field of the bad line is not read as zeros');
    assert.deepEqual(d.diagnostics.map((x) => [x.code, x.line]), [['bad-hex-line', n + 1]]);
    for (const f of whole.filter((f) => f.offset + 8 <= n * 16 || f.offset >= n * 16 + 16)) {
      assert.ok(d.fields.some((g) => g.name === f.name && g.value === f.value), `${f.name} kept`);
    }
  }
  // A truncated paste (cut mid-line): what came is read, the cut line is named.
  const cut = xxdLines.join('\n').slice(0, 3000);
  const c = fields(cut.split('\n'));
  assert.ok(c.dumps[0].fields.length > 50);
  assert.ok(c.dumps[0].diagnostics.some((x) => x.code === 'bad-hex-line' && x.line === cut.split('\n').length));
});

test('F11: xxd -g 8, -g 0 and -i are read; word dumps (hexdump, od -x, od -t x4) are reported, never read as log lines', () => {
  const { xxd } = vmcs12HexDumps();
  const bytes = Buffer.from(xxd.map((l) => l.slice(10, 49).replace(/ /g, '')).join(''), 'hex');
  const rows = [];
  for (let o = 0; o < bytes.length; o += 16) rows.push([o, bytes.subarray(o, o + 16), xxd[o / 16].slice(51)]);
  const hex = (b) => b.toString('hex');
  const words = (b, n) => Array.from({ length: 16 / n }, (_, i) => hex(Buffer.from(b.subarray(i * n, i * n + n)).reverse()));
  const off = (o, w, base = 16) => o.toString(base).padStart(w, '0');
  const end = (w, base = 16) => off(bytes.length, w, base);
  const CASES = [
    // [what, text, fields (147: the region read) or null (not-a-region reported, no dump)]
    ['xxd -g 8', rows.map(([o, b, a]) => `${off(o, 8)}: ${hex(b.subarray(0, 8))} ${hex(b.subarray(8))}  ${a}`), 147],
    ['xxd -g 0', rows.map(([o, b, a]) => `${off(o, 8)}: ${hex(b)}  ${a}`), 147],
    ['xxd -i', ['unsigned char vmcs_bin[] = {', ...rows.map(([, b]) => '  ' + [...b].map((x) => '0x' + x.toString(16).padStart(2, '0')).join(', ') + ','), '};', 'unsigned int vmcs_bin_len = 4096;'], 147],
    ['hexdump', [...rows.map(([o, b]) => `${off(o, 7)} ${words(b, 2).join(' ')}`), end(7)], null],
    ['od -x', [...rows.map(([o, b]) => `${off(o, 7, 8)} ${words(b, 2).join(' ')}`), end(7, 8)], null],
    ['od -A x -t x4', [...rows.map(([o, b]) => `${off(o, 6)} ${words(b, 4).join(' ')}`), end(6)], null],
  ];
  for (const [what, lines, want] of CASES) {
    const r = vmcs(['annotate', '--json', '--brief', file('w.txt', lines.join('\n') + '\n')]);
    clean(r);
    const j = JSON.parse(r.stdout);
    if (want) {
      assert.equal(r.code, 0, what);
      assert.deepEqual(j.dumps.map((d) => [d.format, d.fields.length]), [['vmcs12', want]], what);
    } else {
      assert.equal(r.code, 3, what);
      assert.equal(j.dumps.length, 0, `${what}: no phantom field`);
      assert.deepEqual(j.diagnostics.map((d) => d.code), ['not-a-region', 'no-fields'], what);
    }
  }
});

// Runs a command on a pseudo-terminal, waits for its "Ctrl-D" hint (3 s at most), then ends its input.
const PTY_EOF = `
import os, pty, sys, time, select
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
out = b''; t = time.time()
while time.time() - t < 3 and b'Ctrl-D' not in out:
    if select.select([fd], [], [], 0.2)[0]:
        try: d = os.read(fd, 65536)
        except OSError: break
        if not d: break
        out += d
os.write(fd, b'\\x04')
while True:
    try: d = os.read(fd, 65536)
    except OSError: break
    if not d: break
    out += d
_, st = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(st))
`;

test('F19: caps - and check --caps - on a terminal say they read it and how to end it', (t) => {
  if (spawnSync('python3', ['-c', 'import pty']).status !== 0) return t.skip('python3 with pty is not installed here');
  const CASES = [
    // [args, the hint, status after an empty input]
    [['caps', '-'], 'vmcs caps: reading capability MSRs from the terminal; end them with Ctrl-D', 2],
    [['check', '--caps', '-', 'examples/pairs.log'], 'vmcs check: reading capability MSRs from the terminal; end them with Ctrl-D', 2],
    [['annotate'], 'vmcs annotate: reading a dump from the terminal; end it with Ctrl-D', 3],
    [['check'], 'vmcs check: reading a dump from the terminal; end it with Ctrl-D', 3],
  ];
  for (const [args, hint, code] of CASES) {
    const p = spawnSync('python3', ['-c', PTY_EOF, process.execPath, BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30000 });
    assert.equal(p.status, code, `${args.join(' ')}: ${p.stdout}`);
    assert.ok(p.stdout.startsWith(hint), `${args.join(' ')}: ${p.stdout.slice(0, 200)}`);
  }
});

test('F16: a text log over 64 MiB that starts with a brace is read as lines, not rejected whole', async () => {
  const { Annotator, MAX_JSON } = await import('../dist/index.js').then(async (m) => ({ ...m, ...(await import('../dist/annotate/index.js')) }));
  const a = new Annotator({ bits: false });
  const dumps = [];
  dumps.push(...a.write('{"note": "a log that starts with a JSON line"}\n'));
  const filler = ' '.repeat(1 << 20);
  for (let n = 0; n <= MAX_JSON / filler.length; n++) dumps.push(...a.write(filler));
  dumps.push(...a.write('\n' + PAIRS));
  dumps.push(...a.end());
  const withFields = dumps.filter((d) => d.fields.length);
  assert.equal(withFields.length, 1);
  assert.equal(withFields[0].fields.length, 31);
  assert.deepEqual(a.diagnostics.map((d) => [d.code, d.severity]).filter(([c]) => c === 'read-as-text'), [['read-as-text', 'warning']]);
});

test('F21: CR-only line ends and UTF-16 with a byte-order mark are read as text, in any chunking', async () => {
  const { Annotator } = await import('../dist/index.js');
  const text = readFileSync(SAMPLE01, 'utf8');
  const base = JSON.parse(vmcs(['annotate', '--json', '--brief', SAMPLE01]).stdout).summary.fields;
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const be = Buffer.from(le);
  be.swap16();
  const inputs = { cr: Buffer.from(text.replace(/\n/g, '\r')), crlf: Buffer.from(text.replace(/\n/g, '\r\n')), le, be };
  for (const [name, bytes] of Object.entries(inputs)) {
    const r = vmcs(['annotate', '--json', '--brief', file(name, bytes)]);
    const out = JSON.parse(r.stdout);
    assert.equal(out.summary.fields, base, name);
    assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    for (const cut of [1, 2, 3, 17, 100, 4095]) {
      const a = new Annotator({ bits: false });
      const d = [...a.write(bytes.subarray(0, cut)), ...a.write(bytes.subarray(cut)), ...a.end()];
      assert.equal(d.reduce((n, x) => n + x.fields.length, 0), base, `${name} cut at ${cut}`);
    }
  }
});

test('F24: a 200-hex-digit value is reported as too wide, not as "not a hexadecimal number"', () => {
  const r = vmcs(['annotate', '--json', '--brief'], { input: `GUEST_CR3 = 0x${'f'.repeat(200)}\nGUEST_CR0 = 0x1\n` });
  const d = JSON.parse(r.stdout).dumps[0];
  assert.deepEqual(d.diagnostics.map((x) => [x.code, x.line]), [['value-too-wide', 1]]);
  assert.match(d.diagnostics[0].message, /\(200 hex digits\) is wider than GUEST_CR3, a 64-bit field/);
  assert.deepEqual(d.fields.map((f) => f.name), ['GUEST_CR0']);
});

test('F13: `name[N] = v` is a VMCS field only after VMCS[, vmcs_read[, vmread[ or a bare [', () => {
  // input line(s) | dumps | fields (name value) | exit status
  for (const [input, dumps, fields, code] of [
    ['VIRTUAL_PROCESSOR_ID = 0x21\nGUEST_RIP = 0xffffffff81000000\nstack[0] = 0xffffffff810abcde\nGUEST_CR0 = 0x80050033\nGUEST_CR3 = 0x1000\n', 1,
      ['VIRTUAL_PROCESSOR_ID 0x21', 'GUEST_RIP 0xffffffff81000000', 'GUEST_CR0 0x80050033', 'GUEST_CR3 0x1000'], 0],
    ['arr[0] = 0x1234\n', 0, [], 3],
    ['regs[0]: 0x5\n', 0, [], 3],
    ['vmcs_guest_cr0[0]\t0x80050033\n', 0, [], 3],
    ['VMCS[0x6800] = 0x80050033\n', 1, ['GUEST_CR0 0x80050033'], 0],
    ['vmcs_read[GUEST_CR0] = 0x1\n', 1, ['GUEST_CR0 0x1'], 0],
    ['vmread[0x6800] = 0x1\n', 1, ['GUEST_CR0 0x1'], 0],
    ['[6800] = 5\n', 1, ['GUEST_CR0 0x5'], 0],
  ]) {
    const r = vmcs(['annotate', '--json', '--brief'], { input });
    clean(r);
    assert.equal(r.code, code, input);
    const out = JSON.parse(r.stdout);
    assert.equal(out.dumps.length, dumps, input);
    const got = out.dumps.flatMap((d) => d.fields.map((f) => `${f.name} 0x${BigInt(f.value).toString(16)}`));
    assert.deepEqual(got.sort(), fields.slice().sort(), input);
  }
});

test('F4: an unreadable value after a KVM or Xen label is reported by line, the rest of the dump kept', () => {
  const XEN04 = join(ROOT, 'test/fixtures/samples/04-xen-4.11-debugkey-v-pvh.txt');
  const count = (p) => JSON.parse(vmcs(['annotate', '--json', '--brief', p]).stdout).dumps.reduce((n, d) => n + d.fields.length, 0);
  // sample | sed edits [line, from, to] | field lost | diagnostics [line, label, value] | exit
  for (const [sample, edits, lost, diags] of [
    [SAMPLE01, [[5, '0x000000013cbf4002', '0xZZZZ'], [8, 'RIP = 0x0000000000008000', 'RIP = 0x00000000000g8000']], ['GUEST_CR3', 'GUEST_RIP'], [[5, 'CR3', '0xZZZZ'], [8, 'RIP', '0x00000000000g8000']]],
    [XEN04, [[8, '0x00000000002e9000', '0x2e9q00']], ['GUEST_CR3'], [[8, 'CR3', '0x2e9q00']]],
    [XEN04, [[28, '0xffff82d08031df40', '-0x1']], ['HOST_RIP'], [[28, 'RIP', '-0x1']]],
  ]) {
    const lines = readFileSync(sample, 'utf8').split('\n');
    for (const [n, from, to] of edits) {
      assert.ok(lines[n - 1].includes(from));
      lines[n - 1] = lines[n - 1].replace(from, to);
    }
    const p = file('f4.txt', lines.join('\n'));
    const r = vmcs(['annotate', '--json', '--brief', p]);
    clean(r);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    const got = out.dumps.flatMap((d) => d.diagnostics.filter((x) => x.code === 'invalid-value').map((x) => [x.line, x.args.token, x.args.value])).sort((a, b) => a[0] - b[0]);
    assert.deepEqual(got, diags);
    assert.equal(out.dumps.reduce((n, d) => n + d.fields.length, 0), count(sample) - lost.length);
    for (const name of lost) assert.equal(out.dumps[0].fields.some((f) => f.name === name), false, name);
    assert.equal(vmcs(['check', p]).code, 1, 'check reports the input error too');
  }
  // synthetic KVM lines: CR0's shadow and RSP
  const r = vmcs(['annotate', '--json', '--brief'], { input: '*** Guest State ***\nCR0: actual=0x0000000080000031, shadow=0x-1, gh_mask=fffffffffffffff7\nRSP = -0x1  RIP = 0x0000000000008000\n' });
  assert.equal(r.code, 1);
  const d = JSON.parse(r.stdout).dumps[0];
  assert.deepEqual(d.fields.map((f) => f.name).sort(), ['CR0_GUEST_HOST_MASK', 'GUEST_CR0', 'GUEST_RIP']);
  assert.deepEqual(d.diagnostics.map((x) => [x.code, x.line, x.args.token, x.args.value]).sort((a, b) => a[1] - b[1]), [['invalid-value', 2, 'CR0 shadow', '0x-1'], ['invalid-value', 3, 'RSP', '-0x1']]);
});

test('F11: a line of a hex dump whose offset is off loses only its own bytes (bad-hex-line), the region is read', () => {
  const { xxd, hd } = vmcs12HexDumps();
  const run = (lines) => {
    const r = vmcs(['annotate', '--json', '--brief', file('f11o.txt', lines.join('\n') + '\n')]);
    clean(r);
    return { code: r.code, out: JSON.parse(r.stdout) };
  };
  const whole = run(xxd).out.dumps[0].fields;
  assert.equal(whole.length, 147);
  // dump | line (1-based) | its offset becomes | bytes lost [from, to)
  for (const [lines, n, offset, from, to] of [
    [xxd, 5, '00000041', 0x40, 0x50],
    [xxd, 5, '0000003f', 0x40, 0x50],
    [xxd, 5, '00000030', 0x40, 0x50],
    [xxd, 5, '00001040', 0x40, 0x50],
    [xxd, 100, '00000633', 0x630, 0x640],
    [xxd, 256, '00000ff1', 0xff0, 0x1000],
    [hd, 5, '00000041', 0x40, 0x50],
    [hd, 200, '00000c7f', 0xc70, 0xc80],
  ]) {
    const bad = lines.slice();
    bad[n - 1] = offset + bad[n - 1].slice(8);
    const { code, out } = run(bad);
    const d = out.dumps[0];
    const label = `${lines === xxd ? 'xxd' : 'hexdump -C'} line ${n} at ${offset}`;
    assert.equal(code, 1, label);
    assert.deepEqual(d.diagnostics.map((x) => [x.code, x.line]), [['bad-hex-line', n]], label);
    const kept = whole.filter((f) => f.offset + 8 <= from || f.offset >= to);
    for (const f of kept) assert.ok(d.fields.some((g) => g.name === f.name && g.value === f.value), `${label}: ${f.name} kept`);
    for (const f of d.fields) assert.ok(kept.some((g) => g.name === f.name && g.value === f.value), `${label}: ${f.name} read from the bad line`);
  }
});

test('F5: a damaged section header or a line cut mid-label is reported, and no value moves to another field', () => {
  const lines = readFileSync(SAMPLE01, 'utf8').split('\n');
  const read = (p) => {
    const r = vmcs(['annotate', '--json', '--brief', p]);
    clean(r);
    const out = JSON.parse(r.stdout);
    return { code: r.code, out, fields: out.dumps.flatMap((d) => d.fields.map((f) => `${f.name}=${f.value}`)).sort(), diags: [...out.diagnostics, ...out.dumps.flatMap((d) => d.diagnostics)].map((x) => [x.code, x.line]) };
  };
  const whole = read(SAMPLE01);
  // line | replaced by (null: deleted) | the diagnostics
  for (const [n, text, diags] of [
    [2, 'Jun 24 17:25:51 testhost kernel: *** Guest', [['unplaced-line', 2]]],
    [26, 'Jun 24 17:25:51 testhost kernel: *** Host St', [['unplaced-line', 26]]],
    [26, 'Jun 24 17:25:51 testhost kernel: *** Ho', [['unplaced-line', 26]]],
    [35, 'Jun 24 17:25:51 testhost kernel: *** Contr', [['unplaced-line', 35]]],
    [26, 'Jun 24 17:25:51 testhost kernel: #@!garbage', []],
    [26, null, []],
  ]) {
    assert.match(lines[n - 1], /\*\*\* (Guest|Host|Control) State \*\*\*/);
    const bad = lines.slice();
    if (text === null) bad.splice(n - 1, 1);
    else bad[n - 1] = text;
    const r = read(file('f5.txt', bad.join('\n')));
    assert.equal(r.code, 0, text);
    assert.deepEqual(r.diags, diags, text);
    assert.deepEqual(r.fields, whole.fields, `${text}: every field read, none moved`);
  }
  // a segment line cut mid-label, the next line whole (no prefix): DS's values stay DS's
  const r = read(file('f5b.txt', '*** Guest State ***\nCR0: actual=0x0000000080000031, shadow=0x00000000e0000011, gh_mask=fffffffffffffff7\nCS:   sel=0x0010, attr=0x0a09b, limi\nDS:   sel=0x0018, attr=0x08093, limit=0x0000ffff, base=0x0000000000002222\nSS:   sel=0x0018, attr=0x08093, limit=0x000fffff, base=0x0000000000000000\n'));
  assert.equal(r.code, 0);
  assert.deepEqual(r.diags, [['unplaced-line', 3]]);
  const by = Object.fromEntries(r.out.dumps[0].fields.map((f) => [f.name, f.value]));
  for (const [name, value] of [
    ['GUEST_CS_SELECTOR', '0x10'], ['GUEST_CS_AR_BYTES', '0xa09b'], ['GUEST_CS_LIMIT', undefined], ['GUEST_CS_BASE', undefined],
    ['GUEST_DS_SELECTOR', '0x18'], ['GUEST_DS_AR_BYTES', '0x8093'], ['GUEST_DS_LIMIT', '0xffff'], ['GUEST_DS_BASE', '0x2222'],
    ['GUEST_SS_LIMIT', '0xfffff'],
  ]) assert.equal(by[name] === undefined ? undefined : '0x' + BigInt(by[name]).toString(16), value, name);
});
