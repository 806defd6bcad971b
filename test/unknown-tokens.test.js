// The one policy for unknown NAME=value tokens (src/dialects/common.ts, README "annotate"):
// on a line of a dump (a line the dump's own reader takes) a token whose name the reader does
// not know is reported (unknown-field, by line, with the token and its value); on a line no
// reader takes it is skipped and counted (summary.unknownSkipped), never a dump, never a
// diagnostic of its own. One table row per reader; then the non-dump lines of issue 10 through
// the real CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotate, formatMessage } from '../dist/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every diagnostic of a result, in the dumps and outside, as [code, line, token, value]. */
function diags(r) {
  return [...r.dumps.flatMap((d) => d.diagnostics), ...r.diagnostics].map((d) => [d.code, d.line, d.args.token, d.args.value]);
}

// [reader, the dump (lines joined with \n), the format it reads as, fields read, expected [code, line, token, value]]
// Each dump is built from its printing code (constructed, not a paste): the unknown token is the last line.
const IN_DUMP = [
  [
    'pairs',
    ['GUEST_CR0 = 0x80050033', 'MY_COUNTER = 0x5'],
    'pairs', 1, ['unknown-field', 2, 'MY_COUNTER', '0x5'],
  ],
  [
    // a pairs line right before the dump's first field is a line of it
    'pairs (before the first field)',
    ['GUEST_RIPP = 0xffffffff81000000', 'GUEST_CR0 = 0x80050033'],
    'pairs', 1, ['unknown-field', 1, 'GUEST_RIPP', '0xffffffff81000000'],
  ],
  [
    // KVM dump_vmcs(), 5.12+ header; a label no section of KVM's prints
    'kvm',
    ['VMCS 00000000a1b2c3d4, last attempted VM-entry on CPU 3', '*** Guest State ***', 'CR0: actual=0x0000000080050033, shadow=0x0000000060000010, gh_mask=fffffffffffffff7', 'RIP = 0xffffffff8100a5c2 RSP = 0xffffc90000003f08', 'NEWREG = 0x0000000000000005', 'RFLAGS=0x00010246         DR7 = 0x0000000000000400'],
    'kvm', 7, ['unknown-field', 5, 'NEWREG', '0000000000000005'],
  ],
  [
    // a user retyped KVM's `errcode=` as `errorcode=` (test/fixtures/samples/18, the shape of a real paste)
    'kvm (headerless, retyped label)',
    ['VMExit: intr_info=00000000 errorcode=00000000 ilen=00000000', 'reason=80000021 qualification=0000000000000002'],
    'kvm', 4, ['unknown-field', 1, 'errorcode', '00000000'],
  ],
  [
    // Xen vmcs_dump_vcpu() with its (XEN) prefix
    'xen',
    ['(XEN) *** Guest State ***', '(XEN) CR0: actual=0x0000000080050033, shadow=0x0000000060000010, gh_mask=fffffffffffffff7', '(XEN) Fancy = 0x0000000000000005', '(XEN) RSP = 0x00007ffd9d2c5e48 (0x00007ffd9d2c5e48)  RIP = 0xffffffff8100a5c2 (0xffffffff8100a5c2)'],
    'xen', 5, ['unknown-field', 3, 'Fancy', '0000000000000005'],
  ],
  [
    // VirtualBox HMR3CheckError(): "HM: CPU[%u] <label> <value>"
    'vbox',
    ['00:00:05.123456 HM: VERR_VMX_INVALID_VMCS_FIELD:', '00:00:05.123457 HM: CPU[0] Instruction error    0x7', '00:00:05.123458 HM: CPU[0] NewThing    0x1234'],
    'vbox', 1, ['unknown-field', 3, 'NewThing', '0x1234'],
  ],
  [
    // kvm_exit, the 5.10+ form, with a labelled value no kernel prints (yet)
    'kvm-exit',
    [' qemu-system-x86-1234  [001]  100.000001: kvm_exit: vcpu 0 reason EPT_VIOLATION rip 0xffffffff81000000 info1 0x0000000000000181 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000 newfield 0x5'],
    'kvm-exit', 5, ['unknown-field', 1, 'newfield', '0x5'],
  ],
  [
    // a trace line shortened by its author
    'kvm-exit (shortened)',
    ['kvm_exit: reason HLT foo 0x1'],
    'kvm-exit', 1, ['unknown-field', 1, 'foo', '0x1'],
  ],
  [
    // kvm_nested_vmexit_inject, the later form, and a label after its last
    'kvm-exit (nested)',
    ['kvm_nested_vmexit_inject: reason: EPT_VIOLATION ext_inf1: 0x0000000000000181 ext_inf2: 0x0000000000000000 ext_int: 0x00000000 ext_int_err: 0x00000000 ext_new: 0x7'],
    'kvm-exit', 5, ['unknown-field', 1, 'ext_new', '0x7'],
  ],
  [
    // QEMU x86_cpu_dump_state(): a register row this reader does not know
    'qemu',
    ['KVM: entry failed, hardware error 0x80000021', 'RAX=0000000000000000 RBX=0000000000000000 RCX=0000000000000000 RDX=0000000000000663', 'RIP=000000000000fff0 RFL=00000002 [-------] CPL=0 II=0 A20=1 SMM=0 HLT=0', 'PKRU=00000000'],
    'qemu', 4, ['unknown-field', 4, 'PKRU', '00000000'],
  ],
  [
    // HAXM vmread_dump() prints "%04x %s: %llx"; a name without its encoding is no field
    'haxm',
    ['haxm_warning: 4000 VMX_PIN_CONTROLS: 3f', 'haxm_warning: FOO_BAR: 12', 'haxm_warning: 4002 VMX_PRIMARY_PROCESSOR_CONTROLS: 96006172'],
    'haxm', 2, ['unknown-field', 2, 'FOO_BAR', '12'],
  ],
  [
    // hvext dumpVmcs(): hex(value, 16) + " " + name, a name neither hvext nor the SDM uses
    'hvext',
    ['0: kd> !dump_vmcs', '0x0000000000000001 Virtual-processor identifier (VPID)', '0x0000000000000005 Some future field'],
    'hvext', 1, ['unknown-field', 3, 'Some future field', '0x0000000000000005'],
  ],
  [
    // bhyvectl --get-all: "<name>[%d]\t<value>", a name none of bhyvectl's tables here prints
    'bhyve',
    ['rip[0]\t\t0xffffffff80a7f4a6', 'cr0_mask[0]\t\t0x0000000060000020', 'newthing[0]\t\t0x0000000000000005'],
    'bhyve', 2, ['unknown-field', 3, 'newthing', '0x0000000000000005'],
  ],
];

