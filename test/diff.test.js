import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotate } from '../dist/annotate/index.js';
import { diffDumps, diffBits, VOLATILE_FIELDS } from '../dist/diff/diff.js';
import './property-seed.js';

const BIN = new URL('../bin/vmcs.js', import.meta.url).pathname;
const run = (args, input) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });
const S = (name) => new URL(`./fixtures/samples/${name}`, import.meta.url).pathname;
const A = S('07-kvm-6.9-kvm_intel-prefix-indented-ve.txt');
const B = S('08-kvm-6.x-kvm_intel-prefix-pr_cont-split.txt');
const dir = mkdtempSync(join(tmpdir(), 'vmcs-diff-'));
const dumpOf = (file) => annotate(readFileSync(file, 'utf8'), { source: file }).dumps.filter((d) => d.fields.length)[0];

// Two real KVM dumps (kernel 6.9 and 6.x): the differences a reader must see, field by field and bit by bit.
const EXPECTED = [
  // [field, status, a, b, bit changes that must be listed]
  ['PIN_BASED_VM_EXEC_CONTROL', 'changed', '0x7f', '0xff', ['+ Process posted interrupts']],
  ['CPU_BASED_VM_EXEC_CONTROL', 'changed', '0xa5986dfa', '0xb5a26dfa', ['+ Use TPR shadow', '- CR8-store exiting', '- CR8-load exiting', '+ Use MSR bitmaps', '+ Activate tertiary controls']],
  ['VM_EXIT_CONTROLS', 'changed', '0x2befff', '0xbefff', ['- Load IA32_EFER']],
  ['EXCEPTION_BITMAP', 'changed', '0x160042', '0x60042', ['- #VE Virtualization Exception']],
  ['GUEST_RFLAGS', 'changed', '0x10097', '0x286', ['- RF (Resume Flag)', '+ IF (Interrupt Enable Flag)']],
  ['VE_INFORMATION_ADDRESS', 'only-a', '0x135a04000', undefined, []],
  ['POSTED_INTR_NV', 'only-b', undefined, '0xf2', []],
];

test('two real dumps: field by field and bit by bit', () => {
  const d = diffDumps(dumpOf(A), dumpOf(B));
  assert.equal(d.identical, false);
  for (const [name, status, a, b, bits] of EXPECTED) {
    const f = d.fields.find((x) => x.name === name);
    assert.ok(f, name);
    assert.equal(f.status, status, name);
    assert.equal(f.a === undefined ? undefined : '0x' + f.a.toString(16), a, name);
    assert.equal(f.b === undefined ? undefined : '0x' + f.b.toString(16), b, name);
    const listed = (f.bits ?? []).map((x) => `${x.change} ${x.name}`);
    for (const want of bits) assert.ok(listed.includes(want), `${name}: ${want} in ${listed.join(', ')}`);
  }
  // grouped like annotate: control, exit information, guest, host
  const order = d.fields.map((f) => f.type);
  assert.deepEqual([...new Set(order)], ['control', 'exit-info', 'guest', 'host']);
});

test('a range that changed is one ~ line with both values and labels', () => {
  const bits = diffBits('exit-reason', 0x0n, 0x30n, 32);
  assert.deepEqual(bits.map((b) => [b.change, b.name, b.a, b.b, b.bLabel]), [['~', 'Basic exit reason', 0n, 48n, 'EPT violation']]);
});

test('--ignore-volatile leaves out the documented fields; --ignore the named ones', () => {
  const d = diffDumps(dumpOf(A), dumpOf(B), { ignoreVolatile: true });
  for (const name of ['GUEST_RIP', 'TSC_OFFSET', 'EXIT_QUALIFICATION', 'HOST_RSP']) {
    assert.equal(d.fields.some((f) => f.name === name), false, name);
    assert.ok(d.ignored.includes(name), name);
  }
  assert.ok(VOLATILE_FIELDS.includes('GUEST_RSP'));
  const r = run(['diff', '--ignore', 'PIN_BASED_VM_EXEC_CONTROL,0x4002', A, B]);
  assert.equal(r.status, 1);
  assert.doesNotMatch(r.stdout, /PIN_BASED_VM_EXEC_CONTROL +0x/);
  assert.doesNotMatch(r.stdout, /CPU_BASED_VM_EXEC_CONTROL +0x/);
});

test('--dumps I,J compares two dumps of one log, the same as two files', () => {
  const log = join(dir, 'two.log');
  writeFileSync(log, readFileSync(A, 'utf8') + '\n' + readFileSync(B, 'utf8'));
  const one = JSON.parse(run(['diff', '--json', log, '--dumps', '1,2']).stdout);
  const two = JSON.parse(run(['diff', '--json', A, B]).stdout);
  assert.deepEqual(one.fields, two.fields);
  assert.equal(one.a.dump, 1);
  assert.equal(one.b.dump, 2);
  const r = run(['diff', log, log]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /holds 2 dumps; say which with --dumps/);
});

test('different formats: a dump against its own annotate --json is the same (exit 0)', () => {
  const json = join(dir, 'a.json');
  writeFileSync(json, run(['annotate', '--json', A]).stdout);
  const r = run(['diff', A, json]);
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /^same: \d+ fields/m);
});