for (const [reader, lines, format, fields, expected] of IN_DUMP) {
  test(`unknown token in a ${reader} dump: ${expected[0]} on line ${expected[1]} (${expected[2]}), the dump read`, () => {
    const r = annotate(lines.join('\n') + '\n', { bits: false });
    assert.deepEqual(r.dumps.map((d) => [d.format, d.fields.length]), [[format, fields]]);
    assert.deepEqual(diags(r), [expected]);
    // the line is a line of the dump: its report is in the dump, and the dump spans it
    const d = r.dumps[0];
    assert.equal(d.diagnostics.length, 1);
    assert.ok(d.firstLine <= expected[1] && expected[1] <= d.lastLine, `${d.firstLine}-${d.lastLine}`);
    assert.equal(d.diagnostics[0].severity, 'error');
    assert.deepEqual([r.summary.unknownReported, r.summary.unknownSkipped], [1, 0]);
    assert.match(formatMessage(d.diagnostics[0]), new RegExp(`unknown field '${expected[2].replace(/[()]/g, '\\$&')}'.*not read`));
  });
}

// [reader whose shape the line has, a line outside any dump, lines skipped, tokens counted]
// Each follows a line of prose: the first line of an input may be the rest of a KVM or Xen line cut
// before the paste began, and a `label = value` there is reported as such (unplaced-line, README).
const OUTSIDE = [
  ['pairs', 'MY_COUNTER = 0x5', 2, 1],
  // (a summary line that also names a field is reported: test/pairs-multi.test.js)
  ['pairs (a user summary line)', 'exit=0x30 qualification=0x181 gpa=0xfee00000', 2, 3],
  ['kvm', 'NEWREG = 0x0000000000000005 OTHER = 0x1', 2, 2],
  ['xen', '(XEN) Fancy = 0x0000000000000005', 2, 1],
  ['vbox', '00:00:05.123458 Something = 0x1234', 2, 1],
  ['kvm-exit (retyped by a user, no tracepoint)', 'vcpu=0 reason=0x30 rip=0xffffffff81000000', 2, 3],
  ['qemu', 'PKRU=00000000 XCR0=0000000000000007', 2, 2],
  ['haxm', "haxm_warn: hax_vm_ioctl: Got HAX_VM_IOCTL_NOTIFY_QEMU_VERSION, pid=889 ('qemu-system-x86_')", 2, 1],
  ['hvext', '0x0000000000000005 Some future field', 2, 0],
  ['bhyve', 'newthing[0]\t\t0x0000000000000005', 2, 0],
  ['oops registers', 'RSP: 002b:00007ffd9d2c5e48 EFLAGS: 00000246 ORIG_RAX: 0000000000000010', 2, 3],
];

for (const [reader, line, skipped, tokens] of OUTSIDE) {
  test(`a ${reader} line outside any dump is no dump: skipped, ${tokens} token(s) counted, nothing reported but no-fields`, () => {
    const r = annotate('from my log:\n' + line + '\n', { bits: false });
    assert.equal(r.dumps.length, 0);
    assert.deepEqual(diags(r).map((d) => d[0]), ['no-fields']);
    assert.deepEqual([r.summary.skipped, r.summary.unknownReported, r.summary.unknownSkipped], [skipped, 0, tokens]);
    const nf = r.diagnostics[0];
    if (tokens > 0) {
      assert.deepEqual([nf.args.tokens, nf.args.firstLine], [tokens, 2]);
      assert.match(formatMessage(nf), /NAME=value token.*skipped: the first, '.+', on line 2/);
    } else assert.equal(nf.args.tokens, undefined);
    // beside a dump, the same line neither becomes one nor splits it: the dump stays as read alone
    const withDump = annotate(`GUEST_CR0 = 0x80050033\nGUEST_CR4 = 0x2020\n\n${line}\n\nGUEST_RIP = 0x1\n`, { bits: false });
    assert.deepEqual(withDump.dumps.map((d) => d.fields.map((f) => f.name).join(' ')), ['GUEST_CR0 GUEST_CR4', 'GUEST_RIP']);
    assert.deepEqual(diags(withDump), []);
    assert.equal(withDump.summary.unknownSkipped, tokens);
  });
}

test('a KVM line of nothing but unknown labels after the dump\'s last line is other log text: counted, not reported', () => {
  const dump = ['*** Guest State ***', 'CR0: actual=0x0000000080050033, shadow=0x0000000060000010, gh_mask=fffffffffffffff7', 'RIP = 0xffffffff8100a5c2 RSP = 0xffffc90000003f08'];
  for (const after of [[], dump]) {
    const r = annotate([...dump, '[ 7011807.1] some_driver: reg=0x1f', ...after].join('\n') + '\n', { bits: false });
    assert.equal(r.dumps.length, after.length ? 2 : 1);
    assert.deepEqual(diags(r), []);
    assert.deepEqual([r.summary.unknownReported, r.summary.unknownSkipped], [0, 1]);
  }
  // with a line of the dump after it, it stood inside the dump: reported
  const r = annotate([...dump.slice(0, 2), '[ 7011807.1] some_driver: reg=0x1f', dump[2]].join('\n') + '\n', { bits: false });
  assert.deepEqual(diags(r), [['unknown-field', 3, 'reg', '1f']]);
});

test('other text between the lines of a KVM dump (an oops) does not split it: its tokens are counted, the line reported as junk (unplaced-line)', () => {
  const text = [
    '*** Guest State ***',
    'CR0: actual=0x0000000080050033, shadow=0x0000000060000010, gh_mask=fffffffffffffff7',
    'RSP: 002b:00007ffd9d2c5e48 EFLAGS: 00000246 ORIG_RAX: 0000000000000010',
    'RIP = 0xffffffff8100a5c2 RSP = 0xffffc90000003f08',
  ].join('\n');
  const r = annotate(text, { bits: false });
  assert.deepEqual(r.dumps.map((d) => [d.format, d.fields.length]), [['kvm', 5]]);
  // the KVM reader's own rule for a line inside its dump that carries a value (README): a warning
  assert.deepEqual(diags(r), [['unplaced-line', 3, undefined, undefined]]);
  assert.deepEqual([r.summary.unknownReported, r.summary.unknownSkipped], [0, 3]);
});