test('--check: the rules whose outcome differs, pass in A and fail in B first', () => {
  const broken = S('01-kvm-5.15-proxmox-syslog.txt');
  const fixed = join(dir, 'fixed.txt');
  writeFileSync(fixed, run(['check', '--apply-fixes', broken]).stdout);
  const r = run(['diff', '--dumps', '1,1', '--check', '--ignore-volatile', fixed, broken]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^  GUEST_RFLAGS|0x00006820  GUEST_RFLAGS +0x0000000000000202 -> 0x0000000000000002$/m);
  assert.match(r.stdout, /VM-entry rules whose outcome differs\n  I-03  pass in A, fail in B  Blocking by STI requires RFLAGS\.IF 1\n        B: GUEST_INTERRUPTIBILITY_INFO 0x9 blocks by STI/);
  const j = JSON.parse(run(['diff', '--dumps', '1,1', '--json', '--check', fixed, broken]).stdout);
  assert.deepEqual(j.rules[0], { id: 'I-03', title: 'Blocking by STI requires RFLAGS.IF 1', a: 'pass', b: 'fail', messageB: 'GUEST_INTERRUPTIBILITY_INFO 0x9 blocks by STI but GUEST_RFLAGS 0x2 has IF 0' });
});

const TROUBLE = [
  // [args, stderr pattern]
  [['diff', A], /give two inputs, or one input and --dumps/],
  [['diff', A, join(dir, 'missing.txt')], /cannot read '.*missing\.txt': no such file/],
  [['diff', '--ignore', 'GUEST_CRX', A, B], /unknown field 'GUEST_CRX'; did you mean/],
  [['diff', '--dumps', '1,x', A, B], /--dumps '1,x'/],
  [['diff', '--dumps', '1,3', A, B], /asks for dump 3, but it holds 1/],
  [['diff', '--caps', 'i7-9750h', A, B], /--caps and --cpu go with --check/],
];
for (const [args, err] of TROUBLE) {
  test(`vmcs ${args.join(' ').replaceAll(dir, 'DIR')} -> exit 2`, () => {
    const r = run(args);
    assert.equal(r.status, 2);
    assert.match(r.stderr, err);
    assert.equal(r.stdout, '');
  });
}

test('property: diff never throws, a state against itself is identical, and every changed field is listed once', async () => {
  const fc = (await import('fast-check')).default;
  const { allEncodings } = await import('../dist/table/table.js');
  const encs = allEncodings().filter((f) => f.access === 'full').map((f) => f.encoding);
  const mk = (pairs) => {
    const text = pairs.map(([i, v]) => `0x${encs[i % encs.length].toString(16).padStart(8, '0')} = 0x${v.toString(16)}`).join('\n');
    return annotate(text).dumps[0];
  };
  const pairs = fc.array(fc.tuple(fc.nat(), fc.bigInt({ min: 0n, max: 0xffffn })), { minLength: 1, maxLength: 30 });
  fc.assert(
    fc.property(pairs, pairs, (pa, pb) => {
      const a = mk(pa);
      const b = mk(pb);
      if (!a || !b) return true;
      assert.equal(diffDumps(a, a).identical, true);
      const d = diffDumps(a, b);
      const names = d.fields.map((f) => f.encoding);
      assert.equal(new Set(names).size, names.length);
      const va = new Map(a.fields.map((f) => [f.encoding, f.value]));
      const vb = new Map(b.fields.map((f) => [f.encoding, f.value]));
      const expected = [...new Set([...va.keys(), ...vb.keys()])].filter((e) => va.get(e) !== vb.get(e)).length;
      assert.equal(d.fields.length, expected);
      return true;
    }),
    { numRuns: 200 },
  );
});

test('--ndjson: one line per field difference, then per rule (with --check), then a summary; the same differences as --json', () => {
  const r = run(['diff', '--ndjson', '--check', '--ignore-volatile', A, B]);
  assert.equal(r.status, 1);
  const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  const whole = JSON.parse(run(['diff', '--json', '--check', '--ignore-volatile', A, B]).stdout);
  const fields = lines.filter((l) => l.type === 'field');
  const rules = lines.filter((l) => l.type === 'rule');
  assert.equal(fields.length, whole.fields.length);
  assert.deepEqual(fields.map(({ schema, type, group, ...rest }) => ({ ...rest, type: group })), whole.fields.map((f) => ({ ...f })).map(({ name, encoding, type, status, ...rest }) => ({ name, encoding, status, ...rest, type })));
  assert.deepEqual(rules.map(({ schema, type, ...rest }) => rest), whole.rules);
  const last = lines.at(-1);
  assert.equal(last.type, 'summary');
  assert.equal(lines.filter((l) => l.type === 'summary').length, 1);
  assert.deepEqual(last.summary, whole.summary);
  assert.deepEqual(last.ignored, whole.ignored);
  assert.equal(last.identical, false);
  assert.ok(lines.every((l) => l.schema === 'vmcs/diff-record/v1'));
  // the pin-based controls, bit by bit, in the record
  const pin = fields.find((f) => f.name === 'PIN_BASED_VM_EXEC_CONTROL');
  assert.deepEqual(pin.bits.map((b) => `${b.change} ${b.name}`), ['+ Process posted interrupts']);
  assert.equal(pin.group, 'control');
  // identical: only the summary line, exit 0
  const same = run(['diff', '--ndjson', A, A]);
  assert.equal(same.status, 0);
  assert.deepEqual(same.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).type), ['summary']);
  const both = run(['diff', '--json', '--ndjson', A, B]);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--json and --ndjson exclude each other/);
});