test('a pairs dump: a line of several NAME=value tokens that names no field is no pairs line (counted); one that names a field is (read, the rest reported); a line of one is (reported)', () => {
  const r = annotate('GUEST_CR0 = 0x80050033\nexit=0x30 EXIT_QUAL=0x181\nEXIT_QUAL = 0x181\nEXIT_REASON=0x30 EXIT_QUAL=0x181\nGUEST_CR4 = 0x2020\n', { bits: false });
  assert.deepEqual(r.dumps.map((d) => d.fields.map((f) => f.name).join(' ')), ['VM_EXIT_REASON GUEST_CR0 GUEST_CR4']);
  assert.deepEqual(diags(r), [['unknown-field', 3, 'EXIT_QUAL', '0x181'], ['unknown-field', 4, 'EXIT_QUAL', '0x181']]);
  assert.deepEqual([r.summary.skipped, r.summary.unknownReported, r.summary.unknownSkipped], [1, 2, 2]);
});

test('pairs lines held before a dump that never opens are counted after all (a blank line, a KVM header)', () => {
  let r = annotate('GUEST_RIPP = 0x1\n\nnothing here\n', { bits: false });
  assert.deepEqual([r.dumps.length, r.summary.skipped, r.summary.unknownSkipped, r.summary.unknownReported], [0, 3, 1, 0]);
  r = annotate('GUEST_RIPP = 0x1\n*** Guest State ***\nRIP = 0xffffffff8100a5c2 RSP = 0xffffc90000003f08\n', { bits: false });
  assert.deepEqual(r.dumps.map((d) => d.format), ['kvm']);
  assert.deepEqual(diags(r), []);
  assert.deepEqual([r.summary.unknownSkipped, r.summary.unknownReported], [1, 0]);
});

test('the no-fields error names the first skipped token by line, however many pairs lines were held before a dump that never opened, table', () => {
  // (the reader holds up to 64 pairs lines of unknown names in case a dump opens after them; the
  // lines past those are counted first, the held ones when no dump opens: line 65 was named)
  for (const [n, blankEvery] of [[2, 0], [64, 0], [65, 0], [70, 0], [1000, 0], [1000, 100]]) {
    const lines = [];
    for (let i = 0; i < n; i++) lines.push(`GUEST_RIP${i} = 0x1`, ...(blankEvery && i % blankEvery === blankEvery - 1 ? [''] : []));
    const r = annotate(lines.join('\n') + '\n', { bits: false });
    const nf = r.diagnostics.find((d) => d.code === 'no-fields');
    assert.deepEqual([nf.args.tokens, nf.args.firstToken, nf.args.firstLine], [n, 'GUEST_RIP0', 1], `${n} lines`);
  }
});

// ---------------------------------------------------------------------------------------
// The non-dump lines of issue 10 through the real CLI: no dump, and the exit status of the
// README (annotate and check: 3, no VMCS field in the input); with a dump beside them, the
// dump alone (exit 0) and the tokens counted in the JSON summary.

// [what, the line, tokens counted, warnings: a line that names a field beside unknown names is reported (ambiguous-line)]
const NOT_DUMPS = [
  ['kvm [PID]: vcpuN, guest rIP', 'kvm [6062]: vcpu0, guest rIP: 0xffffffff8100a5c2 unhandled rdmsr: 0x611', 2, []],
  ['unhandled rdmsr', '[  123.456789] kvm: unhandled rdmsr: 0x1a0 data 0x0', 1, []],
  ['an oops register line', 'RSP: 002b:00007ffd9d2c5e48 EFLAGS: 00000246 ORIG_RAX: 0000000000000010', 3, []],
  ['a user summary line', 'exit=0x30 qualification=0x181 rip=0xffffffff8100a5c2 GUEST_RIPP=0x1', 4, []],
  ['a user summary line naming a field', 'exit_reason=0x30 qualification=0x181 rip=0xffffffff8100a5c2 GUEST_RIPP=0x1', 3, ['ambiguous-line']],
];

function vmcs(args, input) {
  return spawnSync(process.execPath, ['bin/vmcs.js', ...args], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

for (const [what, line, tokens, warnings] of NOT_DUMPS) {
  test(`CLI: ${what} is no dump: annotate and check exit 3, the tokens counted`, () => {
    const a = vmcs(['annotate', '--json', '-'], line + '\n');
    assert.equal(a.status, 3, a.stderr);
    const out = JSON.parse(a.stdout);
    assert.deepEqual(out.dumps, []);
    assert.deepEqual(out.diagnostics.map((d) => d.code).sort(), [...warnings, 'no-fields'].sort());
    assert.deepEqual([out.summary.dumps, out.summary.unknownReported, out.summary.unknownSkipped], [0, 0, tokens]);
    const h = vmcs(['annotate', '-'], line + '\n');
    assert.equal(h.status, 3);
    assert.match(h.stdout, new RegExp(`0 dumps, 0 fields, 1 of 1 line skipped, ${tokens} unknown NAME=value tokens? \\(${tokens} on skipped lines\\)`));
    assert.match(h.stderr, /no VMCS field found in 1 line of input \(\d+ NAME=value token/);
    assert.equal(vmcs(['check', '-'], line + '\n').status, 3);
    assert.equal(vmcs(['check', '--json', '-'], line + '\n').status, 3);
  });
}

test('CLI: the non-dump lines around a real dump leave the dump as it is, exit 0, and are counted in the JSON and human summaries', () => {
  const dump = 'GUEST_CR0 = 0x80050033\nGUEST_CR4 = 0x2020\nGUEST_RIP = 0x1\n';
  const text = NOT_DUMPS.map((r) => r[1]).join('\n') + '\n\n' + dump + '\n' + NOT_DUMPS.map((r) => r[1]).join('\n') + '\n';
  const total = 2 * NOT_DUMPS.reduce((n, r) => n + r[2], 0);
  const warned = NOT_DUMPS.flatMap((r, k) => r[3].map((code) => [code, k + 1])).concat(NOT_DUMPS.flatMap((r, k) => r[3].map((code) => [code, NOT_DUMPS.length + 5 + k + 1])));
  const a = vmcs(['annotate', '--json', '--brief', '-'], text);
  assert.equal(a.status, 0, a.stderr);
  const out = JSON.parse(a.stdout);
  assert.deepEqual(out.dumps.map((d) => d.fields.map((f) => f.name).join(' ')), ['GUEST_CR0 GUEST_CR4 GUEST_RIP']);
  assert.deepEqual(out.dumps[0].diagnostics, []);
  assert.deepEqual(out.diagnostics.map((d) => [d.code, d.line]), warned);
  assert.deepEqual([out.summary.unknownReported, out.summary.unknownSkipped], [0, total]);
  const h = vmcs(['annotate', '--brief', '-'], text);
  assert.equal(h.status, 0);
  assert.match(h.stdout, new RegExp(`${total} unknown NAME=value tokens \\(${total} on skipped lines\\)`));
  assert.deepEqual(h.stderr.split('\n').filter(Boolean).map((l) => /^vmcs: <stdin>:(\d+): warning: .* names VM_EXIT_REASON beside/.exec(l)?.[1]), warned.map((w) => String(w[1])));
});

test('CLI: an unknown token on a line of a dump is an input error, in annotate and check alike (exit 1, on stderr and in the JSON)', () => {
  const text = 'GUEST_CR0 = 0x80050033\nGUEST_CR4 = 0x2020\nMY_COUNTER = 0x5\n';
  const a = vmcs(['annotate', '-'], text);
  assert.equal(a.status, 1);
  assert.match(a.stderr, /<stdin>:3: error: unknown field 'MY_COUNTER' in this pairs dump: its value 0x5 is not read/);
  assert.match(a.stdout, /1 unknown NAME=value token \(1 reported\)/);
  const c = vmcs(['check', '--json', '-'], text);
  assert.equal(c.status, 1);
  const out = JSON.parse(c.stdout);
  const all = JSON.stringify(out);
  assert.match(all, /"code":"unknown-field"/);
});

// check gives the unknown-token counts annotate gives, for the same input (JSON summary, JSON
// Lines summary record, human summary line): [what, input files' texts, reported, skipped]
const COUNTS = [
  ['no unknown token', ['GUEST_CR0 = 0x80050033\nGUEST_CR4 = 0x2020\n'], 0, 0],
  ['one reported on a line of a pairs dump', ['GUEST_CR0 = 0x80050033\nGUEST_CR4 = 0x2020\nMY_COUNTER = 0x5\n'], 1, 0],
  ['counted on lines no reader takes, beside a dump', [NOT_DUMPS.map((r) => r[1]).join('\n') + '\n\nGUEST_CR0 = 0x80050033\nGUEST_CR4 = 0x2020\n'], 0, NOT_DUMPS.reduce((n, r) => n + r[2], 0)],
  ['both, over two dumps', ['GUEST_CR0 = 0x80050033\nMY_COUNTER = 0x5\n\nexit=0x30 qual=0x181\n\nGUEST_CR0 = 0x80050033\nGUEST_RIP=0x1 foo_bar=0x2\n'], 2, 2],
  ['a KVM dump with a retyped label, and a second file of skipped tokens', ['VMExit: intr_info=00000000 errorcode=00000000 ilen=00000000\nreason=80000021 qualification=0000000000000002\n', 'GUEST_CR0 = 0x80050033\n\nvcpu=0 reason=0x30 rip=0xffffffff81000000\n'], 1, 3],
  ['no field at all', ['exit=0x30 qualification=0x181 gpa=0xfee00000\n'], 0, 3],
];

for (const [what, texts, reported, skipped] of COUNTS) {
  test(`CLI: check counts the unknown tokens as annotate does: ${what} (${reported} reported, ${skipped} skipped)`, (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'vmcs-tokens-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const files = texts.map((text, i) => {
      const f = join(dir, `in${i}.log`);
      writeFileSync(f, text);
      return f;
    });
    const counts = (s) => [s.unknownReported, s.unknownSkipped];
    const a = vmcs(['annotate', '--json', ...files]);
    const c = vmcs(['check', '--json', ...files]);
    assert.equal(c.status, a.status, c.stderr);
    assert.deepEqual(counts(JSON.parse(a.stdout).summary), [reported, skipped]);
    assert.deepEqual(counts(JSON.parse(c.stdout).summary), [reported, skipped]);
    const nd = vmcs(['check', '--ndjson', ...files]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(counts(nd.at(-1).summary), [reported, skipped]);
    // the human summary lines say the same words
    const said = /\d+ unknown NAME=value tokens? \([^)]*\)/;
    const ah = vmcs(['annotate', '--brief', ...files]).stdout.match(said)?.[0];
    const ch = vmcs(['check', ...files]).stdout.match(said)?.[0];
    assert.equal(ch, ah);
    if (reported + skipped === 0) assert.equal(ch, undefined);
    else assert.equal(ch, `${reported + skipped} unknown NAME=value token${reported + skipped === 1 ? '' : 's'} (${[reported ? `${reported} reported` : '', skipped ? `${skipped} on skipped lines` : ''].filter(Boolean).join(', ')})`);
    // check --apply-fixes too: its JSON summary, its JSON Lines summary record, and in human output
    // a comment line after the repaired dumps (the same words), which annotate reads back as no token
    const fj = vmcs(['check', '--apply-fixes', '--json', ...files]);
    assert.equal(fj.status, vmcs(['check', '--apply-fixes', ...files]).status);
    assert.deepEqual(counts(JSON.parse(fj.stdout).summary), [reported, skipped]);
    const fnd = vmcs(['check', '--apply-fixes', '--ndjson', ...files]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(counts(fnd.at(-1).summary), [reported, skipped]);
    const fh = vmcs(['check', '--apply-fixes', ...files]).stdout;
    assert.deepEqual(fh.split('\n').filter((l) => said.test(l)), ah === undefined ? [] : [`# ${ah}`]);
    const back = JSON.parse(vmcs(['annotate', '--json', '-'], fh).stdout).summary;
    assert.deepEqual(counts(back), [0, 0]);
  });
}
